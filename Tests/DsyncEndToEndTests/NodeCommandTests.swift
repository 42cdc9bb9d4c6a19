import DistrictSyncTesting
import Foundation
import Testing

@Suite("dsync node, end to end (the real binary)")
struct NodeCommandTests {
    /// The real clock, as a user runs dsync: the nodes back-fill plan-period districts (`--on`).
    let dsync = Dsync.realClock()

    func makeNode(_ dir: String, district: String = "760") throws -> String {
        let home = dir + "/node"
        let r = try dsync.run(["node", "init", home, "--unit", district, "--on", "2013-06-30"])
        #expect(r.status == 0, Comment(rawValue: r.stderr))
        return home
    }

    func status(_ home: String) throws -> [String: Any] {
        let r = try dsync.run(["node", "status", "--home", home, "--json"])
        #expect(r.status == 0, Comment(rawValue: r.stderr))
        return try #require(try Dsync.json(r) as? [String: Any])
    }

    @Test("init, an officer and an enterprise show up in status JSON as pending changes")
    func initAndStatus() throws {
        let dir = makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let home = try makeNode(dir)
        let add = try dsync.run([
            "node", "officer", "add", "--home", home, "--name", "Nguyễn Thị Minh Khai", "--office", "kinh-te", "--role",
            "ecommerce", "--appointed", "2011-09-01", "--decision", "123/QĐ-UBND",
        ])
        #expect(add.status == 0, Comment(rawValue: add.stderr))
        let business = try dsync.run([
            "node", "business", "add", "--home", home, "--tax-code", "0100109106", "--name", "Công ty TNHH Minh Phát",
            "--address", "12 Lê Lợi", "--sector", "trade_services", "--employees", "40", "--capital-vnd", "5000000000",
            "--revenue-vnd", "100", "--category", "other", "--reference-year", "2013",
        ])
        #expect(business.status == 0, Comment(rawValue: business.stderr))
        let s = try status(home)
        #expect(s["district"] as? String == "760")
        #expect((s["node_id"] as? String)?.isEmpty == false)
        #expect(s["pending_changes"] as? Int == 2)
        #expect(s["officers"] as? Int == 1)
        #expect(s["enterprises"] as? Int == 1)
        #expect(s["survey_answers"] as? Int == 0)
    }

    @Test("an import with bad rows reports each row and column, exits non-zero and imports nothing")
    func importAllOrNothing() throws {
        let dir = makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let home = try makeNode(dir)
        let csv = """
            tax_code,name,address,ward,sector,employees,capital_vnd,revenue_vnd,category
            0100109106,Công ty A,1 Lê Lợi,Bến Nghé,trade_services,10,1000,1000,other
            0100233480,Công ty B,2 Lê Lợi,Bến Nghé,trade_services,10,1000,1000,other
            0100233488,Công ty C,3 Lê Lợi,Bến Nghé,shipping,-5,abc,1000,other
            0100109106,Công ty D,4 Lê Lợi,Bến Nghé,trade_services,10,1000,1000,other

            """
        try csv.write(toFile: dir + "/b.csv", atomically: true, encoding: .utf8)
        let r = try dsync.run(["node", "import", "businesses", dir + "/b.csv", "--home", home, "--json"])
        #expect(r.status != 0)
        let report = try #require(try Dsync.json(r) as? [String: Any])
        let issues = try #require(report["issues"] as? [[String: Any]])
        let pairs = Set(issues.map { "\($0["line"] as? Int ?? 0):\($0["column"] as? String ?? "")" })
        #expect(pairs.isSuperset(of: ["3:tax_code", "4:sector", "4:employees", "4:capital_vnd", "5:tax_code"]))
        #expect(report["committed"] as? Bool == false)
        #expect(try status(home)["enterprises"] as? Int == 0)
        #expect(try status(home)["pending_changes"] as? Int == 0)

        let dry = try dsync.run([
            "node", "import", "businesses", dir + "/b.csv", "--home", home, "--dry-run", "--skip-invalid",
        ])
        #expect(dry.status == 0)
        #expect(try status(home)["enterprises"] as? Int == 0)

        let skip = try dsync.run([
            "node", "import", "businesses", dir + "/b.csv", "--home", home, "--skip-invalid", "--json",
        ])
        #expect(skip.status == 0, Comment(rawValue: skip.stderr))
        let skipped = try #require(try Dsync.json(skip) as? [String: Any])
        #expect(skipped["skipped_lines"] as? [Int] == [3, 4, 5])
        #expect(try status(home)["enterprises"] as? Int == 1)
    }

