import Foundation

/// A Vietnamese enterprise tax code (mã số thuế, MST): 10 digits, or 13 for a branch (`0312345678-001`).
///
/// Rules (domain brief): digits 3–9 are not all zero; a branch suffix is not `000`; the 10th digit
/// equals `10 − (Σ dᵢ·wᵢ mod 11)` with weights 31, 29, 23, 19, 17, 13, 7, 5, 3, and a result of 10
/// makes the code invalid.
public struct TaxCode: Hashable, Sendable, CustomStringConvertible, Comparable {
    /// The canonical form: `0312345678` or `0312345678-001`.
    public let value: String

    public var description: String { value }
    /// The 10-digit head office code.
    public var base: String { String(value.prefix(10)) }
    /// The branch suffix, if this is a branch.
    public var branch: String? { value.count == 14 ? String(value.suffix(3)) : nil }

    static let weights = [31, 29, 23, 19, 17, 13, 7, 5, 3]

    /// Validates `raw` (surrounding spaces allowed; a branch may be written with or without the dash).
    public init(validating raw: String) throws(CoreError) {
        let trimmed = raw.trimmedSpaces
        var digits = trimmed.filter { $0 != "-" }
        let dashCount = trimmed.count - digits.count
        guard digits.allSatisfy({ $0.isASCII && $0.isNumber }) else {
            throw CoreError(
                "tax_code_not_digits",
                "tax code '\(raw)' must contain only digits (and one '-' before a branch suffix)")
        }
        guard (digits.count == 10 && dashCount == 0) || (digits.count == 13 && dashCount <= 1) else {
            throw CoreError(
                "tax_code_length",
                "tax code '\(raw)' has \(digits.count) digits; expected 10, or 13 for a branch (0312345678-001)")
        }
        if dashCount == 1, trimmed.firstIndex(of: "-") != trimmed.index(trimmed.startIndex, offsetBy: 10) {
            throw CoreError("tax_code_format", "tax code '\(raw)' must put the '-' after the 10th digit")
        }
        let d = digits.compactMap { $0.wholeNumberValue }
        guard d[2...8].contains(where: { $0 != 0 }) else {
            throw CoreError("tax_code_zero_body", "tax code '\(raw)' has digits 3–9 all zero, which no code can have")
        }
        let sum = zip(d[0..<9], Self.weights).reduce(0) { $0 + $1.0 * $1.1 }
        let check = 10 - sum % 11
        guard check != 10 else {
            throw CoreError(
                "tax_code_check_digit", "tax code '\(raw)' is invalid: its first 9 digits admit no check digit")
        }
        guard d[9] == check else {
            throw CoreError(
                "tax_code_check_digit",
                "tax code '\(raw)' has check digit \(d[9]) but its first 9 digits require \(check); check for a typo")
        }
        if digits.count == 13 {
            guard digits.suffix(3) != "000" else {
                throw CoreError("tax_code_branch", "tax code '\(raw)' has branch suffix 000; branches are 001–999")
            }
            digits.insert("-", at: digits.index(digits.startIndex, offsetBy: 10))
        }
        value = digits
    }

    /// The check digit for a 9-digit prefix, or nil when none exists (the sum leaves remainder 0).
    public static func checkDigit(forPrefix prefix: [Int]) -> Int? {
        precondition(prefix.count == 9)
        let check = 10 - zip(prefix, weights).reduce(0) { $0 + $1.0 * $1.1 } % 11
        return check == 10 ? nil : check
    }

    public static func < (lhs: TaxCode, rhs: TaxCode) -> Bool { lhs.value < rhs.value }
}
