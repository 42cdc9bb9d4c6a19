public import DistrictSyncCore

/// DDL for the synced tables, generated from `SyncedTable` so the SQL schema, the column order in
/// changes and the schema fingerprint can never disagree.
public enum SyncedSchema {
    /// `CREATE TABLE` for `table`, with `extraColumns` appended (the hub adds version columns).
    /// `name` overrides the table's name (a migration building a replacement); `withoutRowID: false`
    /// makes a rowid table whose key is a unique index (the hub's choice, see HubSchema).
    public static func createTable(
        _ table: SyncedTable, extraColumns: [String] = [], name: String? = nil, withoutRowID: Bool = true
    ) -> String {
        var columns = ["\(table.keyColumn) TEXT PRIMARY KEY NOT NULL"]
        columns += table.columns.map { "\($0.name) \($0.type.rawValue)" }
        columns += extraColumns
        return "CREATE TABLE \(name ?? table.name) (\(columns.joined(separator: ", "))) STRICT"
            + (withoutRowID ? ", WITHOUT ROWID;" : ";")
    }

    /// Secondary indexes the node and the hub both want.
    public static let indexes = """
        CREATE INDEX surveys_by_tax_code ON surveys(tax_code, year);
        CREATE INDEX trainings_by_officer ON trainings(officer_id);
        CREATE INDEX enterprises_by_district ON enterprises(district);
        CREATE INDEX officers_by_district ON officers(district);
        """

    /// The index of `survey_figures` (schema 2), made by a migration of its own on both sides.
    public static let surveyFiguresIndex = "CREATE INDEX survey_figures_by_tax_code ON survey_figures(tax_code, year);"

    /// Column list `a, b, c` of `table` (key first).
    public static func columnList(_ table: SyncedTable) -> String {
        ([table.keyColumn] + table.columns.map(\.name)).joined(separator: ", ")
    }

    /// `?, ?, ?` for the key and every column.
    public static func placeholders(_ table: SyncedTable, extra: Int = 0) -> String {
        Array(repeating: "?", count: table.columns.count + 1 + extra).joined(separator: ", ")
    }
}
