import DistrictSyncCrypto
import Foundation
import Testing

@Suite("CRLs must be fresh and come from a configured CA")
struct CRLPolicyTests {
    static func cityCRL() throws -> CertificateRevocationList {
        let crls = try CertificateRevocationList.loadAll(path: Fixtures.pki().crl)
        guard let crl = crls.first else { throw CryptoError(.crlInvalid, "no CRL in the test PKI") }
        return crl
    }

    static func nextUpdate() throws -> Date {
        guard let due = try cityCRL().nextUpdate else {
            throw CryptoError(.crlInvalid, "the test CRL has no nextUpdate")
        }
        return due
    }

    @Test("past the newest CRL's nextUpdate, verification fails with crl_stale")
    func staleCRL() throws {
        let der = try Fixtures.signed(by: Fixtures.officer())
        let late = try Self.nextUpdate().addingTimeInterval(1)
        #expect(Fixtures.code { _ = try Fixtures.verify(der, now: late) } == .crlStale)
    }

    @Test("one second before nextUpdate the same changeset verifies")
    func freshCRL() throws {
        let der = try Fixtures.signed(by: Fixtures.officer())
        let justInTime = try Self.nextUpdate().addingTimeInterval(-1)
        #expect(try Fixtures.verify(der, now: justInTime).content == Fixtures.content)
    }

    @Test("a configured grace period accepts a CRL that lapsed within it, and no longer")
    func gracePeriod() throws {
        let der = try Fixtures.signed(by: Fixtures.officer())
        var policy = try Fixtures.policy()
        policy.crlGracePeriod = 2 * 86_400
        let due = try Self.nextUpdate()
        #expect(
            try Fixtures.verify(der, policy: policy, now: due.addingTimeInterval(86_400)).content == Fixtures.content)
        #expect(
            Fixtures.code { _ = try Fixtures.verify(der, policy: policy, now: due.addingTimeInterval(3 * 86_400)) }
                == .crlStale)
    }

    @Test("a stale CRL that already lists the signer still proves the revocation")
    func staleButRevoked() throws {
        let der = try Fixtures.signed(by: Fixtures.identity("revoked"))
        let late = try Self.nextUpdate().addingTimeInterval(86_400)
        #expect(Fixtures.code { _ = try Fixtures.verify(der, now: late) } == .certRevoked)
    }

    @Test("a stale CRL is ignored when revocation checking is off (the node's offline mode)")
    func staleIgnoredWithoutRevocation() throws {
        let der = try Fixtures.signed(by: Fixtures.officer())
        let late = try Self.nextUpdate().addingTimeInterval(86_400)
        let policy = try Fixtures.policy(checkRevocation: false)
        #expect(try Fixtures.verify(der, policy: policy, now: late).content == Fixtures.content)
    }

    @Test("a CRL from a CA that is not configured is refused as crl_untrusted")
    func untrustedCRL() throws {
        var policy = try Fixtures.policy()
        let foreign = try Fixtures.pki().directory + "/test/foreign-ca/crl.pem"
        policy.crls += try CertificateRevocationList.loadAll(path: foreign)
        let der = try Fixtures.signed(by: Fixtures.officer())
        #expect(Fixtures.code { _ = try Fixtures.verify(der, policy: policy) } == .crlUntrusted)
        // Once that CA is a configured root, its CRL is acceptable.
        policy.roots += try Certificate.loadAll(path: Fixtures.pki().foreignRootCertificate)
        #expect(try Fixtures.verify(der, policy: policy).content == Fixtures.content)
    }

    @Test("stale and lapsed are judged at the given time against nextUpdate")
    func isStale() throws {
        let crl = try Self.cityCRL()
        let due = try Self.nextUpdate()
        #expect(crl.isStale(at: due) == false)
        #expect(crl.isStale(at: due.addingTimeInterval(1)))
        #expect(crl.isStale(at: due.addingTimeInterval(10), grace: 60) == false)
    }
}

@Suite("RSA-PSS signatures must use SHA-256, MGF1 with SHA-256 and a 32-byte salt")
struct PSSParameterTests {
    static let pss = ["-keyopt", "rsa_padding_mode:pss"]

    @Test(
        "openssl cms -sign with other PSS parameters is refused as unsupported_pss_parameters",
        arguments: [
            ["-keyopt", "rsa_pss_saltlen:20"],
            ["-keyopt", "rsa_pss_saltlen:0"],
            ["-keyopt", "rsa_pss_saltlen:32", "-keyopt", "rsa_mgf1_md:sha1"],
            ["-keyopt", "rsa_pss_saltlen:max"],
        ])
    func badParameters(extra: [String]) throws {
        let der = try Fixtures.opensslSigned(identity: "rsa2048", extra: Self.pss + extra)
        #expect(Fixtures.code { _ = try Fixtures.verify(der, now: Date()) } == .unsupportedPSSParameters)
    }

    @Test("PSS with SHA-512 as both digest and PSS hash is refused: one profile only")
    func sha512() throws {
        let der = try Fixtures.opensslSigned(
            identity: "rsa2048", extra: ["-md", "sha512"] + Self.pss + ["-keyopt", "rsa_pss_saltlen:64"])
        #expect(Fixtures.code { _ = try Fixtures.verify(der, now: Date()) } == .unsupportedPSSParameters)
    }

    @Test("openssl cms -sign with salt 32 passes the PSS check and verifies today (the certificate is valid now)")
    func cliAllowedProfile() throws {
        let der = try Fixtures.opensslSigned(identity: "rsa2048", extra: Self.pss + ["-keyopt", "rsa_pss_saltlen:32"])
        #expect(Fixtures.code { _ = try Fixtures.verify(der, now: Date()) } == nil)
    }

    @Test("our own PSS signature uses the allowed profile and verifies")
    func ownPSS() throws {
        let der = try Fixtures.signed(by: Fixtures.identity("rsa2048"), padding: .pss)
        let verified = try Fixtures.verify(der)
        #expect(verified.signatureAlgorithm == "RSASSA-PSS")
        #expect(verified.content == Fixtures.content)
    }
}
