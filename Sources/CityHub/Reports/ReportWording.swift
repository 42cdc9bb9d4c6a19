import DistrictSyncCore
import Foundation

/// The language of human-readable report output.
public enum ReportLanguage: String, Sendable, CaseIterable {
    case vi, en

    func pick(_ vi: String, _ en: String) -> String { self == .vi ? vi : en }
}

/// Words reports show to people, in Vietnamese and English.
public enum ReportWording {
    /// A coverage issue in words, with its date.
    public static func issue(_ issue: CoverageReport.Issue, _ lang: ReportLanguage) -> String {
        switch issue.code {
        case "vacant":
            if issue.since == "never" || issue.since == nil { return lang.pick("chưa từng có cán bộ", "never staffed") }
            return lang.pick("trống từ \(issue.since ?? "")", "vacant since \(issue.since ?? "")")
        case "never_synced": return lang.pick("chưa đồng bộ lần nào", "never synced")
        case "stale":
            return lang.pick("quá hạn đồng bộ (cuối: \(issue.since ?? ""))", "stale (last \(issue.since ?? ""))")
        case "no_valid_certificate": return lang.pick("không có chứng thư hợp lệ", "no valid certificate")
        default: return issue.code
        }
    }

    public static func certificate(_ s: CoverageReport.CertificateStatus, _ lang: ReportLanguage) -> String {
        switch s {
        case .valid: lang.pick("hợp lệ", "valid")
        case .expiring: lang.pick("sắp hết hạn", "expiring")
        case .expired: lang.pick("hết hạn", "expired")
        case .revoked: lang.pick("bị thu hồi", "revoked")
        case .none: lang.pick("không có", "none")
        }
    }

    /// Which figures sized the year's enterprises (the year's own, or the current ones).
    public static func sizing(_ s: ProgressReport.Sizing, year: Int, _ lang: ReportLanguage) -> String {
        lang.pick(
            "Quy mô doanh nghiệp năm \(year): \(s.yearFigures) doanh nghiệp theo số liệu của chính năm đó, "
                + "\(s.currentFigures) theo số liệu hiện tại (năm đó không ghi số liệu riêng).",
            "Enterprise size for \(year): \(s.yearFigures) enterprises by that year's own figures, "
                + "\(s.currentFigures) by their current figures (no figures recorded for the year).")
    }

    public static func status(_ s: ProgressReport.Status, _ lang: ReportLanguage) -> String {
        switch s {
        case .met: lang.pick("đạt", "met")
        case .notMet: lang.pick("chưa đạt", "not met")
        case .noData: lang.pick("không có dữ liệu", "no data")
        case .count: lang.pick("số lượng", "count")
        case .notScored: lang.pick("không chấm", "not scored")
        }
    }

    public static func office(_ raw: String, _ lang: ReportLanguage) -> String {
        guard let o = Office(rawValue: raw) else { return raw }
        return lang == .vi ? o.vietnamese : o.english
    }

    public static func role(_ raw: String, _ lang: ReportLanguage) -> String {
        guard let r = OfficerRole(rawValue: raw) else { return raw }
        return lang == .vi ? r.vietnamese : (r == .ecommerce ? "e-commerce" : "economic affairs")
    }

    /// `66.7%`, or the words for "no data".
    public static func percent(_ cell: ProgressReport.Cell, _ lang: ReportLanguage) -> String {
        if let p = cell.percent { return number(p) + "%" }
        if cell.status == .count || (cell.numerator != nil && cell.denominator == nil) {
            return "\(cell.numerator ?? 0)"
        }
        if cell.status == .notScored { return "—" }
        return lang.pick("không có dữ liệu", "no data")
    }

    /// A number with one decimal, without a trailing `.0`.
    public static func number(_ v: Double) -> String {
        let rounded = (v * 10).rounded() / 10
        if rounded == rounded.rounded() { return String(Int(rounded)) }
        return String(format: "%.1f", rounded)
    }

    /// A change in percentage points (or a count difference), signed.
    public static func change(_ cell: ProgressReport.Cell, unit: String?) -> String {
        guard let c = cell.change else { return "—" }
        let sign = c > 0 ? "+" : ""
        return sign + number(c) + (unit == "count" ? "" : " pp")
    }

    /// The target's threshold with its operator, e.g. `≥ 80%`.
    public static func bar(_ target: ProgressReport.Target) -> String {
        guard let op = target.op, let t = target.city.threshold else { return "—" }
        return (op == ">=" ? "≥ " : "= ") + "\(t)" + (target.unit == "count" ? "" : "%")
    }
}
