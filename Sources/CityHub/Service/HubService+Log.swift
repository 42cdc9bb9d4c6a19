public import DistrictSyncCore
import DistrictSyncCrypto
import Foundation
import SQLiteDB

/// The city transparency log as the hub serves it (docs/transparency.md): every accepted changeset is
/// appended in the accepting transaction (`accept`); these calls sign checkpoints and answer proofs.
extension HubService {
    var cityLog: CityLog { CityLog(db: db) }

    /// Appends accepted changesets the log lacks, in acceptance order: a hub made before the log
    /// existed gets every changeset it ever accepted, once, the first time it opens.
    func backfillLog() throws {
        let accepted = try store.acceptedCount()
        guard try cityLog.size() < UInt64(max(0, accepted)) else { return }
        try db.transaction(.immediate) {
            for row in try store.acceptedMissingFromLog() {
                try cityLog.append(changesetID: row.id, at: row.acceptedAt)
            }
        }
    }

    /// A checkpoint of the whole log, signed now with the log key (the stored one when nothing was
    /// appended since). The root is recomputed from the stored leaves first (threat C9).
    public func signedCheckpoint() throws -> String {
        guard let logKey else {
            throw HubError(
                "no_hub_key",
                LocalizedText(
                    vi: "chưa nạp khóa của nhật ký; chạy lệnh với mật khẩu khóa của hub (DSYNC_KEY_PASSPHRASE "
                        + "hoặc --passphrase-file)",
                    en:
                        "the log key is not loaded; run the command with the hub key's passphrase (DSYNC_KEY_PASSPHRASE "
                        + "or --passphrase-file)"))
        }
        let origin = settings.effectiveLogOrigin
        return try logCost.measure(.sign) {
            try db.transaction(.immediate) {
                try cityLog.signCheckpoint(origin: origin, key: logKey, keyName: origin, now: clock.nowMillis())
            }
        }
    }

    /// The newest signed checkpoint, or nil when none was signed yet (read-only).
    public func latestCheckpoint() throws -> String? { try cityLog.store.latestCheckpoint()?.note }

    /// The RFC 6962 audit path of an accepted changeset in the tree of `size` entries (default: all).
    public func logInclusionProof(changesetID id: String, size: UInt64?) throws -> (
        index: UInt64, size: UInt64, hashes: [[UInt8]]
    ) { try cityLog.inclusionProof(changesetID: id, size: size) }

    /// That the log of `from` entries is a prefix of the log of `to` entries.
    public func logConsistencyProof(from: UInt64, to: UInt64) throws -> [[UInt8]] {
        try cityLog.consistencyProof(from: from, to: to)
    }

    /// `hub log verify`: the whole tree recomputed from the stored leaves against every stored node
    /// and checkpoint (and its signature by the published log key).
    public func verifyLog() throws -> CityLog.Verification {
        try cityLog.verify(verifierKey: try home.logVerifierKey())
    }
}
