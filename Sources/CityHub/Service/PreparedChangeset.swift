import ChangesetVerification
import DistrictSyncCore
import DistrictSyncCrypto
import Foundation

/// A changeset past the shared verifier's envelope steps (`ChangesetVerifier.checkEnvelope`) and the
/// hub's signing-time check: ready for the merge transaction, which reads and checks its changes
/// (`ChangeRules`) as it applies them.
struct PreparedChangeset {
    let id: String
    let bytes: [UInt8]
    let envelope: CheckedEnvelope
    /// The city log's evidence it was verified on (`hub import-evidence`), if any.
    let evidence: LoggedEvidence?

    init(id: String, bytes: [UInt8], envelope: CheckedEnvelope, evidence: LoggedEvidence? = nil) {
        self.id = id
        self.bytes = bytes
        self.envelope = envelope
        self.evidence = evidence
    }

    /// The signed content (header and payload) the signature covers: a slice of `bytes`.
    var content: ArraySlice<UInt8> { envelope.signed.contentBytes }
    var header: ChangesetHeader { envelope.header }
    var signer: Certificate { envelope.signed.signer }
    var signingTimeMillis: Int64 { envelope.signingTimeMillis }

    /// A fresh reader of the changes (the header was already read once in `prepare`).
    func changes() throws -> ChangeStream { try envelope.changes() }

    var previousHashHex: String { hexString(header.previousHash) }
}
