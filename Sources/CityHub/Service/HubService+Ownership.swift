import DistrictSyncCore
import Foundation
import SQLiteDB

/// The result of `dsync hub transfer`.
public struct TransferResult: Codable, Sendable {
    public let taxCode: String
    public let from: String
    public let to: String
    public let surveysMoved: Int

    enum CodingKeys: String, CodingKey {
        case taxCode = "tax_code"
        case from, to
        case surveysMoved = "surveys_moved"
    }
}

/// The result of `dsync hub check`.
public struct HubCheckResult: Codable, Sendable {
    /// `CityDump` hash of the live city tables.
    public let liveHash: String
    /// `CityDump` hash of the city state recomputed from the stored changesets and transfers.
    public let recomputedHash: String
    public let changesets: Int
    public let transfers: Int
    /// City rows whose checksum does not match their contents.
    public let damagedRows: Int
    /// The recomputed state equals the live one and every row's checksum matches.
    public let ok: Bool

    enum CodingKeys: String, CodingKey {
        case liveHash = "live_hash"
        case recomputedHash = "recomputed_hash"
        case changesets, transfers
        case damagedRows = "damaged_rows"
        case ok
    }

    init(liveHash: String, recomputedHash: String, changesets: Int, transfers: Int, damagedRows: Int) {
        self.liveHash = liveHash
        self.recomputedHash = recomputedHash
        self.changesets = changesets
        self.transfers = transfers
        self.damagedRows = damagedRows
        ok = liveHash == recomputedHash && damagedRows == 0
    }
}

extension HubService {
    /// Moves enterprise `taxCode` (and its survey answers) from unit `from` to unit `to`: the hub
    /// operator's explicit, audited transfer (an enterprise relocates; units merge). Afterwards `to`'s
    /// changesets may change the enterprise and `from`'s are refused `foreign_record`.
    public func transfer(taxCode: String, from: String, to: String, reason: String, source: String) throws
        -> TransferResult
    {
        let reason = reason.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !reason.isEmpty else {
            throw HubError(
                "bad_option",
                LocalizedText(
                    vi: "ghi lý do chuyển giao bằng --reason VĂN_BẢN (lý do được ghi vào nhật ký " + "kiểm tra)",
                    en: "give the reason for the transfer with --reason TEXT (it is audited)"))
        }
        guard from != to else {
            throw HubError(
                "bad_option",
                LocalizedText(
                    vi: "--from và --to cùng chỉ một đơn vị \(from)", en: "--from and --to name the same unit \(from)"))
        }
        let now = clock.nowMillis()
        let today = ISODate.fromUnixMillis(now)
        do {
            _ = try orgUnits.requireUnit(code: to, on: today)
        } catch {
            throw HubError(error.code == "unknown_district" ? "unknown_district" : "district_not_valid", error.text)
        }
        let store = OwnershipStore(db: db)
        return try db.transaction(.immediate) {
            guard let owner = try store.owner(ofEnterprise: taxCode) else {
                throw HubError(
                    "unknown_enterprise",
                    LocalizedText(
                        vi: "hub không có doanh nghiệp nào mang mã số thuế \(taxCode) do bất kỳ đơn " + "vị nào tạo",
                        en: "the hub holds no enterprise with tax code \(taxCode) created by any unit"))
            }
            guard owner == from else {
                throw HubError(
                    "wrong_owner",
                    LocalizedText(
                        vi: "doanh nghiệp \(taxCode) thuộc đơn vị \(owner), không phải \(from); chưa " + "chuyển gì",
                        en: "enterprise \(taxCode) belongs to unit \(owner), not \(from); nothing was moved"))
            }
            let moved = try store.move(taxCode: taxCode, from: from, to: to)
            try store.record(at: now, taxCode: taxCode, from: from, to: to, reason: reason)
            try AuditLog(db: db).append(
                at: now, outcome: "transferred", reason: "transfer",
                detail: "enterprise \(taxCode) and \(moved) survey answers moved from unit \(from) to unit \(to) "
                    + "by the hub operator: \(reason)", changesetID: nil, district: to, nodeID: nil, seq: nil,
                source: source)
            return TransferResult(taxCode: taxCode, from: from, to: to, surveysMoved: moved)
        }
    }

    /// Recomputes the city state from the stored changesets (in acceptance order, with the transfers,
    /// into a scratch database) and compares its dump hash with the live one; also counts city rows
    /// whose checksum fails. Reads one snapshot of the live database.
    public func check() throws -> HubCheckResult {
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent(
            "dsync-hub-check-\(ProcessInfo.processInfo.processIdentifier)-\(UInt32.random(in: 0...UInt32.max)).db"
        ).path
        defer {
            for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: scratch + suffix) }
        }
        return try db.transaction(.deferred) {
            let damaged = try CityIntegrity.countDamaged(db)
            let live = damaged == 0 ? try CityDump.hash(db) : "damaged"
            let target = try Database(path: scratch, mode: .readWriteCreate)
            defer { target.close() }
            let summary: HubReplayer.Summary
            do {
                summary = try HubReplayer.replay(from: db, store: home.store, acceptedBefore: .max, into: target)
            } catch {
                let e = Self.hubError(error)
                throw HubError(
                    "hub_check_failed",
                    LocalizedText(
                        vi: "các tập thay đổi đã lưu không chạy lại được (\(e.code): \(e.text.vi)); "
                            + "kho hoặc hub.db đã bị hỏng",
                        en:
                            "the stored changesets do not replay (\(e.code): \(e.message)); the store or hub.db is damaged"
                    ))
            }
            return HubCheckResult(
                liveHash: live, recomputedHash: try CityDump.hash(target), changesets: summary.changesets,
                transfers: summary.transfers, damagedRows: damaged)
        }
    }
}
