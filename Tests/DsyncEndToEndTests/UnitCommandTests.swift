import DistrictSyncTesting
import Foundation
import Testing

/// Issue 14 on the real clock (no `DSYNC_NOW`): nodes for today's wards and for ended districts
/// back-filling their plan years, the valid-time rule, and both reaching one hub.
@Suite("Units at any level on the real clock, end to end (the real binary)")
struct UnitCommandTests {
    let dsync = Dsync.realClock()

    func run(_ args: [String]) throws -> Dsync.Result { try dsync.run(args) }

    func ok(_ args: [String]) throws {
        let r = try run(args)
        #expect(r.status == 0, Comment(rawValue: "\(args.prefix(3)): " + r.stderr + r.stdout))
    }

    func status(_ home: String) throws -> [String: Any] {
        try #require(try Dsync.json(try run(["node", "status", "--home", home, "--json"])) as? [String: Any])
    }

    @Test("a node made today for Phường Bến Thành (26743) is for that ward; a 5-digit code needs no option but --unit")
    func wardToday() throws {
        let dir = makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try ok(["node", "init", dir + "/bt", "--unit", "26743"])
        let s = try status(dir + "/bt")
        #expect(s["district"] as? String == "26743")
        #expect(s["district_name"] as? String == "Phường Bến Thành")
    }

    @Test("init of a district that has ended says to give --on; with --on (or the --district alias) it back-fills")
    func endedDistrictNeedsOn() throws {
        let dir = makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let refused = try run(["node", "init", dir + "/q1", "--unit", "760"])
        #expect(refused.status != 0)
        #expect(refused.stderr.contains("[district_not_valid_on_date]"), Comment(rawValue: refused.stderr))
        #expect(refused.stderr.contains("--on 2025-06-30"), Comment(rawValue: refused.stderr))
        #expect(!refused.stderr.contains("DSYNC_NOW"))
        try ok(["node", "init", dir + "/q1", "--district", "760", "--on", "2015-06-30"])
        #expect(try status(dir + "/q1")["district_name"] as? String == "Quận 1")
        // 769 on a 2015 date is Quận 2, on a 2022 date Thành phố Thủ Đức.
        try ok(["node", "init", dir + "/q2", "--unit", "769", "--on", "2015-06-30"])
        try ok(["node", "init", dir + "/td", "--unit", "769", "--on", "2022-06-30"])
        #expect(try status(dir + "/q2")["district_name"] as? String == "Quận 2")
        #expect(try status(dir + "/td")["district_name"] as? String == "Thành phố Thủ Đức")
    }

    @Test("records outside the node's unit's lifetime are refused at entry with period_outside_unit, nothing changes")
    func periodOutsideUnitAtTheNode() throws {
        let dir = makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let q1 = dir + "/q1"
        try ok(["node", "init", q1, "--unit", "760", "--on", "2015-06-30"])
        let late = try run([
            "node", "officer", "add", "--home", q1, "--name", "Lê Văn Tám", "--office", "kinh-te", "--role",
            "ecommerce", "--appointed", "2026-01-05", "--decision", "1/QĐ-UBND",
        ])
        #expect(late.status != 0)
        #expect(late.stderr.contains("[period_outside_unit]"), Comment(rawValue: late.stderr))
        try ok([
            "node", "business", "add", "--home", q1, "--tax-code", "01.00.109.106", "--name", "Công ty TNHH Minh Phát",
            "--address", "12 Lê Lợi", "--sector", "trade_services", "--employees", "40", "--capital-vnd",
            "5000000000", "--revenue-vnd", "100", "--category", "other", "--reference-year", "2015",
        ])
        try """
        tax_code,year,email_use,website,ecommerce_site,edi,software,b2b,b2c,cashless,e_bill_payment,consumer_e_channel
        0100109106,2026,regular,regular,own,no,accounting,yes,no,n/a,n/a,n/a

        """.write(toFile: dir + "/s.csv", atomically: true, encoding: .utf8)
        let survey = try run(["node", "import", "surveys", dir + "/s.csv", "--home", q1, "--json"])
        #expect(survey.status != 0)
        #expect(survey.stdout.contains("period_outside_unit"), Comment(rawValue: survey.stdout))
        let s = try status(q1)
        #expect(s["survey_answers"] as? Int == 0)
        #expect(s["officers"] as? Int == 0)
        #expect(s["enterprises"] as? Int == 1)
    }

