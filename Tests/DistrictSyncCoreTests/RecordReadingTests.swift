import DistrictSyncCore
import Testing

@Suite("Reading records reports every bad field at once, with its column and value")
struct RecordReadingTests {
    static let goodEnterprise: [String: String] = [
        "tax_code": "0314409058", "name": "Công ty TNHH Minh Phát", "address": "12 Đường Lê Lợi",
        "ward": "Phường Bến Thành", "sector": "trade_services", "employees": "25", "capital_vnd": "5000000000",
        "revenue_vnd": "12000000000", "category": "modern_retail",
    ]

    static let goodSurvey: [String: String] = [
        "tax_code": "0314409058", "year": "2013", "email_use": "regular", "website": "periodic",
        "ecommerce_site": "marketplace", "edi": "no", "software": "erp;accounting", "b2b": "yes", "b2c": "no",
        "cashless": "yes", "e_bill_payment": "n/a", "consumer_e_channel": "n/a",
    ]

    func readEnterprise(_ fields: [String: String]) throws -> Result<Enterprise, FieldIssues> {
        let rules = try Fixtures.sizeRules()
        return Enterprise.read({ fields[$0] }, district: "760", rules: rules, referenceYear: 2013)
    }

    @Test("a good enterprise row is read, classified with rule and year")
    func goodRow() throws {
        let e = try readEnterprise(Self.goodEnterprise).get()
        #expect(e.taxCode.value == "0314409058")
        #expect(e.size.sizeClass == .small)
        #expect(e.size.ruleID == "56/2009")
        #expect(e.size.year == 2013)
        #expect(e.status == .active)
    }

    @Test("name and address are stored as NFC with spaces collapsed")
    func nfcNames() throws {
        var fields = Self.goodEnterprise
        fields["name"] = "  Co\u{0302}ng ty   TNHH  Minh Pha\u{0301}t "
        fields["address"] = "12 \u{0110}u\u{031B}o\u{031B}\u{0300}ng Le\u{0302} Lo\u{031B}\u{0323}i"
        let e = try readEnterprise(fields).get()
        #expect(Array(e.name.utf8) == Array("Công ty TNHH Minh Phát".utf8))
        #expect(Array(e.address.utf8) == Array("12 Đường Lê Lợi".utf8))
    }

    @Test("every bad field is reported in one pass with its column and the value given")
    func allIssuesAtOnce() throws {
        var fields = Self.goodEnterprise
        fields["tax_code"] = "0100233480"
        fields["employees"] = "-5"
        fields["capital_vnd"] = "5.000.000,50"
        fields["category"] = "supermarket"
        fields["sector"] = "mining"
        let result = try readEnterprise(fields)
        guard case .failure(let failure) = result else {
            Issue.record("a row with five bad fields was accepted")
            return
        }
        let byColumn = Dictionary(failure.issues.map { ($0.column, $0) }, uniquingKeysWith: { a, _ in a })
        #expect(Set(byColumn.keys) == ["tax_code", "employees", "capital_vnd", "category", "sector"])
        #expect(byColumn["tax_code"]?.value == "0100233480")
        #expect(byColumn["tax_code"]?.reason.contains("8") == true)
        #expect(byColumn["employees"]?.reason.contains("negative") == true)
        #expect(byColumn["capital_vnd"]?.value == "5.000.000,50")
        #expect(byColumn["capital_vnd"]?.reason.contains("whole number") == true)
        #expect(byColumn["category"]?.reason.contains("modern_retail") == true)
        #expect(failure.description.contains("employees='-5'"))
    }

    @Test("a good survey row is read with software in canonical order")
    func goodSurvey() throws {
        let s = try SurveyAnswer.read(
            { Self.goodSurvey[$0] }, district: "760", defaultCollector: "officer-1", defaultDate: "2013-10-01"
        ).get()
        #expect(s.software == [.accounting, .erp])
        #expect(s.key == "0314409058/2013")
        #expect(s.collectedBy == "officer-1")
        #expect(s.eBillPayment == .notApplicable)
    }

    @Test("a survey row with bad year, enums and software reports each of them")
    func badSurvey() {
        var fields = Self.goodSurvey
        fields["year"] = "1999"
        fields["email_use"] = "sometimes"
        fields["software"] = "accounting;excel"
        fields["cashless"] = "maybe"
        fields["tax_code"] = "031440905"
        let result = SurveyAnswer.read(
            { fields[$0] }, district: "760", defaultCollector: "x", defaultDate: "2013-10-01")
        guard case .failure(let failure) = result else {
            Issue.record("a row with five bad fields was accepted")
            return
        }
        #expect(Set(failure.issues.map(\.column)) == ["year", "email_use", "software", "cashless", "tax_code"])
        #expect(failure.issues.first { $0.column == "email_use" }?.value == "sometimes")
    }
}
