import DistrictSyncCore
public import SQLiteDB

/// What a report was computed from: the accepted changesets it includes, their hash, and the
/// command that recomputes it.
public struct DataProvenance: Sendable, Hashable, Codable {
    /// Hex SHA-256 over the sorted ids of the included accepted changesets, one per line.
    public let dataHash: String
    public let acceptedChangesets: Int
    /// The newest included acceptance time (Unix ms), if any.
    public let newestAcceptedAt: Int64?
    public var recompute: String

    enum CodingKeys: String, CodingKey {
        case dataHash = "data_hash"
        case acceptedChangesets = "accepted_changesets"
        case newestAcceptedAt = "newest_accepted_at"
        case recompute
    }

    /// Reads the accepted changesets with `accepted_at` before `cutoffMillis`.
    public static func read(_ db: Database, cutoffMillis: Int64, recompute: String) throws -> DataProvenance {
        let rows = try ReportStore(db: db).acceptedIDs(before: cutoffMillis)
        let ids = rows.compactMap(\.id)
        let newest = rows.compactMap(\.acceptedAt).max()
        return DataProvenance(
            dataHash: hash(ids: ids), acceptedChangesets: ids.count, newestAcceptedAt: newest, recompute: recompute)
    }

    /// The data hash of a set of changeset ids (order does not matter).
    public static func hash(ids: [String]) -> String {
        let text = ids.sorted().joined(separator: "\n")
        return SHA256.hash(Array(text.utf8)).map { byte in
            let hex = String(byte, radix: 16)
            return byte < 16 ? "0" + hex : hex
        }.joined()
    }
}
