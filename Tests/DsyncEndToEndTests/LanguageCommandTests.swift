import DistrictSyncTesting
import Foundation
import Testing

@Suite(
    "dsync speaks Vietnamese by default and English with --lang en; errors are rendered once with exit statuses by kind"
)
struct LanguageCommandTests {
    let dsync = Dsync.realClock()

    func makeNode(_ dir: String, _ extra: [String] = []) throws -> Dsync.Result {
        try dsync.run(["node", "init", dir + "/node", "--unit", "760", "--on", "2013-06-30"] + extra)
    }

    /// The JSON error object a failed command writes on standard error with `--json`.
    func jsonError(_ result: Dsync.Result) throws -> [String: Any] {
        let object = try JSONSerialization.jsonObject(with: Data(result.stderr.utf8)) as? [String: Any]
        return try #require(object?["error"] as? [String: Any], Comment(rawValue: result.stderr))
    }

    @Test("node init reports in Vietnamese by default and in English with --lang en")
    func initInBothLanguages() throws {
        let dir = makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let vi = try makeNode(dir)
        #expect(vi.status == 0, Comment(rawValue: vi.stderr))
        #expect(vi.stdout.contains("Đã tạo nút") && vi.stdout.contains("Quận 1"), Comment(rawValue: vi.stdout))
        let en = try dsync.run(["node", "init", dir + "/en", "--unit", "760", "--on", "2013-06-30", "--lang", "en"])
        #expect(en.status == 0, Comment(rawValue: en.stderr))
        #expect(en.stdout.contains("Created node") && !en.stdout.contains("Đã tạo"), Comment(rawValue: en.stdout))
    }

