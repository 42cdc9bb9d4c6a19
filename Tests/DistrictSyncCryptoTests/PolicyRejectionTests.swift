import DistrictSyncCrypto
import Foundation
import Testing

@Suite("The verifier refuses signers the policy does not trust")
struct PolicyRejectionTests {
    @Test(
        "each broken test identity is refused with its own code",
        arguments: [
            ("foreign-officer", CryptoError.Code.unknownCA),
            ("expired", .certExpired),
            ("not-yet-valid", .certNotYetValid),
            ("revoked", .certRevoked),
            ("ca-signer", .signerIsCA),
            ("keyenc-only", .wrongKeyUsage),
        ])
    func brokenIdentity(name: String, expected: CryptoError.Code) throws {
        let der = try Fixtures.signed(by: Fixtures.identity(name))
        #expect(Fixtures.code { _ = try Fixtures.verify(der) } == expected)
    }

    @Test("an RSA 1024 officer is refused as an unsupported algorithm, and cannot sign either")
    func rsa1024() throws {
        let weak = try Fixtures.identity("rsa1024")
        #expect(Fixtures.code { _ = try Fixtures.signed(by: weak) } == .unsupportedAlgorithm)
        let der = try Fixtures.opensslSigned(identity: "rsa1024")
        #expect(Fixtures.code { _ = try Fixtures.verify(der, now: Date()) } == .unsupportedAlgorithm)
    }

    @Test("a SignedData without the signer certificate (-nocerts) is refused")
    func noSignerCertificate() throws {
        let der = try Fixtures.opensslSigned(identity: "current", extra: ["-nocerts"])
        #expect(Fixtures.code { _ = try Fixtures.verify(der, now: Date()) } == .noSignerCert)
    }

    @Test("a signing time one day after the hub's clock is refused")
    func signingTimeInFuture() throws {
        let der = try Fixtures.signed(by: Fixtures.officer(), at: Fixtures.now.addingTimeInterval(86_400))
        #expect(Fixtures.code { _ = try Fixtures.verify(der) } == .signingTimeInFuture)
    }

    @Test("a signing time within five minutes of the hub's clock is accepted")
    func smallSkewAccepted() throws {
        let der = try Fixtures.signed(by: Fixtures.officer(), at: Fixtures.now.addingTimeInterval(240))
        #expect(try Fixtures.verify(der).content == Fixtures.content)
    }

    @Test("without any CRL and with requireCRL, verification fails with crl_missing")
    func crlMissing() throws {
        var policy = try Fixtures.policy()
        policy.crls = []
        let der = try Fixtures.signed(by: Fixtures.officer())
        #expect(Fixtures.code { _ = try Fixtures.verify(der, policy: policy) } == .crlMissing)
        policy.requireCRL = false
        #expect(try Fixtures.verify(der, policy: policy).content == Fixtures.content)
    }

    @Test("the same city CRL given twice (crls.pem beside crl.pem) is accepted")
    func crlFromWrongKey() throws {
        var policy = try Fixtures.policy()
        let pki = try Fixtures.pki()
        policy.crls += try CertificateRevocationList.loadAll(path: pki.directory + "/crls.pem")
        let der = try Fixtures.signed(by: Fixtures.officer())
        #expect(try Fixtures.verify(der, policy: policy).content == Fixtures.content)
    }

    @Test("with revocation checks off, a revoked officer still verifies (the node's offline mode)")
    func revocationOff() throws {
        let der = try Fixtures.signed(by: Fixtures.identity("revoked"))
        #expect(try Fixtures.verify(der, policy: Fixtures.policy(checkRevocation: false)).content == Fixtures.content)
    }

    @Test("a second root may be configured; the foreign officer verifies only when its root is trusted")
    func multipleRoots() throws {
        var policy = try Fixtures.policy(checkRevocation: false)
        policy.roots += try Certificate.loadAll(path: Fixtures.pki().foreignRootCertificate)
        let der = try Fixtures.signed(by: Fixtures.identity("foreign-officer"))
        #expect(try Fixtures.verify(der, policy: policy).chain.count == 2)
    }
}
