import DistrictSyncTesting
import Foundation
import Testing

/// Issue 14 item 10 for the hub side: the errors the hub commands, the hub server's options and
/// `dsync verify` raise are told in Vietnamese by default and in English with `--lang en`, the
/// catalogue's head line and the raise site's detail line alike.
@Suite("hub commands and dsync verify tell their errors in Vietnamese by default and in English with --lang en")
struct HubLanguageCommandTests {
    let dsync = Dsync.realClock()

    /// Words of English sentences; none of them is Vietnamese, a code or an option name.
    static let englishWords: Set<String> = [
        "the", "is", "not", "does", "give", "has", "must", "cannot", "already", "holds", "exist", "expected",
    ]

    /// The English words of `line` (lower-cased, split at anything that is not a letter).
    static func english(_ line: String) -> [String] {
        line.lowercased().split { !$0.isLetter }.map(String.init).filter { englishWords.contains($0) }
    }

    /// Whether `text` holds a letter only Vietnamese writes (a tone mark, ă, â, ê, ô, ơ, ư, đ).
    static func hasVietnamese(_ text: String) -> Bool {
        let letters = Set("àáạảãâầấậẩẫăằắặẳẵèéẹẻẽêềếệểễìíịỉĩòóọỏõôồốộổỗơờớợởỡùúụủũưừứựửữỳýỵỷỹđ")
        return text.lowercased().contains { letters.contains($0) }
    }

    /// The `chi tiết:` / `detail:` line of a rendered error.
    static func detail(_ stderr: String, _ label: String) -> String? {
        stderr.split(separator: "\n").map(String.init).first { $0.hasPrefix("  \(label): ") }
    }

    /// Runs `args` twice (default and `--lang en`): both fail with `code`, the Vietnamese detail has
    /// `vi` and no English word, the English one has `en` and no Vietnamese.
    func expectBothLanguages(
        _ args: [String], code: String, vi: String, en: String, sourceLocation: SourceLocation = #_sourceLocation
    ) throws {
        let viRun = try dsync.run(args)
        #expect(viRun.status != 0, sourceLocation: sourceLocation)
        #expect(
            viRun.stderr.hasPrefix("lỗi [\(code)]: "), Comment(rawValue: viRun.stderr), sourceLocation: sourceLocation)
        let viDetail = try #require(Self.detail(viRun.stderr, "chi tiết"), Comment(rawValue: viRun.stderr))
        #expect(viDetail.contains(vi), Comment(rawValue: viDetail), sourceLocation: sourceLocation)
        #expect(Self.hasVietnamese(viDetail), Comment(rawValue: viDetail), sourceLocation: sourceLocation)
        #expect(Self.english(viDetail).isEmpty, Comment(rawValue: viDetail), sourceLocation: sourceLocation)
        #expect(viDetail == viDetail.precomposedStringWithCanonicalMapping, sourceLocation: sourceLocation)

