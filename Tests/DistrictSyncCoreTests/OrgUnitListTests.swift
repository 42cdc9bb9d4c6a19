import DistrictSyncCore
import Foundation
import Testing

@Suite("Org units: any level, keyed by code and validity dates, loaded from config/units.csv")
struct OrgUnitListTests {
    let list: OrgUnitList

    init() throws { list = try Fixtures.districts() }

    @Test(
        "24 district-level units are valid during the plan period",
        arguments: ["2011-01-01", "2013-06-30", "2015-12-31"])
    func twentyFourInPlanPeriod(date: String) {
        let units = list.units(validOn: date)
        #expect(units.count == 24)
        #expect(units.filter { $0.kind == "quan" }.count == 19)
        #expect(units.filter { $0.kind == "huyen" }.count == 5)
    }

    @Test("22 district-level units exist in 2022, and 168 wards, communes and the special zone from 2025-07-01")
    func unitsOverTime() {
        #expect(list.units(validOn: "2022-01-01").count == 22)
        #expect(list.units(validOn: "2025-06-30").count == 22)
        let today = list.units(validOn: "2025-07-01")
        #expect(today.count == 168)
        #expect(today.filter { $0.kind == "phuong" }.count == 113)
        #expect(today.filter { $0.kind == "xa" }.count == 54)
        #expect(today.filter { $0.kind == "dac-khu" }.count == 1)
        #expect(list.units(validOn: "2026-12-02").count == 168)
        #expect(list.unit(code: "26743", on: "2026-12-02")?.nameVi == "Phường Bến Thành")
    }

    @Test("code 769 names Quận 2 in 2015 and Thành phố Thủ Đức in 2022; they are two units")
    func code769OverTime() throws {
        #expect(try list.requireUnit(code: "769", on: "2015-01-01").nameVi == "Quận 2")
        let city = try list.requireUnit(code: "769", on: "2022-01-01")
        #expect(city.nameVi == "Thành phố Thủ Đức")
        #expect(city.kind == "thanh-pho")
        #expect(list.units(code: "769").map(\.validFrom) == ["2004-07-08", "2021-01-01"])
        #expect(list.unit(code: "769", validFrom: "2004-07-08") != list.unit(code: "769", validFrom: "2021-01-01"))
    }

    @Test("valid_to is exclusive: Quận 2 ends the day before Thủ Đức city begins")
    func validToExclusive() {
        #expect(list.unit(code: "769", on: "2020-12-31")?.nameASCII == "Quan 2")
        #expect(list.unit(code: "769", on: "2021-01-01")?.nameASCII == "Thanh pho Thu Duc")
    }

    @Test("a merged district is not valid after the merger")
    func mergedDistrictInvalid() {
        #expect {
            try list.requireUnit(code: "762", on: "2022-01-01")
        } throws: { ($0 as? CoreError)?.code == "district_not_valid_on_date" }
    }

    @Test("an unknown code is refused as unknown_district")
    func unknownCode() {
        #expect {
            try list.requireUnit(code: "999", on: "2013-01-01")
        } throws: { ($0 as? CoreError)?.code == "unknown_district" }
    }

    @Test("asking today for a district that ended says to give --on with a date of its lifetime")
    func endedUnitSaysOn() throws {
        let error = #expect(throws: CoreError.self) { try list.requireUnit(code: "760", on: "2026-11-29") }
        #expect(error?.code == "district_not_valid_on_date")
        #expect(error?.message.contains("--on 2025-06-30") == true)
        #expect(error?.message.contains("2004-07-08 – 2025-07-01") == true)
        #expect(error?.message.contains("DSYNC_NOW") == false)
    }

    @Test(
        "a list is refused when a code is not digits, a kind is unknown, valid_to is not after valid_from, or one code overlaps itself",
        arguments: [
            ("76A,X,X,quan,2004-07-08,,", "not a number"),
            ("760,X,X,tinh,2004-07-08,,", "kind"),
            ("760,X,X,quan,2004-07-08,2004-07-08,", "not after valid_from"),
            ("760,X,X,quan,2004-07-08,,\n760,Y,Y,phuong,2020-01-01,,", "overlaps"),
        ])
    func refusals(row: String, expected: String) {
        let csv = "code,name_vi,name_ascii,kind,valid_from,valid_to,successor_code\n" + row + "\n"
        let error = #expect(throws: CoreError.self) { try OrgUnitList(csv: csv) }
        #expect(error?.code == "bad_district_list")
        #expect(error?.message.contains(expected) == true, "\(error?.message ?? "")")
    }

    @Test("codes of any length and the kinds of every level parse; thanh_pho is read as thanh-pho")
    func anyLevel() throws {
        let csv = """
            code,name_vi,name_ascii,kind,valid_from,valid_to,successor_code
            27757,Đặc khu Côn Đảo,Dac khu Con Dao,dac-khu,2025-07-01,,
            769,Thành phố Thủ Đức,Thanh pho Thu Duc,thanh_pho,2021-01-01,2025-07-01,
            """
        let parsed = try OrgUnitList(csv: csv)
        #expect(parsed.units.map(\.kind) == ["dac-khu", "thanh-pho"])
        #expect(parsed.units(validOn: "2024-01-01").map(\.code) == ["769"])
    }

    @Test("a replacement list that drops a unit holding data is refused; ending it with valid_to is accepted")
    func replacement() throws {
        let header = "code,name_vi,name_ascii,kind,valid_from,valid_to,successor_code\n"
        let current = try OrgUnitList(
            csv: header + "760,Quận 1,Quan 1,quan,2004-07-08,,\n761,Quận 12,Quan 12,quan,2004-07-08,,\n")
        let dropping = header + "761,Quận 12,Quan 12,quan,2004-07-08,,\n"
        let error = #expect(throws: CoreError.self) {
            try OrgUnitList.checkReplacement(current: current, newText: dropping, inUse: ["760"])
        }
        #expect(error?.code == "units_dropped")
        #expect(try OrgUnitList.checkReplacement(current: current, newText: dropping, inUse: ["761"]).units.count == 1)
        let ending = header + "760,Quận 1,Quan 1,quan,2004-07-08,2025-07-01,\n761,Quận 12,Quan 12,quan,2004-07-08,,\n"
        #expect(try OrgUnitList.checkReplacement(current: current, newText: ending, inUse: ["760"]).units.count == 2)
    }

    @Test("the embedded list is config/units.csv byte for byte")
    func embeddedMatchesFile() throws {
        #expect(EmbeddedConfig.unitsCSV + "\n" == (try Fixtures.text("config/units.csv")))
        #expect(EmbeddedConfig.eligibleOfficesCSV + "\n" == (try Fixtures.text("config/eligible-offices.csv")))
    }

    @Test("names are stored in NFC")
    func namesNFC() {
        for unit in list.units {
            #expect(Array(unit.nameVi.utf8) == Array(VietnameseText.nfc(unit.nameVi).utf8))
        }
    }
}

