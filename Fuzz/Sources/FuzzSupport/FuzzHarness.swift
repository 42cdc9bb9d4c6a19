import ChangesetVerification
import DistrictSyncCore
import DistrictSyncCrypto
import Foundation

/// What each fuzz input goes through. Any outcome is fine except a crash, a hang or a
/// sanitizer report; a *success* on a mutated input must still be self-consistent.
public enum FuzzHarness {
    /// The instant every signature is made and checked at (inside the demo certificates' validity).
    public static let now = Date(timeIntervalSince1970: 1_433_160_000)  // 2015-06-01T12:00:00Z

    /// The test identity: an officer of district 760 and the policy that trusts its root.
    public struct Identity: @unchecked Sendable {
        public let certificate: Certificate
        public let key: PrivateKey
        public let policy: ChangesetPolicy
    }

    /// Loads the identity from the PKI made by `scripts/make-test-pki DIR` (path in DSYNC_FUZZ_PKI).
    public static func loadIdentity() -> Identity {
        guard let dir = ProcessInfo.processInfo.environment["DSYNC_FUZZ_PKI"] else {
            fatalError("set DSYNC_FUZZ_PKI to a directory made by scripts/make-test-pki (scripts/fuzz does this)")
        }
        do {
            let certificate = try Certificate.loadAll(path: dir + "/districts/760/officer.pem")[0]
            let key = try PrivateKey.load(
                path: dir + "/districts/760/officer.key", passphrase: Array("demo-passphrase".utf8))
            let roots = try Certificate.loadAll(path: dir + "/ca/root.pem")
            let crls = try CertificateRevocationList.loadAll(path: dir + "/crls.pem")
            return Identity(certificate: certificate, key: key, policy: ChangesetPolicy(
                    trust: VerificationPolicy(roots: roots, crls: crls), units: try OrgUnitList.embedded(), cityID: "79"))
        } catch {
            fatalError("cannot load the fuzz PKI from \(dir): \(error)")
        }
    }

    /// Decoder path: `content` is signed with a valid officer signature, so every mutation passes
    /// the CMS checks and reaches the changeset decoder and the header/record checks.
    public static func signedContent(_ content: [UInt8], identity: Identity) {
        // The plain decoder first: it must never crash, whatever the bytes.
        let direct = try? ChangesetCodec.decode(content)
        // Content the decoder refuses is refused the same way inside a signature (the CMS checks do
        // not look at the content), so sign only decodable content, plus a sample of the rest, to
        // keep the fuzzer fast where it matters: the checks after decoding.
        signCounter &+= 1
        guard direct != nil || signCounter % 64 == 0 else { return }
        guard
            let signed = try? CMSSigner.sign(
                content: content, certificate: identity.certificate, key: identity.key, padding: .pkcs1v15,
                signingTime: now)
        else { return }
        let verified = try? ChangesetVerifier.verify(signed, policy: identity.policy, now: now)
        if let verified {
            // A verified changeset must be one the decoder accepts, and re-encoding must give the same bytes.
            guard let direct else { fatalError("verifier accepted content the decoder refuses") }
            precondition((try? verified.changes()) == direct.changes, "verifier and decoder disagree on the changes")
            if let again = try? ChangesetCodec.encode(header: direct.header, changes: direct.changes) {
                precondition(again == content, "decode→encode is not the identity on accepted content")
            }
        }
    }

    nonisolated(unsafe) static var signCounter = 0

    /// Envelope path: the raw bytes are treated as a whole `.dsc` file (CMS DER parse, structure
    /// checks, chain, revocation, then decoding).
    public static func envelope(_ bytes: [UInt8], identity: Identity) {
        if let verified = try? ChangesetVerifier.verify(bytes, policy: identity.policy, now: now) {
            precondition(verified.id == hexString(SHA256.hash(bytes)), "changeset id is not the SHA-256 of the file")
        }
    }
}
