import AsyncHTTPClient
import DistrictNode
import DistrictSyncCore
import Foundation
import NIOCore
import NodeUI
import Testing
import Workbook

@Suite("The enterprise list as an Excel workbook (/enterprises/export.xlsx)")
struct EnterpriseExportTests {
    @Test("the workbook holds exactly the filtered list, reads back with XLSXReader and imports back unchanged")
    func exportReadsBack() async throws {
        let ui = try await UIFixture()
        defer { Task { await ui.stop() } }
        let cookie = try await ui.login()
        let token = try await ui.formToken(cookie: cookie)
        let a = UIFixture.taxCode("030123456").valid
        let b = UIFixture.taxCode("030765432").valid
        let c = UIFixture.taxCode("031111112").valid
        for (code, name, address) in [
            (a, "Công ty Thủ Đức Xanh", "5 Võ Văn Ngân"), (b, "Công ty <Bình> & Con", "7 Võ Văn Ngân"),
            (c, "Công ty Quận Một", "1 Lê Lợi"),
        ] {
            let saved = try await ui.post(
                "/enterprises/new", cookie: cookie,
                form: UIFixture.enterprise(code, name: name, address: address) + [("_csrf", token)])
            #expect(saved.status == 303)
        }
        var request = HTTPClientRequest(url: ui.base + "/enterprises/export.xlsx?q=vo+van+ngan")
        request.headers.add(name: "Cookie", value: cookie)
        let response = try await ui.client.execute(request, timeout: .seconds(60))
        #expect(response.status.code == 200)
        #expect(response.headers["Content-Type"].first == XLSXWriter.contentType)
        #expect(response.headers["Content-Disposition"].first?.hasPrefix("attachment;") == true)
        let bytes = Array(try await response.body.collect(upTo: 8 << 20).readableBytesView)
        let table = try XLSXReader.table(bytes: bytes, name: "export.xlsx")
        #expect(
            table.header == [
                "tax_code", "name", "address", "ward", "sector", "employees", "capital_vnd", "revenue_vnd", "category",
                "status", "size_class",
            ])
        // The list's order (Vietnamese collation) and only the matching two.
        #expect(table.rows.map { $0["name"] } == ["Công ty <Bình> & Con", "Công ty Thủ Đức Xanh"])
        #expect(table.rows.map { $0["tax_code"] } == [b, a])
        #expect(table.rows[0]["employees"] == "12")
        #expect(table.rows[0]["capital_vnd"] == "1500000000")
        #expect(table.rows[0]["sector"] == "Thương mại và dịch vụ")
        #expect(table.rows.map(\.line) == [2, 3])
        let list = try await ui.request(.GET, "/enterprises?q=vo+van+ngan", cookie: cookie)
        #expect(list.body.contains("Tìm thấy 2 doanh nghiệp"))

        // Re-imported through the import page, the exported file changes nothing.
        let preview = try await ui.upload(cookie: cookie, token: token, file: ("doanh-nghiep.xlsx", bytes))
        #expect(preview.status == 200)
        let action = try #require(preview.body.range(of: "action=\"/import/"))
        let id = String(preview.body[action.upperBound...].prefix(while: { $0 != "/" }))
        let done = try await ui.post("/import/\(id)/confirm", cookie: cookie, form: [("_csrf", token)])
        #expect(done.headers["Location"].first == "/import?imported=2&changed=0&kind=businesses")
    }
}
