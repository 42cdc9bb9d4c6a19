import DistrictSyncCore
import Testing

@testable import CityHub

@Suite("Synced schema 2: a survey answer's own-year figures travel, merge and move like the answer")
struct SurveyFiguresTests {
    static func hlc(_ offset: UInt64) -> HLCTimestamp {
        HLCTimestamp(physicalMillis: HubFixture.now - 7_200_000 + Int64(offset), counter: 0)
    }

    static func figures(_ taxCode: String, year: Int64, district: String, employees: Int64, hlc: UInt64) -> Change {
        Change(
            table: .surveyFigures, key: "\(taxCode)/\(year)", operation: .upsert,
            fields: [
                FieldChange(column: 0, value: .text(district)), FieldChange(column: 1, value: .text(taxCode)),
                FieldChange(column: 2, value: .int(year)), FieldChange(column: 3, value: .int(employees)),
            ],
            hlc: Self.hlc(hlc))
    }

    @Test("a schema-1 changeset from a node not yet upgraded still merges, then a schema-2 one with figures")
    func bothSchemasMerge() throws {
        let f = try HubFixture()
        defer { f.remove() }
        let old = try f.changeset(
            district: "760", node: "n1", seq: 1, previous: nil,
            changes: [HubFixture.enterprise("0100109106", district: "760", name: "A", hlc: 1)], schemaVersion: 1)
        #expect(f.submitAgreeing(old, source: "t").outcome == .accepted)
        let new = try f.changeset(
            district: "760", node: "n1", seq: 2, previous: sha(old),
            changes: [
                OwnershipTests.survey("0100109106", year: 2013, district: "760", hlc: 2),
                Self.figures("0100109106", year: 2013, district: "760", employees: 12, hlc: 3),
            ])
        let outcome = f.submitAgreeing(new, source: "t")
        #expect(outcome.outcome == .accepted, "\(outcome.reason ?? "-")")
        #expect(try f.count("SELECT employees FROM survey_figures WHERE id = '0100109106/2013' AND _exists = 1") == 12)
    }

    @Test("a schema fingerprint of neither version is refused schema_mismatch")
    func unknownFingerprint() throws {
        let f = try HubFixture()
        defer { f.remove() }
        let file = try f.changeset(
            district: "760", node: "n1", seq: 1, previous: nil,
            changes: [HubFixture.enterprise("0100109106", district: "760", name: "A", hlc: 1)],
            schemaFingerprint: SyncedTable.schemaFingerprint, schemaVersion: 1)
        #expect(f.submitAgreeing(file, source: "t").reason == "schema_mismatch")
    }

    @Test("figures for an enterprise another unit owns are refused unknown_enterprise and change nothing")
    func foreignFigures() throws {
        let f = try HubFixture()
        defer { f.remove() }
        let owner = try f.changeset(
            district: "770", node: "n770", seq: 1, previous: nil,
            changes: [HubFixture.enterprise("0100233488", district: "770", name: "B", hlc: 1)])
        #expect(f.submitAgreeing(owner, source: "770").outcome == .accepted)
        let before = try f.cityHash()
        let other = try f.changeset(
            district: "760", node: "n760", seq: 1, previous: nil,
            changes: [Self.figures("0100233488", year: 2013, district: "760", employees: 1, hlc: 2)])
        let outcome = f.submitAgreeing(other, source: "760")
        #expect(outcome.outcome == .rejected && outcome.reason == "unknown_enterprise", "\(outcome.reason ?? "-")")
        #expect(try f.cityHash() == before)
    }

    @Test("figures for a year after the unit ended (Quận 1, 2026) are refused period_outside_unit")
    func figuresOutsideTheUnit() throws {
        let f = try HubFixture()
        defer { f.remove() }
        let file = try f.changeset(
            district: "760", node: "n1", seq: 1, previous: nil,
            changes: [
                HubFixture.enterprise("0100109106", district: "760", name: "A", hlc: 1),
                Self.figures("0100109106", year: 2026, district: "760", employees: 12, hlc: 2),
            ])
        #expect(f.submitAgreeing(file, source: "t").reason == "period_outside_unit")
        #expect(try f.count("SELECT count(*) FROM survey_figures") == 0)
    }

    @Test("a hub transfer moves the enterprise's figures with its answers, and hub check still passes")
    func transferMovesFigures() throws {
        let f = try HubFixture()
        defer { f.remove() }
        let file = try f.changeset(
            district: "760", node: "n1", seq: 1, previous: nil,
            changes: [
                HubFixture.enterprise("0100109106", district: "760", name: "A", hlc: 1),
                OwnershipTests.survey("0100109106", year: 2013, district: "760", hlc: 2),
                Self.figures("0100109106", year: 2013, district: "760", employees: 12, hlc: 3),
            ])
        #expect(f.submitAgreeing(file, source: "t").outcome == .accepted)
        _ = try f.service.transfer(taxCode: "0100109106", from: "760", to: "771", reason: "moved", source: "test")
        #expect(try f.count("SELECT count(*) FROM survey_figures WHERE district = '771'") == 1)
        #expect(try CityIntegrity.countDamaged(f.service.db) == 0)
    }
}
