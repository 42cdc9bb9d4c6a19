import DistrictSyncCrypto
import DistrictSyncTesting
import Foundation

/// Shared test material: the process-wide test PKI, loaded identities and a fixed clock.
enum Fixtures {
    static let passphrase = Array(TestPKI.passphrase.utf8)
    /// A signing time inside the 2011–2015 validity of the officer certificates.
    static let signingTime = Date(timeIntervalSince1970: 1_400_000_000)  // 2014-05-13
    /// The hub's clock: a day after the signing time.
    static let now = signingTime.addingTimeInterval(86_400)
    static let content = Array("changeset 760 #1: thêm 3 dự án".utf8)

    static func pki() throws -> TestPKI { try TestPKI.shared() }

    static func officer(_ district: String = "760") throws -> (Certificate, PrivateKey) {
        let paths = try pki().officer(district: district)
        return (try loadOne(paths.certificate), try PrivateKey.load(path: paths.key, passphrase: passphrase))
    }

    static func identity(_ name: String) throws -> (Certificate, PrivateKey) {
        let paths = try pki().identity(name)
        return (try loadOne(paths.certificate), try PrivateKey.load(path: paths.key, passphrase: passphrase))
    }

    static func loadOne(_ path: String) throws -> Certificate {
        let all = try Certificate.loadAll(path: path)
        guard let first = all.first else { throw CryptoError(.badCertificateFile, "empty") }
        return first
    }

    static func policy(checkRevocation: Bool = true) throws -> VerificationPolicy {
        VerificationPolicy(
            roots: try Certificate.loadAll(path: pki().rootCertificate),
            crls: try CertificateRevocationList.loadAll(path: pki().allCRLs),
            checkRevocation: checkRevocation, requireCRL: checkRevocation)
    }

    static func signed(
        by identity: (Certificate, PrivateKey), padding: CMSSigner.Padding = .pss, at time: Date = signingTime
    ) throws -> [UInt8] {
        try CMSSigner.sign(
            content: content, certificate: identity.0, key: identity.1, padding: padding, signingTime: time)
    }

    static func verify(_ der: [UInt8], policy: VerificationPolicy? = nil, now: Date = now) throws
        -> VerifiedSignedData
    {
        try CMSVerifier.verify(der: der, policy: policy ?? self.policy(), now: now, maxBytes: 1 << 20)
    }

    /// Runs the real `openssl` CLI; returns (exit status, stdout+stderr).
    @discardableResult
    static func openssl(_ arguments: [String]) throws -> (Int32, String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["openssl"] + arguments
        var environment = ProcessInfo.processInfo.environment
        environment["DSYNC_KEY_PASSPHRASE"] = TestPKI.passphrase
        process.environment = environment
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let output = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: output, as: UTF8.self))
    }

    /// Signs `content` with the stock CLI (`-cades`, content attached) using a test identity.
    static func opensslSigned(identity name: String, extra: [String] = []) throws -> [UInt8] {
        let paths = try pki().identity(name)
        let input = temporaryPath("content.bin")
        try Data(content).write(to: URL(fileURLWithPath: input))
        let output = temporaryPath("cli.dsc")
        let (status, text) = try openssl(
            [
                "cms", "-sign", "-binary", "-nodetach", "-md", "sha256", "-cades", "-outform", "DER",
                "-in", input, "-signer", paths.certificate, "-inkey", paths.key, "-passin", "env:DSYNC_KEY_PASSPHRASE",
                "-out", output,
            ] + extra)
        guard status == 0 else { throw CryptoError(.ioError, "openssl cms -sign failed: \(text)") }
        return [UInt8](try Data(contentsOf: URL(fileURLWithPath: output)))
    }

    /// The code of the CryptoError `body` throws, or nil when it does not throw.
    static func code(_ body: () throws -> Void) -> CryptoError.Code? {
        do {
            try body()
            return nil
        } catch let error as CryptoError {
            return error.code
        } catch {
            return .internalError
        }
    }

    static func temporaryPath(_ name: String) -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("dsync-\(UUID().uuidString)-\(name)").path
    }
}
