import Foundation
import SQLiteDB

/// Where a test database lives; storage tests run once per case.
enum TestStorage: String, CaseIterable {
    case memory
    case file

    /// Opens a fresh database of this kind; file databases live in their own temporary directory.
    func open(busyTimeoutMs: Int32 = 5000) throws -> Database {
        switch self {
        case .memory: try Database(path: ":memory:", busyTimeoutMs: busyTimeoutMs)
        case .file: try Database(path: TemporaryDirectory().path("test.sqlite"), busyTimeoutMs: busyTimeoutMs)
        }
    }
}

/// A fresh directory under the system temporary directory; files are left for the OS to clean.
struct TemporaryDirectory {
    let url: URL

    init() {
        url = FileManager.default.temporaryDirectory.appendingPathComponent(
            "sqlitedb-tests-\(UUID().uuidString)", isDirectory: true)
        try? FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    func path(_ name: String) -> String {
        url.appendingPathComponent(name).path
    }
}
