import DistrictSyncCore
import SQLiteDB

/// Who owns an enterprise, and the operator's transfers between units (`transfers`, schema 5).
///
/// An enterprise belongs to the unit that created it: its row's `district`, set by a change whose
/// version is recorded (a row whose `district` version is unset is only another unit's tombstone and
/// gives no claim: `CityMerger`). Its survey answers (`<tax code>/<year>`) belong with it.
struct OwnershipStore {
    let db: Database

    /// A transfer as recorded.
    struct Transfer {
        let taxCode: String
        let from: String
        let to: String
        /// The rowid of the last accepted changeset before the transfer (0: none).
        let afterAccepted: Int64
    }

    /// The district that owns enterprise `taxCode`, or nil when the hub holds no claimed record of it.
    func owner(ofEnterprise taxCode: String) throws -> String? {
        guard
            let row = try db.queryOne(
                "SELECT district, _versions, _check IS \(CityIntegrity.storedChecksum(.enterprises)) "
                    + "FROM enterprises WHERE tax_code = ?", [.text(taxCode)])
        else { return nil }
        guard row[2].int64 == 1 else { throw CityIntegrity.rowDamaged(.enterprises, key: taxCode) }
        guard let district = row[0].string, let blob = row[1].bytes else { return nil }
        let versions = try VersionCoding.decodeRow(blob, columnCount: SyncedTable.enterprises.columns.count)
        return versions.columns.first == 0 ? nil : district
    }

    /// Moves enterprise `taxCode` and the survey answers `from` filed for it to `to`, keeping every
    /// version (the record's history stays; only the owner changes). Returns how many answers moved.
    @discardableResult
    func move(taxCode: String, from: String, to: String) throws -> Int {
        try db.execute(
            "UPDATE enterprises SET district = ? WHERE tax_code = ? AND district = ?",
            [.text(to), .text(taxCode), .text(from)])
        try CityIntegrity.reseal(db, .enterprises, key: taxCode)
        // Survey keys are `<tax code>/<year>`: the range [code + "/", code + "0") is exactly them.
        let range: [SQLValue] = [.text(taxCode + "/"), .text(taxCode + "0")]
        try db.execute(
            "UPDATE surveys SET district = ? WHERE id >= ? AND id < ? AND district = ?",
            [.text(to)] + range + [.text(from)])
        let moved = db.changes
        try db.execute(
            "UPDATE surveys SET _check = \(CityIntegrity.storedChecksum(.surveys)) WHERE id >= ? AND id < ?", range)
        // The answers' own-year figures (schema 2) go with them: same keys.
        try db.execute(
            "UPDATE survey_figures SET district = ? WHERE id >= ? AND id < ? AND district = ?",
            [.text(to)] + range + [.text(from)])
        try db.execute(
            "UPDATE survey_figures SET _check = \(CityIntegrity.storedChecksum(.surveyFigures)) WHERE id >= ? AND id < ?",
            range)
        return moved
    }

    /// Records a transfer after the last accepted changeset.
    func record(at now: Int64, taxCode: String, from: String, to: String, reason: String) throws {
        try db.execute(
            "INSERT INTO transfers (at, tax_code, from_district, to_district, reason, after_accepted) "
                + "VALUES (?, ?, ?, ?, ?, (SELECT coalesce(max(rowid), 0) FROM accepted))",
            [.integer(now), .text(taxCode), .text(from), .text(to), .text(reason)])
    }

    /// Transfers made before `millis`, in the order they were made.
    func transfers(before millis: Int64) throws -> [Transfer] {
        guard try db.tableExists("transfers") else { return [] }
        return try db.query(
            "SELECT tax_code, from_district, to_district, after_accepted FROM transfers WHERE at < ? ORDER BY seq",
            [.integer(millis)]
        ).compactMap { r in
            guard let code = r[0].string, let from = r[1].string, let to = r[2].string, let after = r[3].int64 else {
                return nil
            }
            return Transfer(taxCode: code, from: from, to: to, afterAccepted: after)
        }
    }
}
