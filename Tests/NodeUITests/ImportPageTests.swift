import AsyncHTTPClient
import DistrictNode
import DistrictSyncCore
import DistrictSyncTesting
import Foundation
import NIOCore
import NIOHTTP1
import NodeUI
import Testing

extension UIFixture {
    /// A `multipart/form-data` body as a browser's file form sends it.
    static func multipart(fields: [(String, String)], file: (name: String, bytes: [UInt8])?) -> (
        type: String, body: [UInt8]
    ) {
        let boundary = "----dsyncTestBoundary7MA4YWxkTrZu0gW"
        var body: [UInt8] = []
        for (name, value) in fields {
            body += Array("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(name)\"\r\n\r\n\(value)\r\n".utf8)
        }
        if let file {
            body += Array(
                ("--\(boundary)\r\nContent-Disposition: form-data; name=\"file\"; filename=\"\(file.name)\"\r\n"
                    + "Content-Type: application/octet-stream\r\n\r\n").utf8)
            body += file.bytes + Array("\r\n".utf8)
        }
        body += Array("--\(boundary)--\r\n".utf8)
        return ("multipart/form-data; boundary=\(boundary)", body)
    }

    /// Uploads `file` on the import page, same-origin unless `headers` say otherwise.
    func upload(
        cookie: String, token: String?, kind: String = "businesses", sheet: String = "",
        file: (name: String, bytes: [UInt8])?,
        headers: [(String, String)]? = nil
    ) async throws -> Reply {
        var fields = [("kind", kind), ("sheet", sheet)]
        if let token { fields.insert(("_csrf", token), at: 0) }
        let (type, body) = Self.multipart(fields: fields, file: file)
        var request = HTTPClientRequest(url: base + "/import")
        request.method = .POST
        request.headers.add(name: "Cookie", value: cookie)
        request.headers.add(name: "Content-Type", value: type)
        for (name, value) in headers ?? [("Origin", base), ("Sec-Fetch-Site", "same-origin")] {
            request.headers.add(name: name, value: value)
        }
        request.body = .bytes(ByteBuffer(bytes: body))
        let response = try await client.execute(request, timeout: .seconds(120))
        let reply = try await response.body.collect(upTo: 32 << 20)
        return Reply(status: Int(response.status.code), headers: response.headers, body: String(buffer: reply))
    }

    /// The files kept in the node home's upload folder.
    var keptUploads: [String] { (try? FileManager.default.contentsOfDirectory(atPath: home + "/uploads")) ?? [] }
}

/// `/import` over real HTTP: upload, preview with each row's errors, confirm all or nothing.
@Suite("The import page (/import): CSV or XLSX upload, preview of every row, confirm all or nothing")
struct ImportPageTests {
    static let header = [
        "tax_code", "name", "address", "ward", "sector", "employees", "capital_vnd", "revenue_vnd", "category",
    ]

    static func row(_ taxCode: String, _ name: String) -> [String] {
        [
            taxCode, name, "1 Lê Lợi", "Bến Nghé", "Thương mại - dịch vụ", "1 200", "1.500.000.000", "3000000000",
            "other",
        ]
    }

    /// The messages `dsync node import --dry-run` gives for `bytes`, from a node of its own.
    static func dryRunReasons(_ bytes: [UInt8]) throws -> [String] {
        let dir = makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let clock = FixedWallClock(date: UIFixture.today)
        _ = try NodeHome.create(
            at: dir + "/home", district: "760", orgUnits: try OrgUnitList.embedded(), wallClock: clock, nodeID: "dry")
        try Data(bytes).write(to: URL(fileURLWithPath: dir + "/f.xlsx"))
        let report = try NodeSession(path: dir + "/home", clock: clock).importCSV(
            .businesses, path: dir + "/f.xlsx", dryRun: true)
        return report.issues.map { $0.reason(in: .vi) }
    }

