import DistrictSyncCore
import DistrictSyncStore
import Foundation
public import SQLiteDB

/// Opening `hub.db`: the checks before anything is written, the migrations, the connection settings.
extension HubHome {
    /// How long a process waits for another's write lock before `hub_busy` (5 s).
    /// `DSYNC_HUB_BUSY_TIMEOUT_MS` changes it (tests use a short one to make lock contention certain).
    static var busyTimeoutMs: Int32 {
        ProcessInfo.processInfo.environment["DSYNC_HUB_BUSY_TIMEOUT_MS"].flatMap { Int32($0) }.map { max(0, $0) }
            ?? 5000
    }

    /// Opens hub.db after checking it: `PRAGMA quick_check` and the expected tables. A damaged or
    /// foreign file is refused with `hub_db_corrupt` before anything is written to it.
    public func openDatabase() throws -> Database {
        guard FileManager.default.fileExists(atPath: databasePath) else {
            throw HubError(
                "no_hub",
                LocalizedText(
                    vi: "không có \(databasePath); \(path) có đúng là thư mục hub không?",
                    en: "\(databasePath) is missing; is \(path) a hub home?"))
        }
        let db: Database
        do {
            db = try Database(
                path: databasePath, mode: .readWrite, busyTimeoutMs: Self.busyTimeoutMs, synchronous: .full)
            let problems = try db.quickCheck()
            guard problems == ["ok"] else {
                throw HubError(
                    "hub_db_corrupt",
                    LocalizedText(
                        vi:
                            "\(databasePath) không qua được bước kiểm tra toàn vẹn (\(problems.prefix(3).joined(separator: "; "))); "
                            + "chưa ghi gì. Khôi phục hub.db từ bản sao lưu, hoặc dựng lại bằng cách nhập HOME/store",
                        en:
                            "\(databasePath) fails its integrity check (\(problems.prefix(3).joined(separator: "; "))); "
                            + "nothing was written. Restore hub.db from a backup, or rebuild it by importing HOME/store"
                    ))
            }
            for table in HubSchema.requiredTables where try !db.tableExists(table) {
                throw HubError(
                    "hub_db_corrupt",
                    LocalizedText(
                        vi: "\(databasePath) không có bảng '\(table)': đây không phải cơ sở dữ liệu hub; chưa ghi "
                            + "gì",
                        en: "\(databasePath) has no table '\(table)': it is not a hub database; nothing was written"))
            }
        } catch let error as SQLiteError where error.isCorrupt {
            throw HubError(
                "hub_db_corrupt",
                LocalizedText(
                    vi: "\(databasePath) bị hỏng hoặc không phải cơ sở dữ liệu (\(error.message)); chưa ghi gì. "
                        + "Khôi phục hub.db từ bản sao lưu",
                    en: "\(databasePath) is damaged or not a database (\(error.message)); nothing was written. "
                        + "Restore hub.db from a backup"))
        }
        do {
            try Migrator(migrations: HubSchema.allMigrations).migrate(db)
        } catch let error as MigrationError {
            // A newer hub.db is refused before anything is written to it (`database_too_new`).
            db.close()
            throw HubError(error.reasonCode, error.text(path: databasePath))
        }
        // A changeset is one transaction; a 64 MiB page cache keeps a 100,000-record changeset's dirty
        // pages in memory instead of spilling them to the WAL and reading them back.
        try db.execute("PRAGMA cache_size = -65536")
        return db
    }
}
