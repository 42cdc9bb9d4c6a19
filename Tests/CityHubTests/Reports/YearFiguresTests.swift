import CityHub
import DistrictSyncCore
import Foundation
import Testing

@Suite("Reports size an enterprise for year Y by Y's own figures when the survey recorded them (issue 14 item 6)")
struct YearFiguresTests {
    static func cell(_ r: ProgressReport, _ id: String, _ code: String? = nil) throws -> ProgressReport.Cell {
        let t = try #require(r.target(id))
        guard let code else { return t.city }
        return try #require(t.districts.first { $0.code == code })
    }

    /// Two enterprises large by their current figures; G1 was small in 2013 by its own figures.
    static func city() throws -> ReportDB {
        let f = try ReportDB()
        try f.accepted("760", on: "2013-06-01")
        try f.large("G1", district: "760")
        try f.survey("G1", district: "760", year: 2013, email: "regular", b2b: "yes")
        try f.figures("G1", district: "760", year: 2013, employees: 20, capitalBn: 3)
        try f.large("G2", district: "760")
        try f.survey("G2", district: "760", year: 2013, email: "regular", b2b: "yes")
        return f
    }

    @Test("an enterprise large today but small by its 2013 figures counts among 2013's SMEs, not the large")
    func yearFiguresMoveTheEnterprise() throws {
        let r = try Self.city().engine().progress()
        // B1: large enterprises doing B2B; B2: SMEs with e-mail (domain README).
        #expect(try Self.cell(r, "B1").denominator == 1)
        #expect(try Self.cell(r, "B2").denominator == 1)
        #expect(r.sizing == ProgressReport.Sizing(yearFigures: 1, currentFigures: 1))
    }

    @Test("without figures for the year the current figures size it, and the report says so")
    func currentFiguresOtherwise() throws {
        let f = try ReportDB()
        try f.accepted("760", on: "2013-06-01")
        try f.large("G1", district: "760")
        try f.survey("G1", district: "760", year: 2013, b2b: "yes")
        // Figures of another year do not size 2013.
        try f.figures("G1", district: "760", year: 2012, employees: 20, capitalBn: 3)
        let r = try f.engine().progress()
        #expect(try Self.cell(r, "B1").denominator == 1)
        #expect(try Self.cell(r, "B2").denominator == 0)
        #expect(r.sizing == ProgressReport.Sizing(yearFigures: 0, currentFigures: 1))
    }

    @Test("figures filed by another unit for an enterprise it does not own size nothing")
    func onlyTheOwnersFigures() throws {
        let f = try ReportDB()
        try f.accepted("760", on: "2013-06-01")
        try f.large("G1", district: "760")
        try f.survey("G1", district: "760", year: 2013, b2b: "yes")
        try f.figures("G1", district: "770", year: 2013, employees: 20, capitalBn: 3)
        let r = try f.engine().progress()
        #expect(try Self.cell(r, "B1").denominator == 1)
        #expect(r.sizing?.yearFigures == 0)
    }

    @Test("the sizing is in the JSON report as sizing.year_figures and sizing.current_figures")
    func sizingInJSON() throws {
        let r = try Self.city().engine().progress()
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let json = String(decoding: try encoder.encode(r), as: UTF8.self)
        #expect(json.contains(#""sizing":{"current_figures":1,"year_figures":1}"#))
        let back = try JSONDecoder().decode(ProgressReport.self, from: Data(json.utf8))
        #expect(back.sizing == r.sizing)
    }
}
