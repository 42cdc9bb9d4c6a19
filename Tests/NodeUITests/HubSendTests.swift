import DistrictNode
import DistrictSyncCore
import DistrictSyncTesting
import Foundation
import NIOHTTP1
import NodeUI
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// `/deliver`'s hub part with a real `dsync hub serve` on 127.0.0.1: the sync of `dsync node sync`,
/// receipts from a folder as `dsync node ack`, each changeset's state from its stored receipt.
@Suite("Sending to the hub from the node's browser app")
struct HubSendTests {
    static let hubNow = "2024-06-01T10:00:00Z"

    /// A hub home on the test PKI (`dsync hub init`).
    static func hubHome(_ directory: String) throws -> String {
        let pki = try TestPKI.shared()
        let home = directory + "/hub"
        let r = try Dsync(now: hubNow).run([
            "hub", "init", home, "--ca", pki.rootCertificate, "--cert", pki.hubCertificate, "--key", pki.hubKey,
            "--crl", pki.crl,
        ])
        #expect(r.status == 0, Comment(rawValue: r.stderr))
        return home
    }

    /// Adds an enterprise and signs the pending changes through the app.
    static func commitOne(_ ui: UIFixture, cookie: String, token: String, prefix: String, name: String) async throws {
        _ = try await ui.addEnterprise(cookie: cookie, token: token, prefix: prefix, name: name)
        let commit = try await ui.post(
            "/commit", cookie: cookie, form: [("passphrase", TestPKI.passphrase), ("_csrf", token)])
        #expect(commit.status == 303)
    }

    @Test("Gửi lên hub runs the node's sync; each changeset shows accepted only from its verified receipt")
    func sendToHub() async throws {
        let directory = makeTemporaryDirectory("ui-hub")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let hub = try HubProcess(home: try Self.hubHome(directory), port: 0, directory: directory, now: Self.hubNow)
        defer { hub.kill(SIGKILL) }
        let url = try await hub.url()
        let pki = try TestPKI.shared()
        let ui = try await UIFixture(signer: true) { session in
            session.config.hubURL = url
            session.config.caCertificates = [pki.rootCertificate]
            try session.saveConfig()
        }
        defer { Task { await ui.stop() } }
        let cookie = try await ui.login()
        let token = try await ui.formToken(cookie: cookie)
        try await Self.commitOne(ui, cookie: cookie, token: token, prefix: "030111111", name: "Công ty Gửi Hub")

        let before = try await ui.request(.GET, "/deliver", cookie: cookie).body
        #expect(before.contains("Hub: \(url)"))
        #expect(before.contains("<button type=\"submit\">Gửi lên hub</button>"))
        #expect(before.contains("<td>Chưa có biên nhận nào cho thấy gói đã tới hub</td><td>Chưa có</td>"))

        let sent = try await ui.post("/deliver/sync", cookie: cookie, form: [("passphrase", ""), ("_csrf", token)])
        #expect(sent.status == 200)
        #expect(sent.body.contains("Đã gửi xong: cả 1 gói đều có biên nhận đã xác minh của hub."))
        #expect(sent.body.contains("<td>Đã tới hub (theo biên nhận)</td><td>Đã xác minh chữ ký của hub"))
        #expect(sent.body.contains("<strong>Hub đã chấp nhận</strong>"))
        let after = try await ui.request(.GET, "/deliver", cookie: cookie).body
        #expect(after.contains("<strong>Hub đã chấp nhận</strong>"))
        #expect(try await ui.request(.GET, "/", cookie: cookie).body.contains("chờ biên nhận của hub: 0"))

        // The hub gone: the next changeset is not shown as sent, and the error says what to do.
        hub.kill(SIGKILL)
        hub.process.waitUntilExit()
        try await Self.commitOne(ui, cookie: cookie, token: token, prefix: "030222222", name: "Công ty Mất Mạng")
        let failed = try await ui.post("/deliver/sync", cookie: cookie, form: [("_csrf", token)])
        #expect(failed.status == 200)
        #expect(failed.body.contains("Gửi lên hub chưa xong"))
        #expect(failed.body.contains("không trả lời sau 2 lần thử"))
        #expect(failed.body.contains("(mã hub_unreachable)"))
        #expect(failed.body.contains("Cách xử lý: "))
        #expect(failed.body.contains("<tr><td>Số 2</td>"))
        #expect(failed.body.contains("<td>Chưa có biên nhận nào cho thấy gói đã tới hub</td><td>Chưa có</td>"))
        #expect(failed.body.components(separatedBy: "<strong>Hub đã chấp nhận</strong>").count == 2)
        #expect(try await ui.request(.GET, "/", cookie: cookie).body.contains("chờ biên nhận của hub: 1"))
    }

