import CityHub
import DistrictSyncCore
import Testing

@Suite("Progress counts each target's population and numerator as the domain README defines")
struct ProgressReportTests {
    /// Large and SME enterprises in Quận 1 (760) and Quận 3 (770), surveyed for 2012 and 2013.
    static func enterprises() throws -> ReportDB {
        let f = try ReportDB()
        try f.accepted("760", on: "2013-06-01")
        // Large (capital 500 bn VND).
        try f.large("L1", district: "760", category: "ecommerce_service")
        try f.survey(
            "L1", district: "760", year: 2013, email: "regular", website: "regular", site: "own", edi: "yes",
            software: "accounting;erp", b2b: "yes")
        try f.large("L2", district: "760", category: "ecommerce_service")
        try f.survey(
            "L2", district: "760", year: 2013, email: "occasional", website: "periodic", software: "accounting")
        try f.large("L3", district: "770")
        try f.survey("L3", district: "770", year: 2013, email: "regular", site: "marketplace", b2b: "yes")
        try f.large("L4", district: "770")  // not surveyed
        try f.enterprise("L5", district: "770", employees: 500, capitalBn: 500, status: "closed")
        try f.survey("L5", district: "770", year: 2013, email: "regular", b2b: "yes")
        // SMEs (capital 5 bn VND); S3's stored size class says large, but the 2013 rule says SME.
        try f.enterprise("S1", district: "760")
        try f.survey("S1", district: "760", year: 2013, email: "occasional", website: "periodic", b2c: "yes")
        try f.enterprise("S2", district: "760")
        try f.survey("S2", district: "760", year: 2013, website: "rare")
        try f.enterprise("S3", district: "770", storedSize: "large")
        try f.survey("S3", district: "770", year: 2013, email: "regular", site: "own", b2b: "yes")
        // 2012: no large enterprise did B2B.
        for code in ["L1", "L2"] { try f.survey(code, district: "760", year: 2012) }
        try f.survey("L3", district: "770", year: 2012)
        return f
    }

    static func cell(_ r: ProgressReport, _ id: String, _ code: String? = nil) throws -> ProgressReport.Cell {
        let t = try #require(r.target(id))
        guard let code else { return t.city }
        return try #require(t.districts.first { $0.code == code })
    }

    @Test(
        "each large/SME target's numerator and denominator city-wide",
        arguments: [
            ("B1", 2, 3), ("B1a", 2, 3), ("B1b", 1, 3), ("B1c", 2, 3), ("B1d", 1, 3), ("B1dd", 1, 3),
            ("B2", 2, 3), ("B2a", 2, 3), ("B2b", 1, 3), ("B2c", 1, 3),
        ])
    func enterpriseTargets(id: String, numerator: Int, denominator: Int) throws {
        let r = try Self.enterprises().engine().progress()
        let c = try Self.cell(r, id)
        #expect(c.numerator == numerator)
        #expect(c.denominator == denominator)
        #expect(c.percent == (Double(numerator) * 1000 / Double(denominator)).rounded() / 10)
    }

    @Test("an answer another unit filed for an enterprise (first in the table) never counts for or against it")
    func onlyOwnersAnswersCount() throws {
        let f = try ReportDB()
        try f.accepted("770", on: "2013-06-01")
        try f.large("L3", district: "770")
        // District 760 files an answer under its own key naming 770's enterprise, before 770's own.
        try f.survey("L3", district: "760", year: 2013, b2b: "no", id: "0-760-first/2013")
        try f.survey("L3", district: "770", year: 2013, b2b: "yes")
        let r = try f.engine().progress()
        #expect(try Self.cell(r, "B1", "770").numerator == 1)
        #expect(try Self.cell(r, "B1", "770").denominator == 1)
        #expect(try Self.cell(r, "B1").denominator == 1)
    }

    @Test("large email must be regular while SME occasional counts; B1.đ needs software beyond accounting")
    func frequencyRules() throws {
        let r = try Self.enterprises().engine().progress()
        // Quận 1: L1 regular, L2 occasional → 1 of 2; S1 occasional, S2 none → 1 of 2.
        #expect(try Self.cell(r, "B1a", "760").numerator == 1)
        #expect(try Self.cell(r, "B1a", "760").denominator == 2)
        #expect(try Self.cell(r, "B2a", "760").numerator == 1)
        #expect(try Self.cell(r, "B1dd", "760").numerator == 1)
        #expect(try Self.cell(r, "B1b", "760").numerator == 1)
    }

