import Foundation

/// CSV renderings of the reports (RFC 4180 quoting, codes in English for machines).
public enum ReportCSV {
    static func field(_ value: String) -> String {
        let s = neutralised(value)
        return s.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" })
            ? "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : s
    }

    /// A cell a spreadsheet would run as a formula (it starts with `=`, `+`, `-`, `@`, TAB or CR:
    /// OWASP "CSV injection") gets a leading `'`, so it is shown as text. A plain decimal number
    /// (`-3`, `-2.5`: the signed changes in the progress report) is left as it is — it cannot be a
    /// formula, and a spreadsheet must still read it as a number.
    public static func neutralised(_ s: String) -> String {
        guard let first = s.unicodeScalars.first, "=+-@\t\r".unicodeScalars.contains(first) else { return s }
        if isPlainNumber(s) { return s }
        return "'" + s
    }

    static func isPlainNumber(_ s: String) -> Bool {
        var digits = Substring(s)
        if digits.first == "-" { digits = digits.dropFirst() }
        let parts = digits.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
        guard let whole = parts.first, !whole.isEmpty, whole.allSatisfy({ $0.isASCII && $0.isNumber }) else {
            return false
        }
        if parts.count == 2 { return !parts[1].isEmpty && parts[1].allSatisfy { $0.isASCII && $0.isNumber } }
        return true
    }

    static func line(_ fields: [String]) -> String { fields.map(field).joined(separator: ",") }

    static func opt<T>(_ v: T?) -> String { v.map { "\($0)" } ?? "" }

    public static func coverage(_ r: CoverageReport) -> String {
        var lines = [
            line([
                "as_of", "code", "name", "covered", "officers", "officer_names", "certificate", "last_accepted",
                "accepted_changesets", "issues", "data_hash",
            ])
        ]
        for d in r.districts {
            lines.append(
                line([
                    r.asOf, d.code, d.name, d.covered ? "yes" : "no", "\(d.officers.count)",
                    d.officers.map(\.name).joined(separator: "; "), d.certificate.status.rawValue, d.lastAccepted ?? "",
                    "\(d.acceptedChangesets)",
                    d.issues.map { i in i.since.map { "\(i.code):\($0)" } ?? i.code }.joined(separator: "; "),
                    r.provenance.dataHash,
                ]))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    public static func progress(_ r: ProgressReport) -> String {
        var lines = [
            line([
                "year", "as_of", "target", "label", "scope", "name", "numerator", "denominator", "percent", "threshold",
                "met", "status", "previous", "change", "not_surveyed", "not_applicable", "attendances", "data_hash",
            ])
        ]
        for t in r.targets {
            for c in [t.city] + t.districts {
                lines.append(
                    line([
                        "\(r.year)", r.asOf, t.id, t.label, c.code ?? "city", c.name ?? "", opt(c.numerator),
                        opt(c.denominator), c.percent.map(ReportWording.number) ?? "", opt(c.threshold),
                        c.met.map { $0 ? "yes" : "no" } ?? "", c.status.rawValue,
                        c.previous.map(ReportWording.number) ?? "", c.change.map(ReportWording.number) ?? "",
                        opt(c.notSurveyed), opt(c.notApplicable), opt(c.attendances), r.provenance.dataHash,
                    ]))
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    public static func changesets(_ r: QuarterlyReport) -> String {
        var lines = [line(["quarter", "code", "name", "accepted_changesets", "last_accepted", "late_or_missing"])]
        for d in r.changesets {
            lines.append(
                line([r.quarter, d.code, d.name, "\(d.count)", d.lastAccepted ?? "", d.count == 0 ? "yes" : "no"]))
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
