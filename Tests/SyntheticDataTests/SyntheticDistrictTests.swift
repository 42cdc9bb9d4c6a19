import DistrictSyncCore
import SyntheticData
import Testing

@Suite("Synthetic districts are deterministic, valid and shaped like the 2013 surveys")
struct SyntheticDistrictTests {
    let rules: SizeRuleTable
    let quan1: [Enterprise]

    init() throws {
        rules = try SizeRuleTable(csv: EmbeddedConfig.sizeRulesCSV)
        quan1 = SyntheticDistrict.enterprises(district: "760", count: 4000, seed: 42, rules: rules, referenceYear: 2013)
    }

    @Test("the same seed gives identical enterprises, surveys and officers")
    func deterministic() {
        let again = SyntheticDistrict.enterprises(
            district: "760", count: 4000, seed: 42, rules: rules, referenceYear: 2013)
        #expect(again == quan1)
        #expect(
            SyntheticDistrict.surveys(for: quan1, years: 2011...2015, seed: 7)
                == SyntheticDistrict.surveys(for: again, years: 2011...2015, seed: 7))
        #expect(
            SyntheticDistrict.officers(district: "760", count: 3, seed: 9)
                == SyntheticDistrict.officers(district: "760", count: 3, seed: 9))
        let other = SyntheticDistrict.enterprises(
            district: "760", count: 50, seed: 43, rules: rules, referenceYear: 2013)
        #expect(other.map(\.name) != quan1.prefix(50).map(\.name))
    }

    @Test("tax codes are valid, start with 03, are unique, and about 5 % are branches")
    func taxCodes() throws {
        #expect(Set(quan1.map(\.taxCode)).count == quan1.count)
        for e in quan1 {
            #expect(e.taxCode.value.hasPrefix("03"))
            #expect(try TaxCode(validating: e.taxCode.value) == e.taxCode)
        }
        let branches = Double(quan1.filter { $0.taxCode.branch != nil }.count) / Double(quan1.count)
        #expect((0.03...0.07).contains(branches))
    }

    @Test("different districts never share a tax code", arguments: ["761", "769", "787"])
    func disjointDistricts(other: String) {
        let theirs = SyntheticDistrict.enterprises(
            district: other, count: 4000, seed: 42, rules: rules, referenceYear: 2013)
        #expect(Set(theirs.map(\.taxCode)).isDisjoint(with: quan1.map(\.taxCode)))
    }

    @Test("3–5 % are large under Decree 56/2009, and most enterprises are of category other")
    func mixes() {
        let large = Double(quan1.filter { $0.size.sizeClass == .large }.count) / Double(quan1.count)
        #expect((0.03...0.05).contains(large), "large share \(large)")
        #expect(quan1.allSatisfy { $0.size.ruleID == "56/2009" && $0.size.year == 2013 })
        let other = Double(quan1.filter { $0.category == .other }.count) / Double(quan1.count)
        #expect((0.80...0.95).contains(other))
        for category in [EnterpriseCategory.modernRetail, .utility, .consumerService, .ecommerceService] {
            #expect(quan1.contains { $0.category == category })
        }
    }

    @Test("names, addresses and wards are NFC and use the district's wards")
    func textShape() {
        for e in quan1.prefix(200) {
            #expect(Array(e.name.utf8) == Array(VietnameseText.nfc(e.name).utf8))
            #expect(e.address.hasSuffix(", " + e.ward))
            #expect(
                e.name.hasPrefix("Công ty TNHH") || e.name.hasPrefix("Công ty Cổ phần")
                    || e.name.hasPrefix("Doanh nghiệp tư nhân"))
        }
        #expect(quan1.contains { $0.ward == "Phường Bến Thành" })
    }

    @Test("2013 answers sit near the published surveys and rates rise from 2011 to 2015")
    func surveyRates() {
        let surveys = SyntheticDistrict.surveys(for: quan1, years: 2011...2015, seed: 7)
        func share(_ year: Int, _ predicate: (SurveyAnswer) -> Bool) -> Double {
            let rows = surveys.filter { $0.year == year }
            return Double(rows.filter(predicate).count) / Double(rows.count)
        }
        let email = { (s: SurveyAnswer) in s.emailUse != .none }
        #expect((0.74...0.86).contains(share(2013, email)))
        #expect((0.34...0.50).contains(share(2013, { $0.website != .none })))
        #expect((0.08...0.17).contains(share(2013, { $0.ecommerceSite != .none })))
        #expect((0.01...0.06).contains(share(2013, { $0.edi == .yes })))
        #expect((0.12...0.23).contains(share(2013, { $0.software.contains { $0 != .accounting } })))
        #expect((0.25...0.35).contains(share(2013, { $0.b2b == .yes })))
        #expect((0.20...0.30).contains(share(2013, { $0.b2c == .yes })))
        #expect(share(2011, email) < share(2013, email))
        #expect(share(2013, email) < share(2015, email))
    }

    @Test("B3 answers are n/a exactly when the enterprise is outside the matching category")
    func b3NotApplicable() {
        let byCode = Dictionary(uniqueKeysWithValues: quan1.map { ($0.taxCode, $0) })
        for s in SyntheticDistrict.surveys(for: quan1, years: 2013...2013, seed: 7) {
            let category = byCode[s.taxCode]?.category
            #expect((s.cashless == .notApplicable) == (category != .modernRetail))
            #expect((s.eBillPayment == .notApplicable) == (category != .utility))
            #expect((s.consumerEChannel == .notApplicable) == (category != .consumerService))
        }
    }

    @Test("the generated CSVs read back through the importers to the same records")
    func csvRoundTrip() throws {
        let sample = Array(quan1.prefix(300))
        let table = try CSVTable(text: SyntheticDistrict.enterprisesCSV(sample))
        #expect(table.header == Enterprise.requiredColumns)
        for (row, original) in zip(table.rows, sample) {
            let read = try Enterprise.read({ row[$0] }, district: "760", rules: rules, referenceYear: 2013).get()
            #expect(read.taxCode == original.taxCode)
            #expect(read.name == original.name)
            #expect(read.address == original.address)
            #expect(read.size == original.size)
        }
        let surveys = SyntheticDistrict.surveys(for: sample, years: 2013...2014, seed: 1)
        let surveyTable = try CSVTable(text: SyntheticDistrict.surveysCSV(surveys))
        for (row, original) in zip(surveyTable.rows, surveys) {
            let read = try SurveyAnswer.read(
                { row[$0] }, district: "760", defaultCollector: "synthetic", defaultDate: original.collectedOn
            ).get()
            #expect(read == original)
        }
    }

    @Test("officers have UUID-shaped ids, NFC name parts and an e-commerce officer first")
    func officers() throws {
        let officers = SyntheticDistrict.officers(district: "760", count: 4, seed: 3)
        #expect(officers.first?.role == .ecommerce)
        #expect(Set(officers.map(\.id)).count == 4)
        for o in officers {
            #expect(o.id.split(separator: "-").map(\.count) == [8, 4, 4, 4, 12])
            #expect(o.fullName == "\(o.familyName) \(o.middleName) \(o.givenName)")
            try o.validate()
        }
    }
}
