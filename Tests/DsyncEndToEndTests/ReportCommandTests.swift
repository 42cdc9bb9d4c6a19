import DistrictSyncTesting
import Foundation
import Testing

/// A small city built once through the real commands: Quận 1 (760) with generated data and an
/// e-commerce officer, accepted on 2013-03-01; Quận 5 (774) with two SMEs and an officer appointed
/// only from 2013-10-01, accepted on 2013-09-01. Tests only read it.
struct ReportCity: Sendable {
    let dir: String
    let hub: String

    static func shared() throws -> ReportCity { try built.get() }

    private static let built: Result<ReportCity, ReportCityError> = Result { () throws(ReportCityError) in
        do { return try build() } catch let e as ReportCityError { throw e } catch {
            throw ReportCityError(message: "\(error)")
        }
    }

    static func step(_ r: Dsync.Result, _ what: String) throws {
        guard r.status == 0 else { throw ReportCityError(message: "\(what) failed (\(r.status)): \(r.stderr)") }
    }

    static func build() throws -> ReportCity {
        let pki = try TestPKI.shared()
        let dir = makeTemporaryDirectory("dsync-report-e2e")
        let march = Dsync(now: "2013-03-01T10:00:00Z")
        let september = Dsync(now: "2013-09-01T10:00:00Z")

        // 760: generated enterprises, surveys for 2012 and 2013, two officers (the first in charge of e-commerce).
        let n760 = dir + "/n760"
        try step(march.run(["node", "init", n760, "--district", "760"]), "node init 760")
        try step(
            march.run([
                "dev", "generate", "--district", "760", "--enterprises", "80", "--years", "2012-2013", "--out",
                dir + "/gen760",
            ]), "dev generate")
        for kind in ["officers", "businesses", "surveys"] {
            try step(
                march.run([
                    "node", "import", kind, dir + "/gen760/\(kind).csv", "--home", n760, "--reference-year", "2013",
                ]), "import \(kind)")
        }

        // 774: two small trade enterprises (no large one, no modern retail) and a future officer.
        let n774 = dir + "/n774"
        try step(september.run(["node", "init", n774, "--district", "774"]), "node init 774")
        try step(
            september.run([
                "node", "officer", "add", "--home", n774, "--name", "Lê Thị Thu", "--office", "kinh-te", "--role",
                "ecommerce", "--appointed", "2013-10-01", "--decision", "77/QĐ-UBND",
            ]), "officer add 774")
        try """
        tax_code,name,address,ward,sector,employees,capital_vnd,revenue_vnd,category
        0100109106,Công ty TNHH Minh Phát,12 An Dương Vương,Phường 8,trade_services,12,1000000000,2000000000,other
        0100233488,Công ty TNHH Hòa Bình,3 Trần Hưng Đạo,Phường 1,trade_services,8,500000000,900000000,other

        """.write(toFile: dir + "/b774.csv", atomically: true, encoding: .utf8)
        try """
        tax_code,year,email_use,website,ecommerce_site,edi,software,b2b,b2c,cashless,e_bill_payment,consumer_e_channel,employees,capital_vnd,revenue_vnd
        0100109106,2013,regular,regular,own,no,accounting,yes,no,n/a,n/a,n/a,11,900000000,1800000000
        0100233488,2013,none,none,none,no,,no,no,n/a,n/a,n/a,,,

        """.write(toFile: dir + "/s774.csv", atomically: true, encoding: .utf8)
        try step(
            september.run([
                "node", "import", "businesses", dir + "/b774.csv", "--home", n774, "--reference-year", "2013",
            ]), "import businesses 774")
        try step(september.run(["node", "import", "surveys", dir + "/s774.csv", "--home", n774]), "import surveys 774")

        for (home, code, clock) in [(n760, "760", march), (n774, "774", september)] {
            // 760 signs with a certificate of the plan period only (ends 2015-12-31T23:59:59Z).
            let officer = code == "760" ? pki.identity("plan-period") : pki.officer(district: code)
            try step(
                clock.run([
                    "node", "set-signer", "--home", home, "--cert", officer.certificate, "--key", officer.key, "--ca",
                    pki.rootCertificate,
                ]), "set-signer \(code)")
            try step(clock.run(["node", "commit", "--home", home]), "commit \(code)")
            try step(clock.run(["node", "export", "--home", home, "--out", dir + "/usb\(code)"]), "export \(code)")
        }

        let hub = dir + "/hub"
        try step(
            march.run([
                "hub", "init", hub, "--ca", pki.rootCertificate, "--cert", pki.hubCertificate, "--key", pki.hubKey,
                "--crl", pki.crl,
            ]), "hub init")
        try step(march.run(["hub", "import", dir + "/usb760", "--home", hub]), "hub import 760")
        try step(september.run(["hub", "import", dir + "/usb774", "--home", hub]), "hub import 774")
        return ReportCity(dir: dir, hub: hub)
    }
}

