import DistrictSyncCore

/// What `dsync node status` reports. JSON field names are a contract.
public struct NodeStatus: Codable, Sendable {
    public var district: String
    public var districtName: String
    public var nodeID: String
    public var pendingChanges: Int
    public var officers: Int
    public var activeOfficers: Int
    public var enterprises: Int
    public var surveyAnswers: Int
    public var trainings: Int
    public var outbox: Int
    public var delivered: Int
    public var undelivered: Int
    public var lastSequence: Int64
    public var signerConfigured: Bool
    /// The node database's schema version (the migrator's user version; an older dsync refuses a newer one).
    public var databaseSchema: Int = 0
    /// The changeset schema this dsync writes.
    public var changesetSchema: Int = Int(SyncedTable.schemaVersion)
    /// Changesets without a receipt whose newest hub answer (kept from `node sync`) is a refusal.
    public var refusedByHub: Int = 0
    /// The first of them: its sequence and the hub's reason code (nil when none).
    public var firstRefusedSequence: Int64? = nil
    public var firstRefusedReason: String? = nil

    enum CodingKeys: String, CodingKey {
        case district
        case districtName = "district_name"
        case nodeID = "node_id"
        case pendingChanges = "pending_changes"
        case officers
        case activeOfficers = "active_officers"
        case enterprises
        case surveyAnswers = "survey_answers"
        case trainings
        case outbox
        case delivered
        case undelivered
        case lastSequence = "last_seq"
        case signerConfigured = "signer_configured"
        case databaseSchema = "database_schema"
        case changesetSchema = "changeset_schema"
        case refusedByHub = "refused_by_hub"
        case firstRefusedSequence = "first_refused_seq"
        case firstRefusedReason = "first_refused_reason"
    }
}
