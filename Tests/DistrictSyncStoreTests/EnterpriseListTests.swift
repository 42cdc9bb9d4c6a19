import DistrictSyncCore
import DistrictSyncStore
import Foundation
import SQLiteDB
import SyntheticData
import Testing

/// The officer's enterprise list run in SQLite (issue 15, item 7): the node-local index follows
/// every write, and its search, filters, order and paging are those of the in-memory algorithm
/// the node used before (kept here only as the oracle).
@Suite("Enterprise list in SQL: the index follows every write and pages like the in-memory list")
struct EnterpriseListTests {
    struct Row: Equatable {
        var key: String
        var name: String
        var address = "1 Lê Lợi"
        var ward = "Bến Nghé"
        var sector = "trade_services"
        var sizeClass = "micro"
        var status = "active"
    }

    static func values(_ r: Row) -> [FieldValue] {
        let byName: [String: FieldValue] = [
            "district": .text("760"), "name": .text(r.name), "address": .text(r.address), "ward": .text(r.ward),
            "sector": .text(r.sector), "employees": .int(5), "capital_vnd": .int(100), "revenue_vnd": .int(100),
            "category": .text("other"), "status": .text(r.status), "size_class": .text(r.sizeClass),
            "size_rule": .text("r"), "size_year": .int(2015),
        ]
        return SyncedTable.enterprises.columns.map { byName[$0.name] ?? .null }
    }

    static func surveyValues(taxCode: String, year: Int) -> [FieldValue] {
        SyncedTable.surveys.columns.map { c in
            switch c.name {
            case "district": .text("760")
            case "tax_code": .text(taxCode)
            case "year": .int(Int64(year))
            default: .text("no")
            }
        }
    }

    func store(_ path: String = ":memory:") throws -> NodeStore {
        try NodeStore(path: path, mode: .readWriteCreate, wallClock: FixedWallClock(date: "2015-06-30"))
    }

    func write(_ s: NodeStore, _ rows: [Row]) throws {
        try s.capture { w in for r in rows { try w.upsert(table: .enterprises, key: r.key, values: Self.values(r)) } }
    }

    func names(_ s: NodeStore, _ f: EnterpriseFilter = EnterpriseFilter()) throws -> [String] {
        try s.enterprisePage(f, limit: 1000, offset: 0).map { $0.values.text("name", in: .enterprises) }
    }

    static func filter(search: String) -> EnterpriseFilter {
        var f = EnterpriseFilter()
        f.needle = VietnameseText.folded(search)
        f.digits = search.filter(\.isNumber)
        return f
    }

