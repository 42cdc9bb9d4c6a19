import DistrictSyncCore
import Foundation

/// How the app writes dates and numbers: dd/mm/yyyy, thousands with dots (Vietnamese usage).
enum UIFormat {
    /// `2026-12-03` → `03/12/2026`; other text is returned unchanged.
    static func date(_ iso: String) -> String {
        let p = iso.split(separator: "-")
        guard p.count == 3, p[0].count == 4, p[1].count == 2, p[2].count == 2 else { return iso }
        return "\(p[2])/\(p[1])/\(p[0])"
    }

    static func date(millis: Int64) -> String { date(ISODate.fromUnixMillis(millis)) }

    /// 1500000000 → `1.500.000.000`.
    static func number(_ n: Int64) -> String {
        let digits = String(n.magnitude)
        var out = ""
        for (i, ch) in digits.enumerated() {
            if i > 0, (digits.count - i) % 3 == 0 { out.append(".") }
            out.append(ch)
        }
        return n < 0 ? "-" + out : out
    }
}
