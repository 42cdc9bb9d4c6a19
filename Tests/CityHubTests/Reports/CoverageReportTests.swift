import DistrictSyncCore
import Foundation
import Testing

@testable import CityHub

@Suite("Coverage lists every district valid on the date and who is in charge of e-commerce there")
struct CoverageReportTests {
    /// Quận 1 covered and current; the rest set up to show one issue each.
    static func fixture() throws -> ReportDB {
        let f = try ReportDB()
        try f.officer("o-760", district: "760", fingerprint: "fp760", serial: "s760")
        try f.signer("fp760", district: "760", serial: "s760", notAfter: "2015-12-31")
        try f.accepted("760", on: "2013-06-20")
        try f.officer("o-761", district: "761", role: "economy")
        try f.accepted("761", on: "2013-06-01")
        try f.officer("o-762", district: "762", end: "2013-04-01")
        try f.officer("o-762-old", district: "762", start: "2011-01-01", end: "2012-01-01")
        try f.accepted("764", on: "2013-01-10")
        try f.signer("fp765", district: "765", serial: "s765", notAfter: "2013-07-15")
        try f.signer("fp766", district: "766", serial: "s766", notAfter: "2013-05-01")
        try f.signer("fp767", district: "767", serial: "s767", notAfter: "2016-01-01")
        return f
    }

