/// The tables that sync, with their columns in a fixed order. Changes name columns by index into
/// these lists, and the schema fingerprint pins the lists, so a changeset can never be applied by
/// position to a different schema (threat S3).
public enum SyncedTable: UInt8, CaseIterable, Sendable, Hashable, Codable {
    case officers = 1
    case trainings = 2
    case enterprises = 3
    case surveys = 4
    /// A survey answer's figures for its own year (employees, capital, revenue; schema 2, issue 14
    /// item 6): reports size an enterprise for year Y by these when present. Keyed like `surveys`
    /// (`<tax code>/<year>`), so the figures of a year sit beside that year's answer.
    case surveyFigures = 5

    public enum ColumnType: String, Sendable { case int = "INTEGER", text = "TEXT" }

    public struct Column: Sendable, Hashable {
        public let name: String
        public let type: ColumnType
    }

    /// The current schema version of synced tables: 2 added `survey_figures`.
    public static let schemaVersion: UInt32 = 2

    /// The tables of schema `version` (1: the first four; 2: all). A later version only ever adds
    /// tables at the end, so a changeset of an earlier version is valid under the current one.
    public static func tables(ofSchema version: UInt32) -> [SyncedTable] {
        version <= 1 ? [.officers, .trainings, .enterprises, .surveys] : allCases
    }

    /// Whether `self` exists in schema `version`.
    public func exists(inSchema version: UInt32) -> Bool { Self.tables(ofSchema: version).contains(self) }

    public var name: String {
        switch self {
        case .officers: "officers"
        case .trainings: "trainings"
        case .enterprises: "enterprises"
        case .surveys: "surveys"
        case .surveyFigures: "survey_figures"
        }
    }

    public init?(name: String) {
        guard let t = Self.allCases.first(where: { $0.name == name }) else { return nil }
        self = t
    }

    /// The primary-key column (always TEXT, never null).
    public var keyColumn: String {
        switch self {
        case .officers, .trainings: "id"
        case .enterprises: "tax_code"
        case .surveys, .surveyFigures: "id"
        }
    }

    /// Data columns in their fixed order (the key column is not among them). `district` comes first
    /// in every table: it is how the hub checks that a district only writes its own records.
    public var columns: [Column] { Self.columnTable[Int(rawValue)] }

    private static let columnTable: [[Column]] = [
        [],
        text(
            "district", "family_name", "middle_name", "given_name", "full_name", "office", "role", "decision_no",
            "decision_date", "start_date", "end_date", "contact", "cert_fingerprint", "cert_issuer", "cert_serial"),
        text("district", "officer_id", "date", "course", "organiser"),
        text("district", "name", "address", "ward", "sector") + int("employees", "capital_vnd", "revenue_vnd")
            + text("category", "status", "size_class", "size_rule") + int("size_year"),
        text("district", "tax_code") + int("year")
            + text(
                "email_use", "website", "ecommerce_site", "edi", "software", "b2b", "b2c", "cashless",
                "e_bill_payment", "consumer_e_channel", "collected_by", "collected_on"),
        text("district", "tax_code") + int("year", "employees", "capital_vnd", "revenue_vnd"),
    ]

    private static func text(_ names: String...) -> [Column] { names.map { Column(name: $0, type: .text) } }
    private static func int(_ names: String...) -> [Column] { names.map { Column(name: $0, type: .int) } }

    /// Index of column `name` in `columns`.
    public func columnIndex(_ name: String) -> Int? { columns.firstIndex { $0.name == name } }

    /// The canonical text of the synced schema; its SHA-256 is the schema fingerprint.
    public static var canonicalSchema: String { canonicalSchema(version: schemaVersion) }

    /// The canonical text of schema `version`.
    public static func canonicalSchema(version: UInt32) -> String {
        tables(ofSchema: version).map { t in
            "\(t.rawValue):\(t.name)(\(t.keyColumn) TEXT PK,"
                + t.columns.map { "\($0.name) \($0.type.rawValue)" }
                .joined(separator: ",") + ")"
        }.joined(separator: ";")
    }

    /// SHA-256 of `canonicalSchema`, carried in every changeset header.
    public static let schemaFingerprint: [UInt8] = SHA256.hash(Array(canonicalSchema.utf8))

    /// The (version, fingerprint) pairs a hub accepts: every schema up to the current one, so
    /// changesets signed by nodes that have not upgraded yet still merge.
    public static let acceptedSchemas: [(version: UInt32, fingerprint: [UInt8])] = (1...schemaVersion).map {
        ($0, SHA256.hash(Array(canonicalSchema(version: $0).utf8)))
    }

    /// Whether a changeset header's schema is one this build reads.
    public static func accepts(version: UInt32, fingerprint: [UInt8]) -> Bool {
        acceptedSchemas.contains { $0.version == version && $0.fingerprint == fingerprint }
    }
}
