import ChangesetVerification
import DistrictSyncCore
import DistrictSyncCrypto
import DistrictSyncTesting
import Foundation
import Testing

@testable import CityHub

/// Replays the fuzz seeds and every crasher `scripts/fuzz` ever kept (Fuzz/corpus, Fuzz/regressions)
/// through the same paths the fuzz targets drive, so a fixed crash stays fixed in the normal suite.
@Suite("Fuzz corpus and regression inputs replay without a crash")
struct FuzzRegressionTests {
    static let fuzzRoot = TestPKI.repositoryRoot + "/Fuzz"
    static let now = Date(timeIntervalSince1970: 1_433_160_000)  // 2015-06-01, as in Fuzz/Sources/FuzzSupport

    static func inputs(_ target: String) -> [String] {
        ["corpus", "regressions"].flatMap { kind -> [String] in
            let dir = fuzzRoot + "/\(kind)/\(target)"
            let names = (try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? []
            return names.filter { !$0.hasPrefix(".") }.sorted().map { dir + "/" + $0 }
        }
    }

    func officer() throws -> (Certificate, PrivateKey, ChangesetPolicy) {
        let pki = try TestPKI.shared()
        let (certPath, keyPath) = pki.officer(district: "760")
        let policy = ChangesetPolicy(
            trust: VerificationPolicy(
                roots: try Certificate.loadAll(path: pki.rootCertificate),
                crls: try CertificateRevocationList.loadAll(path: pki.crl)),
            units: try OrgUnitList.embedded(), cityID: "79")
        return (
            try Certificate.loadAll(path: certPath)[0],
            try PrivateKey.load(path: keyPath, passphrase: Array(TestPKI.passphrase.utf8)), policy
        )
    }

    @Test("decoder inputs: decoded directly and inside a valid signature, agreeing with each other")
    func decoderInputs() throws {
        let files = Self.inputs("decoder")
        #expect(files.contains { $0.hasSuffix("vector-v1-raw.bin") }, "the seed corpus is missing")
        let (cert, key, policy) = try officer()
        var decodable = 0
        for file in files {
            let content = [UInt8](try Data(contentsOf: URL(fileURLWithPath: file)))
            let direct = try? ChangesetCodec.decode(content)
            let signed = try CMSSigner.sign(content: content, certificate: cert, key: key, signingTime: Self.now)
            let verified = try? ChangesetVerifier.verify(signed, policy: policy, now: Self.now)
            // The verifier reads every change with the decoder and adds the policy rules on top:
            // what the decoder refuses it refuses; what it accepts the decoder reads the same way.
            #expect(direct != nil || verified == nil, "\(file): the verifier accepted what the decoder refuses")
            if let direct, let verified {
                #expect(try verified.changes() == direct.changes)
                #expect(verified.changeCount == direct.changes.count)
                decodable += 1
            }
        }
        #expect(decodable >= 1)
    }

    @Test("envelope inputs: checked as whole .dsc files without a crash, none accepted from a foreign PKI")
    func envelopeInputs() throws {
        let (_, _, policy) = try officer()
        for file in Self.inputs("envelope") {
            let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: file)))
            // These were signed by throwaway fuzz PKIs, never by this test PKI's root.
            #expect(throws: ChangesetRejection.self) {
                try ChangesetVerifier.verify(bytes, policy: policy, now: Self.now)
            }
        }
    }

    /// Seeds of the hub target: contents a node of 760 could sign on 2015-06-01 (each on its own
    /// node id at sequence 1, so each is accepted by a fresh hub), reaching the merge, the survey
    /// ownership check and the deflate path.
    static func hubSeeds() throws -> [(String, [UInt8])] {
        let nowMillis = Int64(now.timeIntervalSince1970 * 1000)
        let hlc = HLCTimestamp(physicalMillis: nowMillis - 3_600_000, counter: 0)
        func header(_ node: String, _ encoding: ChangesetHeader.PayloadEncoding = .raw) -> ChangesetHeader {
            ChangesetHeader(
                cityID: "79", districtCode: "760", nodeID: node, sequence: 1, previousHash: ChangesetHeader.zeroHash,
                hlcMin: .zero, hlcMax: .zero, counts: [], createdMillis: nowMillis - 60_000, payloadEncoding: encoding)
        }
        let enterprise = Change(
            table: .enterprises, key: "0100109106", operation: .upsert,
            fields: [
                FieldChange(column: 0, value: .text("760")), FieldChange(column: 1, value: .text("Công ty Minh Phát")),
                FieldChange(column: 5, value: .int(120)), FieldChange(column: 6, value: .int(5_000_000_000)),
                FieldChange(column: 9, value: .text("active")),
            ], hlc: hlc)
        let survey = Change(
            table: .surveys, key: "0100109106/2014", operation: .upsert,
            fields: [
                FieldChange(column: 0, value: .text("760")), FieldChange(column: 1, value: .text("0100109106")),
                FieldChange(column: 2, value: .int(2014)), FieldChange(column: 3, value: .text("regular")),
                FieldChange(column: 7, value: .text("accounting;erp")),
            ], hlc: HLCTimestamp(physicalMillis: nowMillis - 3_599_000, counter: 1))
        let tombstone = Change(table: .enterprises, key: "0100233488", operation: .delete, fields: [], hlc: hlc)
        let officer = Change(
            table: .officers, key: "officer-1", operation: .upsert,
            fields: [
                FieldChange(column: 0, value: .text("760")),
                FieldChange(column: 4, value: .text("Nguyễn Thị Minh Khai")),
                FieldChange(column: 5, value: .text("kinh-te")), FieldChange(column: 6, value: .text("ecommerce")),
            ], hlc: hlc)
        return [
            (
                "enterprise-and-survey.bin",
                try ChangesetCodec.encode(header: header("fuzz-a"), changes: [enterprise, survey])
            ),
            ("tombstone.bin", try ChangesetCodec.encode(header: header("fuzz-b"), changes: [tombstone])),
            ("officer.bin", try ChangesetCodec.encode(header: header("fuzz-c"), changes: [officer])),
            (
                "deflate.bin",
                try ChangesetCodec.encode(header: header("fuzz-d", .deflate), changes: [enterprise, survey, tombstone])
            ),
        ]
    }

    @Test("writes the hub target's seeds to Fuzz/corpus/hub when DSYNC_WRITE_HUB_SEEDS is set")
    func writeHubSeeds() throws {
        guard ProcessInfo.processInfo.environment["DSYNC_WRITE_HUB_SEEDS"] != nil else { return }
        let dir = Self.fuzzRoot + "/corpus/hub"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        for (name, bytes) in try Self.hubSeeds() {
            try Data(bytes).write(to: URL(fileURLWithPath: dir + "/" + name))
        }
    }

    @Test("hub inputs: signed and submitted to one hub without a crash or an internal failure; the seeds merge")
    func hubInputs() throws {
        let files = Self.inputs("hub")
        #expect(files.count >= 4, "the hub seed corpus is missing")
        let f = try HubFixture(now: Int64(Self.now.timeIntervalSince1970 * 1000))
        defer { f.remove() }
        let (cert, key, _) = try officer()
        var accepted = 0
        for file in files {
            let content = [UInt8](try Data(contentsOf: URL(fileURLWithPath: file)))
            let signed = try CMSSigner.sign(content: content, certificate: cert, key: key, signingTime: Self.now)
            let outcome = f.service.submit(bytes: signed, source: file)
            #expect(!["internal_error", "hub_db_corrupt"].contains(outcome.reason ?? ""), "\(file): \(outcome)")
            if outcome.outcome == .accepted { accepted += 1 }
        }
        #expect(accepted >= 4)
        try CityIntegrity.verify(f.service.db)
    }
}
