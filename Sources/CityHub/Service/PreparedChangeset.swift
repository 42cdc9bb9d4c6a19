import DistrictSyncCore
import DistrictSyncCrypto
import Foundation

/// A changeset whose signature verified and whose content decoded and passed the checks that do not
/// depend on hub state: ready for the merge transaction.
struct PreparedChangeset {
    let id: String
    let bytes: [UInt8]
    /// The signed content (header and payload) the signature covers.
    let content: [UInt8]
    let header: ChangesetHeader
    let changes: [Change]
    let signer: Certificate
    let signingTimeMillis: Int64

    var previousHashHex: String { hexString(header.previousHash) }
}
