import CityHub
import DistrictSyncCore
import Foundation
import Testing

@Suite("A second plan installed as data is measured by the same engine, with its own targets")
struct SecondPlanTests {
    /// A synthetic plan (not a real successor plan: its targets are made up for the test).
    static let yaml = """
        id: test-synthetic-2016
        title_vi: "Kế hoạch thử nghiệm 2016 - 2020"
        title_en: "Synthetic test plan 2016-2020"
        decision: "99/QĐ-THU"
        decision_date: 2016-02-01
        period: {from: 2016, to: 2020}
        target_year: 2020
        targets:
          - id: X1
            label: "X.1"
            population: smes
            members: {of: surveyed_enterprises, size: sme}
            numerator: {all: [{field: email_use, in: [regular]}, {not: {field: website, in: [none]}}]}
            op: ">="
            threshold: 50
            unit: percent
            en: "SMEs use email regularly and have a website"
            vi: "Doanh nghiệp nhỏ và vừa dùng thư điện tử thường xuyên và có trang web"
          - id: X2
            label: "X.2"
            population: all_enterprises
            members: {of: surveyed_enterprises, size: any}
            numerator: {field: edi, in: ["yes"]}
            not_applicable: {field: b2b, in: ["no"]}
            op: ">="
            threshold: 10
            unit: percent
            en: "Enterprises trading B2B exchange EDI documents"
            vi: "Doanh nghiệp giao dịch B2B trao đổi chứng từ EDI"
          - id: X3
            label: "X.3"
            population: large_enterprises
            members: {of: surveyed_enterprises, size: large}
            numerator: all
            op: ">="
            threshold: 3
            unit: count
            en: "At least 3 large enterprises surveyed"
            vi: "Ít nhất 3 doanh nghiệp lớn được khảo sát"
        """

    static func hub() throws -> ReportDB {
        let f = try ReportDB()
        try f.accepted("760", on: "2017-06-01")
        try f.large("L1", district: "760")
        try f.survey("L1", district: "760", year: 2017, email: "regular", website: "regular", edi: "yes", b2b: "yes")
        try f.large("L2", district: "770")
        try f.survey("L2", district: "770", year: 2017, email: "regular", b2b: "no")
        try f.enterprise("S1", district: "760")
        try f.survey("S1", district: "760", year: 2017, email: "regular", website: "periodic", b2b: "yes")
        try f.enterprise("S2", district: "760")
        try f.survey("S2", district: "760", year: 2017, email: "regular", website: "none", b2b: "yes")
        try f.enterprise("S3", district: "770")
        try f.survey("S3", district: "770", year: 2017, email: "occasional", website: "regular", b2b: "no")
        // The same enterprises in 2013, measured by plan 2471.
        try f.survey("S1", district: "760", year: 2013, email: "occasional", b2c: "yes")
        return f
    }

    static func inputs(year: Int, plan: String? = nil) throws -> ReportInputs {
        var inputs = try ReportInputs.embedded(asOf: "2017-06-30", year: year, now: ReportDB.millis("2017-07-01"))
        try inputs.plans.add(try Plan.parse(yaml: yaml))
        inputs.planID = plan
        return inputs
    }

    @Test("the year picks the plan: 2017 is measured by the synthetic plan, 2013 by plan 2471")
    func yearPicksPlan() throws {
        let f = try Self.hub()
        let r2017 = try ReportEngine(database: f.db, inputs: try Self.inputs(year: 2017)).progress()
        #expect(r2017.plan.id == "test-synthetic-2016")
        #expect(r2017.targets.map(\.id) == ["X1", "X2", "X3"])
        let r2013 = try ReportEngine(database: f.db, inputs: try Self.inputs(year: 2013)).progress()
        #expect(r2013.plan.id == "hcmc-2471-2011")
        #expect(r2013.targets.count == 18)
    }

    @Test("each synthetic target counts its own population and numerator, per district and city-wide")
    func synthetic() throws {
        let r = try ReportEngine(database: try Self.hub().db, inputs: try Self.inputs(year: 2017)).progress()
        func cell(_ id: String, _ code: String?) throws -> ProgressReport.Cell {
            let t = try #require(r.target(id))
            return try code.map { c in try #require(t.districts.first { $0.code == c }) } ?? t.city
        }
        // X1: SMEs S1 (regular, website) yes; S2 (regular, no website) no; S3 (occasional) no.
        #expect(try cell("X1", nil).numerator == 1)
        #expect(try cell("X1", nil).denominator == 3)
        #expect(try cell("X1", "760").denominator == 2)
        #expect(try cell("X1", nil).met == false)
        // X2: b2b = no leaves L2 and S3 out; of L1, S1, S2 only L1 has EDI.
        #expect(try cell("X2", nil).numerator == 1)
        #expect(try cell("X2", nil).denominator == 3)
        #expect(try cell("X2", nil).notApplicable == 2)
        #expect(try cell("X2", nil).met == true)
        // X3: a count of surveyed large enterprises, city-wide bar 3.
        #expect(try cell("X3", nil).numerator == 2)
        #expect(try cell("X3", nil).met == false)
        #expect(r.target("X1")?.definition == "SME: email_use = regular and not (website = none)")
    }

    @Test("a year no plan covers is no_plan_for_year with the installed plans listed; --plan must cover the year")
    func noPlan() throws {
        let f = try Self.hub()
        try f.survey("S1", district: "760", year: 2026, email: "regular")
        let none = #expect(throws: HubError.self) {
            try ReportEngine(database: f.db, inputs: try Self.inputs(year: 2026)).progress()
        }
        #expect(none?.code == "no_plan_for_year")
        #expect(none?.message.contains("test-synthetic-2016 (2016–2020") == true)
        let wrong = #expect(throws: HubError.self) {
            try ReportEngine(database: f.db, inputs: try Self.inputs(year: 2017, plan: "hcmc-2471-2011")).progress()
        }
        #expect(wrong?.code == "no_plan_for_year")
    }

    @Test("a plan installed in a hub home is loaded beside the built-in one; targets.yaml is refused with what to do")
    func installed() throws {
        let home = FileManager.default.temporaryDirectory.appendingPathComponent("plans-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: home) }
        try FileManager.default.createDirectory(atPath: home, withIntermediateDirectories: true)
        let file = home + "/synthetic.yaml"
        try Self.yaml.write(toFile: file, atomically: true, encoding: .utf8)
        let plan = try HubPlans.install(file: file, home: home)
        #expect(plan.id == "test-synthetic-2016")
        #expect(FileManager.default.fileExists(atPath: home + "/config/plans/test-synthetic-2016.yaml"))
        #expect(try HubPlans.load(home: home).plans.map(\.id) == ["hcmc-2471-2011", "test-synthetic-2016"])
        // An overlapping plan is refused and nothing is written.
        try Self.yaml.replacingOccurrences(of: "id: test-synthetic-2016", with: "id: other")
            .replacingOccurrences(of: "from: 2016", with: "from: 2015")
            .write(toFile: file, atomically: true, encoding: .utf8)
        #expect(
            (#expect(throws: HubError.self) { try HubPlans.install(file: file, home: home) })?.code == "plan_overlap")
        #expect(!FileManager.default.fileExists(atPath: home + "/config/plans/other.yaml"))
        try "- {id: B1}".write(toFile: home + "/config/targets.yaml", atomically: true, encoding: .utf8)
        #expect((#expect(throws: HubError.self) { try HubPlans.load(home: home) })?.code == "legacy_targets_file")
    }
}
