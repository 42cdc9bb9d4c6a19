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
        // Both streams go to files, not pipes: a child that fills one pipe while the other is read to its
        // end would block forever, and `readDataToEndOfFile` traps on an interrupted read.
        let base = NSTemporaryDirectory() + "dsync-run-\(UUID().uuidString)"
        let outPath = base + ".out"
        let errPath = base + ".err"
        defer {
            try? FileManager.default.removeItem(atPath: outPath)
            try? FileManager.default.removeItem(atPath: errPath)
        }
        FileManager.default.createFile(atPath: outPath, contents: nil)
        FileManager.default.createFile(atPath: errPath, contents: nil)
        guard let out = FileHandle(forWritingAtPath: outPath), let err = FileHandle(forWritingAtPath: errPath) else {
            throw CocoaError(.fileWriteUnknown)
        }
        process.standardOutput = out
        process.standardError = err
        try process.run()
        process.waitUntilExit()
        try? out.close()
        try? err.close()
        let outData = FileManager.default.contents(atPath: outPath) ?? Data()
        let errData = FileManager.default.contents(atPath: errPath) ?? Data()
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