    @Test(
        "an error is printed once: the catalogue's meaning, the detail and what to do, in the chosen language; exit 64 for a user's mistake"
    )
    func userErrorInBothLanguages() throws {
        let dir = makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let vi = try dsync.run(["node", "status", "--home", dir + "/missing"])
        #expect(vi.status == 64)
        #expect(vi.stdout.isEmpty)
        let lines = vi.stderr.split(separator: "\n").map(String.init)
        #expect(lines.count == 3, Comment(rawValue: vi.stderr))
        #expect(lines.first == "lỗi [not_a_node_home]: thư mục này không phải thư mục làm việc của nút")
        #expect(vi.stderr.contains("  chi tiết: \(dir)/missing không tồn tại; tạo thư mục làm việc của nút"))
        #expect(vi.stderr.contains("  cách xử lý: chỉ thư mục đã tạo bằng dsync node init"))
        let en = try dsync.run(["node", "status", "--home", dir + "/missing", "--lang", "en"])
        #expect(en.status == 64)
        #expect(
            en.stderr.hasPrefix("error [not_a_node_home]: the folder is not a node home\n"),
            Comment(rawValue: en.stderr))
        #expect(en.stderr.contains("  detail: \(dir)/missing does not exist; create a node home"))
        #expect(en.stderr.contains("  what to do: give the home made by dsync node init"))
        #expect(!en.stderr.contains("lỗi") && !en.stderr.contains("thư mục"))
    }

    @Test(
        "with --json the error is one JSON object: code and the English message (the contract), the Vietnamese message and the exit status"
    )
    func jsonError() throws {
        let dir = makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let r = try dsync.run(["node", "status", "--home", dir + "/missing", "--json"])
        #expect(r.status == 64)
        let error = try jsonError(r)
        #expect(error["code"] as? String == "not_a_node_home")
        #expect(
            (error["message"] as? String)?.hasSuffix(
                "does not exist; create a node home with `dsync node init \(dir)/missing --unit CODE`") == true)
        #expect((error["message_vi"] as? String)?.contains("không tồn tại") == true)
        #expect(error["exit_status"] as? Int == 64)
    }

    @Test("a damaged node database exits 74 (this machine's files), in Vietnamese by default")
    func localFault() throws {
        let dir = makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        #expect(try makeNode(dir).status == 0)
        let db = try #require(
            try FileManager.default.contentsOfDirectory(atPath: dir + "/node").first { $0.hasSuffix(".db") })
        try Data(repeating: 0x41, count: 8192).write(to: URL(fileURLWithPath: dir + "/node/" + db))
        let r = try dsync.run(["node", "status", "--home", dir + "/node"])
        #expect(r.status == 74, Comment(rawValue: r.stderr))
        #expect(
            r.stderr.hasPrefix("lỗi [database_corrupt]: một tệp cơ sở dữ liệu bị hỏng"), Comment(rawValue: r.stderr))
    }

    @Test("an import with invalid rows exits 65 and names each row's problem in Vietnamese, or English with --lang en")
    func importRowsInBothLanguages() throws {
        let dir = makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        #expect(try makeNode(dir).status == 0)
        let csv = """
            tax_code,name,address,ward,sector,employees,capital_vnd,revenue_vnd,category
            0100233480,Công ty B,2 Lê Lợi,Bến Nghé,trade_services,abc,1000,1000,other

            """
        try csv.write(toFile: dir + "/b.csv", atomically: true, encoding: .utf8)
        let args = [
            "node", "import", "businesses", dir + "/b.csv", "--home", dir + "/node", "--reference-year", "2013",
        ]
        let vi = try dsync.run(args)
        #expect(vi.status == 65)
        #expect(
            vi.stderr.contains("tax_code='0100233480' có chữ số kiểm tra 0 nhưng 9 chữ số đầu đòi hỏi"),
            Comment(rawValue: vi.stderr))
        #expect(vi.stderr.contains("employees='abc' không phải số nguyên"))
        #expect(vi.stderr.contains("Không nhập gì: 1/1 dòng có lỗi"))
        let en = try dsync.run(args + ["--lang", "en"])
        #expect(en.status == 65)
        #expect(en.stderr.contains("tax_code='0100233480' has check digit 0 but its first 9 digits require"))
        #expect(en.stderr.contains("Nothing imported: 1 of 1 rows are invalid"))
        let json = try dsync.run(args + ["--json"])
        let report = try #require(try Dsync.json(json) as? [String: Any])
        let issue = try #require(
            (report["issues"] as? [[String: Any]])?.first { $0["column"] as? String == "employees" })
        #expect((issue["reason"] as? String)?.hasPrefix("is not a whole number") == true)
        #expect((issue["reason_vi"] as? String)?.hasPrefix("không phải số nguyên") == true)
    }

    @Test("help is Vietnamese by default and English with --lang en; the parser's own errors exit 64")
    func helpAndUsage() throws {
        let vi = try dsync.run(["node", "init", "--help"])
        #expect(vi.status == 0)
        #expect(vi.stdout.contains("Tạo thư mục làm việc của nút"), Comment(rawValue: vi.stdout))
        #expect(vi.stdout.contains("--lang"))
        let en = try dsync.run(["node", "init", "--help", "--lang", "en"])
        #expect(en.stdout.contains("Create a node home for one unit"), Comment(rawValue: en.stdout))
        let root = try dsync.run(["--help"])
        #expect(root.stdout.contains("hub thành phố"))
        let unknown = try dsync.run(["node", "status", "--no-such-option"])
        #expect(unknown.status == 64)
        #expect(unknown.stderr.contains("lỗi cú pháp lệnh") && unknown.stderr.contains("--no-such-option"))
        let unknownEn = try dsync.run(["node", "status", "--no-such-option", "--lang", "en"])
        #expect(unknownEn.status == 64 && !unknownEn.stderr.contains("lỗi"))
    }
}

@Suite("dsync --version")
struct VersionCommandTests {
    @Test("dsync --version prints the release and the changeset schema and exits 0")
    func version() throws {
        let result = try Dsync.realClock().run(["--version"])
        #expect(result.status == 0)
        #expect(result.stdout.hasPrefix("dsync 0."), "\(result.stdout)")
        #expect(result.stdout.contains("changeset schema 2"), "\(result.stdout)")
    }
}

@Suite("status shows the database schema (issue 17: upgrades)")
struct SchemaStatusCommandTests {
    @Test("node status names the node database's schema version and the changeset schema, in JSON and in text")
    func nodeSchema() throws {
        let dsync = Dsync.realClock()
        let dir = makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        #expect(try dsync.run(["node", "init", dir + "/node", "--unit", "760", "--on", "2013-06-30"]).status == 0)
        let json = try #require(
            try Dsync.json(try dsync.run(["node", "status", "--home", dir + "/node", "--json"])) as? [String: Any])
        let schema = try #require(json["database_schema"] as? Int)
        #expect(schema >= 2)
        #expect(json["changeset_schema"] as? Int == 2)
        let text = try dsync.run(["node", "status", "--home", dir + "/node", "--lang", "en"])
        let line = "Node database: schema \(schema); changesets written in schema 2"
        #expect(text.stdout.contains(line), "\(text.stdout)")
        let vi = try dsync.run(["node", "status", "--home", dir + "/node"])
        #expect(vi.stdout.contains("Cơ sở dữ liệu nút: lược đồ \(schema)"), "\(vi.stdout)")
    }
}
