import DistrictSyncCore

/// The quarterly report (plan D.4): coverage and progress at the quarter's end, changesets accepted
/// in the quarter per district, and the districts that sent nothing.
public struct QuarterlyReport: Sendable, Hashable, Codable {
    public struct DistrictChangesets: Sendable, Hashable, Codable {
        public let code: String
        public let name: String
        public let count: Int
        public let lastAccepted: String?

        enum CodingKeys: String, CodingKey {
            case code, name, count
            case lastAccepted = "last_accepted"
        }
    }

    /// `2013Q2`.
    public let quarter: String
    public let start: String
    public let end: String
    public let coverage: CoverageReport
    /// Nil when no survey year up to the quarter's year has answers.
    public let progress: ProgressReport?
    public let changesets: [DistrictChangesets]

    /// Districts with no accepted changeset in the quarter.
    public var lateOrMissing: [DistrictChangesets] { changesets.filter { $0.count == 0 } }

    /// Parses `YYYYQn` into its first and last day.
    public static func parseQuarter(_ text: String) throws -> (quarter: String, start: String, end: String) {
        let t = text.uppercased()
        let parts = t.split(separator: "Q")
        guard parts.count == 2, parts[0].count == 4, let y = Int(parts[0]), let q = Int(parts[1]), (1...4).contains(q)
        else {
            throw HubError(
                "bad_quarter",
                LocalizedText(
                    vi: "'\(text)' không phải một quý; cần dạng YYYYQn, ví dụ 2013Q2",
                    en: "quarter '\(text)' is not a quarter; expected YYYYQn, e.g. 2013Q2"))
        }
        let firstMonth = (q - 1) * 3 + 1
        let lastDay = ["03-31", "06-30", "09-30", "12-31"][q - 1]
        let month = firstMonth < 10 ? "0\(firstMonth)" : "\(firstMonth)"
        return ("\(y)Q\(q)", "\(y)-\(month)-01", "\(y)-\(lastDay)")
    }
}

extension ReportEngine {
    /// The quarterly report for `quarter` (`YYYYQn`); `inputs.asOf` should be the quarter's last day.
    public func quarterly(_ quarter: String) throws -> QuarterlyReport {
        let q = try QuarterlyReport.parseQuarter(quarter)
        let coverage = try coverage()
        let store = ReportStore(db: database)
        var progress: ProgressReport?
        if let year = try store.latestSurveyYear(upTo: inputs.year) {
            var yearInputs = inputs
            yearInputs.year = year
            progress = try ReportEngine(database: database, inputs: yearInputs).progress()
        }
        let start = ISODate.unixMillis(q.start) ?? 0
        let end = (ISODate.unixMillis(q.end) ?? 0) + Self.dayMillis
        var counts: [String: (Int, Int64)] = [:]
        for (district, c) in try store.acceptedByDistrict(from: start, before: end) {
            counts[district] = (c.count, c.newest ?? 0)
        }
        let changesets = inputs.units.units(validOn: q.end).map { u in
            let c = counts[u.code]
            return QuarterlyReport.DistrictChangesets(
                code: u.code, name: u.nameVi, count: c?.0 ?? 0, lastAccepted: c.map { ISODate.fromUnixMillis($0.1) })
        }
        return QuarterlyReport(
            quarter: q.quarter, start: q.start, end: q.end, coverage: coverage, progress: progress,
            changesets: changesets)
    }
}
