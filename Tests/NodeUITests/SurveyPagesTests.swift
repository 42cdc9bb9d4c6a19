import DistrictNode
import DistrictSyncCore
import Foundation
import NIOHTTP1
import NodeUI
import Testing

extension UIFixture {
    /// A survey form as a browser sends it (software ticked boxes repeat the name).
    static func survey(
        emailUse: String = "regular", software: [String] = ["accounting"], employees: String = "",
        collectedOn: String = "2024-05-20"
    ) -> [(String, String)] {
        [
            ("email_use", emailUse), ("website", "periodic"), ("ecommerce_site", "marketplace"), ("edi", "no"),
        ] + software.map { ("software", $0) } + [
            ("b2b", "yes"), ("b2c", "no"), ("cashless", "yes"), ("e_bill_payment", "n/a"),
            ("consumer_e_channel", "no"), ("collected_by", "Lê Văn Thu"), ("collected_on", collectedOn),
            ("employees", employees), ("capital_vnd", ""), ("revenue_vnd", ""),
        ]
    }

    /// Adds an enterprise through its form; returns its tax code.
    func addEnterprise(cookie: String, token: String, prefix: String, name: String) async throws -> String {
        let code = Self.taxCode(prefix).valid
        let reply = try await post(
            "/enterprises/new", cookie: cookie, form: Self.enterprise(code, name: name) + [("_csrf", token)])
        #expect(reply.status == 303, "adding \(name)")
        return code
    }
}

