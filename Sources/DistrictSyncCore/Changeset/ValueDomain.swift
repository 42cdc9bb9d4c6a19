/// The values a node can write into each synced column, checked once where changes enter the hub
/// (`ChangeStream(content:checkingValues: true)`), so a value a node never writes — `Int64.max`
/// money, a year 9,223,372,036,854,775,807, an email-use answer outside the vocabulary — is refused
/// with a reason code before it is merged or reaches a report (issue 12, Build 3).
///
/// Integers out of range are `out_of_range`; text outside a closed vocabulary is `unknown_value` (the
/// code the node's own readers use). NULL fits every column (the merge's way of clearing a field).
/// Free text (names, addresses, dates, the size-rule id, which comes from a correctable table) is
/// bounded only by the codec's length and NFC rules.
public enum ValueDomain: Sendable {
    case free
    case integer(ClosedRange<Int64>)
    case vocabulary([[UInt8]])
    /// A `;`-separated set of software kinds in canonical order, no repeats (may be empty).
    case softwareSet

    /// Money columns (VND): at most 10^17 VND (100 million billion), far above any enterprise's
    /// capital or revenue, far below where sums over a city could overflow `Int64`.
    public static let maxMoneyVND: Int64 = 100_000_000_000_000_000
    /// Employee counts: at most 10 million.
    public static let maxEmployees: Int64 = 10_000_000
    /// Years (survey year, size reference year): `SurveyAnswer.years`.
    public static let years = Int64(SurveyAnswer.years.lowerBound)...Int64(SurveyAnswer.years.upperBound)

    /// The domain of `table`'s column at `column` (an index into `table.columns`).
    public static func of(_ table: SyncedTable, column: Int) -> ValueDomain {
        let row = columnDomains[Int(table.rawValue)]
        return column < row.count ? row[column] : .free
    }

    private static func words<V: Vocabulary>(_: V.Type) -> ValueDomain {
        .vocabulary(V.allCases.map { Array($0.rawValue.utf8) })
    }

    private static let columnDomains: [[ValueDomain]] = {
        var out = Array(repeating: [ValueDomain](), count: 256)
        for table in SyncedTable.allCases {
            out[Int(table.rawValue)] = table.columns.map { column in
                switch (table, column.name) {
                case (.officers, "office"): words(Office.self)
                case (.officers, "role"): words(OfficerRole.self)
                case (.enterprises, "sector"): words(Sector.self)
                case (.enterprises, "category"): words(EnterpriseCategory.self)
                case (.enterprises, "status"): words(EnterpriseStatus.self)
                case (.enterprises, "size_class"): words(SizeClass.self)
                case (.enterprises, "employees"), (.surveyFigures, "employees"): .integer(0...maxEmployees)
                case (.enterprises, "capital_vnd"), (.enterprises, "revenue_vnd"), (.surveyFigures, "capital_vnd"),
                    (.surveyFigures, "revenue_vnd"):
                    .integer(0...maxMoneyVND)
                case (.enterprises, "size_year"), (.surveys, "year"), (.surveyFigures, "year"): .integer(years)
                case (.surveys, "email_use"): words(EmailUse.self)
                case (.surveys, "website"): words(WebsiteUpdate.self)
                case (.surveys, "ecommerce_site"): words(EcommerceSite.self)
                case (.surveys, "edi"), (.surveys, "b2b"), (.surveys, "b2c"): words(YesNo.self)
                case (.surveys, "cashless"), (.surveys, "e_bill_payment"), (.surveys, "consumer_e_channel"):
                    words(YesNoNA.self)
                case (.surveys, "software"): .softwareSet
                default: .free
                }
            }
        }
        return out
    }()

    /// Checks an integer value of `table`'s `column`.
    static func check(int value: Int64, table: SyncedTable, column: Int, change number: Int) throws(CoreError) {
        guard case .integer(let range) = of(table, column: column) else { return }
        guard range.contains(value) else {
            throw CoreError(
                "out_of_range",
                LocalizedText(
                    vi: "thay đổi số \(number) ghi cho \(table.name).\(table.columns[column].name) giá trị \(value); "
                        + "một nút chỉ ghi \(range.lowerBound)…\(range.upperBound)",
                    en: "change #\(number) gives \(table.name).\(table.columns[column].name) the value \(value); "
                        + "a node writes \(range.lowerBound)…\(range.upperBound)"))
        }
    }

    /// Checks a text value (its UTF-8 bytes) of `table`'s `column`.
    static func check(text: UnsafeRawBufferPointer, table: SyncedTable, column: Int, change number: Int)
        throws(CoreError)
    {
        switch of(table, column: column) {
        case .vocabulary(let allowed):
            guard allowed.contains(where: { $0.elementsEqual(text) }) else {
                throw CoreError(
                    "unknown_value",
                    LocalizedText(
                        vi:
                            "thay đổi số \(number) ghi cho \(table.name).\(table.columns[column].name) một giá trị ngoài danh mục "
                            + "(\(allowed.map { String(decoding: $0, as: UTF8.self) }.joined(separator: ", ")))",
                        en: "change #\(number) gives \(table.name).\(table.columns[column].name) a value outside its "
                            + "vocabulary (\(allowed.map { String(decoding: $0, as: UTF8.self) }.joined(separator: ", ")))"
                    ))
            }
        case .softwareSet:
            guard isCanonicalSoftwareSet(text) else {
                throw CoreError(
                    "unknown_value",
                    LocalizedText(
                        vi:
                            "thay đổi số \(number) ghi cho surveys.software một giá trị không phải tập chuẩn, phân cách bằng dấu ;, gồm các giá trị "
                            + SoftwareKind.allCases.map(\.rawValue).joined(separator: ", "),
                        en:
                            "change #\(number) gives surveys.software a value that is not a canonical ;-separated set of "
                            + SoftwareKind.allCases.map(\.rawValue).joined(separator: ", ")))
            }
        case .free, .integer:
            return
        }
    }

    /// Whether `text` is what `SoftwareKind.text` writes: kinds in canonical order, each once.
    static func isCanonicalSoftwareSet(_ text: UnsafeRawBufferPointer) -> Bool {
        if text.isEmpty { return true }
        var last = -1
        for part in text.split(separator: UInt8(ascii: ";"), omittingEmptySubsequences: false) {
            guard let rank = SoftwareKind.allCases.firstIndex(where: { $0.rawValue.utf8.elementsEqual(part) }),
                rank > last
            else { return false }
            last = rank
        }
        return true
    }
}
