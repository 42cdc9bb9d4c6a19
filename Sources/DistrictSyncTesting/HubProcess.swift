public import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// `dsync hub serve --insecure-http` as a real process on 127.0.0.1 (the binary next to the
/// tests), on a clock fixed by `DSYNC_NOW` (`now`); its URL is read from its `--ready-file`.
public final class HubProcess: @unchecked Sendable {
    public let process = Process()
    public let readyFile: String

    /// `stderr`: a file that receives the hub's standard error (its log), else it is dropped.
    public init(
        home: String, port: Int, directory: String, now: String = "2013-06-30T10:00:00Z", extra: [String] = [],
        stderr: String? = nil
    ) throws {
        readyFile = directory + "/ready-\(UUID().uuidString.prefix(6))"
        process.executableURL = URL(fileURLWithPath: Dsync.binary)
        process.arguments =
            [
                "hub", "serve", "--home", home, "--listen", "127.0.0.1:\(port)", "--insecure-http", "--ready-file",
                readyFile, "--lang", "en",
            ] + extra
        process.environment = Dsync(now: now).environment
        process.standardOutput = FileHandle.nullDevice
        if let stderr {
            FileManager.default.createFile(atPath: stderr, contents: nil)
            process.standardError = FileHandle(forWritingAtPath: stderr)
        } else {
            process.standardError = FileHandle.nullDevice
        }
        try process.run()
    }

    /// The base URL once the hub listens.
    public func url() async throws -> String {
        for _ in 0..<200 {
            if let data = FileManager.default.contents(atPath: readyFile), !data.isEmpty {
                return String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            }
            try await Task.sleep(for: .milliseconds(50))
        }
        throw POSIXError(.ETIMEDOUT)
    }

    public func kill(_ signal: Int32) {
        if process.isRunning { Glibc.kill(process.processIdentifier, signal) }
    }
}