    @Test("not-surveyed active enterprises are reported and left out of the denominator; closed ones are ignored")
    func notSurveyed() throws {
        let r = try Self.enterprises().engine().progress()
        let c = try Self.cell(r, "B1", "770")
        #expect(c.denominator == 1)
        #expect(c.notSurveyed == 1)
        #expect(try Self.cell(r, "B1").notSurveyed == 1)
    }

    @Test("B1.g is a count of large e-commerce service firms, met at 5 city-wide, unscored per district")
    func b1g() throws {
        let r = try Self.enterprises().engine().progress()
        let city = try Self.cell(r, "B1g")
        #expect(city.numerator == 2)
        #expect(city.percent == nil)
        #expect(city.threshold == 5)
        #expect(city.met == false)
        let q1 = try Self.cell(r, "B1g", "760")
        #expect(q1.numerator == 2)
        #expect(q1.threshold == nil)
        #expect(q1.met == nil)
        #expect(q1.status == .count)
    }

    @Test("the size class comes from the survey year's rule, not the stored one")
    func sizeByYearRule() throws {
        let f = try ReportDB()
        try f.accepted("760", on: "2013-06-01")
        // 150 employees, capital 150 bn VND, industry: large under 56/2009 (2013), medium under 39/2018.
        try f.enterprise("X", district: "760", employees: 150, capitalBn: 150, storedSize: "small")
        try f.survey("X", district: "760", year: 2013, b2b: "yes")
        try f.survey("X", district: "760", year: 2018, b2b: "yes")
        let y2013 = try f.engine(asOf: "2019-01-01", year: 2013).progress()
        #expect(try Self.cell(y2013, "B1").denominator == 1)
        #expect(try Self.cell(y2013, "B2").denominator == 0)
        // 2018 lies outside plan 2471; a synthetic plan for 2016–2020 with the same two targets measures it.
        let builtIn = try PlanCatalogue.embedded().plans[0]
        var inputs = try ReportDB.inputs(asOf: "2019-01-01", year: 2018)
        try inputs.plans.add(
            Plan(
                id: "test-2016", titleVi: "Thử", titleEn: "Test", decision: "1/T", decisionDate: "2016-01-01",
                period: 2016...2020, targetYear: 2020, targets: builtIn.targets.filter { ["B1", "B2"].contains($0.id) })
        )
        let y2018 = try ReportEngine(database: f.db, inputs: inputs).progress()
        #expect(y2018.sizeRule == "39/2018")
        #expect(try Self.cell(y2018, "B1").denominator == 0)
        #expect(try Self.cell(y2018, "B2").denominator == 1)
    }

    @Test("B3 targets leave n/a answers out of the denominator; an empty population is no data, not 0%")
    func b3() throws {
        let f = try ReportDB()
        try f.accepted("760", on: "2013-06-01")
        for (code, answer) in [("R1", "yes"), ("R2", "no"), ("R3", "n/a")] {
            try f.enterprise(code, district: "760", category: "modern_retail")
            try f.survey(code, district: "760", year: 2013, cashless: answer)
        }
        try f.enterprise("U1", district: "760", category: "utility")
        try f.survey("U1", district: "760", year: 2013, eBill: "yes")
        let r = try f.engine().progress()
        let b3a = try Self.cell(r, "B3a")
        #expect(b3a.numerator == 1)
        #expect(b3a.denominator == 2)
        #expect(b3a.percent == 50)
        #expect(b3a.notApplicable == 1)
        #expect(b3a.met == false)
        let b3b = try Self.cell(r, "B3b")
        #expect(b3b.percent == 100)
        #expect(b3b.met == true)
        let b3c = try Self.cell(r, "B3c")
        #expect(b3c.denominator == 0)
        #expect(b3c.percent == nil)
        #expect(b3c.met == nil)
        #expect(b3c.status == .noData)
        let b1 = try Self.cell(r, "B1")
        #expect(b1.status == .noData)
        #expect(try Self.cell(r, "B3").status == .notScored)
        #expect(try Self.cell(r, "B4c").status == .notScored)
    }

