import CityHub
import DistrictSyncCore
import Foundation
import Testing

@Suite("Report formats: self-contained HTML, CSV, quarterly")
struct ReportFormatTests {
    static func city() throws -> ReportDB {
        let f = try ReportDB()
        try CityFixture.build(f)
        return f
    }

    @Test("the HTML page is self-contained and names every district and target")
    func htmlSelfContained() throws {
        let engine = try Self.city().engine()
        let html = ReportHTML.page(
            coverage: try engine.coverage(), progress: try engine.progress(), quarterly: nil, lang: .vi)
        for scheme in ["http://", "https://"] {
            #expect(!html.contains("src=\"\(scheme)"))
            #expect(!html.contains("href=\"\(scheme)"))
            #expect(!html.contains("url(\(scheme)"))
        }
        #expect(!html.contains("<script src"))
        #expect(!html.contains("<link"))
        for unit in try OrgUnitList.embedded().units(validOn: "2013-06-30") {
            #expect(html.contains(unit.nameVi), "missing \(unit.nameVi)")
        }
        #expect(html.contains("B.1.đ"))
        #expect(html.contains("<svg"))
        #expect(html.contains(try engine.coverage().provenance.dataHash))
    }

    @Test("HTML escapes text from the data")
    func htmlEscapes() throws {
        let f = try ReportDB()
        try f.accepted("760", on: "2013-06-01")
        try f.officer("x", district: "760", name: "<script>alert(1)</script> & Co")
        let html = ReportHTML.page(coverage: try f.engine().coverage(), progress: nil, quarterly: nil, lang: .en)
        #expect(!html.contains("<script>alert"))
        #expect(html.contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp; Co"))
    }

    @Test("the progress CSV has one line per target and scope with no data left empty")
    func progressCSV() throws {
        let f = try ReportDB()
        try f.accepted("760", on: "2013-06-01")
        try f.enterprise("S1", district: "760")
        try f.survey("S1", district: "760", year: 2013, email: "regular")
        let csv = ReportCSV.progress(try f.engine().progress())
        let lines = csv.split(separator: "\n")
        #expect(lines.count == 1 + 18 * 25)
        #expect(lines.contains { $0.hasPrefix("2013,2013-06-30,B2a,B.2.a,city,,1,1,100,100,yes,met") })
        #expect(lines.contains { $0.hasPrefix("2013,2013-06-30,B1,B.1,city,,0,0,,100,,no_data") })
    }

    @Test("the quarterly report lists changesets per district and the late or missing ones")
    func quarterly() throws {
        let f = try Self.city()
        let q = try f.engine().quarterly("2013Q2")
        #expect(q.start == "2013-04-01")
        #expect(q.end == "2013-06-30")
        #expect(q.changesets.count == 24)
        let missing = Set(q.lateOrMissing.map(\.code))
        #expect(missing.isSuperset(of: ["783", "784", "785", "786", "787"]))
        #expect(!missing.contains("760"))
        #expect(q.progress?.year == 2013)
        #expect(throws: HubError.self) { try QuarterlyReport.parseQuarter("2013Q5") }
    }

    @Test("writes the city fixture database when DSYNC_REPORT_FIXTURE names a path")
    func writeFixture() throws {
        guard let path = ProcessInfo.processInfo.environment["DSYNC_REPORT_FIXTURE"] else { return }
        try CityFixture.write(to: path)
    }
}
