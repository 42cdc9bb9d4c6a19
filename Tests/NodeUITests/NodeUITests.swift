import DistrictNode
import DistrictSyncCore
import DistrictSyncTesting
import Foundation
import NIOHTTP1
import NodeUI
import Testing

/// The officer's app over real HTTP on 127.0.0.1: access, CSRF, escaping, validation, search.
@Suite("The node's browser app (dsync node ui)")
struct NodeUITests {
    @Test("the access token in the URL becomes an HttpOnly SameSite=Strict cookie and a redirect that drops it")
    func tokenBecomesCookie() async throws {
        let ui = try await UIFixture()
        defer { Task { await ui.stop() } }
        let first = try await ui.request(.GET, "/?token=" + ui.token)
        #expect(first.status == 303)
        #expect(first.headers["Location"].first == "/")
        let cookie = first.headers["Set-Cookie"].first ?? ""
        #expect(cookie.hasPrefix("dsync_ui="))
        #expect(cookie.contains("HttpOnly"))
        #expect(cookie.contains("SameSite=Strict"))
        let home = try await ui.request(.GET, "/", cookie: String(cookie.split(separator: ";")[0]))
        #expect(home.status == 200)
        #expect(home.body.contains("<html lang=\"vi\">"))
        #expect(home.body.contains("đã khảo sát 0/0"))
        #expect(home.headers["Content-Security-Policy"].first?.hasPrefix("default-src 'self'") == true)
        #expect(home.headers["X-Content-Type-Options"].first == "nosniff")
        #expect(home.headers["Referrer-Policy"].first == "no-referrer")
        let wrong = try await ui.request(.GET, "/?token=0000")
        #expect(wrong.status == 403)
        #expect(wrong.headers["Set-Cookie"].isEmpty)
    }

    @Test("every page without a valid session is 401 and shows no data")
    func noSessionIs401() async throws {
        let ui = try await UIFixture()
        defer { Task { await ui.stop() } }
        for path in ["/", "/officers", "/officers/new", "/enterprises", "/enterprises/new", "/app.css"] {
            let reply = try await ui.request(.GET, path)
            #expect(reply.status == 401, "\(path)")
            let forged = try await ui.request(.GET, path, cookie: "dsync_ui=" + ui.token)
            #expect(forged.status == 401, "\(path) with a forged cookie")
        }
        let post = try await ui.request(
            .POST, "/enterprises/new", form: UIFixture.enterprise(UIFixture.taxCode("030123456").valid, name: "A"))
        #expect(post.status == 401)
    }

    @Test("a cross-site POST is refused with 403 and writes nothing, even with the right form token")
    func crossSitePostRefused() async throws {
        let ui = try await UIFixture()
        defer { Task { await ui.stop() } }
        let cookie = try await ui.login()
        let token = try await ui.formToken(cookie: cookie)
        #expect(token.count == 64)
        let code = UIFixture.taxCode("030123456").valid
        let form = UIFixture.enterprise(code, name: "Công ty Chéo Trang") + [("_csrf", token)]
        let crossSite = try await ui.request(
            .POST, "/enterprises/new", cookie: cookie, headers: [("Sec-Fetch-Site", "cross-site"), ("Origin", "null")],
            form: form)
        #expect(crossSite.status == 403)
        let otherOrigin = try await ui.request(
            .POST, "/enterprises/new", cookie: cookie, headers: [("Origin", "http://evil.example")], form: form)
        #expect(otherOrigin.status == 403)
        let record = try await ui.request(.GET, "/enterprises/\(code)", cookie: cookie)
        #expect(record.status == 404)
        let list = try await ui.request(.GET, "/enterprises", cookie: cookie)
        #expect(list.body.contains("Tìm thấy 0 doanh nghiệp"))
    }

