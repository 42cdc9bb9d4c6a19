import DistrictNode
import DistrictSyncCore
import DistrictSyncCrypto
import DistrictSyncTesting
import Foundation
import Testing

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

    func officer() throws -> (Certificate, PrivateKey, VerificationPolicy) {
        let pki = try TestPKI.shared()
        let (certPath, keyPath) = pki.officer(district: "760")
        let policy = VerificationPolicy(
            roots: try Certificate.loadAll(path: pki.rootCertificate),
            crls: try CertificateRevocationList.loadAll(path: pki.crl))
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
            #expect((verified == nil) == (direct == nil), "\(file): verifier and decoder disagree")
            if let direct, let verified {
                #expect(verified.changes == direct.changes)
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
}