    @Test(
        "a workbook with one bad row: the preview shows every row and that row's error, offers no import, writes nothing"
    )
    func previewWithBadRow() async throws {
        let ui = try await UIFixture()
        defer { Task { await ui.stop() } }
        let cookie = try await ui.login()
        let token = try await ui.formToken(cookie: cookie, page: "/import")
        #expect(token.count == 64)
        let good = UIFixture.taxCode("030123456").valid
        let bad = UIFixture.taxCode("030765432").wrong
        let bytes = try XLSXFixture.workbook(
            header: Self.header, rows: [Self.row(good, "Công ty Tốt"), Self.row(bad, "Công ty <Sai>")])
        let reply = try await ui.upload(cookie: cookie, token: token, file: ("ds doanh nghiệp.xlsx", bytes))
        #expect(reply.status == 422)
        #expect(reply.body.contains("role=\"alert\""))
        #expect(reply.body.contains("<tr id=\"row-2\">"))
        #expect(reply.body.contains("<tr id=\"row-3\">"))
        #expect(reply.body.contains("href=\"#row-3\""))
        #expect(reply.body.contains("Công ty &lt;Sai&gt;"))
        let reasons = try Self.dryRunReasons(bytes)
        #expect(reasons.count == 1)
        #expect(reply.body.contains(HTML.escape(reasons[0])))
        #expect(reply.body.contains("aria-describedby=\"e-3-0\""))
        #expect(!reply.body.contains("/confirm"))
        #expect(ui.keptUploads.isEmpty)
        let list = try await ui.request(.GET, "/enterprises", cookie: cookie)
        #expect(!list.body.contains("Công ty Tốt"))
    }

    @Test("a good workbook: the preview offers the import, confirming writes every row and removes the kept file")
    func confirmGood() async throws {
        let ui = try await UIFixture()
        defer { Task { await ui.stop() } }
        let cookie = try await ui.login()
        let token = try await ui.formToken(cookie: cookie, page: "/import")
        let bytes = try XLSXFixture.workbook(
            header: Self.header,
            rows: [
                Self.row(UIFixture.taxCode("030123456").valid, "Công ty Một"),
                Self.row(UIFixture.taxCode("030765432").valid, "Công ty Hai"),
            ], sheet: "DN")
        let preview = try await ui.upload(cookie: cookie, token: token, sheet: "dn", file: ("dn.xlsx", bytes))
        #expect(preview.status == 200)
        #expect(preview.body.contains("Cả 2 dòng đều hợp lệ"))
        let action = try #require(preview.body.range(of: "action=\"/import/"))
        let id = String(preview.body[action.upperBound...].prefix(while: { $0 != "/" }))
        #expect(id.count == 36)
        #expect(Set(ui.keptUploads) == ["\(id).data", "\(id).json"])
        let mode = try FileManager.default.attributesOfItem(atPath: ui.home + "/uploads/\(id).data")[.posixPermissions]
        #expect((mode as? NSNumber)?.intValue == 0o600)
        // Nothing is written by the preview.
        #expect(!(try await ui.request(.GET, "/enterprises", cookie: cookie)).body.contains("Công ty Một"))

        let done = try await ui.post("/import/\(id)/confirm", cookie: cookie, form: [("_csrf", token)])
        #expect(done.status == 303)
        #expect(done.headers["Location"].first == "/import?imported=2&changed=2&kind=businesses")
        let list = try await ui.request(.GET, "/enterprises", cookie: cookie)
        #expect(list.body.contains("Công ty Một") && list.body.contains("Công ty Hai"))
        #expect(ui.keptUploads.isEmpty)
        let banner = try await ui.request(.GET, "/import?imported=2&changed=2&kind=businesses", cookie: cookie)
        #expect(banner.body.contains("Đã nhập 2 dòng"))
        let again = try await ui.post("/import/\(id)/confirm", cookie: cookie, form: [("_csrf", token)])
        #expect(again.status == 404)
        #expect(again.body.contains("unknown_upload"))
        let forged = try await ui.post("/import/..%2Fnode/confirm", cookie: cookie, form: [("_csrf", token)])
        #expect(forged.status == 404)
    }

