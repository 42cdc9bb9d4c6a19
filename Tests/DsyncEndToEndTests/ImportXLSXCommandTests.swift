import DistrictSyncTesting
import Foundation
import Testing

@Suite("dsync node import of an .xlsx workbook, end to end (the real binary)")
struct ImportXLSXCommandTests {
    let dsync = Dsync.realClock()

    static let header = [
        "tax_code", "name", "address", "ward", "sector", "employees", "capital_vnd", "revenue_vnd", "category",
    ]

    @Test(
        "node import FILE.xlsx --sheet reports a bad row like the CSV form, writes nothing, then imports the good file")
    func importWorkbook() throws {
        let dir = makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let home = dir + "/node"
        #expect(try dsync.run(["node", "init", home, "--unit", "760", "--on", "2013-06-30"]).status == 0)
        let good = ["0100109106", "Công ty A", "1 Lê Lợi", "Bến Nghé", "trade_services", "10", "1000", "1000", "other"]
        let bad = ["0100233480", "Công ty B", "2 Lê Lợi", "Bến Nghé", "trade_services", "10", "1000", "1000", "other"]
        func write(_ rows: [[String]]) throws {
            let cells: [XLSXFixture.Row] = ([Self.header] + rows).enumerated().map { i, row in
                (i + 1, row.enumerated().map { XLSXFixture.Cell.shared(XLSXFixture.columnName($0) + "\(i + 1)", $1) })
            }
            let bytes = try XLSXFixture.workbook(sheets: [("Ghi chú", [(1, [.shared("A1", "x")])]), ("DN", cells)])
            try Data(bytes).write(to: URL(fileURLWithPath: dir + "/b.xlsx"))
        }
        try write([good, bad])
        let r = try dsync.run([
            "node", "import", "businesses", dir + "/b.xlsx", "--sheet", "DN", "--home", home, "--json",
        ])
        #expect(r.status != 0)
        let report = try #require(try Dsync.json(r) as? [String: Any])
        let issues = try #require(report["issues"] as? [[String: Any]])
        #expect(issues.map { "\($0["line"] as? Int ?? 0):\($0["column"] as? String ?? "")" } == ["3:tax_code"])
        #expect(report["committed"] as? Bool == false)

        let noSheet = try dsync.run(["node", "import", "businesses", dir + "/b.xlsx", "--sheet", "X", "--home", home])
        #expect(noSheet.status != 0)
        #expect(noSheet.stderr.contains("xlsx_sheet_missing") || noSheet.stderr.contains("'DN'"))

        try write([good])
        let ok = try dsync.run([
            "node", "import", "businesses", dir + "/b.xlsx", "--sheet", "DN", "--home", home, "--json",
        ])
        #expect(ok.status == 0, Comment(rawValue: ok.stderr))
        let done = try #require(try Dsync.json(ok) as? [String: Any])
        #expect(done["committed"] as? Bool == true)
        #expect(done["written"] as? Int == 1)
    }
}