struct ReportCityError: Error, Sendable, CustomStringConvertible {
    let message: String
    var description: String { message }
}

@Suite("dsync hub report, end to end (the real binary on a hub built by the real commands)")
struct ReportCommandTests {
    /// Reports are made "today" (2026), long after the data; only --as-of selects the data.
    let dsync = Dsync(now: "2026-11-29T08:00:00Z")

    func report(_ args: [String]) throws -> Dsync.Result {
        let city = try ReportCity.shared()
        return try dsync.run(["hub", "report"] + args + ["--home", city.hub])
    }

    func object(_ r: Dsync.Result) throws -> [String: Any] {
        try #require(try Dsync.json(r) as? [String: Any], Comment(rawValue: r.stdout + r.stderr))
    }

    func district(_ json: [String: Any], _ code: String) throws -> [String: Any] {
        let list = try #require(json["districts"] as? [[String: Any]])
        return try #require(list.first { $0["code"] as? String == code })
    }

    @Test("coverage JSON lists all 24 districts from the list, marks the one with an officer, and exits 2")
    func coverageJSON() throws {
        let r = try report(["coverage", "--as-of", "2013-09-30", "--format", "json"])
        #expect(r.status == 2, Comment(rawValue: r.stderr))
        let json = try object(r)
        #expect(json["as_of"] as? String == "2013-09-30")
        #expect(json["total"] as? Int == 24)
        #expect(json["covered_count"] as? Int == 1)
        #expect((json["data_hash"] as? String)?.count == 64)
        #expect(json["accepted_changesets"] as? Int == 2)
        let list = try #require(json["districts"] as? [[String: Any]])
        #expect(list.count == 24)
        for d in list {
            for key in ["code", "name", "covered", "officers", "last_accepted", "issues"] {
                #expect(d.keys.contains(key), "district \(d["code"] ?? "?") lacks \(key)")
            }
        }
        let q1 = try district(json, "760")
        #expect(q1["name"] as? String == "Quận 1")
        #expect(q1["covered"] as? Bool == true)
        #expect(q1["last_accepted"] as? String == "2013-03-01")
        let officers = try #require(q1["officers"] as? [[String: Any]])
        #expect(officers.contains { $0["role"] as? String == "ecommerce" && $0["covers"] as? Bool == true })
        // More than 90 days since its only changeset: stale, and nothing else.
        #expect(
            (q1["issues"] as? [[String: Any]])?.map { "\($0["code"] ?? "")/\($0["since"] ?? "")" } == [
                "stale/2013-03-01"
            ])

        // 774's officer starts 2013-10-01: on 2013-09-30 the post is vacant, though the district synced.
        let q5 = try district(json, "774")
        #expect(q5["covered"] as? Bool == false)
        #expect(q5["last_accepted"] as? String == "2013-09-01")
        #expect((q5["officers"] as? [Any])?.isEmpty == true)
        let issues = try #require(q5["issues"] as? [[String: Any]])
        #expect(issues.contains { $0["code"] as? String == "vacant" && $0["since"] as? String == "never" })

