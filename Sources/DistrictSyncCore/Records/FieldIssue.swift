import Foundation

/// One problem with one input field: the column, the value given and why it was refused.
public struct FieldIssue: Hashable, Sendable, CustomStringConvertible {
    public let column: String
    public let value: String
    /// What is wrong, in English.
    public let reason: String
    /// What is wrong in both languages, when the check gave both.
    public let localizedReason: LocalizedText?

    public init(column: String, value: String, reason: String) {
        self.column = column
        self.value = value
        self.reason = reason
        self.localizedReason = nil
    }

    /// An issue whose reason is given in both languages.
    public init(column: String, value: String, reason: LocalizedText) {
        self.column = column
        self.value = value
        self.reason = reason.en
        self.localizedReason = reason.vi == reason.en ? nil : reason
    }

    /// The reason in `language` (English when only English was given).
    public func reason(in language: Language) -> String { localizedReason?.text(language) ?? reason }

    public var description: String { "\(column)='\(value)': \(reason)" }
}

/// Collects field issues while reading one input record, so every problem is reported at once.
public struct FieldReader {
    public private(set) var issues: [FieldIssue] = []
    let lookup: (String) -> String?

    public init(_ lookup: @escaping (String) -> String?) { self.lookup = lookup }

    public mutating func fail(_ column: String, _ value: String, _ reason: String) {
        issues.append(FieldIssue(column: column, value: value, reason: reason))
    }

    public mutating func fail(_ column: String, _ value: String, _ reason: LocalizedText) {
        issues.append(FieldIssue(column: column, value: value, reason: reason))
    }

    /// NFC-cleaned text; `required` empty values are issues.
    public mutating func text(_ column: String, required: Bool = true, maxLength: Int = 500) -> String {
        let raw = lookup(column) ?? ""
        let value = VietnameseText.clean(raw)
        if required && value.isEmpty { fail(column, raw, LocalizedText(vi: "là bắt buộc", en: "is required")) }
        if value.utf8.count > maxLength {
            fail(
                column, String(raw.prefix(40)) + "…",
                LocalizedText(vi: "dài hơn \(maxLength) byte", en: "is longer than \(maxLength) bytes"))
        }
        return value
    }

    /// A whole non-negative number. Digits may be grouped by thousands as Vietnamese write them
    /// (`1.000.000`, `1 000 000`, also `1,000,000`; see `WholeNumber`); a single `.` or `,`
    /// group (`1.500`) is refused as ambiguous between 1500 and 1,5 rather than guessed.
    /// At most `max` (`ValueDomain`'s bound for the column: the hub refuses larger values).
    public mutating func count(_ column: String, required: Bool = true, max: Int64 = ValueDomain.maxMoneyVND) -> Int64 {
        let raw = (lookup(column) ?? "").trimmedSpaces
        if raw.isEmpty {
            if required {
                fail(
                    column, raw,
                    LocalizedText(
                        vi: "là bắt buộc; cần một số nguyên ≥ 0", en: "is required; expected a whole number ≥ 0"))
            }
            return 0
        }
        let v: Int64
        switch WholeNumber.read(raw) {
        case .value(let n): v = n
        case .ambiguous(let separator):
            let name = separator == "." ? (vi: "dấu chấm", en: "point") : (vi: "dấu phẩy", en: "comma")
            fail(
                column, raw,
                LocalizedText(
                    vi: "không rõ: một \(name.vi) trước 3 chữ số có thể là phần nghìn hoặc phần thập phân; "
                        + "ghi chỉ chữ số (1500) hoặc đủ các nhóm (1.500.000)",
                    en: "is ambiguous: one \(name.en) before 3 digits may group thousands or mark decimals; "
                        + "write digits only (1500) or every group (1.500.000)"))
            return 0
        case .negative:
            fail(
                column, raw,
                LocalizedText(vi: "là số âm; cần một số nguyên ≥ 0", en: "is negative; expected a whole number ≥ 0"))
            return 0
        case .notWhole:
            fail(
                column, raw,
                LocalizedText(
                    vi:
                        "không phải số nguyên; chỉ ghi chữ số, có thể chia nhóm nghìn, ví dụ 1500000000 hoặc 1.500.000.000",
                    en: "is not a whole number; expected digits, optionally grouped by thousands, e.g. 1500000000 "
                        + "or 1.500.000.000"))
            return 0
        }
        if v > max {
            fail(
                column, raw,
                LocalizedText(
                    vi: "lớn hơn \(max), giá trị lớn nhất hub chấp nhận",
                    en: "is above \(max), the largest value the hub accepts"))
            return 0
        }
        return v
    }

    public mutating func choice<V: Vocabulary>(_ column: String, _ type: V.Type, default fallback: V? = nil) -> V? {
        let raw = lookup(column) ?? ""
        if raw.trimmedSpaces.isEmpty, let fallback { return fallback }
        do { return try V.parse(raw) } catch {
            fail(
                column, raw,
                LocalizedText(
                    vi: "không thuộc các giá trị: \(V.allowedText)", en: "is not one of: \(V.allowedCodes)"))
            return nil
        }
    }

    public mutating func date(_ column: String, required: Bool = true) -> String {
        let raw = (lookup(column) ?? "").trimmedSpaces
        if raw.isEmpty {
            if required {
                fail(
                    column, raw,
                    LocalizedText(vi: "là bắt buộc; cần dạng YYYY-MM-DD", en: "is required; expected YYYY-MM-DD"))
            }
            return ""
        }
        guard ISODate.isValid(raw) else {
            fail(
                column, raw,
                LocalizedText(
                    vi: "không phải ngày hợp lệ; cần dạng YYYY-MM-DD", en: "is not a date; expected YYYY-MM-DD"))
            return ""
        }
        return raw
    }

    public mutating func taxCode(_ column: String) -> TaxCode? {
        let raw = lookup(column) ?? ""
        do { return try TaxCode(validating: raw) } catch {
            fail(
                column, raw,
                error.text.map {
                    $0.replacingOccurrences(of: "tax code '\(raw)' ", with: "")
                        .replacingOccurrences(of: "mã số thuế '\(raw)' ", with: "")
                })
            return nil
        }
    }
}
