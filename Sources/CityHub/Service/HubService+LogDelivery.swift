public import DistrictSyncCore
import Foundation

/// The city log as a receipts folder carries it back to a node (`hub import --receipts`;
/// docs/transparency.md "Deliveries on a USB stick"): the signed checkpoint after the import, the
/// log key, an inclusion proof of each delivered changeset and a consistency proof from each
/// checkpoint the delivering nodes kept.
public struct LogDelivery: Sendable {
    public let checkpoint: String
    public let keyText: String
    public let inclusion: [String: LogInclusionBody]
    public let consistency: [UInt64: LogConsistencyBody]

    /// The folder inside a receipts folder, and its file names (`node ack` reads the same).
    public static let folder = "log"
    public static let checkpointFile = "checkpoint.txt"
    public static let keyFile = "log.vkey"
    public static func proofFile(_ id: String) -> String { id + ".proof.json" }
    public static func consistencyFile(from size: UInt64) -> String { "consistency-\(size).json" }
}

extension HubService {
    /// Signs a checkpoint if entries were added, and proves `ids` (accepted ones; others are left
    /// out) in it and the log against every size in `keptSizes` that is smaller.
    public func logDelivery(ids: [String], keptSizes: Set<UInt64>) throws -> LogDelivery {
        let note = try signedCheckpoint()
        let checkpoint = try Checkpoint.parse(try SignedNote.parse(note).text)
        guard let key = try home.logVerifierKey() else {
            throw HubError(
                "no_hub_key",
                LocalizedText(vi: "hub chưa có khóa nhật ký minh bạch", en: "the hub has no transparency-log key yet"))
        }
        var inclusion: [String: LogInclusionBody] = [:]
        for id in Set(ids) where try store.accepted(id: id) != nil {
            let p = try logInclusionProof(changesetID: id, size: checkpoint.size)
            inclusion[id] = LogInclusionBody(leafIndex: p.index, treeSize: p.size, hashes: p.hashes)
        }
        var consistency: [UInt64: LogConsistencyBody] = [:]
        for from in keptSizes where from > 0 && from < checkpoint.size {
            consistency[from] = LogConsistencyBody(
                from: from, to: checkpoint.size, hashes: try logConsistencyProof(from: from, to: checkpoint.size))
        }
        return LogDelivery(checkpoint: note, keyText: key.text, inclusion: inclusion, consistency: consistency)
    }
}
