import DistrictSyncCore
import DistrictSyncStore
import Foundation
import Testing

@Suite("Store failures carry a Vietnamese message as well as the English one")
struct StoreErrorLanguageTests {
    static func storeError(_ body: () throws -> Void) -> StoreError? {
        do {
            try body()
            Issue.record("no error was thrown")
        } catch let error as StoreError {
            return error
        } catch {
            Issue.record("not a StoreError: \(error)")
        }
        return nil
    }

    @Test("a missing backup file, a file that is not a backup and an existing output are refused in Vietnamese")
    func backupFailures() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("dsync-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let missing = folder.appendingPathComponent("missing.dsbak").path
        let notBackup = folder.appendingPathComponent("notes.txt").path
        try Data("this is not a database".utf8).write(to: URL(fileURLWithPath: notBackup))

        let cases: [(StoreError?, String, String, String)] = [
            (
                Self.storeError { _ = try HomeBackup.manifest(of: missing, kind: "node") }, "bad_backup_file",
                "\(missing) does not exist", "\(missing) không tồn tại"
            ),
            (
                Self.storeError { _ = try HomeBackup.manifest(of: notBackup, kind: "node") }, "bad_backup_file",
                "\(notBackup) is not a DistrictSync backup", "\(notBackup) không phải bản sao lưu DistrictSync"
            ),
            (
                Self.storeError {
                    _ = try HomeBackup.create(
                        home: folder.path, databaseName: "node.db", kind: "node", out: notBackup, nowMillis: 0,
                        claims: { _ in [:] })
                }, "backup_exists", "\(notBackup) already exists", "\(notBackup) đã tồn tại"
            ),
        ]
        for (error, code, english, vietnamese) in cases {
            guard let error else { continue }
            #expect(error.code == code)
            #expect(error.message(in: .en).hasPrefix(english), "\(error.message)")
            #expect(error.message(in: .vi).hasPrefix(vietnamese), "\(error.message(in: .vi))")
            #expect(error.message(in: .vi) != error.message(in: .en))
        }
    }
}
