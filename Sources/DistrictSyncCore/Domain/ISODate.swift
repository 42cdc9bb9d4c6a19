import Foundation

/// ISO calendar dates (`YYYY-MM-DD`) as plain strings: they sort and compare as text, and the
/// model never needs a time zone for them.
public enum ISODate {
    /// Whether `text` is a real calendar date in `YYYY-MM-DD` form.
    public static func isValid(_ text: String) -> Bool {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard text.count == 10, parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
            let y = Int(parts[0]), let m = Int(parts[1]), let d = Int(parts[2]), (1...12).contains(m), d >= 1
        else { return false }
        return d <= daysIn(month: m, year: y)
    }

    /// Validates a date the user typed for `field`.
    public static func parse(_ text: String, field: String) throws(CoreError) -> String {
        let t = text.trimmedSpaces
        guard isValid(t) else {
            throw CoreError(
                "bad_date",
                LocalizedText(
                    vi: "\(field) '\(text)' không phải ngày hợp lệ; cần dạng YYYY-MM-DD, ví dụ 2012-03-15",
                    en: "\(field) '\(text)' is not a date; expected YYYY-MM-DD, e.g. 2012-03-15"))
        }
        return t
    }

    static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// The UTC calendar date of a Unix time in milliseconds.
    public static func fromUnixMillis(_ millis: Int64) -> String {
        // Civil-from-days (Howard Hinnant's algorithm), so no Foundation calendar is needed.
        let days = Int(millis >= 0 ? millis / 86_400_000 : (millis - 86_399_999) / 86_400_000)
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        let y = yoe + era * 400 + (m <= 2 ? 1 : 0)
        return String(format: "%04d-%02d-%02d", y, m, d)
    }

    /// Unix milliseconds at 00:00 UTC of `date`.
    public static func unixMillis(_ date: String) -> Int64? {
        guard isValid(date) else { return nil }
        let p = date.split(separator: "-").compactMap { Int($0) }
        var y = p[0]
        let m = p[1]
        let d = p[2]
        y -= m <= 2 ? 1 : 0
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return Int64(era * 146_097 + doe - 719_468) * 86_400_000
    }
}
