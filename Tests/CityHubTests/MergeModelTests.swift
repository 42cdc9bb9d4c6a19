import DistrictSyncCore
import DistrictSyncCrypto
import DistrictSyncTesting
import Foundation
import SQLiteDB
import SyntheticData
import Testing

@testable import CityHub

/// The hub's merger writes only the columns whose version moved and never loads values; these tests
/// hold it to the pure specification, `MergedRow`: after any delivery schedule, every stored record
/// has exactly the model's values, existence and versions.
@Suite("The city rows equal the pure MergedRow model of every change")
struct MergeModelTests {
    /// The model: every change of every file applied to `MergedRow`s (order does not matter for it).
    static func model(_ files: [[UInt8]]) throws -> [String: MergedRow] {
        var rows: [String: MergedRow] = [:]
        for file in files {
            let decoded = try ChangesetCodec.decode(try CMSInspector.inspect(der: file).content)
            for change in decoded.changes {
                var row = rows[change.key] ?? MergedRow(table: change.table)
                if rows[change.key] == nil && change.operation == .delete {
                    row.values[0] = .text(decoded.header.districtCode)  // a tombstone remembers whose record it is
                }
                row.apply(change, node: decoded.header.nodeID)
                rows[change.key] = row
            }
        }
        return rows
    }

    static func stored(_ db: Database) throws -> [String: (values: [FieldValue], exists: Bool, versions: [UInt8])] {
        let table = SyncedTable.enterprises
        let names = table.columns.map(\.name).joined(separator: ", ")
        var out: [String: (values: [FieldValue], exists: Bool, versions: [UInt8])] = [:]
        for row in try db.query("SELECT tax_code, \(names), _exists, _versions FROM enterprises") {
            let values = table.columns.enumerated().map { (i, column) -> FieldValue in
                let v = row[i + 1]
                if v.isNull { return .null }
                return column.type == .int ? .int(v.int64 ?? 0) : .text(v.string ?? "")
            }
            out[row[0].string ?? ""] = (values, row[table.columns.count + 1].int64 == 1, row.last?.bytes ?? [])
        }
        return out
    }