    @Test("a changeset the hub refuses shows the hub's refusal in Vietnamese, no receipt, and is never shown accepted")
    func hubRefuses() async throws {
        let directory = makeTemporaryDirectory("ui-hub-refuses")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let hub = try HubProcess(home: try Self.hubHome(directory), port: 0, directory: directory, now: Self.hubNow)
        defer { hub.kill(SIGKILL) }
        let url = try await hub.url()
        let pki = try TestPKI.shared()
        // Signed with an officer certificate the city CRL revokes: the hub refuses it.
        let revoked = pki.identity("revoked-current")
        let ui = try await UIFixture { session in
            _ = try session.setSigner(
                certificatePath: revoked.certificate, keyPath: revoked.key, chainPath: nil,
                caPaths: [pki.rootCertificate], passphrase: Array(TestPKI.passphrase.utf8), officerID: nil)
            session.config.hubURL = url
            try session.saveConfig()
        }
        defer { Task { await ui.stop() } }
        let cookie = try await ui.login()
        let token = try await ui.formToken(cookie: cookie)
        try await Self.commitOne(ui, cookie: cookie, token: token, prefix: "030111111", name: "Công ty Bị Từ Chối")
        let sent = try await ui.post("/deliver/sync", cookie: cookie, form: [("_csrf", token)])
        #expect(sent.status == 200)
        #expect(sent.body.contains("Gửi lên hub chưa xong"))
        #expect(sent.body.contains("<td>Hub đã trả lời nhưng không cấp biên nhận</td><td>Chưa có</td>"))
        #expect(sent.body.contains("<strong>Hub từ chối</strong>: "))
        #expect(!sent.body.contains("Hub đã chấp nhận"))
        #expect(sent.body.contains("(mã cert_revoked)"))
        // The refusal is kept (hub_answers): a later visit still shows it, dated by the node's clock,
        // and still with no receipt.
        let later = try await ui.request(.GET, "/deliver", cookie: cookie).body
        #expect(later.contains("<td>Hub đã trả lời ngày 01/06/2024 nhưng không cấp biên nhận</td><td>Chưa có</td>"))
        #expect(later.contains("<strong>Hub từ chối</strong>: "))
        #expect(later.contains("(mã cert_revoked)"))
        #expect(!later.contains("Hub đã chấp nhận"))
        await ui.stop(removeFiles: false)
        defer { try? FileManager.default.removeItem(atPath: ui.directory) }
        // The node's own reading after the app stopped: the answer is stored, nothing is delivered.
        let session = try NodeSession(path: ui.home, clock: FixedWallClock(date: UIFixture.today))
        let states = try session.changesetStates()
        #expect(states.count == 1)
        #expect(states.first?.hasReceipt == false)
        #expect(states.first?.hubAnswer?.outcome == "rejected")
        #expect(states.first?.hubAnswer?.reason == "cert_revoked")
        #expect(states.first?.hubAnswer?.httpStatus == 422)
        let status = try session.status()
        #expect(status.refusedByHub == 1)
        #expect(status.firstRefusedSequence == 1)
        #expect(status.firstRefusedReason == "cert_revoked")
        #expect(status.undelivered == 1)
    }

    @Test("without a hub the page says how to record one, and a send is refused in Vietnamese with nothing changed")
    func noHub() async throws {
        let ui = try await UIFixture(signer: true)
        defer { Task { await ui.stop() } }
        let cookie = try await ui.login()
        let token = try await ui.formToken(cookie: cookie)
        let page = try await ui.request(.GET, "/deliver", cookie: cookie).body
        #expect(page.contains("dsync node set-hub --url URL --ca CITY-ROOT.pem"))
        #expect(!page.contains("Gửi lên hub</button>"))
        let refused = try await ui.post("/deliver/sync", cookie: cookie, form: [("_csrf", token)])
        #expect(refused.status == 422)
        #expect(refused.body.contains("chưa có URL của hub"))
        let crossSite = try await ui.request(
            .POST, "/deliver/sync", cookie: cookie, headers: [("Sec-Fetch-Site", "cross-site"), ("Origin", "null")],
            form: [("_csrf", token)])
        #expect(crossSite.status == 403)
    }

    @Test("receipts from a folder (hub import --receipts) mark the changeset accepted; a second time changes nothing")
    func receiptsFromFolder() async throws {
        let directory = makeTemporaryDirectory("ui-ack")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let hubHome = try Self.hubHome(directory)
        let ui = try await UIFixture(signer: true)
        defer { Task { await ui.stop() } }
        let cookie = try await ui.login()
        let token = try await ui.formToken(cookie: cookie)
        try await Self.commitOne(ui, cookie: cookie, token: token, prefix: "030111111", name: "Công ty Biên Nhận")
        let usb = directory + "/usb"
        let exported = try await ui.post("/deliver", cookie: cookie, form: [("directory", usb), ("_csrf", token)])
        #expect(exported.status == 303)
        let receipts = directory + "/receipts"
        let imported = try Dsync(now: Self.hubNow).run([
            "hub", "import", usb, "--home", hubHome, "--receipts", receipts, "--json",
        ])
        #expect(imported.status == 0, Comment(rawValue: imported.stdout + imported.stderr))

        let relative = try await ui.post(
            "/deliver/ack", cookie: cookie, form: [("receipts", "receipts"), ("_csrf", token)])
        #expect(relative.status == 422)
        #expect(relative.body.contains("id=\"f-receipts-error\">đã nhập «receipts»"))
        #expect(relative.body.contains("aria-invalid=\"true\" aria-describedby=\"f-receipts-hint f-receipts-error\""))
        #expect(!relative.body.contains("<strong>Hub đã chấp nhận</strong>"))

        let taken = try await ui.post("/deliver/ack", cookie: cookie, form: [("receipts", receipts), ("_csrf", token)])
        #expect(taken.status == 200)
        #expect(taken.body.contains("Đã đọc 1 biên nhận: 1 gói được đánh dấu đã giao, 0 gói đã có biên nhận từ trước."))
        #expect(taken.body.contains("<strong>Hub đã chấp nhận</strong>"))
        let again = try await ui.post("/deliver/ack", cookie: cookie, form: [("receipts", receipts), ("_csrf", token)])
        #expect(again.body.contains("Đã đọc 1 biên nhận: 0 gói được đánh dấu đã giao, 1 gói đã có biên nhận từ trước."))
    }
}
