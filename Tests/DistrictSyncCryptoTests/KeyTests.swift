import DistrictSyncCrypto
import DistrictSyncTesting
import Foundation
import Testing

@Suite("Private keys, requests and certificates")
struct KeyTests {
    @Test("a wrong passphrase gives wrong_passphrase with a plain message and no OpenSSL detail")
    func wrongPassphrase() throws {
        let path = try Fixtures.pki().officer(district: "760").key
        do {
            _ = try PrivateKey.load(path: path, passphrase: Array("not-the-passphrase".utf8))
            Issue.record("loaded with a wrong passphrase")
        } catch {
            #expect(error.code == .wrongPassphrase)
            #expect(error.openSSLDetail == nil)
            #expect(!error.description.contains("error:"))
            #expect(!error.description.contains("not-the-passphrase"))
        }
        #expect(Fixtures.code { _ = try PrivateKey.load(path: path, passphrase: nil) } == .wrongPassphrase)
    }

    @Test("signing with a key that does not belong to the certificate is refused")
    func keyCertMismatch() throws {
        let (certificate, _) = try Fixtures.officer("760")
        let (_, otherKey) = try Fixtures.officer("761")
        #expect(!otherKey.matches(certificate))
        #expect(Fixtures.code { _ = try Fixtures.signed(by: (certificate, otherKey)) } == .keyCertMismatch)
    }

    @Test(
        "a written private key is mode 0600, encrypted, and loads back",
        arguments: [
            PrivateKey.KeyKind.ecP256, .rsa(bits: 2048),
        ])
    func writeKey(kind: PrivateKey.KeyKind) throws {
        let key = try PrivateKey.generate(kind)
        let path = Fixtures.temporaryPath("key.pem")
        defer { try? FileManager.default.removeItem(atPath: path) }
        try key.writeEncryptedPKCS8(path: path, passphrase: Fixtures.passphrase)
        let attributes = try FileManager.default.attributesOfItem(atPath: path)
        #expect((attributes[.posixPermissions] as? NSNumber)?.intValue == 0o600)
        let text = try String(contentsOfFile: path, encoding: .utf8)
        #expect(text.hasPrefix("-----BEGIN ENCRYPTED PRIVATE KEY-----"))
        let loaded = try PrivateKey.load(path: path, passphrase: Fixtures.passphrase)
        #expect(loaded.keyDescription == key.keyDescription)
        #expect(Fixtures.code { try key.writeEncryptedPKCS8(path: path, passphrase: Fixtures.passphrase) } == .ioError)
    }

    @Test("a CSR from keygen is signed by pki-issue into a working officer certificate")
    func requestIssueSign() throws {
        let key = try PrivateKey.generate(.ecP256)
        let csr = try CertificateRequest.make(key: key, commonName: "Cán bộ TMĐT Quận 5", districtCode: "774")
        #expect(csr.hasPrefix("-----BEGIN CERTIFICATE REQUEST-----"))
        let csrPath = Fixtures.temporaryPath("req.csr")
        try csr.write(toFile: csrPath, atomically: true, encoding: .utf8)
        let certPath = Fixtures.temporaryPath("cert.pem")
        let pki = try Fixtures.pki()
        let process = Process()
        process.executableURL = URL(fileURLWithPath: TestPKI.repositoryRoot + "/scripts/pki-issue")
        process.arguments = [pki.directory, "--district", "774", "--csr", csrPath, "--out", certPath]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        let certificate = try Fixtures.loadOne(certPath)
        #expect(certificate.districtCodes == ["774"])
        #expect(certificate.subject == "CN=Cán bộ TMĐT Quận 5,O=UBND TP.HCM,C=VN")
        #expect(key.matches(certificate))
        #expect(try Fixtures.verify(Fixtures.signed(by: (certificate, key))).signer.districtCodes == ["774"])
    }

    @Test("certificates load from PEM bundles and DER, with fingerprint, serial and validity")
    func certificateLoading() throws {
        let pki = try Fixtures.pki()
        let chain = try Certificate.loadAll(path: pki.directory + "/ca-chain.pem")
        #expect(chain.count == 1)
        let (officer, _) = try Fixtures.officer()
        let derPath = Fixtures.temporaryPath("officer.der")
        try Data(officer.der).write(to: URL(fileURLWithPath: derPath))
        let fromDER = try Fixtures.loadOne(derPath)
        #expect(fromDER.sha256Fingerprint == officer.sha256Fingerprint)
        #expect(officer.sha256Fingerprint.count == 64)
        #expect(try Certificate.loadAll(pem: Array(officer.pem.utf8)).first?.der == officer.der)
        // Valid now and for the back-filled plan period: 2010-01-01 .. 2039-12-31T23:59:59Z.
        #expect(officer.notBefore == Date(timeIntervalSince1970: 1_262_304_000))
        #expect(officer.notAfter == Date(timeIntervalSince1970: 2_208_988_799))
        #expect(officer.issuer == "CN=DistrictSync Root CA TP.HCM,O=UBND TP.HCM,C=VN")
        #expect(chain.first?.isCA == true)
        let crl = try CertificateRevocationList.loadAll(path: pki.crl)
        let revoked = try Fixtures.identity("revoked").0
        #expect(crl.first?.isRevoked(serialHex: revoked.serialHex) == true)
        #expect(crl.first?.isRevoked(serialHex: officer.serialHex) == false)
        #expect(chain.first.map { crl.first?.isSigned(by: $0) == true } == true)
    }

    @Test("SHA-256 matches the known test vector and hex is lowercase")
    func digest() {
        #expect(
            Digest.hex(Digest.sha256(Array("abc".utf8)))
                == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    }
}