@Suite("Valid time inside the unit's lifetime (period_outside_unit)")
struct UnitPeriodTests {
    let list: OrgUnitList
    init() throws { list = try Fixtures.districts() }

    @Test(
        "Quận 1 (2004-07-08 – 2025-07-01) holds its plan years and 2025, not 2026 or 2003",
        arguments: [(2011, true), (2015, true), (2025, true), (2026, false), (2003, false)])
    func surveyYears(year: Int, inside: Bool) throws {
        let q1 = try #require(list.unit(code: "760", on: "2015-01-01"))
        #expect(UnitPeriod.lies(.surveyYear(year), inside: q1) == inside)
    }

    @Test(
        "an officer's service lies inside when it starts inside and ends by the unit's end; an open end means until then",
        arguments: [
            ("2011-09-01", nil, true), ("2011-09-01", "2025-07-01", true), ("2011-09-01", "2025-07-02", false),
            ("2026-01-01", nil, false), ("2004-07-07", nil, false),
        ] as [(String, String?, Bool)])
    func service(start: String, end: String?, inside: Bool) throws {
        let q1 = try #require(list.unit(code: "760", on: "2015-01-01"))
        #expect(UnitPeriod.lies(.service(start: start, end: end), inside: q1) == inside)
    }

    @Test("a ward created on 2025-07-01 refuses a 2015 survey with period_outside_unit naming its lifetime")
    func wardRefusesThePast() throws {
        let ward = try #require(list.unit(code: "26743", on: "2026-01-01"))
        let error = #expect(throws: CoreError.self) { try UnitPeriod.check(.surveyYear(2015), in: [ward]) }
        #expect(error?.code == "period_outside_unit")
        #expect(error?.message.contains("2025-07-01 – …") == true)
        try UnitPeriod.check(.surveyYear(2026), in: [ward])
    }

    @Test("at the hub a reused code accepts a record inside either of its units (769 in 2015 and in 2022)")
    func reusedCode() throws {
        let both = list.units(code: "769")
        try UnitPeriod.check(.day("2015-05-01"), in: both)
        try UnitPeriod.check(.day("2022-05-01"), in: both)
        #expect(throws: CoreError.self) { try UnitPeriod.check(.day("2026-05-01"), in: both) }
    }
}

@Suite("The officer rule per unit kind is configuration (config/eligible-offices.csv)")
struct EligibleOfficesTests {
    @Test(
        "a district's Economic or Industry-Trade office covers it; a ward's economic office covers the ward",
        arguments: [
            ("quan", "kinh-te", true), ("quan", "cong-thuong", true), ("huyen", "cong-thuong", true),
            ("phuong", "kinh-te", true), ("phuong", "cong-thuong", false), ("xa", "kinh-te", true),
            ("dac-khu", "kinh-te", true),
        ])
    func builtIn(kind: String, office: String, covers: Bool) throws {
        let rule = try EligibleOffices.embedded()
        #expect(rule.covers(kind: kind, office: office, role: "ecommerce") == covers)
        #expect(!rule.covers(kind: kind, office: office, role: "economy"))
    }

    @Test("an unknown office in the rule file is refused with its line")
    func badRule() {
        let error = #expect(throws: CoreError.self) {
            try EligibleOffices(csv: "unit_kind,office,role\nquan,tai-chinh,ecommerce\n")
        }
        #expect(error?.code == "bad_officer_rule")
        #expect(error?.message.contains("line 2") == true)
    }
}
