/// A whole number as people type it in a form or a spreadsheet: digits, optionally grouped by
/// thousands. Vietnamese group with `.` (or a space) and mark decimals with `,`; English do the
/// reverse, so a grouping mark is taken as one only when it cannot be a decimal mark:
///
/// - spaces (also no-break and thin spaces) between groups: always (`1 000 000`);
/// - `.` or `,` used two or more times, every group after the first of 3 digits: `1.000.000`,
///   `1,000,000`;
/// - one `.` or `,` before exactly 3 digits (`1.500`) is `ambiguous`: 1500 or 1,5 — refused, not guessed;
/// - anything else with a mark (`1,5`, `1.000,50`, `1.5`, `12.34.567`) is `notWhole`.
public enum WholeNumber: Equatable, Sendable {
    case value(Int64)
    case ambiguous(separator: Character)
    case negative
    case notWhole

    public static func read(_ text: String) -> WholeNumber {
        // The common case, plain digits (at most 18: no overflow), read from the bytes; the same
        // value the general path below gives them.
        let utf8 = text.utf8
        if !utf8.isEmpty && utf8.count <= 18 && utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) {
            var n: Int64 = 0
            for b in utf8 { n = n * 10 + Int64(b - 0x30) }
            return .value(n)
        }
        var body = Substring(text.trimmedSpaces)
        var negative = false
        if body.first == "-" {
            negative = true
            body = body.dropFirst()
        }
        guard let first = body.first, first.isASCII, first.isNumber else { return .notWhole }
        var groups: [Substring] = []
        var separators: Set<Character> = []
        var current = body.startIndex
        var i = body.startIndex
        while i < body.endIndex {
            let c = body[i]
            if c.isASCII && c.isNumber {
                i = body.index(after: i)
                continue
            }
            let mark: Character = c == "\u{00A0}" || c == "\u{202F}" || c == "\u{2009}" ? " " : c
            guard mark == " " || mark == "." || mark == "," else { return .notWhole }
            groups.append(body[current..<i])
            separators.insert(mark)
            i = body.index(after: i)
            current = i
        }
        groups.append(body[current..<body.endIndex])
        let digits: String
        if groups.count == 1 {
            digits = String(body)
        } else {
            guard separators.count == 1, let mark = separators.first,
                (1...3).contains(groups[0].count), groups.dropFirst().allSatisfy({ $0.count == 3 })
            else { return .notWhole }
            if mark != " " && groups.count == 2 { return .ambiguous(separator: mark) }
            digits = groups.joined()
        }
        guard let n = Int64(digits) else { return .notWhole }
        if negative { return n == 0 ? .value(0) : .negative }
        return .value(n)
    }
}
