internal import CSQLite

extension Database {
    /// What to do when a changeset row conflicts with the target database.
    public enum ConflictPolicy: Sendable {
        /// Overwrite the local row where SQLite allows it (DATA and CONFLICT); omit the change otherwise.
        case replace
        /// Skip the conflicting change and keep the local row.
        case omit
        /// Stop and roll back the whole apply; `applyChangeset` throws SQLITE_ABORT.
        case abort
    }

    /// Applies a changeset (from `Session.changeset()`) to this database in one transaction.
    ///
    /// Returns how many conflicts the policy had to resolve. A changeset that would leave foreign
    /// keys broken is always rolled back (SQLITE_CONSTRAINT) whatever the policy, since `omit` on a
    /// foreign-key conflict would commit the broken rows.
    @discardableResult
    public func applyChangeset(_ bytes: [UInt8], onConflict policy: ConflictPolicy) throws(SQLiteError) -> Int {
        let handle = try connection()
        guard !bytes.isEmpty else { return 0 }
        let context = ConflictContext(policy: policy)
        var changeset = bytes
        let rc = withExtendedLifetime(context) {
            changeset.withUnsafeMutableBytes { raw in
                sqlite3changeset_apply(
                    handle, Int32(raw.count), raw.baseAddress, nil,
                    { pointer, kind, _ in
                        // A C callback cannot capture; the policy arrives through the context pointer.
                        guard let pointer else { return SQLITE_CHANGESET_ABORT }
                        return Unmanaged<ConflictContext>.fromOpaque(pointer).takeUnretainedValue().resolve(kind)
                    },
                    Unmanaged.passUnretained(context).toOpaque())
            }
        }
        try SQLiteError.check(rc, handle)
        return context.conflicts
    }
}

/// State handed to the C conflict callback.
final class ConflictContext {
    let policy: Database.ConflictPolicy
    var conflicts = 0

    init(policy: Database.ConflictPolicy) {
        self.policy = policy
    }

    func resolve(_ kind: Int32) -> Int32 {
        conflicts += 1
        // OMIT on a FOREIGN_KEY conflict would commit rows that break foreign keys; never allow it.
        if kind == SQLITE_CHANGESET_FOREIGN_KEY { return SQLITE_CHANGESET_ABORT }
        switch policy {
        case .abort:
            return SQLITE_CHANGESET_ABORT
        case .omit:
            return SQLITE_CHANGESET_OMIT
        case .replace:
            // SQLite accepts REPLACE only for DATA and CONFLICT; anything else would be SQLITE_MISUSE.
            return kind == SQLITE_CHANGESET_DATA || kind == SQLITE_CHANGESET_CONFLICT
                ? SQLITE_CHANGESET_REPLACE : SQLITE_CHANGESET_OMIT
        }
    }
}
