import CityHub
import DistrictSyncCore
import DistrictSyncCrypto
import DistrictSyncTesting
import Foundation
import Testing

@Suite("Who may write what: districts, signers, revocation, tampering")
struct ScopeTests {
    func expectRejected(_ f: HubFixture, _ bytes: [UInt8], _ reason: String) throws {
        let before = try f.cityHash()
        let r = f.submitAgreeing(bytes)
        #expect(r.outcome == .rejected, "\(r)")
        #expect(r.reason == reason, "\(r)")
        #expect(try f.cityHash() == before)
        #expect(try f.count("SELECT count(*) FROM audit_log WHERE outcome = 'rejected' AND reason = '\(reason)'") >= 1)
    }

    @Test("a record of another district is refused as foreign_record")
    func foreignRecordNew() throws {
        let f = try HubFixture()
        try expectRejected(
            f,
            try f.changeset(
                district: "760", node: "n1", seq: 1, previous: nil,
                changes: [HubFixture.enterprise("0100109106", district: "770", name: "x", hlc: 1)]), "foreign_record")
    }

    @Test("changing a record the hub holds for another district is refused as foreign_record")
    func foreignRecordExisting() throws {
        let f = try HubFixture()
        let own = try f.changeset(
            district: "770", node: "a", seq: 1, previous: nil,
            changes: [HubFixture.enterprise("0100109106", district: "770", name: "x", hlc: 1)])
        #expect(f.submitAgreeing(own, source: "t").outcome == .accepted)
        try expectRejected(
            f,
            try f.changeset(
                district: "760", node: "b", seq: 1, previous: nil,
                changes: [
                    HubFixture.enterprise("0100233488", district: "760", name: "ok", hlc: 2),
                    HubFixture.delete(.enterprises, "0100109106", hlc: 3),
                ]), "foreign_record")
    }

    @Test("an officer certificate of 760 signing for 770 is refused as district_mismatch")
    func districtMismatch() throws {
        let f = try HubFixture()
        try expectRejected(
            f,
            try f.changeset(
                district: "770", node: "n1", seq: 1, previous: nil,
                changes: [HubFixture.enterprise("0100109106", district: "770", name: "x", hlc: 1)],
                signer: f.pki.officer(district: "760")), "district_mismatch")
    }

    @Test("a government-style certificate is refused as district_unbound until enrolled, then accepted")
    func enrolled() throws {
        let f = try HubFixture()
        let file = try f.changeset(
            district: "760", node: "g", seq: 1, previous: nil,
            changes: [HubFixture.enterprise("0100109106", district: "760", name: "x", hlc: 1)],
            signer: f.pki.identity("government"))
        try expectRejected(f, file, "district_unbound")
        _ = try f.service.enroll(district: "760", certificatePath: f.pki.identity("government").certificate)
        let government = try Certificate.loadAll(path: f.pki.identity("government").certificate)[0]
        let r = f.submitAgreeing(file, source: "t", enrolled: [government.sha256Fingerprint: "760"])
        #expect(r.outcome == .accepted, "\(r)")
    }

    @Test("an unknown district is refused")
    func unknownDistrict() throws {
        let f = try HubFixture()
        try expectRejected(
            f,
            try f.changeset(
                district: "999", node: "n1", seq: 1, previous: nil,
                changes: [HubFixture.enterprise("0100109106", district: "999", name: "x", hlc: 1)],
                signer: f.pki.officer(district: "760")), "unknown_district")
    }

    @Test("a changeset for another city is refused")
    func wrongCity() throws {
        let f = try HubFixture()
        try expectRejected(
            f,
            try f.changeset(
                district: "760", node: "n1", seq: 1, previous: nil,
                changes: [HubFixture.enterprise("0100109106", district: "760", name: "x", hlc: 1)], city: "01"),
            "wrong_city")
    }

    @Test("tampered bytes are refused by the signature check")
    func tampered() throws {
        let f = try HubFixture()
        var file = try f.changeset(
            district: "760", node: "n1", seq: 1, previous: nil,
            changes: [HubFixture.enterprise("0100109106", district: "760", name: "xxxxxxxx", hlc: 1)])
        let needle = Array("xxxxxxxx".utf8)
        if let at = (0..<(file.count - needle.count)).first(where: { Array(file[$0..<$0 + needle.count]) == needle }) {
            file[at] = UInt8(ascii: "y")
        } else {
            file[file.count / 2] ^= 1
        }
        let r = f.submitAgreeing(file, source: "t")
        #expect(r.outcome == .rejected)
        #expect(CryptoError.Code(rawValue: r.reason ?? "") != nil, "\(r)")
    }