    @Test("decomposed Vietnamese text is stored as NFC")
    func nfcImport() throws {
        let dir = makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let home = try makeNode(dir)
        let nfd = "Cong ty Thu\u{0323}y Sa\u{0300}i Go\u{0300}n"
        try
            "tax_code,name,address,ward,sector,employees,capital_vnd,revenue_vnd,category\n0100109106,\(nfd),1 Lê Lợi,,other,1,1,1,other\n"
            .replacingOccurrences(of: ",other,1,1,1,", with: ",trade_services,1,1,1,")
            .write(toFile: dir + "/b.csv", atomically: true, encoding: .utf8)
        let r = try dsync.run(["node", "import", "businesses", dir + "/b.csv", "--home", home])
        #expect(r.status == 0, Comment(rawValue: r.stderr))
        let show = try dsync.run(["node", "business", "show", "0100109106", "--home", home, "--json"])
        let json = try #require(try Dsync.json(show) as? [String: Any])
        let name = try #require(json["name"] as? String)
        #expect(Array(name.utf8) == Array("Cong ty Thụy Sài Gòn".precomposedStringWithCanonicalMapping.utf8))
        #expect(!name.unicodeScalars.contains { $0.properties.generalCategory == .nonspacingMark })
    }

    @Test(
        "bad input is refused with a message that says what to do",
        arguments: [
            (["node", "init", "HOME2", "--district", "999"], "unknown_district"),
            (["node", "status", "--home", "/"], "not_a_node_home"),
            (
                [
                    "node", "officer", "add", "--home", "HOME", "--name", "A B", "--office", "kinh-te", "--role",
                    "ecommerce",
                    "--appointed", "2011-13-01", "--decision", "1/QĐ",
                ], "bad_date"
            ),
            (
                [
                    "node", "business", "add", "--home", "HOME", "--tax-code", "0100233480", "--name", "X", "--address",
                    "Y",
                    "--sector", "trade_services", "--employees", "1", "--capital-vnd", "1", "--revenue-vnd", "1",
                    "--category", "other",
                ],
                "invalid_business"
            ),
        ])
    func badInput(args: [String], code: String) throws {
        let dir = makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let home = try makeNode(dir)
        let r = try dsync.run(args.map { $0 == "HOME" ? home : $0 == "HOME2" ? dir + "/other" : $0 })
        #expect(r.status != 0)
        #expect(r.stderr.contains("[\(code)]"), Comment(rawValue: r.stderr))
        #expect(try status(home)["pending_changes"] as? Int == 0)
    }

    @Test("an officer's end date before the start date is refused and nothing changes")
    func endBeforeStart() throws {
        let dir = makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let home = try makeNode(dir)
        let add = try dsync.run([
            "node", "officer", "add", "--home", home, "--name", "Trần Văn An", "--office", "cong-thuong", "--role",
            "economy", "--appointed", "2012-01-01", "--decision", "5/QĐ", "--json",
        ])
        let id = try #require((try Dsync.json(add) as? [String: Any])?["id"] as? String)
        let end = try dsync.run(["node", "officer", "end", id, "--home", home, "--date", "2011-12-31"])
        #expect(end.status != 0)
        #expect(end.stderr.contains("officer_end_before_start"))
        #expect(try status(home)["pending_changes"] as? Int == 1)
    }

    @Test("a database written by a newer schema is refused without being changed")
    func newerSchema() throws {
        let dir = makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let home = try makeNode(dir)
        _ = try status(home)
        let sqlite = Process()
        sqlite.executableURL = URL(fileURLWithPath: "/usr/bin/sqlite3")
        sqlite.arguments = [home + "/node.db", "PRAGMA user_version = 99;"]
        try sqlite.run()
        sqlite.waitUntilExit()
        let r = try dsync.run(["node", "status", "--home", home])
        #expect(r.status != 0)
        #expect(r.stderr.contains("database_too_new"), Comment(rawValue: r.stderr))
    }

    @Test("a node home in use by another dsync is refused with a clear message")
    func lockedHome() throws {
        let dir = makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let home = try makeNode(dir)
        // Hold the node's lock from a second process (flock(1) keeps it while `sleep` runs).
        let holder = Process()
        holder.executableURL = URL(fileURLWithPath: "/usr/bin/flock")
        holder.arguments = [home + "/node.lock", "sleep", "5"]
        try holder.run()
        defer { holder.terminate() }
        Thread.sleep(forTimeInterval: 0.3)
        let r = try dsync.run(["node", "status", "--home", home])
        #expect(r.status != 0)
        #expect(r.stderr.contains("home_locked"), Comment(rawValue: r.stderr))
    }
}