    @Test(
        "B4 counts one person recorded twice (same unit, folded name and decision) once, with both records' trainings")
    func b4DistinctPersons() throws {
        let f = try ReportDB()
        try f.accepted("760", on: "2013-06-01")
        try f.officer("O1", district: "760", name: "Nguyễn Thị Hoà", decision: "7/QĐ-UBND")
        try f.officer("O1-again", district: "760", name: "Nguyễn Thị Hòa", decision: "7/QĐ-UBND")
        try f.training("t1", officer: "O1-again", district: "760", on: "2012-03-01")
        try f.officer("O2", district: "760", name: "Nguyễn Thị Hoà", decision: "8/QĐ-UBND")
        try f.enterprise("S1", district: "760")
        try f.survey("S1", district: "760", year: 2013)
        let b4a = try Self.cell(try f.engine().progress(), "B4a")
        #expect(b4a.denominator == 2)
        #expect(b4a.numerator == 1)
        #expect(b4a.attendances == 1)
        // Two records that share a signing certificate are one person too.
        try f.officer("O3", district: "760", name: "Lê Văn Tám", fingerprint: "fp-same", decision: "9/QĐ-UBND")
        try f.officer("O3-again", district: "760", name: "Lê Tám", fingerprint: "FP-SAME", decision: "10/QĐ-UBND")
        #expect(try Self.cell(try f.engine().progress(), "B4a").denominator == 3)
    }

    @Test("B4 counts distinct officials active on the date with a training by then, and attendances (lượt)")
    func b4() throws {
        let f = try ReportDB()
        try f.accepted("760", on: "2013-06-01")
        try f.officer("O1", district: "760")
        try f.training("t1", officer: "O1", district: "760", on: "2012-03-01")
        try f.training("t2", officer: "O1", district: "760", on: "2013-01-01")
        try f.officer("O2", district: "760")
        try f.officer("O3", district: "760", end: "2013-01-01")
        try f.training("t3", officer: "O3", district: "760", on: "2012-03-01")
        try f.officer("O4", district: "760", role: "economy")
        try f.training("t4", officer: "O4", district: "760", on: "2013-08-01")
        try f.officer("O5", district: "770", role: "economy")
        try f.training("t5", officer: "O5", district: "770", on: "2012-05-05")
        try f.enterprise("S1", district: "760")
        try f.survey("S1", district: "760", year: 2013)
        let r = try f.engine().progress()
        let b4a = try Self.cell(r, "B4a")
        #expect(b4a.numerator == 1)
        #expect(b4a.denominator == 2)
        #expect(b4a.attendances == 2)
        #expect(b4a.met == false)
        let b4b = try Self.cell(r, "B4b")
        #expect(b4b.numerator == 1)
        #expect(b4b.denominator == 2)
        #expect(b4b.attendances == 1)
        #expect(b4b.met == true)
        #expect(try Self.cell(r, "B4b", "760").percent == 0)
    }

    @Test("a training another unit filed under an officer's id never makes that officer trained")
    func foreignTraining() throws {
        let f = try ReportDB()
        try f.accepted("760", on: "2013-06-01")
        try f.officer("O1", district: "760")
        try f.training("t9", officer: "O1", district: "770", on: "2012-03-01")
        try f.enterprise("S1", district: "760")
        try f.survey("S1", district: "760", year: 2013)
        let b4a = try Self.cell(try f.engine().progress(), "B4a")
        #expect(b4a.numerator == 0)
        #expect(b4a.denominator == 1)
        #expect(b4a.attendances == 0)
    }

    @Test("the change from the previous year is in percentage points")
    func previousYearChange() throws {
        let r = try Self.enterprises().engine().progress()
        let b1 = try Self.cell(r, "B1")
        #expect(b1.previous == 0)
        #expect(b1.change == 66.7)
        // No SME answered in 2012: no previous figure.
        #expect(try Self.cell(r, "B2").change == nil)
    }

    @Test("a year with no survey answers is refused, naming the years that have some")
    func yearWithoutData() throws {
        let f = try Self.enterprises()
        do {
            _ = try f.engine(year: 2014).progress()
            Issue.record("expected an error")
        } catch let e as HubError {
            #expect(e.code == "no_survey_data")
            #expect(e.message.contains("2012, 2013"))
        }
    }

    @Test("the data hash changes when an accepted changeset is added")
    func dataHash() throws {
        let f = try Self.enterprises()
        let before = try f.engine().progress()
        try f.accepted("770", on: "2013-06-02")
        let after = try f.engine().progress()
        #expect(before.provenance.dataHash != after.provenance.dataHash)
        #expect(after.provenance.acceptedChangesets == 2)
        #expect(after.provenance.recompute.contains("--year 2013"))
    }
}
