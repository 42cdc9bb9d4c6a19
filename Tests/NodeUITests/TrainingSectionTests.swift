import DistrictNode
import DistrictSyncCore
import Foundation
import NIOHTTP1
import NodeUI
import Testing

extension UIFixture {
    /// Adds an officer through its form; returns the record page's path.
    func addOfficer(cookie: String, token: String) async throws -> String {
        let reply = try await post(
            "/officers/new", cookie: cookie,
            form: [
                ("name", "Nguyễn Thị Minh Khai"), ("office", "kinh-te"), ("role", "ecommerce"),
                ("appointed", "2024-03-15"), ("decision", "123/QĐ-UBND"), ("_csrf", token),
            ])
        #expect(reply.status == 303)
        let location = reply.headers["Location"].first ?? ""
        return String(location.prefix(while: { $0 != "?" }))
    }
}

/// Training events on `/officers/{id}` over real HTTP: the checks and the call of `dsync node training add`.
@Suite("Training events in the node's browser app")
struct TrainingSectionTests {
    @Test("training events added on the officer's page are listed there by date")
    func trainingAdded() async throws {
        let ui = try await UIFixture()
        defer { Task { await ui.stop() } }
        let cookie = try await ui.login()
        let token = try await ui.formToken(cookie: cookie, page: "/officers/new")
        let path = try await ui.addOfficer(cookie: cookie, token: token)
        let empty = try await ui.request(.GET, path, cookie: cookie)
        #expect(empty.body.contains("Chưa ghi lượt tập huấn nào."))
        #expect(empty.body.contains("id=\"f-organiser\" name=\"organiser\" value=\"Sở Công Thương TP.HCM\""))
        let later = try await ui.post(
            path + "/trainings", cookie: cookie,
            form: [
                ("date", "2024-05-20"), ("course", "Thương mại điện tử cho cán bộ"),
                ("organiser", "Sở Công Thương TP.HCM"), ("_csrf", token),
            ])
        #expect(later.status == 303)
        #expect(later.headers["Location"].first == path + "?training=1#trainings")
        let earlier = try await ui.post(
            path + "/trainings", cookie: cookie,
            form: [("date", "2024-04-02"), ("course", "Chữ ký số"), ("organiser", "VECOM"), ("_csrf", token)])
        #expect(earlier.status == 303)
        let record = try await ui.request(.GET, path + "?training=1", cookie: cookie).body
        #expect(record.contains("Đã ghi lượt tập huấn."))
        let first = try #require(record.range(of: "<tr><td>02/04/2024</td><td>Chữ ký số</td><td>VECOM</td></tr>"))
        let second = try #require(
            record.range(
                of: "<tr><td>20/05/2024</td><td>Thương mại điện tử cho cán bộ</td><td>Sở Công Thương TP.HCM</td></tr>"))
        #expect(first.lowerBound < second.lowerBound)
        let changes = try await ui.request(.GET, "/changes", cookie: cookie).body
        #expect(changes.contains("<td>Tập huấn</td>"))
        #expect(changes.contains("<li>Khóa tập huấn: Chữ ký số</li>"))
    }

    @Test("a training with a bad date and no course is refused on both fields, values kept, nothing recorded")
    func badTrainingRefused() async throws {
        let ui = try await UIFixture()
        defer { Task { await ui.stop() } }
        let cookie = try await ui.login()
        let token = try await ui.formToken(cookie: cookie, page: "/officers/new")
        let path = try await ui.addOfficer(cookie: cookie, token: token)
        let bad = try await ui.post(
            path + "/trainings", cookie: cookie,
            form: [("date", "15/03/2024"), ("course", "  "), ("organiser", "VECOM"), ("_csrf", token)])
        #expect(bad.status == 422)
        #expect(bad.body.contains("Chưa lưu: có 2 lỗi cần sửa"))
        #expect(
            bad.body.contains(
                "id=\"f-date\" name=\"date\" value=\"15/03/2024\" required aria-required=\"true\" aria-invalid=\"true\" aria-describedby=\"f-date-hint f-date-error\""
            ))
        #expect(
            bad.body.contains("<p class=\"error\" id=\"f-date-error\">Đã nhập «15/03/2024»: không phải ngày hợp lệ"))
        #expect(
            bad.body.contains(
                "id=\"f-course\" name=\"course\" value=\"  \" required aria-required=\"true\" aria-invalid=\"true\""))
        #expect(bad.body.contains("id=\"f-organiser\" name=\"organiser\" value=\"VECOM\""))
        #expect(bad.body.contains("Chưa ghi lượt tập huấn nào."))
        let noToken = try await ui.post(
            path + "/trainings", cookie: cookie, form: [("date", "2024-04-02"), ("course", "Chữ ký số")])
        #expect(noToken.status == 403)
        let record = try await ui.request(.GET, path, cookie: cookie).body
        #expect(record.contains("Chưa ghi lượt tập huấn nào."))
        let unknown = try await ui.post(
            "/officers/ffffffffffff/trainings", cookie: cookie,
            form: [("date", "2024-04-02"), ("course", "Chữ ký số"), ("_csrf", token)])
        #expect(unknown.status == 404)
    }
}
