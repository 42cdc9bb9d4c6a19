import DistrictSyncCore
import DistrictSyncStore

/// The statements the streaming merge (`CityMerger`) runs on the synced city tables, as text built
/// once per table; the merger prepares each once and reuses it for every change.
enum CityTableSQL {
    /// Result columns of `versions` (one record's stored state).
    enum Versions {
        static let district: Int32 = 0
        static let exists: Int32 = 1
        static let versions: Int32 = 2
        /// 1 when the row's stored checksum matches (CityIntegrity).
        static let checkOK: Int32 = 3
    }

    /// Result columns of `enterpriseOwner`.
    enum Owner {
        static let district: Int32 = 0
        static let versions: Int32 = 1
        static let checkOK: Int32 = 2
    }

    /// Per table (indexed by raw value): the versions lookup and the insert of a new row.
    private static let perTable: [(versions: String, insert: String)] = {
        var out = Array(repeating: (versions: "", insert: ""), count: 256)
        for table in SyncedTable.allCases {
            let names = table.columns.map(\.name)
            out[Int(table.rawValue)] = (
                versions: "SELECT district, _exists, _versions, _check IS \(CityIntegrity.storedChecksum(table)) "
                    + "FROM \(table.name) WHERE \(table.keyColumn) = ?",
                insert: "INSERT INTO \(table.name) (\(names.joined(separator: ", ")), _exists, _versions, "
                    + "\(table.keyColumn), _check) VALUES ("
                    + (1...names.count + 3).map { "?\($0)" }.joined(separator: ", ") + ", "
                    + CityIntegrity.insertChecksum(table) + ")"
            )
        }
        return out
    }()

    /// A record's district, `_exists`, `_versions` and checksum verdict (`Versions`), by key.
    static func versions(_ t: Int) -> String { perTable[t].versions }

    /// Inserts a new record: every column in order, then `_exists`, `_versions`, the key.
    static func insert(_ t: Int) -> String { perTable[t].insert }

    /// `insert`, doing nothing when the record exists (`db.changes` tells).
    static func insertIfNew(_ t: Int) -> String { perTable[t].insert + " ON CONFLICT DO NOTHING" }

    /// Deletes a record by key.
    static func delete(_ table: SyncedTable) -> String {
        "DELETE FROM \(table.name) WHERE \(table.keyColumn) = ?"
    }

    /// An enterprise's district, `_versions` and checksum verdict (`Owner`), by tax code.
    static let enterpriseOwner =
        "SELECT district, _versions, _check IS \(CityIntegrity.storedChecksum(.enterprises)) FROM enterprises "
        + "WHERE tax_code = ?"

    /// Updates the columns in `mask` (in column order), then `_exists`, `_versions`, the key.
    static func update(_ table: SyncedTable, mask: UInt64) -> String {
        let names = table.columns.enumerated().filter { mask & (1 << UInt64($0.offset)) != 0 }.map(\.element.name)
        let k = names.count
        let sets = names.enumerated().map { "\($0.element) = ?\($0.offset + 1)" }
        return "UPDATE \(table.name) SET "
            + (sets + ["_exists = ?\(k + 1)", "_versions = ?\(k + 2)"]).joined(separator: ", ")
            + ", _check = \(CityIntegrity.updateChecksum(table, mask: mask)) WHERE \(table.keyColumn) = ?\(k + 3)"
    }
}
