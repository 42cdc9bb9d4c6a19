import DistrictNode
import DistrictSyncCore
import DistrictSyncTesting
import Foundation
import NIOHTTP1
import NodeUI
import Testing

/// `/enterprises/export.csv` over real HTTP: the rows the list shows, re-importable.
@Suite("CSV export of the enterprise list")
struct ExportTests {
    @Test("the export holds exactly the filtered list (all pages), UTF-8 with BOM, formulas guarded, and re-imports")
    func exportReimports() async throws {
        let ui = try await UIFixture()
        defer { Task { await ui.stop() } }
        let cookie = try await ui.login()
        let token = try await ui.formToken(cookie: cookie)
        var trade: [String] = []
        for (i, prefix) in ["030111111", "030222222", "030333333", "030123456"].enumerated() {
            let code = UIFixture.taxCode(prefix).valid
            var form = UIFixture.enterprise(
                code, name: i == 0 ? "=HYPERLINK(\"http://x\")" : "Công ty Số \(i), Thủ Đức")
            if i == 3 { form = form.map { $0.0 == "sector" ? ("sector", "agriculture") : $0 } }
            let saved = try await ui.post("/enterprises/new", cookie: cookie, form: form + [("_csrf", token)])
            #expect(saved.status == 303)
            if i != 3 { trade.append(code) }
        }
        let list = try await ui.request(.GET, "/enterprises?sector=trade_services", cookie: cookie).body
        #expect(list.contains("Tìm thấy 3 doanh nghiệp."))
        #expect(list.contains("<a href=\"/enterprises/export.csv?sector=trade_services\" download>"))
        #expect(list.contains("<a href=\"/enterprises/export.xlsx?sector=trade_services\" download>"))

        let reply = try await ui.request(.GET, "/enterprises/export.csv?sector=trade_services", cookie: cookie)
        #expect(reply.status == 200)
        #expect(reply.headers["Content-Type"].first == "text/csv; charset=utf-8")
        #expect(reply.headers["Content-Disposition"].first == "attachment; filename=\"doanh-nghiep-760.csv\"")
        let text = reply.body
        #expect(text.unicodeScalars.first == "\u{FEFF}")
        let lines = text.dropFirst().split(separator: "\r\n").map(String.init)
        #expect(lines.first == "tax_code,name,address,ward,sector,employees,capital_vnd,revenue_vnd,category,status")
        #expect(lines.count == 4)
        #expect(Set(lines.dropFirst().map { String($0.prefix(10)) }) == Set(trade))
        #expect(lines.contains { $0.contains(",\"'=HYPERLINK(\"\"http://x\"\")\",") })
        #expect(lines.contains { $0.contains(",\"Công ty Số 1, Thủ Đức\",") })
        #expect(!text.contains("agriculture"))
        let unauthorised = try await ui.request(.GET, "/enterprises/export.csv")
        #expect(unauthorised.status == 401)

        // The file re-imports as `dsync node import businesses --dry-run` reads it: no error, same count.
        let file = ui.directory + "/export.csv"
        try Data(text.utf8).write(to: URL(fileURLWithPath: file))
        let other = ui.directory + "/other"
        let clock = FixedWallClock(date: UIFixture.today)
        _ = try NodeHome.create(
            at: other, district: "760", orgUnits: try OrgUnitList.embedded(), wallClock: clock, nodeID: "node-ui-other")
        let report = try NodeSession(path: other, clock: clock).importCSV(.businesses, path: file, dryRun: true)
        #expect(report.issues.isEmpty, "\(report.issues)")
        #expect(report.rows == 3)
        #expect(report.valid == 3)
    }

    @Test("with no filter the export carries every enterprise across pages of the list")
    func exportAllPages() async throws {
        let ui = try await UIFixture()
        defer { Task { await ui.stop() } }
        let cookie = try await ui.login()
        let token = try await ui.formToken(cookie: cookie)
        var made = 0
        var prefix = 30_010_000
        while made < 55 {
            prefix += 1
            let digits = String(prefix).compactMap { $0.wholeNumberValue }
            guard TaxCode.checkDigit(forPrefix: [0] + digits) != nil else { continue }
            let code = UIFixture.taxCode("0" + String(prefix)).valid
            let saved = try await ui.post(
                "/enterprises/new", cookie: cookie,
                form: UIFixture.enterprise(code, name: "Công ty \(made)") + [("_csrf", token)])
            #expect(saved.status == 303)
            made += 1
        }
        let list = try await ui.request(.GET, "/enterprises", cookie: cookie).body
        #expect(list.contains("Trang 1/2"))
        let csv = try await ui.request(.GET, "/enterprises/export.csv?page=2", cookie: cookie).body
        #expect(csv.dropFirst().split(separator: "\r\n").count == 56)
    }
}
