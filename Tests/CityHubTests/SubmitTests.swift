import DistrictSyncCore
import DistrictSyncCrypto
import DistrictSyncTesting
import Foundation
import Testing

@testable import CityHub

@Suite("Submitting changesets to the hub")
struct SubmitTests {
    @Test("changesets in order are accepted and merged, with a receipt the node can verify")
    func acceptInOrder() throws {
        let f = try HubFixture()
        let one = try f.changeset(
            district: "760", node: "n1", seq: 1, previous: nil,
            changes: [HubFixture.enterprise("0100109106", district: "760", name: "A", hlc: 1)])
        let two = try f.changeset(
            district: "760", node: "n1", seq: 2, previous: sha(one),
            changes: [HubFixture.enterprise("0100109106", district: "760", name: "B", hlc: 2)])
        let r1 = f.submitAgreeing(one, source: "test")
        #expect(r1.outcome == .accepted, "\(r1)")
        let r2 = f.submitAgreeing(two, source: "test")
        #expect(r2.outcome == .accepted, "\(r2)")
        #expect(try f.service.db.scalar("SELECT name FROM enterprises WHERE tax_code = '0100109106'")?.string == "B")
        let receipt = try #require(r2.receipt)
        let verified = try CMSVerifier.verify(
            der: receipt,
            policy: VerificationPolicy(
                roots: Certificate.loadAll(path: f.pki.rootCertificate),
                checkRevocation: false), now: Date(timeIntervalSince1970: Double(HubFixture.now) / 1000),
            maxBytes: 1 << 20)
        let decoded = try Receipt.decode(verified.content)
        #expect(decoded.changesetID == r2.id && decoded.sequence == 2 && decoded.nodeID == "n1")
        #expect(try f.count("SELECT count(*) FROM audit_log WHERE outcome = 'accepted'") == 2)
        #expect(FileManager.default.fileExists(atPath: f.home.store.path(id: r2.id)))
    }

    @Test("an exact duplicate is acknowledged with the identical receipt and changes nothing")
    func duplicate() throws {
        let f = try HubFixture()
        let one = try f.changeset(
            district: "760", node: "n1", seq: 1, previous: nil,
            changes: [HubFixture.enterprise("0100109106", district: "760", name: "A", hlc: 1)])
        let first = f.submitAgreeing(one, source: "test")
        let before = try f.cityHash()
        let again = f.submitAgreeing(one, source: "test")
        #expect(again.outcome == .duplicate)
        #expect(again.receipt == first.receipt && again.receipt != nil)
        #expect(try f.cityHash() == before)
        #expect(try f.count("SELECT count(*) FROM accepted") == 1)
    }

    @Test("an old sequence re-signed after newer ones is rejected as a replay and changes nothing")
    func replay() throws {
        let f = try HubFixture()
        let changes = [HubFixture.enterprise("0100109106", district: "760", name: "A", hlc: 1)]
        let one = try f.changeset(district: "760", node: "n1", seq: 1, previous: nil, changes: changes)
        let two = try f.changeset(
            district: "760", node: "n1", seq: 2, previous: sha(one),
            changes: [HubFixture.enterprise("0100109106", district: "760", name: "B", hlc: 2)])
        _ = f.submitAgreeing(one, source: "test")
        _ = f.submitAgreeing(two, source: "test")
        let before = try f.cityHash()
        let resigned = try f.changeset(
            district: "760", node: "n1", seq: 1, previous: nil, changes: changes,
            signingMillis: HubFixture.now - 1_000, createdMillis: HubFixture.now - 3_600_000)
        let r = f.submitAgreeing(resigned, source: "test")
        #expect(r.outcome == .rejected && r.reason == "replay", "\(r)")
        #expect(try f.cityHash() == before)
    }
}