    @Test("a same-origin POST without the session's form token is refused and writes nothing")
    func missingFormTokenRefused() async throws {
        let ui = try await UIFixture()
        defer { Task { await ui.stop() } }
        let cookie = try await ui.login()
        let code = UIFixture.taxCode("030123460").valid
        let none = try await ui.post("/enterprises/new", cookie: cookie, form: UIFixture.enterprise(code, name: "B"))
        #expect(none.status == 403)
        let wrong = try await ui.post(
            "/enterprises/new", cookie: cookie,
            form: UIFixture.enterprise(code, name: "B") + [("_csrf", String(repeating: "a", count: 64))])
        #expect(wrong.status == 403)
        #expect(try await ui.request(.GET, "/enterprises/\(code)", cookie: cookie).status == 404)
        // The same post with the token is saved, and answered with a redirect (post/redirect/get).
        let token = try await ui.formToken(cookie: cookie)
        let good = try await ui.post(
            "/enterprises/new", cookie: cookie, form: UIFixture.enterprise(code, name: "B") + [("_csrf", token)])
        #expect(good.status == 303)
        #expect(good.headers["Location"].first == "/enterprises/\(code)?saved=1")
        #expect(try await ui.request(.GET, "/enterprises/\(code)", cookie: cookie).status == 200)
    }

    @Test("a name like <img src=x onerror=alert(1)> is shown as text on the list and the record page")
    func namesAreEscaped() async throws {
        let ui = try await UIFixture()
        defer { Task { await ui.stop() } }
        let cookie = try await ui.login()
        let token = try await ui.formToken(cookie: cookie)
        let code = UIFixture.taxCode("030123458").valid
        let name = "<img src=x onerror=alert(1)>"
        let saved = try await ui.post(
            "/enterprises/new", cookie: cookie,
            form: UIFixture.enterprise(code, name: name, address: "\"><script>x</script>") + [("_csrf", token)])
        #expect(saved.status == 303)
        for path in ["/enterprises", "/enterprises/\(code)"] {
            let body = try await ui.request(.GET, path, cookie: cookie).body
            #expect(!body.contains("<img src=x"), "\(path)")
            #expect(!body.contains("<script>"), "\(path)")
            #expect(body.contains("&lt;img src=x onerror=alert(1)&gt;"), "\(path)")
        }
    }