    static func temporaryPath() throws -> (dir: String, db: String) {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("elist-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        return (dir, dir + "/node.db")
    }

    @Test("inserts, a name change and a delete keep the list in Vietnamese order of the current names")
    func followsWrites() throws {
        let s = try store()
        try write(s, [Row(key: "1", name: "Bình Minh"), Row(key: "2", name: "An Phú"), Row(key: "3", name: "Đông Á")])
        #expect(try names(s) == ["An Phú", "Bình Minh", "Đông Á"])
        try write(s, [Row(key: "2", name: "Xuân Lộc")])
        #expect(try names(s) == ["Bình Minh", "Đông Á", "Xuân Lộc"])
        #expect(try s.enterpriseCount(Self.filter(search: "an phu")) == 0)
        #expect(try s.enterpriseCount(Self.filter(search: "xuan loc")) == 1)
        try s.capture { w in _ = try w.delete(table: .enterprises, key: "1") }
        #expect(try names(s) == ["Đông Á", "Xuân Lộc"])
        #expect(try s.enterpriseCount(EnterpriseFilter()) == 2)
        #expect(try s.enterpriseCount(Self.filter(search: "binh")) == 0)
    }

    @Test("several writes of one enterprise in one transaction leave exactly one index row, for its last values")
    func severalWritesInOneTransaction() throws {
        let s = try store()
        try write(s, [Row(key: "1", name: "Bình Minh"), Row(key: "2", name: "An Phú"), Row(key: "3", name: "Cát Lái")])
        try s.capture { w in
            for r in [
                Row(key: "4", name: "Đông Á"), Row(key: "4", name: "Gia Định"),  // new, then renamed
                Row(key: "2", name: "Xuân Lộc"), Row(key: "2", name: "Hòa Bình"),  // existing, renamed twice
                Row(key: "5", name: "Tân Định"),
            ] {
                try w.upsert(table: .enterprises, key: r.key, values: Self.values(r))
            }
            _ = try w.delete(table: .enterprises, key: "5")  // new, then deleted
            _ = try w.delete(table: .enterprises, key: "3")  // existing, deleted
            try w.upsert(table: .enterprises, key: "1", values: Self.values(Row(key: "1", name: "Ấp Bắc")))
            _ = try w.delete(table: .enterprises, key: "1")  // existing, renamed, then deleted
        }
        #expect(try names(s) == ["Gia Định", "Hòa Bình"])
        #expect(try s.enterpriseKeys(EnterpriseFilter(), limit: 10, offset: 0) == ["4", "2"])
        for gone in ["dong a", "xuan loc", "an phu", "tan dinh", "cat lai", "binh minh", "ap bac"] {
            #expect(try s.enterpriseCount(Self.filter(search: gone)) == 0, "\(gone)")
        }
        #expect(try s.enterpriseCount(EnterpriseFilter()) == 2)
        #expect(try s.enterpriseCount(Self.filter(search: "gia dinh")) == 1)
        #expect(try s.enterpriseCount(Self.filter(search: "hoa binh")) == 1)
    }

    @Test("a filter column that changes (status) moves the enterprise between filtered lists")
    func filterColumnsFollow() throws {
        let s = try store()
        try write(s, [Row(key: "1", name: "A"), Row(key: "2", name: "B")])
        var ceased = EnterpriseFilter()
        ceased.status = "ceased"
        #expect(try s.enterpriseCount(ceased) == 0)
        var b = Row(key: "2", name: "B")
        b.status = "ceased"
        try write(s, [b])
        #expect(try names(s, ceased) == ["B"])
    }

    @Test("a rolled-back import leaves the index as it was, and a committed one lists every row")
    func importTransaction() throws {
        struct Boom: Error {}
        let s = try store()
        let rows = (0..<300).map { Row(key: String(format: "%010d", $0), name: "Công ty \($0)") }
        #expect(throws: Boom.self) {
            try s.capture { w in
                for r in rows { try w.upsert(table: .enterprises, key: r.key, values: Self.values(r)) }
                throw Boom()
            }
        }
        #expect(try s.enterpriseCount(Self.filter(search: "cong ty")) == 0)
        try write(s, rows)
        #expect(try s.enterpriseCount(Self.filter(search: "cong ty")) == 300)
        #expect(try s.enterpriseKeys(EnterpriseFilter(), limit: 1000, offset: 0).count == 300)
    }

    @Test(
        "a node.db without the index, with an old index version, or with an index out of step gets a full one at open")
    func builtAtOpen() throws {
        let (dir, path) = try Self.temporaryPath()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try write(try store(path), [Row(key: "1", name: "Bình"), Row(key: "2", name: "An"), Row(key: "3", name: "Ân")])
        let expected = ["An", "Ân", "Bình"]
        for damage in [
            "DROP TABLE enterprise_index; DELETE FROM node_meta WHERE key = 'enterprise_index_version'",
            "UPDATE node_meta SET value = '0' WHERE key = 'enterprise_index_version'; DELETE FROM enterprise_index",
            "DELETE FROM enterprise_index WHERE tax_code = '1'",
        ] {
            do {
                let raw = try Database(path: path, mode: .readWrite)
                try raw.execute(damage)
                raw.close()
            }
            let s = try store(path)
            #expect(try names(s) == expected, "\(damage)")
            #expect(try s.enterpriseCount(Self.filter(search: "binh")) == 1, "\(damage)")
        }
    }

    static let tricky = [
        "ăn", "an", "ân", "Anh", "ánh", "ảnh", "àng", "Ạ", "a", "á", "à", "ả", "ã", "ạ", "dũng", "Đức", "đa", "da",
        "Dung", "e", "ê", "ế", "o", "ô", "ơ", "ờ", "u", "ư", "ừa", "ua", "Ý", "y", "yến", "Ba", "bà", "bá", "Bả",
    ]