    @Test("a revoked signer is refused as cert_revoked")
    func revoked() throws {
        let f = try HubFixture()
        try expectRejected(
            f,
            try f.changeset(
                district: "760", node: "n1", seq: 1, previous: nil,
                changes: [HubFixture.enterprise("0100109106", district: "760", name: "x", hlc: 1)],
                signer: f.pki.identity("revoked")), "cert_revoked")
    }

    @Test("a changeset whose clocks run far ahead of the hub is refused as clock_ahead")
    func clockAhead() throws {
        let f = try HubFixture()
        var change = HubFixture.enterprise("0100109106", district: "760", name: "x", hlc: 1)
        change.hlc = HLCTimestamp(physicalMillis: HubFixture.now + 86_400_000, counter: 0)
        try expectRejected(
            f, try f.changeset(district: "760", node: "n1", seq: 1, previous: nil, changes: [change]), "clock_ahead")
    }

    @Test("a changeset for another schema fingerprint is refused as schema_mismatch")
    func schemaMismatch() throws {
        let f = try HubFixture()
        try expectRejected(
            f,
            try f.changeset(
                district: "760", node: "n1", seq: 1, previous: nil,
                changes: [HubFixture.enterprise("0100109106", district: "760", name: "x", hlc: 1)],
                schemaFingerprint: [UInt8](repeating: 1, count: 32)), "schema_mismatch")
    }

    static func survey(_ key: String, district: String, year: Int64, hlc: HLCTimestamp) -> Change {
        Change(
            table: .surveys, key: key, operation: .upsert,
            fields: [
                FieldChange(column: 0, value: .text(district)), FieldChange(column: 1, value: .text("0100109106")),
                FieldChange(column: 2, value: .int(year)),
            ],
            hlc: hlc)
    }

    @Test("a district that has ended hands in back-filled data signed today: records inside its lifetime are accepted")
    func endedDistrictBackFill() throws {
        // 760 (Quận 1) ends on 2025-07-01; the hub no longer asks whether it existed on the signing date.
        let now: Int64 = 1_782_864_000_000  // 2026-07-01
        let f = try HubFixture(now: now)
        let hlc = HLCTimestamp(physicalMillis: now - 60_000, counter: 0)
        let bytes = try f.changeset(
            district: "760", node: "n1", seq: 1, previous: nil,
            changes: [
                HubFixture.enterprise("0100109106", district: "760", name: "x", hlc: 1),
                Self.survey("0100109106/2015", district: "760", year: 2015, hlc: hlc),
            ], signer: f.pki.identity("current"), signingMillis: now - 60_000)
        let r = f.submitAgreeing(bytes, source: "t")
        #expect(r.outcome == .accepted, "\(r)")
        #expect(try f.count("SELECT count(*) FROM surveys WHERE year = 2015") == 1)
    }

    @Test(
        "a record outside the unit's lifetime is refused as period_outside_unit and changes nothing",
        arguments: [("760", Int64(2026)), ("760", Int64(2003)), ("762", Int64(2022))])
    func periodOutsideUnit(district: String, year: Int64) throws {
        let now: Int64 = 1_782_864_000_000  // 2026-07-01
        let f = try HubFixture(now: now)
        let hlc = HLCTimestamp(physicalMillis: now - 60_000, counter: 0)
        let identity = district == "760" ? f.pki.identity("current") : f.pki.officer(district: district)
        try expectRejected(
            f,
            try f.changeset(
                district: district, node: "n1", seq: 1, previous: nil,
                changes: [Self.survey("0100109106/\(year)", district: district, year: year, hlc: hlc)],
                signer: identity,
                signingMillis: now - 60_000), "period_outside_unit")
    }

    @Test("an officer whose service ends after the unit ended is refused at the hub as period_outside_unit")
    func officerOutsideUnit() throws {
        let now: Int64 = 1_782_864_000_000  // 2026-07-01
        let f = try HubFixture(now: now)
        let columns = SyncedTable.officers.columns.map(\.name)
        func column(_ name: String) -> Int { columns.firstIndex(of: name) ?? -1 }
        let officer = Change(
            table: .officers, key: "o1", operation: .upsert,
            fields: [
                FieldChange(column: 0, value: .text("760")),
                FieldChange(column: column("full_name"), value: .text("A")),
                FieldChange(column: column("start_date"), value: .text("2011-09-01")),
                FieldChange(column: column("end_date"), value: .text("2026-01-01")),
            ], hlc: HLCTimestamp(physicalMillis: now - 60_000, counter: 0))
        try expectRejected(
            f,
            try f.changeset(
                district: "760", node: "n1", seq: 1, previous: nil, changes: [officer],
                signer: f.pki.identity("current"), signingMillis: now - 60_000), "period_outside_unit")
    }
}
