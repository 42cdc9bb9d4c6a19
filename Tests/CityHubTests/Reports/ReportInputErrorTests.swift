import CityHub
import Testing

@Suite("Bad report input is refused with a message naming the value and the fix")
struct ReportInputErrorTests {
    @Test("an unknown target id is refused, with a guess when only the case differs")
    func unknownTarget() throws {
        let inputs = try ReportDB.inputs()
        #expect(try inputs.requireTarget("B1dd").label == "B.1.đ")
        do {
            _ = try inputs.requireTarget("b1a")
            Issue.record("expected an error")
        } catch let e as HubError {
            #expect(e.code == "unknown_target")
            #expect(e.message.contains("did you mean B1a?"))
        }
        #expect(throws: HubError.self) { try inputs.requireTarget("B9") }
    }

    @Test("a district code not valid on the date is refused, listing the valid ones")
    func districtNotValidOnDate() throws {
        #expect(try ReportDB.inputs().requireDistrict("762").nameVi == "Quận Thủ Đức")
        do {
            _ = try ReportDB.inputs(asOf: "2022-01-01").requireDistrict("762")
            Issue.record("expected an error")
        } catch let e as HubError {
            #expect(e.code == "district_not_valid_on_date")
            #expect(e.message.contains("769"))
        }
        #expect(throws: HubError.self) { try ReportDB.inputs().requireDistrict("999") }
    }

    @Test("a hub with no accepted changeset has no data to report")
    func emptyHub() throws {
        let f = try ReportDB()
        #expect(throws: HubError.self) { try f.engine().coverage() }
        #expect(throws: HubError.self) { try f.engine().progress() }
    }
}