    @Test("a wrong check digit marks the field aria-invalid with a linked message, keeps the values, saves nothing")
    func validationErrorsAreAccessible() async throws {
        let ui = try await UIFixture()
        defer { Task { await ui.stop() } }
        let cookie = try await ui.login()
        let token = try await ui.formToken(cookie: cookie)
        let wrong = UIFixture.taxCode("030123459").wrong
        var form = UIFixture.enterprise(wrong, name: "Công ty Sai Số")
        form = form.map { $0.0 == "employees" ? ($0.0, "mười hai") : $0 }
        let reply = try await ui.post("/enterprises/new", cookie: cookie, form: form + [("_csrf", token)])
        #expect(reply.status == 422)
        let body = reply.body
        #expect(body.contains("role=\"alert\""))
        #expect(body.contains("href=\"#f-tax_code\""))
        #expect(body.contains("href=\"#f-employees\""))
        #expect(
            body.contains(
                "id=\"f-tax_code\" name=\"tax_code\" value=\"\(wrong)\" inputmode=\"numeric\" required aria-required=\"true\" aria-invalid=\"true\" aria-describedby=\"f-tax_code-hint f-tax_code-error\""
            ))
        #expect(body.contains("<p class=\"error\" id=\"f-tax_code-error\">Đã nhập «\(wrong)»"))
        #expect(body.contains("id=\"f-employees-error\">Đã nhập «mười hai»"))
        #expect(body.contains("value=\"Công ty Sai Số\""))
        #expect(
            !body.contains(
                "id=\"f-name\" name=\"name\" value=\"Công ty Sai Số\" required aria-required=\"true\" aria-invalid"))
        #expect(try await ui.request(.GET, "/enterprises/\(wrong)", cookie: cookie).status != 200)
        let list = try await ui.request(.GET, "/enterprises", cookie: cookie)
        #expect(list.body.contains("Tìm thấy 0 doanh nghiệp"))
    }

    @Test(
        "search ignores diacritics and case, with đ/Đ folding to d, by name, address and tax code; order is Vietnamese")
    func diacriticInsensitiveSearch() async throws {
        let ui = try await UIFixture()
        defer { Task { await ui.stop() } }
        let cookie = try await ui.login()
        let token = try await ui.formToken(cookie: cookie)
        let a = UIFixture.taxCode("030111111").valid
        let b = UIFixture.taxCode("030222222").valid
        let c = UIFixture.taxCode("030333333").valid
        for (code, name, address) in [
            (a, "Công ty Đông Thủ Đức", "5 Võ Văn Ngân"), (b, "Nguyễn Văn Dũng", "9 Hàm Nghi"),
            (c, "Công ty Dung Hòa", "1 Lê Duẩn"),
        ] {
            let r = try await ui.post(
                "/enterprises/new", cookie: cookie,
                form: UIFixture.enterprise(code, name: name, address: address) + [("_csrf", token)])
            #expect(r.status == 303, "\(name)")
        }
        let thuDuc = try await ui.request(.GET, "/enterprises?q=thu+duc", cookie: cookie).body
        #expect(thuDuc.contains("Công ty Đông Thủ Đức"))
        #expect(thuDuc.contains("Tìm thấy 1 doanh nghiệp"))
        let nguyen = try await ui.request(.GET, "/enterprises?q=NGUYEN", cookie: cookie).body
        #expect(nguyen.contains("Nguyễn Văn Dũng"))
        #expect(nguyen.contains("Tìm thấy 1 doanh nghiệp"))
        let byAddress = try await ui.request(.GET, "/enterprises?q=vo+van+ngan", cookie: cookie).body
        #expect(byAddress.contains("Công ty Đông Thủ Đức"))
        let byCode = try await ui.request(.GET, "/enterprises?q=" + String(b.prefix(6)), cookie: cookie).body
        #expect(byCode.contains("Nguyễn Văn Dũng") && !byCode.contains("Công ty Dung Hòa"))
        // "dung" finds both Dũng and Dung; "cong ty d" lists Dung before Đông (d before đ).
        let dung = try await ui.request(.GET, "/enterprises?q=dung", cookie: cookie).body
        #expect(dung.contains("Tìm thấy 2 doanh nghiệp"))
        let all = try await ui.request(.GET, "/enterprises?q=cong+ty", cookie: cookie).body
        let dungAt = try #require(all.range(of: "Công ty Dung Hòa")).lowerBound
        let dongAt = try #require(all.range(of: "Công ty Đông Thủ Đức")).lowerBound
        #expect(dungAt < dongAt)
        // The filter stays in the URL of the next page and in the form.
        #expect(all.contains("name=\"q\" value=\"cong ty\""))
    }

    @Test(
        "filters by ward (accents ignored), sector, status and survey year narrow the list and stay selected in the form"
    )
    func filters() async throws {
        let ui = try await UIFixture()
        defer { Task { await ui.stop() } }
        let cookie = try await ui.login()
        let token = try await ui.formToken(cookie: cookie)
        let farm = UIFixture.taxCode("030111111").valid
        let shop = UIFixture.taxCode("030222222").valid
        var farmForm = UIFixture.enterprise(farm, name: "Hợp tác xã Rau Sạch")
        farmForm = farmForm.map {
            $0.0 == "sector"
                ? ($0.0, "agriculture") : $0.0 == "ward" ? ($0.0, "Đa Kao") : $0.0 == "status" ? ($0.0, "closed") : $0
        }
        #expect(
            try await ui.post("/enterprises/new", cookie: cookie, form: farmForm + [("_csrf", token)]).status == 303)
        #expect(
            try await ui.post(
                "/enterprises/new", cookie: cookie,
                form: UIFixture.enterprise(shop, name: "Cửa hàng Bến Nghé") + [("_csrf", token)]
            ).status == 303)
        let agriculture = try await ui.request(.GET, "/enterprises?sector=agriculture", cookie: cookie).body
        #expect(agriculture.contains("Hợp tác xã Rau Sạch") && !agriculture.contains("Cửa hàng Bến Nghé"))
        #expect(agriculture.contains("<option value=\"agriculture\" selected>"))
        let ward = try await ui.request(.GET, "/enterprises?ward=da+kao", cookie: cookie).body
        #expect(ward.contains("Tìm thấy 1 doanh nghiệp") && ward.contains("Hợp tác xã Rau Sạch"))
        let active = try await ui.request(.GET, "/enterprises?status=active", cookie: cookie).body
        #expect(active.contains("Cửa hàng Bến Nghé") && !active.contains("Hợp tác xã Rau Sạch"))
        // Nobody has a 2024 answer: "surveyed in 2024" lists none, "not surveyed in 2024" lists both.
        let surveyed = try await ui.request(.GET, "/enterprises?survey_year=2024", cookie: cookie).body
        #expect(surveyed.contains("Tìm thấy 0 doanh nghiệp"))
        let notSurveyed = try await ui.request(
            .GET, "/enterprises?survey_year=2024&not_surveyed=1", cookie: cookie
        ).body
        #expect(notSurveyed.contains("Tìm thấy 2 doanh nghiệp"))
        #expect(notSurveyed.contains("id=\"q-not_surveyed\" name=\"not_surveyed\" value=\"1\" checked"))
    }

    @Test("an officer added through the form is listed and makes the district covered (C.V.2)")
    func officerAdded() async throws {
        let ui = try await UIFixture()
        defer { Task { await ui.stop() } }
        let cookie = try await ui.login()
        let before = try await ui.request(.GET, "/officers", cookie: cookie).body
        #expect(before.contains("chưa đạt"))
        let token = try await ui.formToken(cookie: cookie, page: "/officers/new")
        let bad = try await ui.post(
            "/officers/new", cookie: cookie,
            form: [
                ("name", "Nguyễn Thị Minh Khai"), ("office", "kinh-te"), ("role", "ecommerce"),
                ("appointed", "15/03/2024"), ("decision", "123/QĐ-UBND"), ("_csrf", token),
            ])
        #expect(bad.status == 422)
        #expect(bad.body.contains("id=\"f-appointed-error\">Đã nhập «15/03/2024»"))
        let good = try await ui.post(
            "/officers/new", cookie: cookie,
            form: [
                ("name", "Nguyễn Thị Minh Khai"), ("office", "kinh-te"), ("role", "ecommerce"),
                ("appointed", "2024-03-15"), ("decision", "123/QĐ-UBND"), ("_csrf", token),
            ])
        #expect(good.status == 303)
        let location = try #require(good.headers["Location"].first)
        let record = try await ui.request(.GET, String(location), cookie: cookie).body
        #expect(record.contains("Nguyễn Thị Minh Khai"))
        #expect(record.contains("từ 15/03/2024"))
        #expect(record.contains("cán bộ này được tính cho chỉ tiêu C.V.2"))
        let after = try await ui.request(.GET, "/officers", cookie: cookie).body
        #expect(after.contains("<strong>đạt</strong>"))

        // Ended in the browser (the call of `officer end`): an end before the start is refused on
        // its field; a valid end date takes the district out of coverage on the node's today.
        let edit = String(location.prefix(while: { $0 != "?" })) + "/edit"
        let form = try await ui.request(.GET, edit, cookie: cookie).body
        #expect(form.contains("value=\"Nguyễn Thị Minh Khai\""))
        let fields: [(String, String)] = [
            ("name", "Nguyễn Thị Minh Khai"), ("office", "kinh-te"), ("role", "ecommerce"),
            ("decision", "123/QĐ-UBND"), ("decision_date", ""), ("contact", ""),
        ]
        let early = try await ui.post(
            edit, cookie: cookie, form: fields + [("end_date", "2024-01-01"), ("_csrf", token)])
        #expect(early.status == 422)
        #expect(early.body.contains("id=\"f-end_date-error\">Đã nhập «2024-01-01»"))
        let ended = try await ui.post(
            edit, cookie: cookie, form: fields + [("end_date", "2024-05-01"), ("_csrf", token)])
        #expect(ended.status == 303)
        let now = try await ui.request(.GET, "/officers", cookie: cookie).body
        #expect(now.contains("chưa đạt") && now.contains("Đã thôi"))
    }

    @Test(
        "an enterprise edited in the browser keeps its tax code, refuses a bad value, and shows old → new in its history"
    )
    func editEnterprise() async throws {
        let ui = try await UIFixture()
        defer { Task { await ui.stop() } }
        let cookie = try await ui.login()
        let token = try await ui.formToken(cookie: cookie)
        let code = UIFixture.taxCode("030765432").valid
        let saved = try await ui.post(
            "/enterprises/new", cookie: cookie,
            form: UIFixture.enterprise(code, name: "Công ty Cũ") + [("_csrf", token)])
        #expect(saved.status == 303)
        let form = try await ui.request(.GET, "/enterprises/\(code)/edit", cookie: cookie).body
        #expect(form.contains("value=\"Công ty Cũ\""))
        #expect(!form.contains("name=\"tax_code\""))
        var fields = UIFixture.enterprise(code, name: "Công ty Mới").filter { $0.0 != "tax_code" }
        let bad = try await ui.post(
            "/enterprises/\(code)/edit", cookie: cookie,
            form: fields.map { $0.0 == "sector" ? ($0.0, "fishing") : $0 } + [("_csrf", token)])
        #expect(bad.status == 422)
        #expect(bad.body.contains("id=\"f-sector-error\">Đã nhập «fishing»"))
        #expect(try await ui.request(.GET, "/enterprises/\(code)", cookie: cookie).body.contains("<h1>Công ty Cũ</h1>"))
        fields = fields.map { $0.0 == "employees" ? ($0.0, "40") : $0 }
        let good = try await ui.post("/enterprises/\(code)/edit", cookie: cookie, form: fields + [("_csrf", token)])
        #expect(good.status == 303)
        #expect(good.headers["Location"].first == "/enterprises/\(code)?saved=1")
        let record = try await ui.request(.GET, "/enterprises/\(code)?saved=1", cookie: cookie).body
        #expect(record.contains("<h1>Công ty Mới</h1>"))
        #expect(record.contains("Công ty Cũ") && record.contains("→"))
        #expect(record.contains("Số lao động: 12 → 40"))
    }

    @Test("a form body over the limit is refused with a page of the app, its security headers, and nothing written")
    func oversizedBodyRefused() async throws {
        let ui = try await UIFixture()
        defer { Task { await ui.stop() } }
        let cookie = try await ui.login()
        let token = try await ui.formToken(cookie: cookie)
        let code = UIFixture.taxCode("030333333").valid
        let huge = String(repeating: "x", count: 300 * 1024)
        let reply = try await ui.post(
            "/enterprises/new", cookie: cookie,
            form: UIFixture.enterprise(code, name: "Công ty Quá Lớn", address: huge) + [("_csrf", token)])
        #expect(reply.status == 413)
        #expect(reply.body.contains("<html lang=\"vi\">"))
        #expect(reply.body.contains("Không có gì được lưu"))
        #expect(reply.headers["Content-Security-Policy"].first?.hasPrefix("default-src 'self'") == true)
        #expect(try await ui.request(.GET, "/enterprises/\(code)", cookie: cookie).status == 404)
    }

    @Test("a non-loopback --listen is refused without --allow-remote, and --allow-remote without TLS on any address")
    func listenIsLoopbackUnlessRemoteWithTLS() throws {
        #expect(try NodeUIServer.parseListen("127.0.0.1:0", allowRemote: false) == .init(host: "127.0.0.1", port: 0))
        #expect(try NodeUIServer.parseListen("localhost:8080", allowRemote: false).host == "127.0.0.1")
        for text in ["0.0.0.0:8080", "192.168.1.5:80", "example.org:80"] {
            for tls in [false, true] {
                let error = #expect(throws: NodeError.self) {
                    try NodeUIServer.parseListen(text, allowRemote: false, tls: tls)
                }
                #expect(error?.code == "ui_not_loopback", "\(text)")
                #expect(error?.message(in: .vi).contains("không phải địa chỉ của chính máy này") == true)
                #expect(error?.message(in: .en).contains("not a loopback address") == true)
                #expect(error?.message(in: .en).contains("--allow-remote") == true)
            }
            let noTLS = #expect(throws: NodeError.self) {
                try NodeUIServer.parseListen(text, allowRemote: true, tls: false)
            }
            #expect(noTLS?.code == "ui_not_loopback")
            #expect(noTLS?.message(in: .en).contains("requires TLS") == true)
            #expect(noTLS?.message(in: .vi).contains("cần TLS") == true)
        }
        let remote = #expect(throws: NodeError.self) {
            try NodeUIServer.parseListen("127.0.0.1:8080", allowRemote: true)
        }
        #expect(remote?.code == "ui_not_loopback")
        #expect(remote?.message(in: .en).contains("requires TLS") == true)
        // With both, any address is accepted (parsing only: nothing is bound here).
        #expect(
            try NodeUIServer.parseListen("0.0.0.0:8443", allowRemote: true, tls: true)
                == .init(host: "0.0.0.0", port: 8443))
        let malformed = #expect(throws: NodeError.self) {
            try NodeUIServer.parseListen("127.0.0.1", allowRemote: false)
        }
        #expect(malformed?.code == "bad_listen")
    }

    @Test("over TLS the app answers on https, its URL is https and the session cookie is Secure as well as HttpOnly")
    func servesOverTLS() async throws {
        let ui = try await UIFixture(tls: true)
        defer { Task { await ui.stop() } }
        #expect(ui.url.hasPrefix("https://127.0.0.1:"))
        let login = try await ui.request(.GET, "/?token=" + ui.token)
        #expect(login.status == 303)
        let setCookie = login.headers["Set-Cookie"].first ?? ""
        #expect(setCookie.contains("HttpOnly"))
        #expect(setCookie.contains("SameSite=Strict"))
        #expect(setCookie.hasSuffix("; Secure"))
        let cookie = String(setCookie.split(separator: ";").first ?? "")
        let home = try await ui.request(.GET, "/", cookie: cookie)
        #expect(home.status == 200)
        #expect(home.body.contains("<html lang=\"vi\">"))
        #expect(try await ui.request(.GET, "/enterprises").status == 401)
        // A post whose Origin is the plain-HTTP twin of the app is another origin: refused.
        let token = try await ui.formToken(cookie: cookie)
        let code = UIFixture.taxCode("030000111").valid
        let plainOrigin = try await ui.request(
            .POST, "/enterprises/new", cookie: cookie,
            headers: [("Origin", ui.base.replacingOccurrences(of: "https://", with: "http://"))],
            form: UIFixture.enterprise(code, name: "Công ty TLS") + [("_csrf", token)])
        #expect(plainOrigin.status == 403)
        #expect(try await ui.request(.GET, "/enterprises/\(code)", cookie: cookie).status == 404)
        let saved = try await ui.post(
            "/enterprises/new", cookie: cookie,
            form: UIFixture.enterprise(code, name: "Công ty TLS") + [("_csrf", token)])
        #expect(saved.status == 303)
        #expect(try await ui.request(.GET, "/enterprises/\(code)", cookie: cookie).status == 200)
    }

    @Test("on plain loopback HTTP the session cookie has no Secure attribute (a browser would drop it)")
    func plainCookieIsNotSecure() async throws {
        let ui = try await UIFixture()
        defer { Task { await ui.stop() } }
        #expect(ui.url.hasPrefix("http://127.0.0.1:"))
        let setCookie = try await ui.request(.GET, "/?token=" + ui.token).headers["Set-Cookie"].first ?? ""
        #expect(setCookie.contains("HttpOnly"))
        #expect(!setCookie.contains("Secure"))
    }

    @Test("dsync node ui refuses a non-loopback address, and --allow-remote without TLS, before opening a socket")
    func commandRefusesRemoteWithoutTLS() throws {
        let directory = makeTemporaryDirectory("node-ui-remote")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let home = directory + "/home"
        let created = try Dsync().run(["node", "init", home, "--unit", "760"])
        #expect(created.status == 0, "\(created.stderr)")
        let pki = try TestPKI.shared()
        let cases: [[String]] = [
            ["--listen", "192.168.1.5:8080"],
            ["--listen", "0.0.0.0:0", "--allow-remote"],
            ["--listen", "127.0.0.1:0", "--allow-remote"],
            ["--listen", "0.0.0.0:0", "--tls-cert", pki.hubCertificate, "--tls-key", pki.hubKey],
        ]
        for extra in cases {
            let ready = directory + "/ready.json"
            let result = try Dsync(extra: ["DSYNC_KEY_PASSPHRASE": TestPKI.passphrase]).run(
                ["node", "ui", "--home", home, "--ready-file", ready, "--lang", "en"] + extra)
            #expect(result.status != 0, "\(extra)")
            #expect(result.stderr.contains("ui_not_loopback"), "\(extra): \(result.stderr)")
            #expect(!FileManager.default.fileExists(atPath: ready), "\(extra)")
        }
        let halfTLS = try Dsync().run(
            ["node", "ui", "--home", home, "--listen", "127.0.0.1:0", "--tls-cert", pki.hubCertificate, "--lang", "en"])
        #expect(halfTLS.status != 0)
        #expect(halfTLS.stderr.contains("no_tls"), "\(halfTLS.stderr)")
    }
}
