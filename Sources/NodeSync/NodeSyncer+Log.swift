import DistrictNode
import DistrictSyncCore
import DistrictSyncCrypto
import Foundation

/// The node's side of the city transparency log (docs/transparency.md): after a sync it fetches the
/// hub's signed checkpoint, checks the signature with the log key it pinned, that the log extends
/// the checkpoint it kept (a consistency proof), that it is fresh, and that every changeset
/// delivered in this sync is in it (inclusion proofs). A hub that shows this node a different
/// history is `log_inconsistent`: the sync fails and both checkpoints are kept as evidence.
extension NodeSyncer {
    /// Returns "verified" (with the tree size) or "not_available" (a hub without a log); throws
    /// `log_inconsistent` / `log_stale` as a SyncError.
    func checkLog(session: NodeSession, delivered ids: [String]) async throws -> (state: String, size: UInt64?) {
        let keyReply = try await request("log key") { try await client.get("/v1/log/key") }
        guard keyReply.status == 200 else { return ("not_available", nil) }
        let shownKey: NoteVerifierKey
        do { shownKey = try NoteVerifierKey.parse(String(decoding: keyReply.body, as: UTF8.self)) } catch {
            throw SyncError(
                "bad_checkpoint",
                LocalizedText(vi: "khóa nhật ký của hub: \(error.text.vi)", en: "the hub's log key: \(error.message)"))
        }
        let key = try session.pinnedLogKey() ?? shownKey
        guard key == shownKey else {
            throw try inconsistent(
                session, shown: String(decoding: keyReply.body, as: UTF8.self), proof: [],
                LocalizedText(
                    vi: "khóa nhật ký của hub đã đổi (đã ghim \(key.text), nay là \(shownKey.text))",
                    en: "the hub's log key changed (pinned \(key.text), now \(shownKey.text))"))
        }
        let reply = try await request("checkpoint") { try await client.get("/v1/log/checkpoint") }
        guard reply.status == 200 else {
            throw SyncError(
                "hub_unavailable",
                LocalizedText(
                    vi: "hub trả lời \(reply.status) khi được hỏi điểm kiểm (checkpoint) nhật ký; thử lại sau",
                    en: "the hub answered \(reply.status) for its log checkpoint; retry later"))
        }
        let text = String(decoding: reply.body, as: UTF8.self)
        let checkpoint: Checkpoint
        do throws(CoreError) {
            let note = try SignedNote.parse(text)
            guard !(try note.verifiedSignatures(by: key, verify: Ed25519.verify)).isEmpty else {
                throw CoreError(
                    "log_inconsistent",
                    LocalizedText(
                        vi: "điểm kiểm (checkpoint) không có chữ ký nào bằng khóa nhật ký đã ghim",
                        en: "the checkpoint carries no signature by the pinned log key"))
            }
            checkpoint = try Checkpoint.parse(note.text)
        } catch {
            if error.code == "log_inconsistent" {
                throw try inconsistent(session, shown: text, proof: [], error.text)
            }
            throw SyncError(
                error.code,
                LocalizedText(
                    vi: "điểm kiểm (checkpoint) của hub: \(error.text.vi)", en: "the hub's checkpoint: \(error.message)"
                ))
        }
        do {
            try LogView.checkFresh(checkpoint, now: session.clock.nowMillis(), maxAgeMillis: maxCheckpointAgeMillis)
        } catch { throw SyncError(error.code, error.text) }
        let keptText = session.keptCheckpoint()
        let kept = try keptText.map { (t: String) throws(SyncError) -> Checkpoint in
            do throws(CoreError) { return try Checkpoint.parse(try SignedNote.parse(t).text) } catch {
                throw SyncError(
                    "bad_checkpoint",
                    LocalizedText(
                        vi: "điểm kiểm (checkpoint) nút này lưu đã hỏng: \(error.text.vi)",
                        en: "the checkpoint this node kept is damaged: \(error.message)"))
            }
        }
        var proofBody: [UInt8] = []
        var proof: [MerkleTree.Hash] = []
        if let kept, kept.size > 0, kept.size < checkpoint.size {
            let c = try await request("consistency proof") {
                try await client.get("/v1/log/proof/consistency?from=\(kept.size)&to=\(checkpoint.size)")
            }
            proofBody = c.body
            if c.status == 200, let body = try? JSONDecoder().decode(LogConsistencyBody.self, from: Data(c.body)) {
                proof = body.hashBytes ?? []
            }
        }
        do { try LogView.checkExtends(kept: kept, new: checkpoint, proof: proof) } catch {
            throw try inconsistent(session, shown: text, proof: proofBody, error.text)
        }
        for id in ids {
            let r = try await request("inclusion proof") {
                try await client.get("/v1/log/proof/inclusion?id=\(id)&size=\(checkpoint.size)")
            }
            guard r.status == 200, let body = try? JSONDecoder().decode(LogInclusionBody.self, from: Data(r.body)),
                let leaf = Self.leafHash(id)
            else {
                throw try inconsistent(
                    session, shown: text, proof: r.body,
                    LocalizedText(
                        vi: "hub không đưa bằng chứng bao hàm cho tập thay đổi \(id.prefix(12)) mà nó đã nhận "
                            + "(trạng thái \(r.status))",
                        en: "the hub gave no inclusion proof for changeset \(id.prefix(12)), which it accepted "
                            + "(status \(r.status))"))
            }
            guard let hashes = body.hashBytes else {
                throw SyncError(
                    "bad_hub_reply",
                    LocalizedText(
                        vi: "một mã băm trong bằng chứng của hub không phải base64",
                        en: "a proof hash from the hub is not base64"))
            }
            do throws(CoreError) {
                try MerkleProof.verifyInclusion(
                    index: body.leafIndex, size: checkpoint.size, leafHash: leaf, proof: hashes, root: checkpoint.root)
            } catch {
                throw try inconsistent(
                    session, shown: text, proof: r.body,
                    LocalizedText(
                        vi: "tập thay đổi \(id.prefix(12)) không có trong nhật ký hub đã ký: \(error.text.vi)",
                        en: "changeset \(id.prefix(12)) is not in the log the hub signed: \(error.message)"))
            }
        }
        if try session.pinnedLogKey() == nil { try session.pinLogKey(key) }
        try session.keepCheckpoint(text)
        return ("verified", checkpoint.size)
    }

