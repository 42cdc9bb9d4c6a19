import ChangesetVerification
import DistrictSyncCore
import DistrictSyncCrypto
import DistrictSyncTesting
import Foundation
import Testing

/// The one verifier's policy steps, each with the reason it gives (the hub's agreement with it on
/// every file of the attack catalogue is checked by CityHubTests' `submitAgreeing`).
@Suite("The shared changeset verifier: ordered policy steps, one reason each")
struct ChangesetVerifierTests {
    /// 2015-06-01T12:00Z: inside the test PKI's validity and the 24 districts' lifetime.
    static let signedAt: Int64 = 1_433_160_000_000
    static let now = Date(timeIntervalSince1970: Double(signedAt + 3_600_000) / 1000)

    let pki: TestPKI
    let policy: ChangesetPolicy

    init() throws {
        pki = try TestPKI.shared()
        policy = ChangesetPolicy(
            trust: VerificationPolicy(
                roots: try Certificate.loadAll(path: pki.rootCertificate),
                crls: try CertificateRevocationList.loadAll(path: pki.crl)),
            units: try OrgUnitList.embedded(), cityID: "79")
    }

    func sign(
        _ changes: [Change], district: String = "760", city: String = "79",
        signer: (certificate: String, key: String)? = nil
    ) throws -> [UInt8] {
        let header = ChangesetHeader(
            cityID: city, districtCode: district, nodeID: "n1", sequence: 1, previousHash: ChangesetHeader.zeroHash,
            hlcMin: .zero, hlcMax: .zero, counts: [], createdMillis: Self.signedAt)
        let content = try ChangesetCodec.encode(header: header, changes: changes)
        let identity = signer ?? pki.officer(district: district)
        return try CMSSigner.sign(
            content: content, certificate: try Certificate.loadAll(path: identity.certificate)[0],
            key: try PrivateKey.load(path: identity.key, passphrase: Array(TestPKI.passphrase.utf8)),
            signingTime: Date(timeIntervalSince1970: Double(Self.signedAt) / 1000))
    }

    static func hlc(_ offset: Int64 = 0) -> HLCTimestamp {
        HLCTimestamp(physicalMillis: signedAt - 60_000 + offset, counter: 0)
    }

    static func enterprise(district: FieldValue = .text("760"), key: String = "0100109106") -> Change {
        Change(
            table: .enterprises, key: key, operation: .upsert,
            fields: [FieldChange(column: 0, value: district), FieldChange(column: 1, value: .text("Công ty A"))],
            hlc: hlc())
    }

    func reason(_ bytes: [UInt8], enrolled: [String: String] = [:]) -> String? {
        do {
            _ = try ChangesetVerifier.verify(bytes, policy: policy, now: Self.now, enrolled: enrolled)
            return nil
        } catch {
            return error.code
        }
    }

    @Test("a good changeset passes with its id, unit, signer and every change counted")
    func goodChangesetPasses() throws {
        let file = try sign([Self.enterprise(), Self.enterprise(key: "0100233488")])
        let v = try ChangesetVerifier.verify(file, policy: policy, now: Self.now)
        #expect(v.id == Digest.hex(Digest.sha256(file)))
        #expect(v.header.districtCode == "760")
        #expect(v.changeCount == 2)
        #expect(try v.changes().map(\.key) == ["0100109106", "0100233488"])
    }

    @Test("a change that sets district to another unit or to NULL is foreign_record")
    func foreignAndNullDistrict() throws {
        #expect(reason(try sign([Self.enterprise(district: .text("770"))])) == "foreign_record")
        #expect(reason(try sign([Self.enterprise(district: .null)])) == "foreign_record")
    }

    @Test("a survey of a year outside the unit's lifetime is period_outside_unit")
    func surveyOutsideLifetime() throws {
        let survey = Change(
            table: .surveys, key: "0100109106/2026", operation: .upsert,
            fields: [FieldChange(column: 0, value: .text("760")), FieldChange(column: 2, value: .int(2026))],
            hlc: Self.hlc())
        #expect(reason(try sign([survey])) == "period_outside_unit")
        let inside = Change(
            table: .surveys, key: "0100109106/2015", operation: .upsert,
            fields: [FieldChange(column: 0, value: .text("760")), FieldChange(column: 2, value: .int(2015))],
            hlc: Self.hlc())
        #expect(reason(try sign([inside])) == nil)
    }

    @Test("a signer without a unit URI is district_unbound, enrolled elsewhere district_mismatch, enrolled here passes")
    func signerBinding() throws {
        let government = pki.identity("government")
        let file = try sign([Self.enterprise()], signer: government)
        let fingerprint = try Certificate.loadAll(path: government.certificate)[0].sha256Fingerprint
        #expect(reason(file) == "district_unbound")
        #expect(reason(file, enrolled: [fingerprint: "770"]) == "district_mismatch")
        #expect(reason(file, enrolled: [fingerprint: "760"]) == nil)
        #expect(reason(try sign([Self.enterprise()], signer: pki.officer(district: "770"))) == "district_mismatch")
    }

    @Test("the city, the unit list and the clock are checked: wrong_city, unknown_district, clock_ahead")
    func cityUnitClock() throws {
        #expect(reason(try sign([Self.enterprise()], city: "01")) == "wrong_city")
        #expect(reason(try sign([], district: "999", signer: pki.officer(district: "760"))) == "unknown_district")
        var ahead = Self.enterprise()
        ahead.hlc = HLCTimestamp(physicalMillis: Self.signedAt + 3_600_000 + 6 * 60_000, counter: 0)
        #expect(reason(try sign([ahead])) == "clock_ahead")
        var justInside = Self.enterprise()
        justInside.hlc = HLCTimestamp(physicalMillis: Self.signedAt + 3_600_000 + 4 * 60_000, counter: 0)
        #expect(reason(try sign([justInside])) == nil)
    }

    @Test("the steps run in order: a tampered file of the wrong city is bad_signature, not wrong_city")
    func signatureBeforeContent() throws {
        var file = try sign([Self.enterprise()], city: "01")
        let content = try CMSInspector.inspect(der: file).content
        let start = try #require(
            (0...(file.count - content.count)).first { Array(file[$0..<$0 + content.count]) == content })
        let at = start + content.count - 1
        file[at] ^= 0x01
        #expect(reason(file) == "bad_signature")
    }

    @Test("a file over the policy's size limit is too_large before anything is parsed")
    func sizeLimit() throws {
        var small = policy
        small.maxBytes = 64
        #expect(throws: ChangesetRejection.self) {
            try ChangesetVerifier.verify(try sign([Self.enterprise()]), policy: small, now: Self.now)
        }
        let file = try sign([Self.enterprise()])
        do {
            _ = try ChangesetVerifier.verify(file, policy: small, now: Self.now)
        } catch {
            #expect(error.code == "too_large")
        }
    }

    @Test("a refusal carries its message in Vietnamese and in English")
    func bilingualRefusal() throws {
        let file = try sign([Self.enterprise()], city: "01")
        do {
            _ = try ChangesetVerifier.verify(file, policy: policy, now: Self.now)
            Issue.record("a wrong city passed")
        } catch {
            #expect(error.message(in: .vi).contains("thành phố"))
            #expect(error.message(in: .en).contains("city"))
        }
    }
}
