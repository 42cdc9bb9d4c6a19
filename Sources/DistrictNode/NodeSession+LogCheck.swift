public import DistrictSyncCore
import DistrictSyncCrypto
import Foundation

/// What a hub showed this node of the city log, however it arrived (an HTTPS sync, or the
/// receipts folder of a USB delivery): its log key, its signed checkpoint, a consistency proof
/// from the checkpoint this node kept, and an inclusion proof per delivered changeset.
public struct ShownLog: Sendable {
    public var keyText: String
    public var checkpointText: String
    /// The raw `{"from","to","hashes"}` answer (kept as evidence as it was), nil when none was given.
    public var consistency: [UInt8]?
    /// Per delivered changeset id, the raw `{"leaf_index","tree_size","hashes"}` answer, or nil.
    public var inclusions: [(id: String, body: [UInt8]?)]

    public init(keyText: String, checkpointText: String, consistency: [UInt8]?, inclusions: [(String, [UInt8]?)]) {
        self.keyText = keyText
        self.checkpointText = checkpointText
        self.consistency = consistency
        self.inclusions = inclusions.map { (id: $0.0, body: $0.1) }
    }
}

extension NodeSession {
    /// The size of the checkpoint this node kept, or nil (what a consistency proof must start from).
    public func keptCheckpointSize() -> UInt64? {
        keptCheckpoint().flatMap { try? Checkpoint.parse(try SignedNote.parse($0).text).size }
    }

    /// The one check of a shown log (docs/transparency.md), shared by `node sync` and `node ack`: the
    /// key is the pinned one (pinned now when none was), the checkpoint is signed by it and, with
    /// `maxAgeMillis`, fresh; it extends the kept checkpoint by the consistency proof; every
    /// delivered changeset is in it. On success the checkpoint is kept; a different history is
    /// `log_inconsistent` with both checkpoints and the proof kept in `HOME/log/evidence/`.
    @discardableResult
    public func verifyShownLog(_ shown: ShownLog, maxAgeMillis: Int64?) throws -> Checkpoint {
        let shownKey: NoteVerifierKey
        do { shownKey = try NoteVerifierKey.parse(shown.keyText) } catch {
            throw NodeError(
                "bad_checkpoint",
                LocalizedText(vi: "khóa nhật ký của hub: \(error.text.vi)", en: "the hub's log key: \(error.message)"))
        }
        let key = try pinnedLogKey() ?? shownKey
        guard key == shownKey else {
            throw try inconsistent(
                shown, proof: [],
                LocalizedText(
                    vi: "khóa nhật ký của hub đã đổi (đã ghim \(key.text), nay là \(shownKey.text))",
                    en: "the hub's log key changed (pinned \(key.text), now \(shownKey.text))"))
        }
        let checkpoint: Checkpoint
        do throws(CoreError) {
            let note = try SignedNote.parse(shown.checkpointText)
            guard !(try note.verifiedSignatures(by: key, verify: Ed25519.verify)).isEmpty else {
                throw CoreError(
                    "log_inconsistent",
                    LocalizedText(
                        vi: "điểm kiểm (checkpoint) không có chữ ký nào bằng khóa nhật ký đã ghim",
                        en: "the checkpoint carries no signature by the pinned log key"))
            }
            checkpoint = try Checkpoint.parse(note.text)
        } catch {
            if error.code == "log_inconsistent" { throw try inconsistent(shown, proof: [], error.text) }
            throw NodeError(
                error.code,
                LocalizedText(
                    vi: "điểm kiểm (checkpoint) của hub: \(error.text.vi)", en: "the hub's checkpoint: \(error.message)"
                ))
        }
        if let maxAgeMillis {
            do { try LogView.checkFresh(checkpoint, now: clock.nowMillis(), maxAgeMillis: maxAgeMillis) } catch {
                throw NodeError(error.code, error.text)
            }
        }
        let kept: Checkpoint?
        if let keptText = keptCheckpoint() {
            do throws(CoreError) { kept = try Checkpoint.parse(try SignedNote.parse(keptText).text) } catch {
                throw NodeError(
                    "bad_checkpoint",
                    LocalizedText(
                        vi: "điểm kiểm (checkpoint) nút này lưu đã hỏng: \(error.text.vi)",
                        en: "the checkpoint this node kept is damaged: \(error.message)"))
            }
        } else {
            kept = nil
        }
        let consistency =
            shown.consistency.flatMap { try? JSONDecoder().decode(LogConsistencyBody.self, from: Data($0)) }
        let proof =
            consistency.flatMap { c in c.from == kept?.size && c.to == checkpoint.size ? c.hashBytes : nil } ?? []
        do { try LogView.checkExtends(kept: kept, new: checkpoint, proof: proof) } catch {
            throw try inconsistent(shown, proof: shown.consistency ?? [], error.text)
        }
        for (id, raw) in shown.inclusions {
            guard let raw, let body = try? JSONDecoder().decode(LogInclusionBody.self, from: Data(raw)),
                let leaf = Self.logLeafHash(id), let hashes = body.hashBytes
            else {
                throw try inconsistent(
                    shown, proof: raw ?? [],
                    LocalizedText(
                        vi: "hub không đưa bằng chứng bao hàm hợp lệ cho tập thay đổi \(id.prefix(12)) mà nó đã nhận",
                        en: "the hub gave no valid inclusion proof for changeset \(id.prefix(12)), which it accepted"))
            }
            do throws(CoreError) {
                guard body.treeSize == checkpoint.size else {
                    throw CoreError(
                        "log_inconsistent",
                        LocalizedText(
                            vi: "bằng chứng cho cây \(body.treeSize) mục, không phải \(checkpoint.size)",
                            en: "the proof is for a tree of \(body.treeSize), not \(checkpoint.size)"))
                }
                try MerkleProof.verifyInclusion(
                    index: body.leafIndex, size: checkpoint.size, leafHash: leaf, proof: hashes, root: checkpoint.root)
            } catch {
                throw try inconsistent(
                    shown, proof: raw,
                    LocalizedText(
                        vi: "tập thay đổi \(id.prefix(12)) không có trong nhật ký hub đã ký: \(error.text.vi)",
                        en: "changeset \(id.prefix(12)) is not in the log the hub signed: \(error.message)"))
            }
        }
        if try pinnedLogKey() == nil { try pinLogKey(key) }
        if (kept?.size ?? 0) <= checkpoint.size { try keepCheckpoint(shown.checkpointText) }
        return checkpoint
    }

