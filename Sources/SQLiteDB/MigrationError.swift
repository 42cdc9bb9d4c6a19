/// Why the migrator refused or failed to bring a database up to date.
public enum MigrationError: Error, CustomStringConvertible, Sendable {
    /// The database's `user_version` is newer than the newest migration this build knows.
    case databaseTooNew(found: Int, supported: Int)
    /// The migration list itself is wrong (duplicate or non-positive version); a programming error.
    case invalidMigrations(reason: String)
    /// One migration's SQL failed; its transaction was rolled back and later migrations not run.
    case migrationFailed(version: Int, name: String, underlying: SQLiteError)

    /// A sentence for the user saying what happened and what to do.
    public var description: String {
        switch self {
        case .databaseTooNew(let found, let supported):
            "The database has schema version \(found), but this dsync supports up to version \(supported): "
                + "it was written by a newer DistrictSync. Upgrade dsync to open it."
        case .invalidMigrations(let reason):
            "The migration list is invalid: \(reason)."
        case .migrationFailed(let version, let name, let underlying):
            "Migration \(version) (\(name)) failed and was rolled back: \(underlying)"
        }
    }
}
