import DistrictSyncCore
import Testing

@Suite("Org units: keyed by code and validity dates, loaded from config/districts.csv")
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

    @Test("code 769 names Quận 2 in 2015 and Thành phố Thủ Đức in 2022")
    func code769OverTime() throws {
        #expect(try list.requireUnit(code: "769", on: "2015-01-01").nameVi == "Quận 2")
        #expect(try list.requireUnit(code: "769", on: "2022-01-01").nameVi == "Thành phố Thủ Đức")
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

    @Test("nothing is valid once the district level is abolished on 2025-07-01")
    func abolished() {
        #expect(list.units(validOn: "2025-07-01").isEmpty)
        #expect(list.units(validOn: "2025-06-30").count == 22)
    }

    @Test("asking for a district on a date no district is valid names the period the list covers and what to do")
    func afterTheList() throws {
        let error = #expect(throws: CoreError.self) { try list.requireUnit(code: "760", on: "2026-11-29") }
        #expect(error?.code == "district_not_valid_on_date")
        #expect(error?.message.contains("districts valid then: none") == true)
        #expect(error?.message.contains("to 2025-07-01") == true)
        #expect(error?.message.contains("DSYNC_NOW") == true)
    }

    @Test("names are stored in NFC")
    func namesNFC() {
        for unit in list.units {
            #expect(Array(unit.nameVi.utf8) == Array(VietnameseText.nfc(unit.nameVi).utf8))
        }
    }
}