    /// The leaf hash of a changeset id (the 32 raw bytes of the id), or nil for a malformed id.
    static func leafHash(_ id: String) -> MerkleTree.Hash? {
        guard id.utf8.count == 64 else { return nil }
        var bytes: [UInt8] = []
        var index = id.startIndex
        while index < id.endIndex {
            let next = id.index(index, offsetBy: 2)
            guard let b = UInt8(id[index..<next], radix: 16) else { return nil }
            bytes.append(b)
            index = next
        }
        return MerkleTree.leafHash(bytes)
    }

    /// Keeps the evidence and makes the `log_inconsistent` error the sync reports.
    func inconsistent(_ session: NodeSession, shown: String, proof: [UInt8], _ why: LocalizedText) throws -> SyncError {
        let folder = try session.keepEvidence(
            kept: session.keptCheckpoint(), shown: shown, proof: proof, reason: why.en)
        return SyncError(
            "log_inconsistent",
            LocalizedText(
                vi: "\(why.vi). Hub cho nút này thấy một lịch sử khác với trước; bằng chứng lưu tại \(folder). "
                    + "Nút không mất gì; hãy báo cho kiểm toán viên của thành phố và đừng tin biên nhận của hub này",
                en: "\(why.en). The hub showed this node a different history from before; the evidence is in "
                    + "\(folder). Nothing was lost on the node; tell the city's auditors and do not trust this hub's "
                    + "receipts"))
    }
}