    @Test(
        "a cross-site upload, or one without the form token, is 403 and keeps nothing; a confirm from another site too")
    func crossSiteRefused() async throws {
        let ui = try await UIFixture()
        defer { Task { await ui.stop() } }
        let cookie = try await ui.login()
        let token = try await ui.formToken(cookie: cookie, page: "/import")
        let bytes = try XLSXFixture.workbook(
            header: Self.header, rows: [Self.row(UIFixture.taxCode("030123456").valid, "Công ty Chéo")])
        let cross = try await ui.upload(
            cookie: cookie, token: token, file: ("a.xlsx", bytes),
            headers: [("Sec-Fetch-Site", "cross-site"), ("Origin", "null")])
        #expect(cross.status == 403)
        let noToken = try await ui.upload(cookie: cookie, token: nil, file: ("a.xlsx", bytes))
        #expect(noToken.status == 403)
        let wrongToken = try await ui.upload(
            cookie: cookie, token: String(repeating: "0", count: 64), file: ("a.xlsx", bytes))
        #expect(wrongToken.status == 403)
        #expect(ui.keptUploads.isEmpty)
        // A confirmation posted by another site is refused before the id is looked at.
        let preview = try await ui.upload(cookie: cookie, token: token, file: ("a.xlsx", bytes))
        let action = try #require(preview.body.range(of: "action=\"/import/"))
        let id = String(preview.body[action.upperBound...].prefix(while: { $0 != "/" }))
        let crossConfirm = try await ui.request(
            .POST, "/import/\(id)/confirm", cookie: cookie, headers: [("Sec-Fetch-Site", "cross-site")],
            form: [("_csrf", token)])
        #expect(crossConfirm.status == 403)
        #expect(!(try await ui.request(.GET, "/enterprises", cookie: cookie)).body.contains("Công ty Chéo"))
    }

    @Test("an upload over the limit is 413 with the app's headers and keeps nothing")
    func oversizeRefused() async throws {
        let ui = try await UIFixture()
        defer { Task { await ui.stop() } }
        let cookie = try await ui.login()
        let token = try await ui.formToken(cookie: cookie, page: "/import")
        let big = [UInt8](repeating: 0x41, count: NodeSession.maxUploadBytes + 128 * 1024)
        let reply = try await ui.upload(cookie: cookie, token: token, file: ("big.csv", big))
        #expect(reply.status == 413)
        #expect(reply.body.contains("MiB"))
        #expect(reply.headers["Content-Security-Policy"].first?.hasPrefix("default-src 'self'") == true)
        #expect(ui.keptUploads.isEmpty)
    }

    @Test("a file the import cannot read is refused on the file field; an unknown sheet on the sheet field")
    func unreadable() async throws {
        let ui = try await UIFixture()
        defer { Task { await ui.stop() } }
        let cookie = try await ui.login()
        let token = try await ui.formToken(cookie: cookie, page: "/import")
        let broken = try await ui.upload(
            cookie: cookie, token: token, file: ("x.xlsx", Array("PK\u{03}\u{04}not a zip".utf8)))
        #expect(broken.status == 422)
        #expect(broken.body.contains("id=\"f-file\"") && broken.body.contains("aria-invalid=\"true\""))
        #expect(broken.body.contains("xlsx_invalid"))
        let bytes = try XLSXFixture.workbook(header: Self.header, rows: [])
        let sheet = try await ui.upload(cookie: cookie, token: token, sheet: "Không có", file: ("a.xlsx", bytes))
        #expect(sheet.status == 422)
        #expect(sheet.body.contains("f-sheet-error"))
        #expect(sheet.body.contains("value=\"Không có\""))
        let none = try await ui.upload(cookie: cookie, token: token, file: nil)
        #expect(none.status == 422)
        #expect(none.body.contains("f-file-error"))
        #expect(ui.keptUploads.isEmpty)
    }
}
