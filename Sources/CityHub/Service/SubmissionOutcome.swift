/// What the hub decided about one submitted changeset file.
public struct SubmissionOutcome: Sendable, Equatable {
    /// The five outcomes (`hub import --json` and the HTTP API use these strings).
    public enum Kind: String, Sendable, Codable, CaseIterable {
        case accepted, duplicate, held, quarantined, rejected
    }

    public var outcome: Kind
    /// A stable reason code: why it was rejected, held (`gap`) or quarantined (`fork`).
    public var reason: String?
    /// A sentence for people (no record contents).
    public var message: String?
    /// The same sentence in Vietnamese, when the raise site gave one (the HTTP `message_vi`).
    public var messageVi: String?
    /// SHA-256 (hex) of the exact submitted bytes.
    public var id: String
    public var district: String?
    public var nodeID: String?
    public var sequence: UInt64?
    /// The hub-signed receipt (CMS DER) for accepted and duplicate changesets.
    public var receipt: [UInt8]?

    public init(
        outcome: Kind, reason: String? = nil, message: String? = nil, id: String, district: String? = nil,
        nodeID: String? = nil, sequence: UInt64? = nil, receipt: [UInt8]? = nil, messageVi: String? = nil
    ) {
        self.outcome = outcome
        self.reason = reason
        self.message = message
        self.messageVi = messageVi
        self.id = id
        self.district = district
        self.nodeID = nodeID
        self.sequence = sequence
        self.receipt = receipt
    }

    /// Whether this outcome should make `hub import` exit non-zero.
    public var isFailure: Bool { outcome == .rejected || outcome == .quarantined }
}
