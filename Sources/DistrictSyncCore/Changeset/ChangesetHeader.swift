/// The signed header of a changeset: who wrote it, where it sits in the node's hash chain, which
/// schema it targets, and what it contains. Every field is covered by the CMS signature because the
/// header and the payload are one signed content.
public struct ChangesetHeader: Hashable, Sendable {
    /// Counts of upserts and deletes for one table; the decoder checks them against the payload.
    public struct TableCount: Hashable, Sendable {
        public var table: SyncedTable
        public var upserts: UInt32
        public var deletes: UInt32

        public init(table: SyncedTable, upserts: UInt32, deletes: UInt32) {
            self.table = table
            self.upserts = upserts
            self.deletes = deletes
        }
    }

    public enum PayloadEncoding: UInt8, Sendable {
        case raw = 0
        case deflate = 1
    }

    /// Format versions this build reads.
    public static let supportedFormatVersions: ClosedRange<UInt16> = 1...1
    /// The largest sequence number: every store keeps it as a signed 64-bit integer.
    public static let maxSequence = UInt64(Int64.max)
    public static let currentFormatVersion: UInt16 = 1
    public static let zeroHash = [UInt8](repeating: 0, count: 32)

    public var formatVersion: UInt16 = ChangesetHeader.currentFormatVersion
    /// The city (environment) this changeset is for: the province code "79" for HCMC production;
    /// a changeset for another city or a staging hub is refused (threat T2).
    public var cityID: String
    public var districtCode: String
    public var nodeID: String
    /// 1 for a node's first changeset, then +1 each time.
    public var sequence: UInt64
    /// SHA-256 of the node's previous changeset file (all zero for sequence 1): the hash chain.
    public var previousHash: [UInt8]
    public var schemaVersion: UInt32 = SyncedTable.schemaVersion
    public var schemaFingerprint: [UInt8] = SyncedTable.schemaFingerprint
    public var hlcMin: HLCTimestamp
    public var hlcMax: HLCTimestamp
    public var counts: [TableCount]
    /// Creation time in Unix milliseconds; advisory only, never used to decide a merge.
    public var createdMillis: Int64
    public var payloadEncoding: PayloadEncoding
    /// Length of the decoded payload.
    public var payloadLength: UInt64
    /// Length of the payload as stored (after compression).
    public var storedPayloadLength: UInt64

    public init(
        cityID: String, districtCode: String, nodeID: String, sequence: UInt64, previousHash: [UInt8],
        hlcMin: HLCTimestamp, hlcMax: HLCTimestamp, counts: [TableCount], createdMillis: Int64,
        payloadEncoding: PayloadEncoding = .deflate, payloadLength: UInt64 = 0, storedPayloadLength: UInt64 = 0
    ) {
        self.cityID = cityID
        self.districtCode = districtCode
        self.nodeID = nodeID
        self.sequence = sequence
        self.previousHash = previousHash
        self.hlcMin = hlcMin
        self.hlcMax = hlcMax
        self.counts = counts
        self.createdMillis = createdMillis
        self.payloadEncoding = payloadEncoding
        self.payloadLength = payloadLength
        self.storedPayloadLength = storedPayloadLength
    }

    /// Total number of changes the header announces.
    public var changeCount: Int { counts.reduce(0) { $0 + Int($1.upserts) + Int($1.deletes) } }
}