/// `/surveys` and the survey form over real HTTP: the same checks as `dsync node survey set`.
@Suite("Surveys in the node's browser app")
struct SurveyPagesTests {
    @Test("a survey saved through the form is listed as surveyed for its year and shows on the record page")
    func savedSurveyIsListed() async throws {
        let ui = try await UIFixture()
        defer { Task { await ui.stop() } }
        let cookie = try await ui.login()
        let token = try await ui.formToken(cookie: cookie)
        let a = try await ui.addEnterprise(cookie: cookie, token: token, prefix: "030123456", name: "Công ty An Bình")
        let b = try await ui.addEnterprise(cookie: cookie, token: token, prefix: "030222222", name: "Công ty Bảo Châu")
        let before = try await ui.request(.GET, "/surveys", cookie: cookie)
        #expect(before.status == 200)
        #expect(before.body.contains("Năm 2024: đã khảo sát 0/2"))
        #expect(before.body.components(separatedBy: "chưa khảo sát</td>").count == 3)

        let saved = try await ui.post(
            "/enterprises/\(a)/surveys/2024", cookie: cookie,
            form: UIFixture.survey(software: ["accounting", "crm"], employees: "15") + [("_csrf", token)])
        #expect(saved.status == 303)
        #expect(saved.headers["Location"].first == "/enterprises/\(a)/surveys/2024?saved=1")

        let after = try await ui.request(.GET, "/surveys?year=2024", cookie: cookie)
        #expect(after.body.contains("Năm 2024: đã khảo sát 1/2"))
        #expect(after.body.contains("Đã khảo sát (ngày 20/05/2024, Lê Văn Thu)"))
        let open = try await ui.request(.GET, "/surveys?year=2024&not_surveyed=1", cookie: cookie)
        #expect(open.body.contains("Công ty Bảo Châu"))
        #expect(!open.body.contains("Công ty An Bình"))
        #expect(open.body.contains("id=\"q-not_surveyed\" name=\"not_surveyed\" value=\"1\" checked"))
        let otherYear = try await ui.request(.GET, "/surveys?year=2023", cookie: cookie)
        #expect(otherYear.body.contains("Năm 2023: đã khảo sát 0/2"))

        let record = try await ui.request(.GET, "/enterprises/\(a)", cookie: cookie)
        #expect(
            record.body.contains("<dt>Các năm đã khảo sát</dt><dd><a href=\"/enterprises/\(a)/surveys/2024\">2024</a>"))
        let form = try await ui.request(.GET, "/enterprises/\(a)/surveys/2024?saved=1", cookie: cookie)
        #expect(form.body.contains("Đã lưu phiếu khảo sát năm 2024."))
        #expect(form.body.contains("<option value=\"regular\" selected>Thường xuyên</option>"))
        #expect(form.body.contains("name=\"software\" value=\"crm\" checked"))
        #expect(form.body.contains("id=\"f-employees\" name=\"employees\" value=\"15\""))
        let untouched = try await ui.request(.GET, "/enterprises/\(b)", cookie: cookie)
        #expect(untouched.body.contains("<dt>Các năm đã khảo sát</dt><dd>chưa có</dd>"))
    }

    @Test("a bad value is refused on its field with a linked message, the typed values kept and nothing saved")
    func badValueRefused() async throws {
        let ui = try await UIFixture()
        defer { Task { await ui.stop() } }
        let cookie = try await ui.login()
        let token = try await ui.formToken(cookie: cookie)
        let a = try await ui.addEnterprise(cookie: cookie, token: token, prefix: "030123456", name: "Công ty An Bình")
        let refused = try await ui.post(
            "/enterprises/\(a)/surveys/2024", cookie: cookie,
            form: UIFixture.survey(emailUse: "sometimes", employees: "mười hai") + [("_csrf", token)])
        #expect(refused.status == 422)
        #expect(refused.body.contains("role=\"alert\""))
        #expect(refused.body.contains("Chưa lưu: có 2 lỗi cần sửa"))
        #expect(refused.body.contains("<a href=\"#f-employees\">"))
        #expect(
            refused.body.contains(
                "id=\"f-employees\" name=\"employees\" value=\"mười hai\" inputmode=\"numeric\" aria-invalid=\"true\" aria-describedby=\"f-employees-hint f-employees-error\""
            ))
        #expect(refused.body.contains("<p class=\"error\" id=\"f-employees-error\">Đã nhập «mười hai»"))
        #expect(
            refused.body.contains(
                "id=\"f-email_use\" name=\"email_use\" required aria-required=\"true\" aria-invalid=\"true\""))
        #expect(refused.body.contains("<option value=\"periodic\" selected>"))
        let list = try await ui.request(.GET, "/surveys?year=2024", cookie: cookie)
        #expect(list.body.contains("Năm 2024: đã khảo sát 0/1"))
        let record = try await ui.request(.GET, "/enterprises/\(a)", cookie: cookie)
        #expect(record.body.contains("<dt>Các năm đã khảo sát</dt><dd>chưa có</dd>"))
        let unknown = try await ui.post(
            "/enterprises/\(UIFixture.taxCode("030123499").valid)/surveys/2024", cookie: cookie,
            form: UIFixture.survey() + [("_csrf", token)])
        #expect(unknown.status == 404)
        let badYear = try await ui.request(.GET, "/enterprises/\(a)/surveys/1890", cookie: cookie)
        #expect(badYear.status == 404)
    }

    @Test("the survey form shows the latest earlier year's answer beside each field")
    func lastYearShown() async throws {
        let ui = try await UIFixture()
        defer { Task { await ui.stop() } }
        let cookie = try await ui.login()
        let token = try await ui.formToken(cookie: cookie)
        let a = try await ui.addEnterprise(cookie: cookie, token: token, prefix: "030123456", name: "Công ty An Bình")
        let first = try await ui.request(.GET, "/enterprises/\(a)/surveys/2024", cookie: cookie)
        #expect(first.body.contains("Doanh nghiệp chưa có phiếu năm nào trước năm 2024."))
        let last = try await ui.post(
            "/enterprises/\(a)/surveys/2023", cookie: cookie,
            form: UIFixture.survey(software: ["hr", "crm"], employees: "9", collectedOn: "2023-04-02") + [
                ("_csrf", token)
            ])
        #expect(last.status == 303)
        let form = try await ui.request(.GET, "/enterprises/\(a)/surveys/2024", cookie: cookie)
        #expect(form.body.contains("Doanh nghiệp chưa có phiếu năm 2024."))
        #expect(form.body.contains("<p class=\"hint\" id=\"f-email_use-hint\">Năm 2023: Thường xuyên.</p>"))
        #expect(
            form.body.contains(
                "<p class=\"hint\" id=\"f-software-hint\">Năm 2023: Nhân sự, Quản lý khách hàng (CRM).</p>"))
        #expect(form.body.contains("Năm 2023: Tham gia sàn thương mại điện tử."))
        #expect(form.body.contains("Để trống: dùng số hiện tại của doanh nghiệp. Năm 2023: 9."))
        #expect(form.body.contains("aria-describedby=\"f-email_use-hint\""))
        #expect(!form.body.contains(" checked"))
    }

    @Test("a survey form kept as a draft is listed, resumes on its form with its error, and saving removes it")
    func surveyDraft() async throws {
        let ui = try await UIFixture()
        defer { Task { await ui.stop() } }
        let cookie = try await ui.login()
        let token = try await ui.formToken(cookie: cookie)
        let a = try await ui.addEnterprise(cookie: cookie, token: token, prefix: "030123456", name: "Công ty An Bình")
        let kept = try await ui.post(
            "/enterprises/\(a)/surveys/2024", cookie: cookie,
            form: UIFixture.survey(employees: "mười") + [("_csrf", token), ("_action", "draft")])
        #expect(kept.status == 303)
        #expect(kept.headers["Location"].first == "/drafts?saved=1")
        let drafts = try await ui.request(.GET, "/drafts", cookie: cookie)
        #expect(drafts.body.contains("Phiếu khảo sát"))
        guard let range = drafts.body.range(of: "/enterprises/\(a)/surveys/2024?draft=") else {
            Issue.record("no resume link on /drafts")
            return
        }
        let id = String(drafts.body[range.upperBound...].prefix(while: { $0 != "\"" }))
        let resumed = try await ui.request(.GET, "/enterprises/\(a)/surveys/2024?draft=\(id)", cookie: cookie)
        #expect(resumed.body.contains("value=\"mười\""))
        #expect(resumed.body.contains("aria-invalid=\"true\""))
        #expect(resumed.body.contains("name=\"_draft\" value=\"\(id)\""))
        let list = try await ui.request(.GET, "/surveys", cookie: cookie)
        #expect(list.body.contains("đã khảo sát 0/1"))
        let saved = try await ui.post(
            "/enterprises/\(a)/surveys/2024", cookie: cookie,
            form: UIFixture.survey(employees: "10") + [("_csrf", token), ("_draft", id)])
        #expect(saved.status == 303)
        let after = try await ui.request(.GET, "/drafts", cookie: cookie)
        #expect(after.body.contains("Không có bản nháp nào."))
        #expect(try await ui.request(.GET, "/surveys", cookie: cookie).body.contains("đã khảo sát 1/1"))
    }
}