        let enRun = try dsync.run(args + ["--lang", "en"])
        #expect(enRun.status == viRun.status, sourceLocation: sourceLocation)
        #expect(
            enRun.stderr.hasPrefix("error [\(code)]: "), Comment(rawValue: enRun.stderr), sourceLocation: sourceLocation
        )
        let enDetail = try #require(Self.detail(enRun.stderr, "detail"), Comment(rawValue: enRun.stderr))
        #expect(enDetail.contains(en), Comment(rawValue: enDetail), sourceLocation: sourceLocation)
        #expect(!Self.hasVietnamese(enRun.stderr), Comment(rawValue: enRun.stderr), sourceLocation: sourceLocation)
    }

    func makeHub(_ dir: String) throws -> String {
        let pki = try TestPKI.shared()
        let hub = dir + "/hub"
        let r = try dsync.run([
            "hub", "init", hub, "--ca", pki.rootCertificate, "--cert", pki.hubCertificate, "--key", pki.hubKey,
            "--crl", pki.crl,
        ])
        #expect(r.status == 0, Comment(rawValue: r.stderr))
        return hub
    }

    @Test("the English-word check finds English and passes Vietnamese")
    func englishCheckWorks() {
        #expect(Self.english("  detail: /tmp/x does not exist; give a file") == ["does", "not", "exist", "give"])
        #expect(Self.english("  chi tiết: /tmp/x không tồn tại; ghi một tệp .dsc").isEmpty)
        #expect(Self.hasVietnamese("thiếu cổng") && Self.hasVietnamese("ĐƯỜNG_DẪN"))
        #expect(!Self.hasVietnamese("--listen 127.0.0.1 has no port; expected HOST:PORT"))
    }

    @Test("hub report with a --known-at that is no date: the detail in Vietnamese, or English with --lang en")
    func reportBadKnownAt() throws {
        let dir = makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try expectBothLanguages(
            ["hub", "report", "coverage", "--db", dir + "/hub.db", "--known-at", "soon"], code: "bad_date",
            vi: "--known-at 'soon' không phải ngày hay thời điểm hợp lệ; cần dạng YYYY-MM-DD",
            en: "--known-at 'soon' is not a date or time; expected YYYY-MM-DD")
    }

    @Test("hub init into an existing hub, hub import of a missing file, hub serve with a port-less --listen")
    func hubCommandErrors() throws {
        let dir = makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let hub = try makeHub(dir)
        let pki = try TestPKI.shared()
        try expectBothLanguages(
            ["hub", "init", hub, "--ca", pki.rootCertificate, "--cert", pki.hubCertificate, "--key", pki.hubKey],
            code: "home_exists", vi: "\(hub) đã có một hub (có hub.json); chọn thư mục khác",
            en: "\(hub) already holds a hub (hub.json exists); choose another folder")
        try expectBothLanguages(
            ["hub", "import", dir + "/missing.dsc", "--home", hub], code: "no_such_file",
            vi: "\(dir)/missing.dsc không tồn tại; ghi một tệp .dsc hoặc một thư mục chứa các tệp đó",
            en: "\(dir)/missing.dsc does not exist; name a .dsc file or a folder of them")
        try expectBothLanguages(
            ["hub", "serve", "--home", hub, "--insecure-http", "--listen", "127.0.0.1"], code: "bad_listen",
            vi: "--listen 127.0.0.1 thiếu cổng; cần dạng HOST:CỔNG, ví dụ 127.0.0.1:8443",
            en: "--listen 127.0.0.1 has no port; expected HOST:PORT, e.g. 127.0.0.1:8443")
        try expectBothLanguages(
            ["hub", "head", "--home", hub, "--district", "760", "--out", dir + "/head.bin"], code: "unknown_node",
            vi: "hub chưa tiếp nhận tập thay đổi nào từ đơn vị 760",
            en: "the hub has accepted nothing from district 760")
    }

    @Test("dsync verify of a changeset for another city says why in Vietnamese, or English with --lang en")
    func verifyForeignCity() throws {
        let pki = try TestPKI.shared()
        let dir = makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let home = dir + "/node"
        func step(_ args: [String]) throws {
            let r = try dsync.run(args)
            #expect(r.status == 0, "\(args): \(r.stderr)")
            if r.status != 0 { throw CancellationError() }
        }
        try step(["node", "init", home, "--unit", "760", "--on", "2013-06-30"])
        try """
        tax_code,name,address,ward,sector,employees,capital_vnd,revenue_vnd,category
        0100109106,Công ty TNHH Minh Phát,12 An Dương Vương,Phường 8,trade_services,12,1000000000,2000000000,other

        """.write(toFile: dir + "/b.csv", atomically: true, encoding: .utf8)
        try step(["node", "import", "businesses", dir + "/b.csv", "--home", home])
        let officer = pki.officer(district: "760")
        try step([
            "node", "set-signer", "--home", home, "--cert", officer.certificate, "--key", officer.key, "--ca",
            pki.rootCertificate,
        ])
        try step(["node", "commit", "--home", home])
        try step(["node", "export", "--home", home, "--out", dir + "/usb"])
        let file = try #require(
            try FileManager.default.contentsOfDirectory(atPath: dir + "/usb").first { $0.hasSuffix(".dsc") })
        let args = ["verify", "--ca", pki.rootCertificate, "--city", "HN", dir + "/usb/" + file]
        let vi = try dsync.run(args)
        #expect(vi.status != 0)
        let viLine = try #require(vi.stdout.split(separator: "\n").map(String.init).first { $0.hasPrefix("FAIL") })
        #expect(viLine.contains("[wrong_city] tập thay đổi dành cho thành phố"), Comment(rawValue: viLine))
        #expect(Self.english(viLine).isEmpty, Comment(rawValue: viLine))
        let en = try dsync.run(args + ["--lang", "en"])
        let enLine = try #require(en.stdout.split(separator: "\n").map(String.init).first { $0.hasPrefix("FAIL") })
        #expect(
            enLine.contains("[wrong_city] the changeset is for city") && !enLine.contains("thành phố"),
            Comment(rawValue: enLine))
        // JSON keeps the English message (the contract).
        let json = try #require(try Dsync.json(try dsync.run(args + ["--json"])) as? [[String: Any]])
        #expect(json.first?["reason"] as? String == "wrong_city")
        #expect((json.first?["message"] as? String)?.hasPrefix("the changeset is for city") == true)
    }
}