        let silent = try district(json, "761")
        #expect(silent["covered"] as? Bool == false)
        #expect(silent["last_accepted"] is NSNull)
        #expect((silent["issues"] as? [[String: Any]])?.contains { $0["code"] as? String == "never_synced" } == true)
    }

    @Test("coverage exits 0 when every district in the hub's list is covered on the date")
    func coverageAllCovered() throws {
        let city = try ReportCity.shared()
        // A hub home of its own whose district list holds only 760 and 774 (a copy of the database).
        let home = makeTemporaryDirectory("dsync-report-home")
        defer { try? FileManager.default.removeItem(atPath: home) }
        try FileManager.default.createDirectory(atPath: home + "/config", withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: city.hub + "/hub.db", toPath: home + "/hub.db")
        let lines = try String(contentsOfFile: TestPKI.repositoryRoot + "/config/units.csv", encoding: .utf8)
            .split(separator: "\n").filter { $0.hasPrefix("code,") || $0.hasPrefix("760,") || $0.hasPrefix("774,") }
        try (lines.joined(separator: "\n") + "\n").write(
            toFile: home + "/config/units.csv", atomically: true, encoding: .utf8)

        let october = try dsync.run(["hub", "report", "coverage", "--home", home, "--as-of", "2013-10-31", "--json"])
        #expect(october.status == 0, Comment(rawValue: october.stderr))
        let json = try object(october)
        #expect(json["total"] as? Int == 2)
        #expect(json["covered_count"] as? Int == 2)
        let september = try dsync.run(["hub", "report", "coverage", "--home", home, "--as-of", "2013-09-30"])
        #expect(september.status == 2)
    }

    @Test("known at a time between two imports, reports use only the changesets accepted by then")
    func asOfReplay() throws {
        let r = try report(["coverage", "--as-of", "2013-06-30", "--known-at", "2013-06-30", "--json"])
        #expect(r.status == 2)
        let json = try object(r)
        #expect(json["accepted_changesets"] as? Int == 1)
        let q5 = try district(json, "774")
        #expect(q5["last_accepted"] is NSNull)
        #expect((q5["issues"] as? [[String: Any]])?.contains { $0["code"] as? String == "never_synced" } == true)
        #expect((json["recompute"] as? String)?.contains("--known-at 2013-06-30") == true)
        let later = try object(try report(["coverage", "--as-of", "2013-06-30", "--json"]))
        #expect(later["data_hash"] as? String != json["data_hash"] as? String)
        #expect(later["accepted_changesets"] as? Int == 2)

        let progress = try object(
            try report(["progress", "--year", "2013", "--as-of", "2013-06-30", "--known-at", "2013-06-30", "--json"]))
        let b2 = try #require((progress["targets"] as? [[String: Any]])?.first { $0["id"] as? String == "B2" })
        let city = try #require(b2["city"] as? [String: Any])
        let q1 = try #require((b2["districts"] as? [[String: Any]])?.first { $0["code"] as? String == "760" })
        #expect(city["denominator"] as? Int == q1["denominator"] as? Int)
    }

    @Test("progress JSON has every target with city and district cells; an empty population reads no data")
    func progressJSON() throws {
        let r = try report(["progress", "--year", "2013", "--as-of", "2013-09-30", "--format", "json"])
        #expect(r.status == 0, Comment(rawValue: r.stderr))
        let json = try object(r)
        #expect(json["year"] as? Int == 2013)
        #expect(json["as_of"] as? String == "2013-09-30")
        let targets = try #require(json["targets"] as? [[String: Any]])
        #expect(
            targets.compactMap { $0["id"] as? String } == [
                "B1", "B1a", "B1b", "B1c", "B1d", "B1dd", "B1g", "B2", "B2a", "B2b", "B2c", "B3", "B3a", "B3b", "B3c",
                "B4a", "B4b", "B4c",
            ])
        for t in targets {
            #expect(t["label"] is String)
            let city = try #require(t["city"] as? [String: Any])
            for key in ["numerator", "denominator", "percent", "threshold", "met"] {
                #expect(city.keys.contains(key), "\(t["id"] ?? "?") city lacks \(key)")
            }
            #expect((t["districts"] as? [[String: Any]])?.count == 24)
        }
        func cell(_ id: String, _ code: String?) throws -> [String: Any] {
            let t = try #require(targets.first { $0["id"] as? String == id })
            if let code {
                return try #require((t["districts"] as? [[String: Any]])?.first { $0["code"] as? String == code })
            }
            return try #require(t["city"] as? [String: Any])
        }
        // 774 has no large enterprise and no modern retailer: no data, never 0% or NaN.
        for id in ["B1", "B1a", "B3a"] {
            let c = try cell(id, "774")
            #expect(c["status"] as? String == "no_data")
            #expect(c["percent"] is NSNull)
            #expect(c["met"] is NSNull)
            #expect(c["denominator"] as? Int == 0)
        }
        // 774's two SMEs both answered for 2013; one sells B2B.
        let sme = try cell("B2", "774")
        #expect(sme["denominator"] as? Int == 2)
        #expect(sme["numerator"] as? Int == 1)
        #expect(sme["percent"] as? Double == 50)
        #expect(sme["met"] as? Bool == false)
        let city = try cell("B2", nil)
        let q1 = try cell("B2", "760")
        #expect(city["denominator"] as? Int == (q1["denominator"] as? Int ?? -99) + 2)
        #expect(city["threshold"] as? Double == 100)
        // A district that never synced has no data for a survey target.
        #expect(try cell("B2", "761")["status"] as? String == "no_data")
    }

    @Test(
        "progress says which figures sized the year's enterprises: 774's 2013 answer carried its own, the rest did not")
    func sizingByYearFigures() throws {
        let json = try object(report(["progress", "--year", "2013", "--as-of", "2013-09-30", "--format", "json"]))
        let sizing = try #require(json["sizing"] as? [String: Any])
        #expect(sizing["year_figures"] as? Int == 1)
        #expect((sizing["current_figures"] as? Int ?? 0) > 0)
        let text = try report(["progress", "--year", "2013", "--as-of", "2013-09-30", "--lang", "en"])
        #expect(text.stdout.contains("Enterprise size for 2013: 1 enterprises by that year's own figures"))
    }

    @Test("CSV, HTML and tables come from the same command; the HTML is one self-contained page")
    func formats() throws {
        let csv = try report(["coverage", "--as-of", "2013-09-30", "--format", "csv"])
        #expect(csv.status == 2)
        let rows = csv.stdout.split(separator: "\n")
        #expect(rows.count == 25)
        #expect(rows.first?.hasPrefix("as_of,code,name,covered") == true)
        #expect(rows.contains { $0.hasPrefix("2013-09-30,760,Quận 1,yes,") })

        let progressCSV = try report(["progress", "--year", "2013", "--as-of", "2013-09-30", "--format", "csv"])
        #expect(progressCSV.status == 0)
        #expect(progressCSV.stdout.contains("B2"))

        let city = try ReportCity.shared()
        let out = city.dir + "/coverage-\(UUID().uuidString).html"
        let html = try report(["coverage", "--as-of", "2013-09-30", "--format", "html", "--out", out])
        #expect(html.status == 2)
        let page = try String(contentsOfFile: out, encoding: .utf8)
        #expect(page.contains("<html"))
        #expect(page.contains("Quận 1"))
        for external in ["<script", "<link", "src=\"http", "@import", "url(http"] {
            #expect(!page.contains(external), "the page loads something from elsewhere: \(external)")
        }

        let vi = try report(["coverage", "--as-of", "2013-09-30"])
        #expect(vi.status == 2)
        #expect(vi.stdout.contains("Cán bộ phụ trách TMĐT theo quận/huyện, ngày 2013-09-30: 1/24 có cán bộ"))
        #expect(vi.stdout.contains("Tính lại: dsync hub report coverage --as-of 2013-09-30"))
        let en = try report(["coverage", "--as-of", "2013-09-30", "--lang", "en"])
        #expect(en.stdout.contains("E-commerce officer coverage on 2013-09-30: 1/24 covered"))
        let progress = try report(["progress", "--year", "2013", "--as-of", "2013-09-30", "--lang", "en"])
        #expect(progress.status == 0)
        #expect(progress.stdout.contains("survey year 2013 (size rule 56/2009)"))
    }

    @Test("the quarterly report writes its HTML and CSV files and names the late districts")
    func quarterly() throws {
        let city = try ReportCity.shared()
        let out = city.dir + "/q-\(UUID().uuidString)"
        let r = try report(["quarterly", "--quarter", "2013Q3", "--out-dir", out, "--lang", "en"])
        #expect(r.status == 0, Comment(rawValue: r.stderr))
        for name in ["quarterly-2013Q3.html", "quarterly-2013Q3-coverage.csv", "quarterly-2013Q3-progress.csv"] {
            #expect(FileManager.default.fileExists(atPath: out + "/" + name), "missing \(name)")
        }
        let changesets = try String(contentsOfFile: out + "/quarterly-2013Q3-changesets.csv", encoding: .utf8)
        #expect(changesets.contains("774"))
    }

    @Test(
        "bad input is refused with the reason, what was expected and a non-zero exit",
        arguments: [
            (["progress", "--target", "B9", "--as-of", "2013-09-30"], "[unknown_target]", "B1a"),
            (["progress", "--year", "2014", "--as-of", "2013-09-30"], "[no_survey_data]", "2012, 2013"),
            (
                ["progress", "--year", "2010", "--as-of", "2013-09-30"], "[no_plan_for_year]",
                "hcmc-2471-2011 (2011–2015"
            ),
            (["progress", "--plan", "nope", "--as-of", "2013-09-30"], "[unknown_plan]", "hcmc-2471-2011"),
            (["progress", "--known-at", "2013-01-01"], "[no_data_as_of]", "2013-03-01"),
            (["coverage", "--as-of", "2013-01-01", "--known-at", "2013-01-01"], "[no_data_as_of]", "2013-03-01"),
            (["coverage", "--known-at", "2013-01-01T25:00:00Z"], "[bad_date]", "--known-at"),
            (["progress", "--district", "762", "--as-of", "2021-06-30"], "[district_not_valid_on_date]", "762"),
            (["coverage", "--as-of", "2013-02-30"], "[bad_date]", "2013-02-30"),
            (["quarterly", "--quarter", "2013Q5"], "[bad_quarter]", "2013Q5"),
            (["coverage", "--format", "pdf"], "pdf", "table"),
        ])
    func badInput(args: [String], reason: String, hint: String) throws {
        let r = try report(args + ["--lang", "en"])
        #expect(r.status != 0 && r.status != 2, Comment(rawValue: r.stderr))
        #expect(r.stderr.contains(reason), Comment(rawValue: r.stderr))
        #expect(r.stderr.contains(hint), Comment(rawValue: r.stderr))
        #expect(r.stdout.isEmpty)
    }

    @Test("a certificate valid through 2015-12-31T23:59:59Z reads expiring on that day's report and expired the next")
    func certificateLastDay() throws {
        let last = try object(try report(["coverage", "--as-of", "2015-12-31", "--json"]))
        let q1 = try district(last, "760")
        let certificate = try #require(q1["certificate"] as? [String: Any])
        #expect(certificate["status"] as? String == "expiring")
        #expect(certificate["not_after"] as? String == "2015-12-31")
        #expect(
            (q1["issues"] as? [[String: Any]])?.contains { $0["code"] as? String == "no_valid_certificate" } == false)
        let next = try object(try report(["coverage", "--as-of", "2016-01-01", "--json"]))
        let after = try #require(try district(next, "760")["certificate"] as? [String: Any])
        #expect(after["status"] as? String == "expired")
    }

    @Test(
        "a plan installed with `hub plans install` is listed and measures its years; a year without a plan is refused")
    func plansInstall() throws {
        let city = try ReportCity.shared()
        let home = makeTemporaryDirectory("dsync-report-plans")
        defer { try? FileManager.default.removeItem(atPath: home) }
        try FileManager.default.copyItem(atPath: city.hub + "/hub.db", toPath: home + "/hub.db")
        // A synthetic plan for 2012 alone would overlap plan 2471: refused, and nothing installed.
        let plan = home + "/plan.yaml"
        let text = try String(
            contentsOfFile: TestPKI.repositoryRoot + "/config/plans/hcmc-2471-2011.yaml", encoding: .utf8)
        try text.replacingOccurrences(of: "id: hcmc-2471-2011", with: "id: test-overlap")
            .write(toFile: plan, atomically: true, encoding: .utf8)
        let overlap = try dsync.run(["hub", "plans", "install", plan, "--home", home, "--json"])
        #expect(overlap.status == 64)
        #expect(overlap.stderr.contains("plan_overlap"))
        // The same plan with another period installs and measures 2016-2020; 2013 stays with plan 2471.
        try text.replacingOccurrences(of: "id: hcmc-2471-2011", with: "id: test-later")
            .replacingOccurrences(of: "period: {from: 2011, to: 2015}", with: "period: {from: 2016, to: 2020}")
            .replacingOccurrences(of: "target_year: 2015", with: "target_year: 2020")
            .write(toFile: plan, atomically: true, encoding: .utf8)
        let installed = try dsync.run(["hub", "plans", "install", plan, "--home", home])
        #expect(installed.status == 0, Comment(rawValue: installed.stderr))
        let list = try dsync.run(["hub", "plans", "list", "--home", home, "--json"])
        let rows = try #require(try JSONSerialization.jsonObject(with: Data(list.stdout.utf8)) as? [[String: Any]])
        #expect(rows.compactMap { $0["id"] as? String } == ["hcmc-2471-2011", "test-later"])
        let y2013 = try dsync.run(["hub", "report", "progress", "--home", home, "--year", "2013", "--json"])
        #expect(y2013.status == 0, Comment(rawValue: y2013.stderr))
        let planInfo = try #require(try object(y2013)["plan"] as? [String: Any])
        #expect(planInfo["id"] as? String == "hcmc-2471-2011")
        #expect(planInfo["decision"] as? String == "2471/QĐ-UBND")
        let wrong = try dsync.run([
            "hub", "report", "progress", "--home", home, "--year", "2013", "--plan", "test-later", "--json",
        ])
        #expect(wrong.status == 64)
        #expect(wrong.stderr.contains("no_plan_for_year"))
        let none = try dsync.run(["hub", "report", "progress", "--home", home, "--year", "2026", "--lang", "en"])
        #expect(none.status == 64)
        #expect(none.stderr.contains("no_plan_for_year"))
        #expect(none.stderr.contains("test-later (2016–2020"))
    }
}