    @Test(
        "random corpora under random schedules: values, existence and versions are the model's",
        arguments: [
            UInt64(1), 7, 3_605_861_199, 42_424_242,
        ])
    func hubEqualsModel(seed: UInt64) throws {
        let pki = try TestPKI.shared()
        let key = try PrivateKey.load(path: pki.hubKey, passphrase: Array(TestPKI.passphrase.utf8))
        let maker = try HubFixture(hubKey: key)
        defer { maker.remove() }
        let files = try PropertyTests.makeCorpus(maker, seed: seed, perNode: 6)
        let expected = try Self.model(files)
        var rng = SplitMix64(seed: seed ^ 0x5A5A)
        for _ in 0..<3 {
            let f = try HubFixture(hubKey: key)
            defer { f.remove() }
            for i in PropertyTests.schedule(files.count, rng: &rng) {
                _ = f.service.submit(bytes: files[i], source: "t")
            }
            let got = try Self.stored(f.service.db)
            #expect(Set(got.keys) == Set(expected.keys), "seed \(seed)")
            for (key, row) in expected {
                let stored = try #require(got[key], "seed \(seed): \(key) missing")
                #expect(stored.values == row.values, "seed \(seed): values of \(key)")
                #expect(stored.exists == row.exists, "seed \(seed): existence of \(key)")
                #expect(
                    stored.versions == VersionCoding.encode(existence: row.existenceVersion, columns: row.versions),
                    "seed \(seed): versions of \(key)")
            }
        }
    }

    @Test("a record one change creates gets the same version bytes from the direct encoder as from the general one")
    func createdEncoding() {
        let version = FieldVersion(hlc: HLCTimestamp(physicalMillis: 1_372_550_400_123, counter: 7), node: "node-760-a")
        for mask: UInt64 in [0, 1, 0b1011, 0b1_1111_1111] {
            var direct: [UInt8] = []
            VersionCoding.encodeCreated(by: version, mask: mask, columnCount: 9, into: &direct)
            let columns = (0..<9).map { mask & (1 << UInt64($0)) != 0 ? version : nil }
            #expect(direct == VersionCoding.encode(existence: version, columns: columns))
        }
    }

    @Test(
        "versions round-trip in both layouts; the uniform one is used exactly when every set column shares existence's version"
    )
    func versionLayouts() throws {
        let a = FieldVersion(hlc: HLCTimestamp(physicalMillis: 1_372_550_400_000, counter: 1), node: "node-760-a")
        let b = FieldVersion(hlc: HLCTimestamp(physicalMillis: 1_372_550_400_001, counter: 0), node: "node-760-b")
        let cases: [(FieldVersion?, [FieldVersion?], Bool)] = [
            (a, [a, nil, a, nil], true),
            (a, [nil, nil, nil, nil], true),
            (b, [a, nil, b, nil], false),
            (a, [a, b, nil, nil], false),
            (nil, [a, nil, nil, nil], false),
        ]
        for (existence, columns, uniform) in cases {
            let bytes = VersionCoding.encode(existence: existence, columns: columns)
            #expect(bytes.first == (uniform ? VersionCoding.uniformTag : VersionCoding.paletteTag))
            let decoded = try VersionCoding.decode(bytes, columnCount: columns.count)
            #expect(decoded.0 == existence)
            #expect(decoded.1 == columns)
        }
        // A row written in the general layout before the uniform one existed reads the same.
        let general: [UInt8] =
            [1, 10] + Array("node-760-a".utf8) + [1] + varint(a.hlc.rawValue) + [1] + varint(a.hlc.rawValue) + [0]
        let old = try VersionCoding.decode(general, columnCount: 2)
        #expect(old.0 == a && old.1 == [a, nil])
        #expect(throws: HubError.self) { try VersionCoding.decode([0x80, 3, 65, 66], columnCount: 2) }
        #expect(throws: HubError.self) { try VersionCoding.decode([0x81, 1, 1, 65, 1, 0, 5, 2, 1], columnCount: 2) }
        // An enterprise edited once after its creation stays small.
        let edited = VersionCoding.encode(
            existence: b, columns: [a, a, a, a, a, a, a, b] + Array(repeating: nil, count: 5))
        #expect(edited.count < 64)  // two node ids, two versions, one byte per column
    }

    @Test("a PaletteRow encodes to the same bytes as its expansion, and decodes back, after seeded edits")
    func paletteEncoding() throws {
        var random = SeededGenerator(seed: 0x0C0DE)
        let nodes = ["node-760-a", "node-760-b"]
        for _ in 0..<300 {
            var row = PaletteRow(palette: [], exists: false, existence: 0, columns: Array(repeating: 0, count: 13))
            for _ in 0..<Int(1 + random.next() % 8) {
                let incoming = FieldVersion(
                    hlc: HLCTimestamp(physicalMillis: 1_372_550_400_000 + Int64(random.next() % 50), counter: 0),
                    node: nodes[Int(random.next() % 2)])
                _ = row.apply(incoming: incoming, upsert: random.next() % 5 != 0, setColumns: random.next() & 0x1FFF)
                var compact: [UInt8] = []
                VersionCoding.encode(row, into: &compact)
                let expanded = row.expanded
                #expect(compact == VersionCoding.encode(existence: expanded.existence, columns: expanded.columns))
                let back = try compact.withUnsafeBytes {
                    try VersionCoding.decodeRow($0, columnCount: 13, names: NodeNames(), exists: row.exists)
                }
                #expect(back.expanded == expanded)
            }
        }
    }

    private func varint(_ value: UInt64) -> [UInt8] {
        var v = value
        var out: [UInt8] = []
        while v >= 0x80 {
            out.append(UInt8(truncatingIfNeeded: v) | 0x80)
            v >>= 7
        }
        out.append(UInt8(v))
        return out
    }
}
