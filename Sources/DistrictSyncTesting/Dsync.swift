import Foundation

/// Runs the real `dsync` binary built next to the tests with the test passphrase, on a clock fixed
/// by the `DSYNC_NOW` test hook (`now`), or on the real clock (`Dsync.realClock()`).
public struct Dsync: Sendable {
    public struct Result: Sendable {
        public let status: Int32
        public let stdout: String
        public let stderr: String
    }

    /// The debug binary SwiftPM built for this test run.
    public static let binary: String = TestPKI.repositoryRoot + "/.build/debug/dsync"

    public var environment: [String: String]

    public init(now: String? = "2013-06-30T09:00:00Z", extra: [String: String] = [:]) {
        var env = ProcessInfo.processInfo.environment
        env["DSYNC_NOW"] = now
        env["DSYNC_KEY_PASSPHRASE"] = TestPKI.passphrase
        env.removeValue(forKey: "DSYNC_HOME")
        for (k, v) in extra { env[k] = v }
        environment = env
    }

    /// The real binary on the machine's clock: no `DSYNC_NOW`, as a user runs it.
    public static func realClock() -> Dsync { Dsync(now: nil) }

    /// Runs `dsync args…` to completion.
    @discardableResult
    public func run(_ args: [String], in directory: String? = nil) throws -> Result {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Self.binary)
        process.arguments = args
        process.environment = environment
        if let directory { process.currentDirectoryURL = URL(fileURLWithPath: directory) }
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        // Read both pipes before waiting so a large output cannot block the child.
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        let errData = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Result(
            status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
            stderr: String(decoding: errData, as: UTF8.self))
    }

    /// Parses stdout as JSON.
    public static func json(_ result: Result) throws -> Any {
        try JSONSerialization.jsonObject(with: Data(result.stdout.utf8))
    }
}

/// A fresh temporary directory, removed by the caller when done.
public func makeTemporaryDirectory(_ prefix: String = "dsync-test") -> String {
    let path = FileManager.default.temporaryDirectory.appendingPathComponent("\(prefix)-\(UUID().uuidString)").path
    try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    return path
}
