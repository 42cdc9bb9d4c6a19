import Foundation

/// A throwaway PKI made by the real `scripts/make-test-pki`, built once per test process.
///
/// All keys are encrypted with `TestPKI.passphrase`. Paths follow certs/README.md; the broken
/// identities the verifier tests need live under `test/<name>/cert.pem` and `key.pem`.
public struct TestPKI: Sendable {
    /// The demo passphrase the scripts use when DSYNC_KEY_PASSPHRASE is unset.
    public static let passphrase = "demo-passphrase"

    /// The PKI directory (a fresh temporary directory).
    public let directory: String

    /// The city root certificate.
    public var rootCertificate: String { directory + "/ca/root.pem" }
    /// The city root's CRL (it lists the `revoked` test identity).
    public var crl: String { directory + "/ca/crl.pem" }
    /// Every CRL of the PKI, concatenated.
    public var allCRLs: String { directory + "/crls.pem" }
    /// The hub's certificate.
    public var hubCertificate: String { directory + "/hub/hub.pem" }
    /// The hub's encrypted key.
    public var hubKey: String { directory + "/hub/hub.key" }

    /// The officer certificate and key for `district` (e.g. "760").
    public func officer(district: String) -> (certificate: String, key: String) {
        (directory + "/districts/\(district)/officer.pem", directory + "/districts/\(district)/officer.key")
    }

    /// A test identity made by make-test-pki: foreign-officer, expired, not-yet-valid, revoked, ca-signer,
    /// keyenc-only, rsa2048, rsa1024, government.
    public func identity(_ name: String) -> (certificate: String, key: String) {
        (directory + "/test/\(name)/cert.pem", directory + "/test/\(name)/key.pem")
    }

    /// The foreign CA's root certificate (not trusted by the city).
    public var foreignRootCertificate: String { directory + "/test/foreign-ca/root.pem" }

    /// The repository root, found from this file's path (Sources/DistrictSyncTesting/TestPKI.swift).
    public static let repositoryRoot: String = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path

    /// The PKI shared by every test in this process, built on first use.
    public static func shared() throws -> TestPKI {
        try built.get()
    }

    private static let built: Result<TestPKI, TestPKIError> = Result { () throws(TestPKIError) in try build() }

    /// Builds a new PKI in a fresh temporary directory (slow-ish: about a second; prefer `shared()`).
    public static func build() throws(TestPKIError) -> TestPKI {
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("dsync-pki-\(UUID().uuidString)").path
        let process = Process()
        process.executableURL = URL(fileURLWithPath: repositoryRoot + "/scripts/make-test-pki")
        process.arguments = [directory]
        var environment = ProcessInfo.processInfo.environment
        environment["DSYNC_KEY_PASSPHRASE"] = passphrase
        process.environment = environment
        let errors = Pipe()
        process.standardError = errors
        process.standardOutput = FileHandle.nullDevice
        do {
            try process.run()
        } catch {
            throw TestPKIError(message: "cannot run scripts/make-test-pki: \(error)")
        }
        let stderr = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw TestPKIError(
                message: "scripts/make-test-pki failed (\(process.terminationStatus)): "
                    + String(decoding: stderr, as: UTF8.self))
        }
        return TestPKI(directory: directory)
    }
}

/// Why the test PKI could not be built.
public struct TestPKIError: Error, Sendable, CustomStringConvertible {
    /// The script's failure, with its stderr.
    public let message: String
    /// The message.
    public var description: String { message }
}
