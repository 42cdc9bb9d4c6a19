import DistrictSyncCrypto
import Foundation
import Testing

@Suite("Signing and verifying CMS SignedData")
struct SignVerifyTests {
    @Test("an ECDSA P-256 officer signature verifies and returns the exact content")
    func ecRoundtrip() throws {
        let officer = try Fixtures.officer("760")
        let verified = try Fixtures.verify(try Fixtures.signed(by: officer))
        #expect(verified.content == Fixtures.content)
        #expect(verified.signer.sha256Fingerprint == officer.0.sha256Fingerprint)
        #expect(verified.digestAlgorithm == "SHA256")
        #expect(verified.signatureAlgorithm == "ecdsa-with-SHA256")
        #expect(verified.chain.count == 2)
    }

    @Test(
        "an RSA 2048 officer signature verifies with PKCS#1 v1.5 and with PSS",
        arguments: [
            CMSSigner.Padding.pkcs1v15, .pss,
        ])
    func rsaRoundtrip(padding: CMSSigner.Padding) throws {
        let verified = try Fixtures.verify(try Fixtures.signed(by: Fixtures.identity("rsa2048"), padding: padding))
        #expect(verified.content == Fixtures.content)
        #expect(verified.signatureAlgorithm == (padding == .pss ? "RSASSA-PSS" : "rsaEncryption"))
    }

    @Test("the injected signing time is the one read back")
    func signingTimeRoundtrip() throws {
        let time = Date(timeIntervalSince1970: 1_356_998_400)  // 2013-01-01T00:00:00Z
        let der = try Fixtures.signed(by: Fixtures.officer(), at: time)
        #expect(try Fixtures.verify(der).signingTime == time)
        #expect(try CMSInspector.inspect(der: der).signingTime == time)
    }

    @Test("stock openssl cms -verify accepts our DER")
    func opensslAcceptsOurs() throws {
        let pki = try Fixtures.pki()
        let path = Fixtures.temporaryPath("sig.dsc")
        try Data(try Fixtures.signed(by: Fixtures.officer())).write(to: URL(fileURLWithPath: path))
        let out = Fixtures.temporaryPath("content.bin")
        let (status, output) = try Fixtures.openssl([
            "cms", "-verify", "-binary", "-inform", "DER", "-in", path, "-CAfile", pki.rootCertificate,
            "-purpose", "any", "-attime", "1400000000", "-out", out,
        ])
        #expect(status == 0, "\(output)")
        #expect(try [UInt8](Data(contentsOf: URL(fileURLWithPath: out))) == Fixtures.content)
    }

    @Test("a signature made by openssl cms -sign -cades is accepted")
    func oursAcceptsOpenSSL() throws {
        // The CLI stamps today's time, so this uses the officer certificate that is valid today.
        let der = try Fixtures.opensslSigned(identity: "current")
        let verified = try Fixtures.verify(der, now: Date())
        #expect(verified.content == Fixtures.content)
        #expect(verified.signer.districtCodes == ["760"])
    }

    @Test("district codes are read from subjectAltName URIs")
    func districtCodes() throws {
        let (certificate, _) = try Fixtures.officer("787")
        #expect(certificate.districtCodes == ["787"])
        #expect(certificate.subject.contains("CN=Cán bộ TMĐT Huyện Cần Giờ"))
        #expect(certificate.keyDescription == "ECDSA P-256")
        #expect(!certificate.isCA)
        #expect(certificate.hasDigitalSignatureUsage && certificate.hasNonRepudiationUsage)
        #expect(try Fixtures.identity("government").0.districtCodes.isEmpty)
    }
}
