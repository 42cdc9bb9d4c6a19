import DistrictSyncCore
import DistrictSyncCrypto
import Foundation

/// A changeset whose signature verified and whose header passed the checks that do not depend on hub
/// state: ready for the merge transaction, which reads and checks its changes as it applies them.
struct PreparedChangeset {
    let id: String
    let bytes: [UInt8]
    /// The signed content (header and payload) the signature covers: a slice of `bytes`.
    let content: ArraySlice<UInt8>
    let header: ChangesetHeader
    let signer: Certificate
    let signingTimeMillis: Int64

    /// A fresh reader of the changes (the header was already read once in `prepare`).
    func changes() throws -> ChangeStream { try ChangeStream(content: content, checkingValues: true) }

    var previousHashHex: String { hexString(header.previousHash) }
}
