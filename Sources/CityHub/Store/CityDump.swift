import DistrictSyncCore
import DistrictSyncStore
public import SQLiteDB

/// A canonical dump of the city tables (every column, `_exists` and `_versions`, rows in key order)
/// and its SHA-256: equal hashes mean identical city state, whatever order changesets arrived in.
/// `_versions` is dumped re-encoded by `VersionCoding`, so a row stored in the older general layout
/// and the same versions in the uniform layout dump alike.
public enum CityDump {
    /// SHA-256 (hex) of the canonical dump of `db`'s city tables.
    public static func hash(_ db: Database) throws -> String {
        do {
            return try dumpHash(db)
        } catch let error as SQLiteError where error.isCorrupt {
            throw CityIntegrity.damaged(error)
        }
    }

    private static func dumpHash(_ db: Database) throws -> String {
        var bytes: [UInt8] = []
        for table in SyncedTable.allCases {
            // A table of a later synced schema is dumped only once it holds rows, so a city that never
            // received such rows dumps (and hashes) exactly as it did before the table existed.
            if !table.exists(inSchema: 1),
                try db.scalar("SELECT EXISTS (SELECT 1 FROM \(table.name))")?.int64 != 1
            {
                continue
            }
            bytes.append(contentsOf: Array("table \(table.name)\n".utf8))
            // The last column is the row's checksum verdict (CityIntegrity): never dumped, always checked.
            let statement = try db.prepare(
                "SELECT \(SyncedSchema.columnList(table)), _exists, _versions, "
                    + "_check IS \(CityIntegrity.storedChecksum(table)) FROM \(table.name) "
                    + "ORDER BY \(table.keyColumn)")
            let versionsColumn = Int32(table.columns.count + 2)
            let checkColumn = versionsColumn + 1
            try statement.forEachRow { row in
                guard row.int64(at: checkColumn) == 1 else {
                    throw CityIntegrity.rowDamaged(table, key: row.value(at: 0).string ?? "?")
                }
                for index in 0..<checkColumn {
                    var value = row.value(at: index)
                    if index == versionsColumn, case .blob(let stored) = value {
                        var canonical: [UInt8] = []
                        VersionCoding.encode(
                            try VersionCoding.decodeRow(stored, columnCount: table.columns.count), into: &canonical)
                        value = .blob(canonical)
                    }
                    switch value {
                    case .null: bytes.append(0)
                    case .integer(let v):
                        bytes.append(1)
                        bytes.append(contentsOf: Array(String(v).utf8))
                    case .real(let v):
                        bytes.append(2)
                        bytes.append(contentsOf: Array(String(v).utf8))
                    case .text(let s):
                        bytes.append(3)
                        bytes.append(contentsOf: Array(String(s.utf8.count).utf8) + [58] + Array(s.utf8))
                    case .blob(let b):
                        bytes.append(4)
                        bytes.append(contentsOf: Array(String(b.count).utf8) + [58] + b)
                    }
                    bytes.append(31)
                }
                bytes.append(10)
            }
        }
        return hexString(SHA256.hash(bytes))
    }
}
