import DistrictNode
import DistrictSyncCore
import DistrictSyncTesting
import Foundation
import NIOHTTP1
import NodeUI
import Testing

/// `/changes`, `/commit` and `/deliver` over real HTTP: the CLI's commit and export calls.
@Suite("The node's browser app: changes, commit and delivery")
struct DeliveryPagesTests {
    @Test(
        "a wrong passphrase signs nothing and is never echoed; the right one commits, export writes a verifiable file")
    func commitAndExport() async throws {
        let ui = try await UIFixture(signer: true)
        defer { Task { await ui.stop() } }
        let cookie = try await ui.login()
        let token = try await ui.formToken(cookie: cookie)
        let code = UIFixture.taxCode("030111111").valid
        let saved = try await ui.post(
            "/enterprises/new", cookie: cookie,
            form: UIFixture.enterprise(code, name: "Công ty Ký Thử") + [("_csrf", token)])
        #expect(saved.status == 303)
        let changes = try await ui.request(.GET, "/changes", cookie: cookie).body
        #expect(changes.contains("chờ đóng gói"))
        #expect(changes.contains("Công ty Ký Thử"))

        let form = try await ui.request(.GET, "/commit", cookie: cookie).body
        #expect(form.contains("type=\"password\" id=\"f-passphrase\" name=\"passphrase\""))
        let wrongPassphrase = "sai-mat-khau-123"
        let wrong = try await ui.post(
            "/commit", cookie: cookie, form: [("passphrase", wrongPassphrase), ("_csrf", token)])
        #expect(wrong.status == 422)
        #expect(wrong.body.contains("aria-invalid=\"true\" aria-describedby=\"f-passphrase-error\""))
        #expect(wrong.body.contains("role=\"alert\""))
        #expect(!wrong.body.contains(wrongPassphrase))
        #expect(wrong.body.contains("Chưa có gói thay đổi nào."))

        let right = try await ui.post(
            "/commit", cookie: cookie, form: [("passphrase", TestPKI.passphrase), ("_csrf", token)])
        #expect(right.status == 303)
        #expect(right.headers["Location"].first == "/commit?made=1")
        let after = try await ui.request(.GET, "/commit?made=1", cookie: cookie).body
        #expect(after.contains("Đã ký và đóng gói 1 gói thay đổi."))
        #expect(after.contains("đã ký, chờ biên nhận"))
        #expect(!after.contains(TestPKI.passphrase))
        #expect(try await ui.request(.GET, "/changes", cookie: cookie).body.contains("trong gói số 1"))

        let relative = try await ui.post("/deliver", cookie: cookie, form: [("directory", "usb"), ("_csrf", token)])
        #expect(relative.status == 422)
        #expect(relative.body.contains("id=\"f-directory-error\">đã nhập «usb»"))
        let usb = ui.directory + "/usb"
        let exported = try await ui.post("/deliver", cookie: cookie, form: [("directory", usb), ("_csrf", token)])
        #expect(exported.status == 303)
        #expect(exported.headers["Location"].first == "/deliver?exported=1")
        let files = try FileManager.default.contentsOfDirectory(atPath: usb).sorted()
        #expect(files.count == 2 && files.contains("manifest.json"))
        let dsc = try #require(files.first { $0.hasSuffix(".dsc") })
        // Delivered only by a receipt: writing the file changes nothing in the outbox.
        #expect(try await ui.request(.GET, "/commit", cookie: cookie).body.contains("đã ký, chờ biên nhận"))

        let openssl = Process()
        openssl.executableURL = URL(fileURLWithPath: "/usr/bin/openssl")
        openssl.arguments = [
            "cms", "-verify", "-binary", "-inform", "DER", "-in", usb + "/" + dsc, "-CAfile", ui.rootCertificate,
            "-purpose", "any", "-attime", String(ISODate.unixMillis(UIFixture.today).map { $0 / 1000 } ?? 0),
            "-out", "/dev/null",
        ]
        openssl.standardError = FileHandle.nullDevice
        try openssl.run()
        openssl.waitUntilExit()
        #expect(openssl.terminationStatus == 0, "openssl cms -verify refused the exported changeset")
    }

