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
    func checkLog(session: NodeSession, delivered ids: [String]) async throws -> (
        state: String, size: UInt64?, note: String?
    ) {
        let keyReply = try await request("log key") { try await client.get("/v1/log/key") }
        guard keyReply.status == 200 else { return ("not_available", nil, nil) }
        let reply = try await request("checkpoint") { try await client.get("/v1/log/checkpoint") }
        guard reply.status == 200 else {
            throw SyncError(
                "hub_unavailable",
                LocalizedText(
                    vi: "hub trả lời \(reply.status) khi được hỏi điểm kiểm (checkpoint) nhật ký; thử lại sau",
                    en: "the hub answered \(reply.status) for its log checkpoint; retry later"))
        }
        let text = String(decoding: reply.body, as: UTF8.self)
        // The size only chooses which proofs to ask for; `verifyShownLog` checks everything.
        let size = try? Checkpoint.parse(try SignedNote.parse(text).text).size
        var consistency: [UInt8]?
        var inclusions: [(String, [UInt8]?)] = []
        if let size {
            if let kept = session.keptCheckpointSize(), kept > 0, kept < size {
                consistency = try await request("consistency proof") {
                    try await client.get("/v1/log/proof/consistency?from=\(kept)&to=\(size)")
                }.body
            }
            for id in ids {
                let r = try await request("inclusion proof") {
                    try await client.get("/v1/log/proof/inclusion?id=\(id)&size=\(size)")
                }
                inclusions.append((id, r.status == 200 ? r.body : nil))
            }
        }
        let shown = ShownLog(
            keyText: String(decoding: keyReply.body, as: UTF8.self), checkpointText: text, consistency: consistency,
            inclusions: inclusions)
        do {
            let checkpoint = try session.verifyShownLog(shown, maxAgeMillis: maxCheckpointAgeMillis)
            return ("verified", checkpoint.size, text)
        } catch let error as NodeError {
            throw SyncError(error.code, error.localized ?? LocalizedText(vi: error.message, en: error.message))
        }
    }

    /// The witness's part (issue 16 item 5): cosigns the checkpoint `verifyShownLog` just verified and
    /// sends it with the binding. Never throws: a failure is reported, the sync stands.
    func sendCosignature(session: NodeSession, note: String, size: UInt64) async -> (
        state: String, error: SyncReport.Failure?
    ) {
        guard let binding = session.witnessBinding() else { return ("no_binding", nil) }
        do {
            let line = try session.cosign(checkpointNote: note)
            let body = try JSONEncoder().encode(
                CosignatureBody(size: size, cosignature: line, binding: Data(binding).base64EncodedString()))
            let reply = try await client.post(
                "/v1/log/cosignatures", body: [UInt8](body), contentType: "application/json")
            guard reply.status == 200 else {
                let answer = try? JSONDecoder().decode(ReasonBody.self, from: Data(reply.body))
                return (
                    "failed",
                    .init(
                        code: answer?.reason ?? "hub_unavailable",
                        message: answer?.message ?? "the hub answered \(reply.status) for the cosignature")
                )
            }
            return ("sent", nil)
        } catch let e as LocalizedCodedError {
            return ("failed", .init(code: e.code, message: e.message))
        } catch {
            return ("failed", .init(code: "hub_unavailable", message: "\(error)"))
        }
    }
}

/// The body of `POST /v1/log/cosignatures`.
struct CosignatureBody: Codable {
    var size: UInt64
    var cosignature: String
    var binding: String
}

/// The reason and message of a hub's error answer.
struct ReasonBody: Decodable {
    var reason: String?
    var message: String?
}
