import Foundation
import Testing

/// The hub in layers (issue 13, item 1): SQL text lives only in the storage targets (`SQLiteDB`,
/// `DistrictSyncStore`) and the hub's store (`CityHub/Store`); everything else calls them.
@Suite("No SQL outside the storage targets")
struct NoSQLOutsideStoreTests {
    /// Folders under `Sources/` that may hold SQL.
    static let storage = ["SQLiteDB/", "DistrictSyncStore/", "CityHub/Store/"]

    /// SQL as it is written in this code base: upper-case keywords, lower-case table names. Comments
    /// count too (a comment quoting SQL is usually next to SQL).
    static func sql() throws -> Regex<AnyRegexOutput> {
        try Regex(
            #"\b(SELECT|INSERT INTO|INSERT OR|REPLACE INTO|UPDATE [a-z_]+ SET|DELETE FROM|CREATE (TABLE|INDEX|TRIGGER|VIEW)|DROP (TABLE|INDEX|TRIGGER)|ALTER TABLE|ATTACH DATABASE|DETACH DATABASE|PRAGMA|ANALYZE|VACUUM|FROM [a-z_]+)\b"#
        )
    }

    static var sourcesPath: String {
        // Tests/CityHubTests/Architecture/<this file> → the package root.
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Sources").path
    }

    /// `path:line: text` of every line outside the storage folders that holds SQL.
    static func offendingLines() throws -> [String] {
        let root = sourcesPath
        guard let files = FileManager.default.enumerator(atPath: root) else { return ["cannot read \(root)"] }
        var found: [String] = []
        let sql = try Self.sql()
        for case let file as String in files where file.hasSuffix(".swift") {
            if storage.contains(where: { file.hasPrefix($0) }) { continue }
            let text = try String(contentsOfFile: root + "/" + file, encoding: .utf8)
            for (n, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated()
            where line.contains(sql) {
                found.append("Sources/\(file):\(n + 1): \(line.trimmingCharacters(in: .whitespaces))")
            }
        }
        return found.sorted()
    }

    @Test("the scan sees the Sources tree and recognises SQL when it meets it")
    func scanWorks() throws {
        let sql = try Self.sql()
        #expect(FileManager.default.fileExists(atPath: Self.sourcesPath + "/CityHub/Store/HubStore.swift"))
        for line in [
            #"try db.scalar("SELECT receipt FROM receipts WHERE changeset_id = ?", [.text(id)])"#,
            #"    INSERT INTO accepted (id, district) VALUES (?, ?)"#,
            #""UPDATE quarantine SET resolved_at = ? WHERE id = ?""#,
            #"try replayed.execute("ATTACH DATABASE ? AS live", [.text(path)])"#,
            #"           FROM officers WHERE _exists = 1"#,
            #"try db.execute("PRAGMA cache_size = -65536")"#,
        ] {
            #expect(line.contains(sql), "\(line)")
        }
        for line in ["/// Select the newest head from the list.", "let from = row.district", "// insert the row"] {
            #expect(!line.contains(sql), "\(line)")
        }
    }

    @Test("no Swift file outside SQLiteDB, DistrictSyncStore and CityHub/Store holds SQL")
    func noSQLOutsideStore() throws {
        let found = try Self.offendingLines()
        #expect(
            found.isEmpty,
            "SQL outside the storage targets (move it into CityHub/Store):\n\(found.joined(separator: "\n"))")
    }

    @Test("the hub service's database connection is not public")
    func databaseNotPublic() throws {
        let text = try String(contentsOfFile: Self.sourcesPath + "/CityHub/Service/HubService.swift", encoding: .utf8)
        #expect(!text.contains("public let db"))
        #expect(!text.contains("public var db"))
    }
}
