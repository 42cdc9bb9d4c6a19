import DistrictSyncCore
import Foundation
import Testing

@testable import CityHub

/// Which rows a report checks (issue 18): every row of every city table it reads, before it reads
/// them — so a damaged row that could change a figure is `hub_db_corrupt` — and no table it does
/// not read, so coverage no longer checksums the whole city.
@Suite("Reports check every row of the tables they read, and only those")
struct ReportIntegrityTests {
    static func city() throws -> ReportDB {
        let f = try ReportDB()
        try f.officer("o-760", district: "760", fingerprint: "fp760", serial: "s760")
        try f.signer("fp760", district: "760", serial: "s760", notAfter: "2015-12-31")
        try f.training("t-1", officer: "o-760", district: "760", on: "2012-05-01")
        try f.accepted("760", on: "2013-06-20")
        try f.enterprise("0100109106", district: "760")
        try f.survey("0100109106", district: "760", year: 2013, email: "regular")
        return f
    }

    /// Changes one stored value behind the checksum's back, as a flipped bit on disk would (the
    /// fixture seals inserted rows only, never updated ones).
    static func damage(_ f: ReportDB, _ sql: String) throws {
        try f.db.execute(sql)
    }

    static func code(_ body: () throws -> Void) -> String? {
        do {
            try body()
            return nil
        } catch let error as HubError {
            return error.code
        } catch {
            return "\(error)"
        }
    }

    @Test("an undamaged city gives both reports")
    func clean() throws {
        let f = try Self.city()
        #expect(try f.engine().coverage().coveredCount == 1)
        #expect(try !f.engine().progress().targets.isEmpty)
    }

    @Test("a damaged officer row stops coverage and progress with hub_db_corrupt")
    func damagedOfficer() throws {
        let f = try Self.city()
        try Self.damage(f, "UPDATE officers SET role = 'economy' WHERE id = 'o-760'")
        #expect(Self.code { _ = try f.engine().coverage() } == "hub_db_corrupt")
        #expect(Self.code { _ = try f.engine().progress() } == "hub_db_corrupt")
    }

    @Test("a survey row moved out of the selection by damage (its year) still stops progress")
    func damagedSurveyYear() throws {
        let f = try Self.city()
        try Self.damage(f, "UPDATE surveys SET year = 2009")
        #expect(Self.code { _ = try f.engine().progress() } == "hub_db_corrupt")
    }

    @Test("a damaged enterprise row stops progress but not coverage, which reads no enterprise")
    func damagedEnterprise() throws {
        let f = try Self.city()
        try Self.damage(f, "UPDATE enterprises SET employees = 9999")
        #expect(Self.code { _ = try f.engine().progress() } == "hub_db_corrupt")
        #expect(Self.code { _ = try f.engine().coverage() } == nil)
        #expect(ReportEngine.coverageTables == [.officers, .trainings])
    }

    /// Progress checks the enterprise, survey and own-year figure rows in the pass that counts them
    /// (issue 18 item 2, step 1): rows the counting skips (deleted, closed, other years) are still
    /// checked, and each damaged one stops the report.
    @Test(
        "progress stops with hub_db_corrupt for a damaged row its counting pass skips",
        arguments: [
            "UPDATE enterprises SET employees = 1 WHERE tax_code = '0100109107'",
            "UPDATE surveys SET email_use = 'regular' WHERE tax_code = '0100109107'",
            "UPDATE surveys SET district = '770' WHERE year = 2011",
            "UPDATE survey_figures SET employees = 7",
            "UPDATE enterprises SET _exists = 1 WHERE tax_code = '0100109108'",
        ])
    func damagedSkippedRow(sql: String) throws {
        let f = try Self.city()
        try f.enterprise("0100109107", district: "760", status: "closed")
        try f.survey("0100109107", district: "760", year: 2013)
        try f.survey("0100109106", district: "760", year: 2011)
        try f.figures("0100109106", district: "760", year: 2013, employees: 40, capitalBn: 4)
        try f.enterprise("0100109108", district: "760")
        try f.db.execute("UPDATE enterprises SET _exists = 0 WHERE tax_code = '0100109108'")
        try CityIntegrity.resealAll(f.db)
        #expect(Self.code { _ = try f.engine().progress() } == nil)
        try Self.damage(f, sql)
        #expect(Self.code { _ = try f.engine().progress() } == "hub_db_corrupt")
    }
}
