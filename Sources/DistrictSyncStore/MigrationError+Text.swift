public import DistrictSyncCore
public import SQLiteDB

/// The migrator's refusals in the catalogue's words, for the node, the hub and the CLI alike
/// (`SQLiteDB` knows no language; its `description` stays the English).
extension MigrationError {
    /// The reason code: a database written by a newer dsync is `database_too_new` (nothing was
    /// written to it); a migration that failed and was rolled back, or a wrong migration list, is
    /// `database_error`.
    public var reasonCode: String {
        switch self {
        case .databaseTooNew: "database_too_new"
        case .invalidMigrations, .migrationFailed: "database_error"
        }
    }

    /// What happened, what this dsync expected and what to do, in both languages; `path` names the
    /// database file when the caller knows it.
    public func text(path: String? = nil) -> LocalizedText {
        let file = path.map { "\($0): " } ?? ""
        switch self {
        case .databaseTooNew(let found, let supported):
            return LocalizedText(
                vi: "\(file)cơ sở dữ liệu có lược đồ phiên bản \(found), nhưng bản dsync này chỉ đọc được đến phiên "
                    + "bản \(supported): tệp do một bản DistrictSync mới hơn ghi, và chưa bị thay đổi. Hãy dùng bản "
                    + "dsync mới hơn (dsync --version cho biết bản đang chạy; docs/operations.md, \"Versions and "
                    + "upgrades\").",
                en: "\(file)the database has schema version \(found), but this dsync reads up to version "
                    + "\(supported): a newer DistrictSync wrote it, and it was not changed. Use the newer dsync "
                    + "(dsync --version shows this one; docs/operations.md, \"Versions and upgrades\").")
        case .invalidMigrations(let reason):
            return LocalizedText(
                vi: "\(file)danh sách bước nâng cấp lược đồ không hợp lệ: \(reason).",
                en: "\(file)\(description)")
        case .migrationFailed(let version, let name, let underlying):
            return LocalizedText(
                vi: "\(file)bước nâng cấp lược đồ \(version) (\(name)) thất bại và đã được hoàn tác: \(underlying). "
                    + "Cơ sở dữ liệu giữ nguyên phiên bản cũ; khôi phục từ bản sao lưu nếu lỗi lặp lại.",
                en: "\(file)\(description). The database keeps its older version; restore it from a backup if "
                    + "this happens again.")
        }
    }
}