    @Test("the same officer added twice is refused as duplicate_officer, pointing to officer update")
    func duplicateOfficer() throws {
        let dir = makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let home = dir + "/bt"
        try ok(["node", "init", home, "--unit", "26743"])
        let add = [
            "node", "officer", "add", "--home", home, "--name", "Nguyễn Thị Hoà", "--office", "kinh-te", "--role",
            "ecommerce", "--appointed", "2025-07-01", "--decision", "12/QĐ-UBND",
        ]
        try ok(add)
        // The same person written with the other tone placement (Hòa) is still the same person.
        let again = try run(add.map { $0 == "Nguyễn Thị Hoà" ? "Nguyễn Thị Hòa" : $0 })
        #expect(again.status != 0)
        #expect(again.stderr.contains("[duplicate_officer]"), Comment(rawValue: again.stderr))
        #expect(again.stderr.contains("officer update"), Comment(rawValue: again.stderr))
        #expect(try status(home)["officers"] as? Int == 1)
        // An import naming the same person and decision is refused on that row as well.
        try """
        name,office,role,appointed,decision
        Nguyễn Thị Hoà,kinh-te,ecommerce,2025-07-01,12/QĐ-UBND

        """.write(toFile: dir + "/officers.csv", atomically: true, encoding: .utf8)
        let imported = try run(["node", "import", "officers", dir + "/officers.csv", "--home", home, "--json"])
        #expect(imported.status != 0)
        #expect(imported.stdout.contains("duplicate_officer"), Comment(rawValue: imported.stdout))
        #expect(try status(home)["officers"] as? Int == 1)

        // One certificate is one person: recording it on a second officer is refused too.
        let list = try #require(
            try Dsync.json(try run(["node", "officer", "list", "--home", home, "--json"])) as? [[String: Any]])
        let first = try #require(list.first?["id"] as? String)
        let other = try run([
            "node", "officer", "add", "--home", home, "--name", "Đỗ Minh Quân", "--office", "kinh-te", "--role",
            "economy", "--appointed", "2025-07-01", "--decision", "13/QĐ-UBND", "--json",
        ])
        let second = try #require((try Dsync.json(other) as? [String: Any])?["id"] as? String)
        let ward = try TestPKI.shared().identity("ward-26743")
        let signer = ["node", "set-signer", "--home", home, "--cert", ward.certificate, "--key", ward.key, "--officer"]
        try ok(signer + [first])
        let twice = try run(signer + [second])
        #expect(twice.status != 0)
        #expect(twice.stderr.contains("[duplicate_officer]"), Comment(rawValue: twice.stderr))
    }

    @Test("node commit refuses to sign with an expired certificate (cert_expired, with what to do) and commits nothing")
    func commitRefusesExpiredCertificate() throws {
        let dir = makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let pki = try TestPKI.shared()
        let q1 = dir + "/q1"
        try ok(["node", "init", q1, "--unit", "760", "--on", "2015-06-30"])
        try ok([
            "node", "officer", "add", "--home", q1, "--name", "Trần Văn An", "--office", "kinh-te", "--role",
            "ecommerce", "--appointed", "2011-09-01", "--decision", "5/QĐ",
        ])
        let expired = pki.identity("expired")
        try ok(["node", "set-signer", "--home", q1, "--cert", expired.certificate, "--key", expired.key])
        let commit = try run(["node", "commit", "--home", q1])
        #expect(commit.status != 0)
        #expect(commit.stderr.contains("[cert_expired]"), Comment(rawValue: commit.stderr))
        #expect(commit.stderr.contains("set-signer"), Comment(rawValue: commit.stderr))
        let s = try status(q1)
        #expect(s["last_seq"] == nil || s["last_seq"] is NSNull || s["last_seq"] as? Int == 0)
        #expect(s["pending_changes"] as? Int == 1)
        // With a certificate valid now the same changes are signed.
        let officer = pki.officer(district: "760")
        try ok(["node", "set-signer", "--home", q1, "--cert", officer.certificate, "--key", officer.key])
        try ok(["node", "commit", "--home", q1])
        #expect(try status(q1)["pending_changes"] as? Int == 0)
    }

    @Test("node units install refuses a list that drops the node's unit and accepts one that adds a unit")
    func nodeUnitsInstall() throws {
        let dir = makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let home = dir + "/bt"
        try ok(["node", "init", home, "--unit", "26743"])
        let full = try String(contentsOfFile: TestPKI.repositoryRoot + "/config/units.csv", encoding: .utf8)
        let dropped = full.split(separator: "\n").filter { !$0.hasPrefix("26743,") }.joined(separator: "\n") + "\n"
        try dropped.write(toFile: dir + "/dropped.csv", atomically: true, encoding: .utf8)
        let refused = try run(["node", "units", "install", dir + "/dropped.csv", "--home", home])
        #expect(refused.status != 0)
        #expect(refused.stderr.contains("[units_dropped]"), Comment(rawValue: refused.stderr))
        try (full + "99999,Phường Thử,Phuong Thu,phuong,2030-01-01,,,test\n")
            .write(toFile: dir + "/more.csv", atomically: true, encoding: .utf8)
        try ok(["node", "units", "install", dir + "/more.csv", "--home", home])
        #expect(FileManager.default.fileExists(atPath: home + "/config/units.csv"))
    }

    @Test(
        "a node made today for 26743 and one back-filling Quận 1's 2011–2015 reach one hub that reports 2015 progress and today's coverage"
    )
    func todayAndBackFillReachOneHub() throws {
        let dir = makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let pki = try TestPKI.shared()
        let q1 = dir + "/q1"
        let bt = dir + "/bt"
        try ok(["node", "init", q1, "--unit", "760", "--on", "2015-06-30"])
        try ok([
            "dev", "generate", "--district", "760", "--enterprises", "60", "--years", "2011-2015", "--out",
            dir + "/g760",
        ])
        for kind in ["officers", "businesses", "surveys"] {
            try ok(["node", "import", kind, dir + "/g760/\(kind).csv", "--home", q1, "--reference-year", "2015"])
        }
        try ok(["node", "init", bt, "--unit", "26743"])
        try ok([
            "dev", "generate", "--district", "26743", "--enterprises", "20", "--years", "2025-2026", "--out",
            dir + "/g26743",
        ])
        for kind in ["businesses", "surveys"] {
            try ok(["node", "import", kind, dir + "/g26743/\(kind).csv", "--home", bt, "--reference-year", "2026"])
        }
        try ok([
            "node", "officer", "add", "--home", bt, "--name", "Phạm Thu Trang", "--office", "kinh-te", "--role",
            "ecommerce", "--appointed", "2025-07-01", "--decision", "3/QĐ-UBND",
        ])
        let ward = pki.identity("ward-26743")
        for (home, identity) in [(q1, pki.officer(district: "760")), (bt, ward)] {
            try ok(["node", "set-signer", "--home", home, "--cert", identity.certificate, "--key", identity.key])
            try ok(["node", "commit", "--home", home])
            try ok(["node", "export", "--home", home, "--out", home + "-usb"])
        }
        let hub = dir + "/hub"
        try ok([
            "hub", "init", hub, "--ca", pki.rootCertificate, "--cert", pki.hubCertificate, "--key", pki.hubKey, "--crl",
            pki.crl,
        ])
        try ok(["hub", "import", q1 + "-usb", bt + "-usb", "--home", hub])

        let today = try run(["hub", "report", "coverage", "--home", hub, "--json"])
        #expect(today.status == 2, Comment(rawValue: today.stderr))
        let t = try #require(try Dsync.json(today) as? [String: Any])
        let units = try #require(t["units"] as? [[String: Any]])
        #expect(units.count == 168)
        #expect((t["districts"] as? [[String: Any]])?.count == 168)
        let benThanh = try #require(units.first { $0["code"] as? String == "26743" })
        #expect(benThanh["kind"] as? String == "phuong")
        #expect(benThanh["covered"] as? Bool == true)
        #expect(units.filter { $0["covered"] as? Bool == true }.count == 1)

        let plan = try run(["hub", "report", "coverage", "--home", hub, "--as-of", "2015-12-31", "--json"])
        let p = try #require(try Dsync.json(plan) as? [String: Any])
        let districts = try #require(p["units"] as? [[String: Any]])
        #expect(districts.count == 24)
        #expect(districts.first { $0["code"] as? String == "760" }?["covered"] as? Bool == true)
        #expect(Set(districts.compactMap { $0["kind"] as? String }) == ["quan", "huyen"])

        let progress = try run(["hub", "report", "progress", "--home", hub, "--year", "2015", "--json"])
        #expect(progress.status == 0, Comment(rawValue: progress.stderr))
        let r = try #require(try Dsync.json(progress) as? [String: Any])
        #expect(r["as_of"] as? String == "2015-12-31")
        let b2 = try #require((r["targets"] as? [[String: Any]])?.first { $0["id"] as? String == "B2" })
        #expect(((b2["city"] as? [String: Any])?["denominator"] as? Int ?? 0) > 0)
        #expect((b2["districts"] as? [[String: Any]])?.count == 24)

        // Transaction time: nothing had been accepted by yesterday.
        let before = try run(["hub", "report", "coverage", "--home", hub, "--known-at", "2020-01-01", "--json"])
        #expect(before.stderr.contains("no_data_as_of"), Comment(rawValue: before.stderr))

        // The hub refuses a unit list that drops a unit holding data (760), and installs one that keeps it.
        let full = try String(contentsOfFile: TestPKI.repositoryRoot + "/config/units.csv", encoding: .utf8)
        let dropped = full.split(separator: "\n").filter { !$0.hasPrefix("760,") }.joined(separator: "\n") + "\n"
        try dropped.write(toFile: dir + "/dropped.csv", atomically: true, encoding: .utf8)
        let refused = try run(["hub", "units", "install", dir + "/dropped.csv", "--home", hub])
        #expect(refused.status != 0)
        #expect(refused.stderr.contains("[units_dropped]"), Comment(rawValue: refused.stderr))
        try ok(["hub", "units", "install", TestPKI.repositoryRoot + "/config/units.csv", "--home", hub])
    }

    @Test(
        "a node whose clock jumped ahead and back recovers with `node reopen --refused-by-hub`, and the hub accepts its changes"
    )
    func clockJumpRecovery() throws {
        let dir = makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let pki = try TestPKI.shared()
        let home = dir + "/bt"
        try ok(["node", "init", home, "--unit", "26743"])
        let future = Dsync(now: "2040-06-01T00:00:00Z")
        let add = [
            "node", "officer", "add", "--home", home, "--name", "Võ Thị Sáu", "--office", "kinh-te", "--role",
            "ecommerce", "--appointed", "2025-07-01", "--decision", "9/QĐ-UBND",
        ]
        #expect(try future.run(add).status == 0)
        let ward = pki.identity("ward-26743")
        try ok(["node", "set-signer", "--home", home, "--cert", ward.certificate, "--key", ward.key])
        // In 2040 the certificate (to 2039) has expired: nothing is signed.
        let late = try future.run(["node", "commit", "--home", home])
        #expect(late.stderr.contains("[cert_expired]"), Comment(rawValue: late.stderr))
        // Back on the real clock, the node's clock stamps run 14 years ahead: edits are refused.
        let stuck = try run(add.map { $0 == "9/QĐ-UBND" ? "10/QĐ-UBND" : $0 })
        #expect(stuck.stderr.contains("[clock_drift]"), Comment(rawValue: stuck.stderr))
        let unconfirmed = try run(["node", "reopen", "--home", home])
        #expect(unconfirmed.stderr.contains("[confirm_needed]"), Comment(rawValue: unconfirmed.stderr))
        try ok(["node", "reopen", "--home", home, "--refused-by-hub"])
        try ok(add.map { $0 == "9/QĐ-UBND" ? "10/QĐ-UBND" : $0 })
        try ok(["node", "commit", "--home", home])
        try ok(["node", "export", "--home", home, "--out", dir + "/usb"])
        let hub = dir + "/hub"
        try ok([
            "hub", "init", hub, "--ca", pki.rootCertificate, "--cert", pki.hubCertificate, "--key", pki.hubKey, "--crl",
            pki.crl,
        ])
        let imported = try run(["hub", "import", dir + "/usb", "--home", hub, "--json"])
        #expect(imported.status == 0, Comment(rawValue: imported.stdout + imported.stderr))
        #expect(imported.stdout.contains("\"accepted\""), Comment(rawValue: imported.stdout))
    }
}
