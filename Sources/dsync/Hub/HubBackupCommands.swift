import ArgumentParser
import CityHub
import DistrictSyncCore
import DistrictSyncStore
import Foundation

/// `dsync hub backup --out FILE`: a consistent backup while `hub serve` keeps merging.
struct HubBackupCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "backup",
        abstract: "Back up the hub home to one file (SQLite online backup + every stored file; keys stay encrypted).")
    @OptionGroup var homeOptions: HubHomeOptions
    @OptionGroup var output: OutputOptions
    @Option(help: "The backup file to write (must not exist; written with mode 0600).") var out: String

    func run() throws {
        let home = try homeOptions.resolved()
        let manifest = try HubBackup.create(home: home, out: out, nowMillis: EnvironmentWallClock().nowMillis())
        try BackupOutput.report(manifest, file: out, restored: nil, output)
    }
}

/// `dsync hub restore FILE --home NEW`: a hub home rebuilt from a backup and checked byte by byte.
struct HubRestoreCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "restore",
        abstract: "Restore a hub backup into a new home, checking every file, the database and the city dump hash.")
    @Argument(help: "The backup file made by `dsync hub backup`.") var file: String
    @Option(help: "The new hub home (absent or empty).") var home: String
    @OptionGroup var output: OutputOptions

    func run() throws {
        let restored = try HubBackup.restore(file: file, into: home)
        try BackupOutput.report(restored.manifest, file: file, restored: home, output)
        if !output.json {
            let l = output.lang
            emit(say(l, "mã trạng thái thành phố: ", "city dump hash: ") + restored.dumpHash)
            if let key = restored.keyOutsideHome {
                emit(
                    say(
                        l,
                        "Khóa của hub nằm ngoài thư mục (\(key)) nên không có trong bản sao lưu; hãy chép nó cùng.",
                        "The hub key is outside the home (\(key)) and not in the backup; copy it along."))
            }
        }
    }
}

/// `dsync node backup --out FILE`.
struct NodeBackupCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "backup",
        abstract: "Back up the node home to one file (SQLite online backup + every file; keys stay encrypted).")
    @OptionGroup var homeOptions: HomeOptions
    @OptionGroup var output: OutputOptions
    @Option(help: "The backup file to write (must not exist; written with mode 0600).") var out: String

    func run() throws {
        let manifest = try NodeBackup.create(
            home: try homeOptions.resolved(), out: out, nowMillis: EnvironmentWallClock().nowMillis())
        try BackupOutput.report(manifest, file: out, restored: nil, output)
    }
}

/// `dsync node restore FILE --home NEW`.
struct NodeRestoreCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "restore",
        abstract: "Restore a node backup into a new home, checking every file, the database and the outbox chain.")
    @Argument(help: "The backup file made by `dsync node backup`.") var file: String
    @Option(help: "The new node home (absent or empty).") var home: String
    @OptionGroup var output: OutputOptions

    func run() throws {
        let manifest = try NodeBackup.restore(file: file, into: home)
        try BackupOutput.report(manifest, file: file, restored: home, output)
    }
}

/// What backup and restore print.
enum BackupOutput {
    struct JSON: Encodable {
        let file: String
        let kind: String
        let restoredInto: String?
        let schemaVersion: Int
        let files: Int
        let claims: [String: String]

        enum CodingKeys: String, CodingKey {
            case file, kind, files, claims
            case restoredInto = "restored_into"
            case schemaVersion = "schema_version"
        }
    }

    static func report(_ m: HomeBackup.Manifest, file: String, restored: String?, _ output: OutputOptions) throws {
        if output.json {
            return try emitJSON(
                JSON(
                    file: file, kind: m.kind, restoredInto: restored, schemaVersion: m.schemaVersion,
                    files: m.files.count, claims: m.claims))
        }
        let l = output.lang
        if let restored {
            emit(
                say(
                    l,
                    "Đã khôi phục \(file) vào \(restored): cơ sở dữ liệu (lược đồ \(m.schemaVersion)) và \(m.files.count) tệp, đã kiểm tra.",
                    "Restored \(file) into \(restored): the database (schema \(m.schemaVersion)) and \(m.files.count) files, checked."
                ))
        } else {
            emit(
                say(
                    l, "Đã sao lưu vào \(file): cơ sở dữ liệu (lược đồ \(m.schemaVersion)) và \(m.files.count) tệp.",
                    "Backed up to \(file): the database (schema \(m.schemaVersion)) and \(m.files.count) files."))
        }
        for (key, value) in m.claims.sorted(by: { $0.key < $1.key }) { emit("  \(key): \(value)") }
    }
}