    /// The leaf hash of a changeset id (the 32 raw bytes of the id), or nil for a malformed id.
    public static func logLeafHash(_ id: String) -> MerkleTree.Hash? {
        guard id.utf8.count == 64, let bytes = try? bytes(hex: id) else { return nil }
        return MerkleTree.leafHash(bytes)
    }

    /// Keeps the evidence and makes the `log_inconsistent` error.
    func inconsistent(_ shown: ShownLog, proof: [UInt8], _ why: LocalizedText) throws -> NodeError {
        let folder = try keepEvidence(kept: keptCheckpoint(), shown: shown.checkpointText, proof: proof, reason: why.en)
        return NodeError(
            "log_inconsistent",
            LocalizedText(
                vi: "\(why.vi). Hub cho nút này thấy một lịch sử khác với trước; bằng chứng lưu tại \(folder). "
                    + "Nút không mất gì; hãy báo cho kiểm toán viên của thành phố và đừng tin biên nhận của hub này",
                en: "\(why.en). The hub showed this node a different history from before; the evidence is in "
                    + "\(folder). Nothing was lost on the node; tell the city's auditors and do not trust this hub's "
                    + "receipts"))
    }
}

extension NodeSession {
    /// The log a receipts folder carries (`hub import --receipts DIR` writes `DIR/log/`), for the
    /// changesets `ids` this run acknowledged; nil when the folder has none (a hub before the log).
    public func shownLog(inReceiptsFolder folder: String, ids: [String]) throws -> ShownLog? {
        let log = folder + "/log"
        let checkpointPath = log + "/checkpoint.txt"
        guard FileManager.default.fileExists(atPath: checkpointPath) else { return nil }
        func read(_ path: String, _ what: String) throws -> [UInt8] {
            try HubTrust.readDocument(path: path, what: what)
        }
        func readIfThere(_ path: String, _ what: String) throws -> [UInt8]? {
            FileManager.default.fileExists(atPath: path) ? try read(path, what) : nil
        }
        let consistency = try keptCheckpointSize().flatMap {
            try readIfThere(log + "/consistency-\($0).json", "consistency proof")
        }
        return ShownLog(
            keyText: String(decoding: try read(log + "/log.vkey", "log key"), as: UTF8.self),
            checkpointText: String(decoding: try read(checkpointPath, "checkpoint"), as: UTF8.self),
            consistency: consistency,
            inclusions: try ids.map { ($0, try readIfThere(log + "/\($0).proof.json", "inclusion proof")) })
    }
}