    @Test("a node without signing credentials says how to set them instead of showing the passphrase form")
    func noSigner() async throws {
        let ui = try await UIFixture()
        defer { Task { await ui.stop() } }
        let cookie = try await ui.login()
        let page = try await ui.request(.GET, "/commit", cookie: cookie).body
        #expect(page.contains("dsync node set-signer"))
        #expect(!page.contains("name=\"passphrase\""))
    }
}

/// Drafts: a form kept on the node with its errors, listed, resumed, finished.
@Suite("The node's browser app: drafts")
struct DraftTests {
    @Test("a form with a wrong check digit is kept as a draft, listed, resumed with its error shown, then saved")
    func draftRoundTrip() async throws {
        let ui = try await UIFixture()
        defer { Task { await ui.stop() } }
        let cookie = try await ui.login()
        let token = try await ui.formToken(cookie: cookie)
        let codes = UIFixture.taxCode("030222222")
        let kept = try await ui.post(
            "/enterprises/new", cookie: cookie,
            form: UIFixture.enterprise(codes.wrong, name: "Công ty Nháp") + [("_action", "draft"), ("_csrf", token)])
        #expect(kept.status == 303, "\(kept.body)")
        #expect(kept.headers["Location"].first == "/drafts?saved=1")
        #expect(try await ui.request(.GET, "/enterprises", cookie: cookie).body.contains("Tìm thấy 0 doanh nghiệp"))
        let drafts = try await ui.request(.GET, "/drafts?saved=1", cookie: cookie).body
        #expect(drafts.contains("Đã lưu bản nháp"))
        let link = try #require(drafts.range(of: "/enterprises/new?draft="))
        let id = String(drafts[link.upperBound...].prefix(while: { $0 != "\"" }))
        #expect(FileManager.default.fileExists(atPath: ui.home + "/drafts/\(id).json"))

        let resumed = try await ui.request(.GET, "/enterprises/new?draft=\(id)", cookie: cookie).body
        #expect(resumed.contains("value=\"Công ty Nháp\""))
        #expect(resumed.contains("name=\"_draft\" value=\"\(id)\""))
        #expect(resumed.contains("id=\"f-tax_code-error\">Đã nhập «\(codes.wrong)»"))

        let fixed = try await ui.post(
            "/enterprises/new", cookie: cookie,
            form: UIFixture.enterprise(codes.valid, name: "Công ty Nháp") + [
                ("_action", "save"), ("_draft", id), ("_csrf", token),
            ])
        #expect(fixed.status == 303)
        #expect(fixed.headers["Location"].first == "/enterprises/\(codes.valid)?saved=1")
        #expect(!FileManager.default.fileExists(atPath: ui.home + "/drafts/\(id).json"))
        #expect(try await ui.request(.GET, "/drafts", cookie: cookie).body.contains("Không có bản nháp nào."))
        #expect(try await ui.request(.GET, "/enterprises/new?draft=\(id)", cookie: cookie).status == 404)
        #expect(try await ui.request(.GET, "/enterprises/new?draft=..%2Fnode", cookie: cookie).status == 404)
    }

    @Test("a draft can be deleted only with the form token")
    func deleteDraft() async throws {
        let ui = try await UIFixture()
        defer { Task { await ui.stop() } }
        let cookie = try await ui.login()
        let token = try await ui.formToken(cookie: cookie, page: "/officers/new")
        let kept = try await ui.post(
            "/officers/new", cookie: cookie, form: [("name", "Trần Văn Nháp"), ("_action", "draft"), ("_csrf", token)])
        #expect(kept.status == 303)
        let page = try await ui.request(.GET, "/drafts", cookie: cookie).body
        let link = try #require(page.range(of: "/officers/new?draft="))
        let id = String(page[link.upperBound...].prefix(while: { $0 != "\"" }))
        let resumed = try await ui.request(.GET, "/officers/new?draft=\(id)", cookie: cookie).body
        #expect(resumed.contains("value=\"Trần Văn Nháp\""))
        #expect(resumed.contains("aria-invalid=\"true\""))
        let refused = try await ui.post("/drafts/\(id)/delete", cookie: cookie, form: [])
        #expect(refused.status == 403)
        #expect(FileManager.default.fileExists(atPath: ui.home + "/drafts/\(id).json"))
        let deleted = try await ui.post("/drafts/\(id)/delete", cookie: cookie, form: [("_csrf", token)])
        #expect(deleted.status == 303)
        #expect(!FileManager.default.fileExists(atPath: ui.home + "/drafts/\(id).json"))
    }
}
