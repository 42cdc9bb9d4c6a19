import DistrictSyncCore
import DistrictSyncStore
import Foundation
import SQLiteDB
import Testing

@Suite("Change capture: a write and its change record commit together or not at all")
struct ChangeCaptureTests {
    struct Boom: Error {}

    func store(_ path: String = ":memory:") throws -> NodeStore {
        try NodeStore(path: path, mode: .readWriteCreate, wallClock: FixedWallClock(date: "2013-06-30"))
    }

    func enterprise(_ code: String, name: String = "Công ty A") throws -> Enterprise {
        let rules = try SizeRuleTable(csv: EmbeddedConfig.sizeRulesCSV)
        let fields = [
            "tax_code": code, "name": name, "address": "1 Lê Lợi", "ward": "Bến Nghé", "sector": "trade_services",
            "employees": "5", "capital_vnd": "100", "revenue_vnd": "100", "category": "other",
        ]
        return try Enterprise.read({ fields[$0] }, district: "760", rules: rules, referenceYear: 2013).get()
    }

    @Test("a failure after the write rolls back both the record and its change")
    func rollback() throws {
        let s = try store()
        let e = try enterprise("0100109106")
        #expect(throws: Boom.self) {
            try s.capture { w in
                try w.upsert(e)
                throw Boom()
            }
        }
        #expect(try s.count(.enterprises) == 0)
        #expect(try s.pendingChangeCount() == 0)
    }

    @Test("an update records only the fields that changed, and an identical write records nothing")
    func fieldLevel() throws {
        let s = try store()
        var e = try enterprise("0100109106")
        try s.capture { try $0.upsert(e) }
        try s.capture { try $0.upsert(e) }
        #expect(try s.pendingChangeCount() == 1)
        e.name = "Công ty B"
        try s.capture { try $0.upsert(e) }
        let last = try #require(try s.recentChanges(limit: 1).first)
        #expect(last.change.fields.map { SyncedTable.enterprises.columns[$0.column].name } == ["name"])
        #expect(last.change.fields.first?.value == .text("Công ty B"))
    }

    @Test("clock timestamps keep increasing across transactions and reopenings of the file")
    func clockPersists() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("store-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        var seen: [HLCTimestamp] = []
        for code in ["0100109106", "0100233488"] {
            let s = try store(dir + "/node.db")
            try s.capture { try $0.upsert(try enterprise(code)) }
            seen.append(try #require(try s.recentChanges(limit: 1).first).change.hlc)
        }
        #expect(seen[1] > seen[0])
    }

    @Test("a delete is captured as a tombstone change, and deleting a missing record captures nothing")
    func deletes() throws {
        let s = try store()
        try s.capture { try $0.upsert(try enterprise("0100109106")) }
        #expect(try s.capture { try $0.delete(table: .enterprises, key: "0100109106") })
        #expect(try !s.capture { try $0.delete(table: .enterprises, key: "0100109106") })
        #expect(try s.recentChanges(limit: 1).first?.change.operation == .delete)
        #expect(try s.pendingChangeCount() == 2)
    }
}