    @Test("all 24 units valid on 2013-06-30 are listed from the org-unit list even when only some synced")
    func everyUnitListed() throws {
        let report = try Self.fixture().engine().coverage()
        #expect(report.total == 24)
        #expect(report.districts.count == 24)
        #expect(report.districts.map(\.code).contains("787"))
        #expect(
            !report.districts.map(\.code).contains("769")
                || report.districts.first { $0.code == "769" }?.name == "Quận 2")
        let never = report.districts.filter { $0.hasIssue("never_synced") }.map(\.code)
        #expect(never.count == 21)
        #expect(report.coveredCount == 1)
        #expect(!report.allCovered)
    }

    @Test("a district with an active e-commerce officer from an eligible office is covered with no issues")
    func coveredDistrict() throws {
        let report = try Self.fixture().engine().coverage()
        let q1 = try #require(report.districts.first { $0.code == "760" })
        #expect(q1.covered)
        #expect(q1.name == "Quận 1")
        #expect(q1.issues.isEmpty)
        #expect(q1.lastAccepted == "2013-06-20")
        #expect(q1.officers.map(\.certificate) == [.valid])
    }

    @Test("an officer with role economy does not cover the district")
    func economyDoesNotCover() throws {
        let report = try Self.fixture().engine().coverage()
        let d = try #require(report.districts.first { $0.code == "761" })
        #expect(!d.covered)
        #expect(d.officers.count == 1)
        #expect(d.issues.contains(.init("vacant", since: "never")))
    }

    @Test("an ended officer leaves the district vacant since the end date")
    func endedOfficerLeavesVacancy() throws {
        let report = try Self.fixture().engine().coverage()
        let d = try #require(report.districts.first { $0.code == "762" })
        #expect(!d.covered)
        #expect(d.officers.isEmpty)
        #expect(d.issues.contains(.init("vacant", since: "2013-04-01")))
        // The day before the end, the officer still covers.
        let earlier = try Self.fixture().engine(asOf: "2013-03-31").coverage()
        #expect(earlier.districts.first { $0.code == "762" }?.covered == true)
    }

    @Test("a district whose last changeset is older than 90 days is stale")
    func stale() throws {
        let report = try Self.fixture().engine().coverage()
        let d = try #require(report.districts.first { $0.code == "764" })
        #expect(d.issues.contains(.init("stale", since: "2013-01-10")))
        #expect(!(report.districts.first { $0.code == "760" }?.hasIssue("stale") ?? true))
    }

    @Test(
        "certificate status is valid, expiring, expired, revoked or none",
        arguments: [
            ("760", CoverageReport.CertificateStatus.valid), ("765", .expiring), ("766", .expired),
            ("767", .revoked), ("768", .none),
        ])
    func certificateStatus(code: String, status: CoverageReport.CertificateStatus) throws {
        let report = try Self.fixture().engine(revoked: ["s767"]).coverage()
        let d = try #require(report.districts.first { $0.code == code })
        #expect(d.certificate.status == status)
        #expect(d.hasIssue("no_valid_certificate") == !status.isUsable)
    }

    @Test(
        "a certificate is checked at the last millisecond of the as-of day, its notAfter second included",
        arguments: [
            // notAfter 2015-12-31T23:59:59Z (the demo certificates): usable through the whole day.
            ("2015-12-31", Int64(86_399_000), 30, CoverageReport.CertificateStatus.expiring),
            ("2015-12-31", Int64(86_399_000), 0, .valid),
            ("2016-01-01", Int64(86_399_000), 30, .expired),
            ("2015-12-30", Int64(86_399_000), 0, .valid),
            // notAfter 2015-12-31T00:00:00Z cannot sign at the end of that day.
            ("2015-12-31", Int64(0), 30, .expired),
            ("2015-12-30", Int64(0), 30, .expiring),
        ])
    func certificateDayEdge(
        asOf: String, notAfterTime: Int64, expiringDays: Int, status: CoverageReport.CertificateStatus
    )
        throws
    {
        let f = try ReportDB()
        try f.officer("o-760", district: "760", fingerprint: "fp760", serial: "s760")
        try f.signer("fp760", district: "760", serial: "s760", notAfter: "2015-12-31", notAfterTime: notAfterTime)
        try f.accepted("760", on: "2013-06-20")
        var inputs = try ReportDB.inputs(asOf: asOf, year: 2015, now: "2026-01-01")
        inputs.expiringDays = expiringDays
        let report = try ReportEngine(database: f.db, inputs: inputs).coverage()
        let d = try #require(report.districts.first { $0.code == "760" })
        #expect(d.certificate.status == status)
        #expect(d.officers.first?.certificate == status)
        #expect(d.certificate.notAfter == "2015-12-31")
    }

    @Test("a report made during the as-of day checks certificates at that moment, not at the day's end")
    func certificateCheckedNow() throws {
        let f = try ReportDB()
        try f.signer("fp760", district: "760", serial: "s760", notAfter: "2015-12-31", notAfterTime: 43_200_000)
        try f.accepted("760", on: "2013-06-20")
        // now = 2015-12-31T08:00Z, before the certificate's end at noon.
        let early = try ReportEngine(database: f.db, inputs: try ReportDB.inputs(asOf: "2015-12-31", now: "2015-12-31"))
        #expect(try early.coverage().districts.first { $0.code == "760" }?.certificate.status == .expiring)
        let late = try ReportEngine(database: f.db, inputs: try ReportDB.inputs(asOf: "2015-12-31", now: "2016-01-02"))
        #expect(try late.coverage().districts.first { $0.code == "760" }?.certificate.status == .expired)
    }

    @Test("an as-of date before any accepted changeset is refused with the first date")
    func asOfBeforeData() throws {
        let f = try Self.fixture()
        #expect(throws: HubError.self) { try f.engine(asOf: "2012-01-01").coverage() }
        do {
            _ = try f.engine(asOf: "2012-01-01").coverage()
        } catch let e as HubError {
            #expect(e.code == "no_data_as_of")
            #expect(e.message.contains("2013-01-10"))
        }
    }

    @Test("the data hash changes when an accepted changeset is added, and counts only those accepted by the date")
    func dataHash() throws {
        let f = try Self.fixture()
        let before = try f.engine().coverage().provenance
        #expect(before.acceptedChangesets == 3)
        try f.accepted("770", on: "2013-06-29")
        let after = try f.engine().coverage().provenance
        #expect(after.acceptedChangesets == 4)
        #expect(after.dataHash != before.dataHash)
        try f.accepted("771", on: "2013-07-05")
        #expect(try f.engine().coverage().provenance == after)
        #expect(after.dataHash.count == 64)
    }
}

