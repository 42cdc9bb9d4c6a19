import DistrictSyncCore
import Foundation
import Testing

/// The cleaning every import row gets, CSV or XLSX alike: Vietnamese value names, grouped
/// thousands, tax codes with separators.
@Suite("Import value cleaning: Vietnamese value names, thousands separators, tax code separators")
struct ImportValueCleaningTests {
    @Test(
        "grouped thousands are read; one . or , group is ambiguous; decimals and bad groups are not whole numbers",
        arguments: [
            ("1500000000", WholeNumber.value(1_500_000_000)), ("1.000.000", .value(1_000_000)),
            ("1 000 000", .value(1_000_000)), ("1\u{00A0}500\u{00A0}000", .value(1_500_000)),
            ("12 500", .value(12_500)), ("1,000,000", .value(1_000_000)), (" 25 ", .value(25)),
            ("1.500", .ambiguous(separator: ".")), ("2,000", .ambiguous(separator: ",")),
            ("1,5", .notWhole), ("1.5", .notWhole), ("1.000.000,50", .notWhole), ("1.000,000", .notWhole),
            ("12.34.567", .notWhole), ("1234.567.890", .notWhole), ("1 00 000", .notWhole), ("abc", .notWhole),
            (".500", .notWhole), ("1..000", .notWhole), ("-5", .negative), ("-1.000.000", .negative),
            ("1e6", .notWhole), ("0", .value(0)), ("007", .value(7)),
            ("999999999999999999", .value(999_999_999_999_999_999)),
            ("9223372036854775807", .value(.max)), ("9223372036854775808", .notWhole), ("٣", .notWhole),
            ("１２", .notWhole),
        ])
    func wholeNumbers(text: String, expected: WholeNumber) {
        #expect(WholeNumber.read(text) == expected)
    }

    @Test("the import's count field reads 1.000.000 and refuses 1.500 with a message saying why and what to write")
    func countField() {
        var reader = FieldReader { ["a": "1.000.000", "b": "1.500", "c": "3 200"][$0] }
        #expect(reader.count("a") == 1_000_000)
        #expect(reader.count("c") == 3200)
        #expect(reader.count("b") == 0)
        let issue = reader.issues.first
        #expect(reader.issues.map(\.column) == ["b"])
        #expect(issue?.reason(in: .vi).contains("1.500.000") == true)
        #expect(issue?.reason(in: .en).contains("ambiguous") == true)
    }

    @Test("Vietnamese value names are accepted beside the codes, whatever the case, Unicode form and word separators")
    func labels() throws {
        #expect(try Sector.parse("Thương mại - dịch vụ") == .tradeServices)
        #expect(try Sector.parse("thương mại và dịch vụ") == .tradeServices)
        #expect(try Sector.parse("THƯƠNG MẠI, DỊCH VỤ") == .tradeServices)
        #expect(
            try Sector.parse("Co\u{0302}ng nghie\u{0323}\u{0302}p va\u{0300} xa\u{0302}y du\u{031B}\u{0323}ng")
                == .industryConstruction)
        #expect(try EnterpriseCategory.parse("Bán lẻ hiện đại") == .modernRetail)
        #expect(try EnterpriseStatus.parse("đã đóng") == .closed)
        #expect(try Office.parse("Phòng Công Thương") == .congThuong)
        #expect(try OfficerRole.parse("Phụ trách thương mại điện tử") == .ecommerce)
        #expect(try YesNo.parse("Có") == .yes)
        #expect(try YesNoNA.parse("không áp dụng") == .notApplicable)
        #expect(try YesNoNA.parse("Không") == .no)
        #expect(try SoftwareKind.parseSet("Kế toán; ERP") == [.accounting, .erp])
        #expect(try Sector.parse("trade_services") == .tradeServices)
        // Names without their diacritics are other words in Vietnamese: not guessed.
        #expect(throws: CoreError.self) { try Sector.parse("thuong mai dich vu") }
        let refused = #expect(throws: CoreError.self) { try Sector.parse("Dịch vụ") }
        #expect(refused?.message(in: .vi).contains("trade_services (Thương mại và dịch vụ)") == true)
    }

    static let vocabularies: [(column: String, values: [(code: String, label: String?)])] = [
        ("sector", Sector.allCases.map { ($0.rawValue, $0.vietnameseLabel) }),
        ("category", EnterpriseCategory.allCases.map { ($0.rawValue, $0.vietnameseLabel) }),
        ("status", EnterpriseStatus.allCases.map { ($0.rawValue, $0.vietnameseLabel) }),
        ("office", Office.allCases.map { ($0.rawValue, $0.vietnameseLabel) }),
        ("role", OfficerRole.allCases.map { ($0.rawValue, $0.vietnameseLabel) }),
        ("email_use", EmailUse.allCases.map { ($0.rawValue, $0.vietnameseLabel) }),
        ("website", WebsiteUpdate.allCases.map { ($0.rawValue, $0.vietnameseLabel) }),
        ("ecommerce_site", EcommerceSite.allCases.map { ($0.rawValue, $0.vietnameseLabel) }),
        ("software", SoftwareKind.allCases.map { ($0.rawValue, $0.vietnameseLabel) }),
        ("edi", YesNo.allCases.map { ($0.rawValue, $0.vietnameseLabel) }),
        ("cashless", YesNoNA.allCases.map { ($0.rawValue, $0.vietnameseLabel) }),
    ]

    @Test("every import vocabulary value has a name, distinct within its vocabulary and from every code")
    func labelsAreUnambiguous() {
        for (column, values) in Self.vocabularies {
            let keys = values.compactMap { $0.label.map(labelKey) }
            #expect(keys.count == values.count, "\(column): a value without a Vietnamese name")
            #expect(Set(keys).count == keys.count, "\(column): two values with the same name")
            for value in values {
                let others = values.map(\.code).filter { $0 != value.code }
                #expect(!others.contains(labelKey(value.label ?? "")), "\(column): a name that is another code")
            }
        }
    }

    @Test("docs/import-format.md's table of value names is exactly the code's")
    func docTable() throws {
        let doc = try Fixtures.text("docs/import-format.md")
        let expected = Self.vocabularies.flatMap { column, values in
            values.map { "| `\(column)` | `\($0.code)` | \($0.label ?? "") |" }
        }
        let rows = doc.split(separator: "\n").map(String.init).filter { $0.hasPrefix("| `") && $0.contains("` | `") }
        #expect(rows == expected)
    }
}