    @Test("the list order of a tricky set (a ă â, d đ, tones, case) is VietnameseCollation.precedes order")
    func trickyOrder() throws {
        let s = try store()
        try write(s, Self.tricky.enumerated().map { Row(key: String(format: "%04d", $0.offset), name: $0.element) })
        let expected = Self.tricky.enumerated().sorted { a, b in
            let (ka, kb) = (VietnameseCollation.key(a.element), VietnameseCollation.key(b.element))
            return ka != kb ? ka.lexicographicallyPrecedes(kb) : a.offset < b.offset
        }.map(\.element)
        #expect(try names(s) == expected)
        for (a, b) in zip(expected, expected.dropFirst()) where VietnameseCollation.key(a) != VietnameseCollation.key(b)
        {
            #expect(VietnameseCollation.precedes(a, b), "\(a) before \(b)")
        }
    }

    @Test("the byte sort key compares as the collation key for every pair of a tricky set", arguments: [0, 1])
    func sortKeyBytes(shift: Int) {
        let words =
            Self.tricky + [
                "", "a b", "ab", "a", "đ", "dd", "Nguyễn Văn", "Nguyên Văn", "Nguyen", "東京", "東", "Ωmega", "ωa", "aω",
                "a東", "ß", "\u{0FDF}", "\u{0FE0}", "\u{FFFF}", "\u{10FFFF}", "a\u{10FFFF}b",
            ]
        for a in words {
            for b in words.dropFirst(shift) {
                let bytes = VietnameseCollation.sortKey(a).lexicographicallyPrecedes(VietnameseCollation.sortKey(b))
                #expect(bytes == VietnameseCollation.precedes(a, b), "\(a) / \(b)")
            }
        }
    }