@Suite("Coverage over time: the units of the date, identity (code, valid_from), the officer rule per unit kind")
struct CoverageOverTimeTests {
    @Test("coverage lists 24 districts for 2015, 22 for 2022 and the 168 wards, communes and special zone for today")
    func unitsOfTheDate() throws {
        let f = try ReportDB()
        try f.accepted("760", on: "2013-06-20")
        for (date, count) in [("2015-12-31", 24), ("2022-06-30", 22), ("2026-12-02", 168)] {
            let r = try f.engine(asOf: date, now: "2026-12-02").coverage()
            #expect(r.total == count, "\(date)")
        }
        let today = try f.engine(asOf: "2026-12-02", now: "2026-12-02").coverage()
        #expect(today.districts.first { $0.code == "26743" }?.kind == "phuong")
        #expect(Set(today.districts.map(\.kind)) == ["phuong", "xa", "dac-khu"])
    }

    @Test("an officer of Quận 2 (769, 2004–2021) never covers Thành phố Thủ Đức (769, 2021–2025)")
    func identityOverTime() throws {
        let f = try ReportDB()
        try f.accepted("769", on: "2013-06-20")
        try f.officer("q2", district: "769", start: "2011-09-01")
        let quan2 = try f.engine(asOf: "2015-06-30", now: "2026-12-02").coverage()
        #expect(quan2.districts.first { $0.code == "769" }?.covered == true)
        let thuDuc = try f.engine(asOf: "2022-06-30", now: "2026-12-02").coverage()
        let city = try #require(thuDuc.districts.first { $0.code == "769" })
        #expect(city.name == "Thành phố Thủ Đức")
        #expect(city.kind == "thanh-pho")
        #expect(city.covered == false)
        #expect(city.officers.isEmpty)
        try f.officer("td", district: "769", start: "2021-03-01")
        let later = try f.engine(asOf: "2022-06-30", now: "2026-12-02").coverage()
        #expect(later.districts.first { $0.code == "769" }?.officers.map(\.id) == ["td"])
    }

    @Test("a ward's officer from its economic office covers it; from an Industry-Trade office it does not")
    func wardOfficerRule() throws {
        let f = try ReportDB()
        try f.accepted("26743", on: "2026-01-10")
        try f.officer("w1", district: "26743", office: "cong-thuong", start: "2025-07-01")
        let before = try f.engine(asOf: "2026-06-30", now: "2026-12-02").coverage()
        let ward = try #require(before.districts.first { $0.code == "26743" })
        #expect(ward.covered == false)
        #expect(ward.officers.first?.covers == false)
        try f.officer("w2", district: "26743", office: "kinh-te", start: "2025-07-01")
        let after = try f.engine(asOf: "2026-06-30", now: "2026-12-02").coverage()
        #expect(after.districts.first { $0.code == "26743" }?.covered == true)
    }

    @Test("the coverage JSON keeps districts without kind and adds units with the same entries and their kind")
    func unitsInJSON() throws {
        let f = try ReportDB()
        try f.accepted("760", on: "2013-06-20")
        let r = try f.engine().coverage()
        let json = try #require(
            try JSONSerialization.jsonObject(with: try JSONEncoder().encode(r)) as? [String: Any])
        let districts = try #require(json["districts"] as? [[String: Any]])
        let units = try #require(json["units"] as? [[String: Any]])
        #expect(districts.count == 24)
        #expect(units.count == 24)
        #expect(districts.allSatisfy { $0["kind"] == nil })
        #expect(units.first { $0["code"] as? String == "760" }?["kind"] as? String == "quan")
        #expect(units.map { $0["code"] as? String } == districts.map { $0["code"] as? String })
    }
}
