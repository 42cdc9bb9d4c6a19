public import DistrictSyncCore
public import DistrictSyncCrypto
public import Foundation

/// A changeset whose signature, chain, revocation, unit binding and every change checked out under
/// `ChangesetPolicy` (everything but the checks that need the city database).
public struct VerifiedChangeset: Sendable {
    /// SHA-256 (hex) of the exact file.
    public let id: String
    public let header: ChangesetHeader
    /// How many changes it carries (all read and checked).
    public let changeCount: Int
    public let signer: Certificate
    public let signingTime: Date
    /// The signed content (header and payload).
    public let content: [UInt8]

    /// Decodes the changes as values (the whole decoder; for display and tests).
    public func changes() throws(CoreError) -> [Change] { try ChangesetCodec.decode(content).changes }
}
