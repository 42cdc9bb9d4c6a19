import ArgumentParser
import CityHub
import DistrictNode
import DistrictSyncCore
import Foundation
import SQLiteDB
import SyntheticData

/// `dsync dev hub-fixture`: a large synthetic hub database for report benchmarks, written straight
/// into the real hub schema (`HubSchema.allMigrations`) without the verify/merge path. Rows carry
/// the same column values the nodes sync (`SyncedRecord.values` of the seeded generator's
/// enterprises, survey answers and officers) and a `_versions` blob of realistic size (one node,
/// one HLC per column, in the layout of the hub's version coding); the reports never read it.
struct DevHubFixture: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "hub-fixture",
        abstract: help(
            "Ghi một cơ sở dữ liệu hub tổng hợp (lược đồ thật, dòng chèn trực tiếp) để đo hiệu năng báo cáo.",
            "Write a synthetic hub database (real schema, rows inserted directly) for report benchmarks."),
        shouldDisplay: false)

    @OptionGroup var output: OutputOptions
    @Option(help: "The database file to create (must not exist).") var out: String
    @Option(help: "Enterprises city-wide, split evenly over the districts valid on --as-of.") var enterprises = 300_000
    @Option(help: "Survey years, e.g. 2011-2015.") var years = "2011-2015"
    @Option(help: "How many districts (the last ones in the list) get no officer.") var uncovered = 2
    @Option(help: "Seed (same seed, same database).") var seed: UInt64 = 2471
    @Option(name: .customLong("as-of"), help: "Districts valid on this date are populated.") var asOf = "2015-12-31"

    func run() throws {
        let parts = years.split(separator: "-").compactMap { Int($0) }
        guard let first = parts.first, let last = parts.last, first <= last else {
            throw NodeError(
                "bad_years",
                LocalizedText(
                    vi: "--years '\(years)' không phải khoảng năm dạng 2011-2015",
                    en: "--years '\(years)' is not a range like 2011-2015"))
        }
        guard !FileManager.default.fileExists(atPath: out) else {
            throw NodeError(
                "target_exists",
                LocalizedText(vi: "\(out) đã tồn tại; ghi một tệp mới", en: "\(out) already exists; give a new file"))
        }
        let rules = try SizeRuleTable(csv: EmbeddedConfig.sizeRulesCSV)
        let units = try OrgUnitList.embedded().units(validOn: asOf)
        guard !units.isEmpty else {
            throw NodeError(
                "no_districts",
                LocalizedText(vi: "không có đơn vị nào có hiệu lực ngày \(asOf)", en: "no district is valid on \(asOf)")
            )
        }
        let db = try Database(path: out, mode: .readWriteCreate)
        defer { db.close() }
        try Migrator(migrations: HubSchema.allMigrations).migrate(db)
        let start = Int64(ISODate.unixMillis("\(first)-01-15") ?? 0)
        let writer = FixtureWriter(db: db)
        var counts = (enterprises: 0, surveys: 0, officers: 0)
        try db.transaction(.immediate) {
            for (index, unit) in units.enumerated() {
                let node = "node-\(unit.code)"
                let share = enterprises / units.count + (index < enterprises % units.count ? 1 : 0)
                let list = SyntheticDistrict.enterprises(
                    district: unit.code, count: share, seed: seed, rules: rules, referenceYear: last)
                try insert(list, into: writer, node: node)
                counts.enterprises += list.count
                let answers = SyntheticDistrict.surveys(for: list, years: first...last, seed: seed)
                try insert(answers, into: writer, node: node)
                counts.surveys += answers.count
                if index < units.count - uncovered {
                    let people = SyntheticDistrict.officers(district: unit.code, count: 2, seed: seed)
                    try insert(people, into: writer, node: node)
                    counts.officers += people.count
                }
                // One accepted changeset per district and year, and the district's signer (2011–2015).
                for year in first...last {
                    let at = (ISODate.unixMillis("\(year)-11-\(10 + index % 18)") ?? start) + 36_000_000
                    try writer.insertAccepted(
                        id: hexString(SHA256.hash(Array("\(unit.code)/\(year)".utf8))), district: unit.code,
                        nodeID: node, seq: Int64(year - first + 1), signerFingerprint: "fp-\(unit.code)", at: at)
                }
                try writer.insertSigner(
                    fingerprint: "fp-\(unit.code)", district: unit.code, subject: "CN=officer \(unit.code)",
                    serial: String(format: "%04X", 0x1000 + index), notBefore: ISODate.unixMillis("2011-01-01") ?? 0,
                    notAfter: (ISODate.unixMillis("2015-12-31") ?? 0) + 86_399_000, firstUsedAt: start)
            }
        }
        try writer.analyze()
        emit(
            say(
                output.lang,
                "Đã ghi \(out): \(units.count) quận/huyện, \(counts.enterprises) doanh nghiệp, \(counts.surveys) phiếu, \(counts.officers) cán bộ.",
                "Wrote \(out): \(units.count) districts, \(counts.enterprises) enterprises, \(counts.surveys) survey answers, \(counts.officers) officers."
            ))
    }

    /// Inserts records of one table with a one-node `_versions` blob.
    func insert<R: SyncedRecord>(_ records: [R], into writer: FixtureWriter, node: String) throws {
        guard let first = records.first else { return }
        let table = type(of: first).table
        let insertRow = try writer.rowInserter(table)
        var hlc = HLCTimestamp(physicalMillis: ISODate.unixMillis("2015-06-01") ?? 0, counter: 0).rawValue
        for record in records {
            hlc += 1
            var params: [SQLValue] = [.text(record.key)]
            for value in record.values {
                switch value {
                case .null: params.append(.null)
                case .int(let v): params.append(.integer(v))
                case .text(let s): params.append(.text(s))
                }
            }
            params.append(.integer(1))
            params.append(.blob(Self.versions(node: node, hlc: hlc, columns: table.columns.count)))
            // The row checksum the merge would write (CityIntegrity): key, columns, _exists, _versions.
            params.append(.integer(RowChecksum.of(params)))
            try insertRow(params)
        }
    }

    /// The `_versions` layout of the hub (node table, then existence and each column as node index + HLC).
    static func versions(node: String, hlc: UInt64, columns: Int) -> [UInt8] {
        var out: [UInt8] = [1, UInt8(node.utf8.count)]
        out.append(contentsOf: node.utf8)
        for _ in 0...columns {
            out.append(1)
            var v = hlc
            while v >= 0x80 {
                out.append(UInt8(v & 0x7F) | 0x80)
                v >>= 7
            }
            out.append(UInt8(v))
        }
        return out
    }
}