    @Test("%, _ and \\ in the search text are plain characters, not wildcards")
    func wildcardsLiteral() throws {
        let s = try store()
        try write(
            s,
            [
                Row(key: "1", name: "Sạch 100%"), Row(key: "2", name: "A_B"), Row(key: "3", name: "AxB"),
                Row(key: "4", name: #"C\D"#), Row(key: "5", name: "CD"),
            ])
        #expect(try names(s, Self.filter(search: "%")) == ["Sạch 100%"])
        #expect(try names(s, Self.filter(search: "a_b")) == ["A_B"])
        #expect(try names(s, Self.filter(search: #"c\d"#)) == [#"C\D"#])
        #expect(try names(s, Self.filter(search: "a%b")) == [])
    }

    @Test("pages of a filtered list partition it in order, and the count is the list's length")
    func paging() throws {
        let s = try store()
        try write(
            s,
            (0..<137).map { i in
                var r = Row(key: String(format: "%010d", i), name: "Hợp tác xã \(i % 17)")
                r.sector = i % 3 == 0 ? "industry_construction" : "trade_services"
                return r
            })
        var f = EnterpriseFilter()
        f.sector = "trade_services"
        let all = try s.enterpriseKeys(f, limit: 1000, offset: 0)
        #expect(try s.enterpriseCount(f) == all.count)
        #expect(all.count == 91)
        var paged: [String] = []
        for page in 0..<10 { paged += try s.enterpriseKeys(f, limit: 10, offset: page * 10) }
        #expect(paged == all)
        var streamed: [String] = []
        try s.forEachEnterprise(f) { key, _ in streamed.append(key) }
        #expect(streamed == all)
    }

    // MARK: the in-memory algorithm of the node before issue 15 item 7, as the oracle

    static func oracle(
        _ rows: [Row], surveyed: Set<String>, search: String, ward: String, sector: String?,
        status: String?, sizeClass: String?, surveyYear: Bool, notSurveyed: Bool
    ) -> [String] {
        let needle = VietnameseText.folded(search)
        let digits = search.filter(\.isNumber)
        return rows.filter { e in
            if !needle.isEmpty {
                let hit =
                    VietnameseText.folded(e.name).contains(needle) || VietnameseText.folded(e.address).contains(needle)
                    || (!digits.isEmpty && e.key.contains(digits))
                if !hit { return false }
            }
            if !ward.isEmpty, VietnameseText.folded(e.ward) != VietnameseText.folded(ward) { return false }
            if let sector, e.sector != sector { return false }
            if let sizeClass, e.sizeClass != sizeClass { return false }
            if let status, e.status != status { return false }
            if surveyYear, surveyed.contains(e.key) == notSurveyed { return false }
            return true
        }.map { (VietnameseCollation.key($0.name), $0) }.sorted { a, b in
            a.0 != b.0 ? a.0.lexicographicallyPrecedes(b.0) : a.1.key < b.1.key
        }.map(\.1.key)
    }

    @Test(
        "for random enterprises and queries the SQL count and pages equal the in-memory oracle", arguments: [1, 2, 3])
    func matchesOracle(seed: UInt64) throws {
        var rng = SplitMix64(seed: seed)
        let syllables = [
            "Nguyễn", "nguyen", "Trần", "Lê", "Phạm", "Đức", "Duc", "Thủ", "thu", "An", "Ân", "Ăn", "Hòa", "Hoà",
            "Bình", "Minh", "Xuân", "Công ty", "TNHH", "100%", "a_b", "Ấp", "Ưu", "Ơn",
        ]
        let wards = ["Bến Nghé", "Bến Thành", "Thảo Điền", "thao dien", "An Phú", ""]
        let sectors = ["trade_services", "industry_construction", "agriculture"]
        let statuses = ["active", "ceased", "suspended"]
        let sizes = ["micro", "small", "medium", "large"]
        func word() -> String { syllables.randomElement(using: &rng) ?? "" }
        var rows: [Row] = []
        var keys = Set<String>()
        while rows.count < 400 {
            let key = String(format: "%010d", Int.random(in: 0..<3_000_000_000, using: &rng))
            guard keys.insert(key).inserted else { continue }
            rows.append(
                Row(
                    key: key, name: (0..<Int.random(in: 1...3, using: &rng)).map { _ in word() }.joined(separator: " "),
                    address: "\(Int.random(in: 1...99, using: &rng)) \(word())",
                    ward: wards.randomElement(using: &rng) ?? "", sector: sectors.randomElement(using: &rng) ?? "",
                    sizeClass: sizes.randomElement(using: &rng) ?? "", status: statuses.randomElement(using: &rng) ?? ""
                ))
        }
        let s = try store()
        try write(s, rows)
        // Some renames after the first write, so the index is checked after updates too.
        for i in stride(from: 0, to: rows.count, by: 7) { rows[i].name = word() + " " + word() }
        try write(s, rows.enumerated().filter { $0.offset % 7 == 0 }.map(\.element))
        let surveyed = Set(rows.map(\.key).filter { _ in Bool.random(using: &rng) })
        try s.capture { w in
            for key in surveyed {
                try w.upsert(table: .surveys, key: key + "-2015", values: Self.surveyValues(taxCode: key, year: 2015))
            }
        }
        let searches = ["", "nguyen", "NGUYỄN", "duc", "thu duc", "an", "ân", "%", "a_b", "00", "1", "  hoa  ", "ơn"]
        for _ in 0..<60 {
            let search = searches.randomElement(using: &rng) ?? ""
            let ward = Bool.random(using: &rng) ? "" : (wards.randomElement(using: &rng) ?? "")
            let sector = Bool.random(using: &rng) ? nil : sectors.randomElement(using: &rng)
            let status = Bool.random(using: &rng) ? nil : statuses.randomElement(using: &rng)
            let size = Int.random(in: 0..<3, using: &rng) == 0 ? sizes.randomElement(using: &rng) : nil
            let surveyYear = Bool.random(using: &rng)
            let notSurveyed = Bool.random(using: &rng)
            let expected = Self.oracle(
                rows, surveyed: surveyed, search: search, ward: ward, sector: sector, status: status, sizeClass: size,
                surveyYear: surveyYear, notSurveyed: notSurveyed)
            var f = Self.filter(search: search)
            f.foldedWard = ward.isEmpty ? nil : VietnameseText.folded(ward)
            f.sector = sector
            f.status = status
            f.sizeClass = size
            f.surveyYear = surveyYear ? 2015 : nil
            f.notSurveyed = notSurveyed
            let label =
                "seed \(seed): \(search)|\(ward)|\(sector ?? "-")|\(status ?? "-")|\(size ?? "-")|\(surveyYear)|\(notSurveyed)"
            #expect(try s.enterpriseCount(f) == expected.count, "\(label)")
            let pageSize = Int.random(in: 1...40, using: &rng)
            let offset = pageSize * Int.random(in: 0...3, using: &rng)
            #expect(
                try s.enterpriseKeys(f, limit: pageSize, offset: offset)
                    == Array(expected.dropFirst(offset).prefix(pageSize)), "\(label)")
        }
    }
}
