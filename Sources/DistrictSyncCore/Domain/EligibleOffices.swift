/// The plan's officer rule (C.V.2) as configuration (`config/eligible-offices.csv`): for each unit
/// kind, which office and role make an officer count as the unit's e-commerce officer. The
/// 2471 plan names a district's Economic or Industry-Trade office; a ward's or commune's officer
/// comes from its economic office. A later plan changes the file, not the code.
public struct EligibleOffices: Sendable, Hashable {
    public struct Post: Sendable, Hashable {
        public let office: String
        public let role: String
    }

    /// Eligible posts per unit kind (raw `UnitKind` values).
    public let posts: [String: Set<Post>]

    public init(posts: [String: Set<Post>]) { self.posts = posts }

    /// Parses `unit_kind,office,role` rows; every value is checked against its vocabulary.
    public init(csv: String) throws(CoreError) {
        let table = try CSVTable(text: csv)
        try table.requireColumns(["unit_kind", "office", "role"])
        var posts: [String: Set<Post>] = [:]
        for row in table.rows {
            do {
                let kind = try UnitKind.parseListValue(row["unit_kind"])
                let office = try Office.parse(row["office"])
                let role = try OfficerRole.parse(row["role"])
                posts[kind.rawValue, default: []].insert(Post(office: office.rawValue, role: role.rawValue))
            } catch {
                throw CoreError(
                    "bad_officer_rule",
                    LocalizedText(
                        vi: "danh sách cơ quan đủ điều kiện, dòng \(row.line): \(error.message(in: .vi))",
                        en: "eligible offices line \(row.line): \(error.message)"))
            }
        }
        self.posts = posts
    }

    /// The built-in rule (`config/eligible-offices.csv`).
    public static func embedded() throws(CoreError) -> EligibleOffices {
        try EligibleOffices(csv: EmbeddedConfig.eligibleOfficesCSV)
    }

    /// Whether an officer with `office` and `role` covers a unit of `kind`.
    public func covers(kind: String, office: String, role: String) -> Bool {
        posts[kind]?.contains(Post(office: office, role: role)) ?? false
    }
}
