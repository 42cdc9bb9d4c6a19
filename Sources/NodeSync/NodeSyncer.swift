public import DistrictNode
public import DistrictSyncCore
public import DistrictSyncCrypto
import DistrictSyncStore
import Foundation

/// What `dsync node sync` did. JSON field names are a contract (docs/sync.md).
public struct SyncReport: Codable, Sendable {
    public struct Item: Codable, Sendable {
        public var seq: Int64
        public var id: String
        /// accepted, duplicate, already_at_hub, held, quarantined, rejected, error
        public var outcome: String
        public var reason: String?
        public var message: String?
        /// Wall time of the upload and answer, milliseconds (retries included).
        public var elapsedMs: Int?

        enum CodingKeys: String, CodingKey {
            case seq, id, outcome, reason, message
            case elapsedMs = "elapsed_ms"
        }
    }

    public struct Failure: Codable, Sendable {
        public var code: String
        public var message: String
        /// The message in Vietnamese and English when the error carried both (not in the JSON:
        /// the app shows the Vietnamese text).
        public var localized: LocalizedText? = nil

        enum CodingKeys: String, CodingKey {
            case code, message
        }
    }

    public var hub: String
    public var nodeID: String
    public var district: String
    public var hubHeadBefore: Int64?
    public var pushed: Int
    public var receiptsVerified: Int
    public var delivered: Int
    public var undelivered: Int
    public var retries: Int
    public var crl: String
    public var synced: Bool
    public var items: [Item]
    public var error: Failure?
    /// The city log check after the sync: verified, not_available (a hub without a log), not_checked.
    public var log: String = "not_checked"
    /// The size of the log checkpoint this node verified and kept.
    public var logSize: UInt64?
    /// The witness cosignature of the verified checkpoint: sent, no_binding (no `node commit` wrote
    /// a witness binding yet), failed (see `cosignature_error`; the sync does not fail), not_checked.
    public var cosignature: String = "not_checked"
    public var cosignatureError: Failure?

    enum CodingKeys: String, CodingKey {
        case hub
        case nodeID = "node_id"
        case district
        case hubHeadBefore = "hub_head_before"
        case pushed
        case receiptsVerified = "receipts_verified"
        case delivered, undelivered, retries, crl, synced, items, error, log
        case logSize = "log_size"
        case cosignature
        case cosignatureError = "cosignature_error"
    }
}

/// Sends what the hub lacks, in chain order, and brings back verified receipts. Safe to interrupt
/// and repeat at any moment: the hub is idempotent per changeset id and the node only marks a
/// changeset delivered after its receipt verified, in the same store call `node ack` uses.
public final class NodeSyncer {
    let client: HubClient
    let backoff: Backoff
    let progress: ((_ done: Int, _ total: Int) -> Void)?
    var retries = 0
    /// What hub documents (receipts, CRLs) are checked with; its pin is set on first use.
    var trust = HubTrust(roots: [])
    /// How old the hub's newest checkpoint may be while the hub answers (`log_stale` beyond it).
    public var maxCheckpointAgeMillis: Int64 = 24 * 3_600_000

    public init(client: HubClient, backoff: Backoff = Backoff(), progress: ((Int, Int) -> Void)? = nil) {
        self.client = client
        self.backoff = backoff
        self.progress = progress
    }

    static let retryableStatuses: Set<Int> = [408, 429, 500, 502, 503, 504]

    /// Sends one request, retrying connection failures and 5xx with backoff and jitter.
    func request(_ what: String, _ send: () async throws -> HubClient.Reply) async throws -> HubClient.Reply {
        var attempt = 0
        while true {
            let last = attempt + 1 >= backoff.maxAttempts
            do {
                let reply = try await send()
                if Self.retryableStatuses.contains(reply.status) && !last {
                    retries += 1
                    try await backoff.sleep(backoff.delayMillis(attempt: attempt))
                    attempt += 1
                    continue
                }
                return reply
            } catch let error as SyncError {
                throw error
            } catch is CancellationError {
                throw SyncError(
                    "interrupted",
                    LocalizedText(
                        vi: "việc đồng bộ bị ngắt; chạy lại để làm tiếp",
                        en: "the sync was interrupted; run it again to resume"))
            } catch {
                if HubClient.isTrustFailure(error) {
                    throw SyncError(
                        "hub_untrusted",
                        LocalizedText(
                            vi:
                                "kết nối TLS tới \(client.baseURL) bị từ chối (\(error)); chứng thư số của hub phải do CA "
                                + "của thành phố đã ghi bằng `dsync node set-hub --ca` cấp, và khi hub đòi TLS hai chiều "
                                + "thì nút phải xuất trình chứng thư số do CA đó cấp",
                            en:
                                "the TLS connection to \(client.baseURL) was refused (\(error)); the hub's certificate must "
                                + "chain to the city CA configured with `dsync node set-hub --ca`, and with mutual TLS "
                                + "the node must present a certificate from that CA"))
                }
                if last {
                    throw SyncError(
                        "hub_unreachable",
                        LocalizedText(
                            vi:
                                "\(what): \(client.baseURL) không trả lời sau \(backoff.maxAttempts) lần thử (\(error)); "
                                + "không mất gì cả, chạy lại `dsync node sync` khi có kết nối",
                            en:
                                "\(what): no answer from \(client.baseURL) after \(backoff.maxAttempts) attempts (\(error)); "
                                + "nothing is lost, run `dsync node sync` again when the link is back"))
                }
                retries += 1
                try await backoff.sleep(backoff.delayMillis(attempt: attempt))
                attempt += 1
            }
        }
    }

    /// Runs one sync of `session` against the hub.
    ///
    /// `trust` holds the city CA certificate(s) and, when set, the pinned hub certificate; without
    /// a pin, the one pinned in node.json (if any) is used, else the first receipt's signer is pinned.
    public func sync(session: NodeSession, trust: HubTrust) async -> SyncReport {
        self.trust = trust.pinning(try? session.pinnedHubCertificate())
        let config = session.config
        var report = SyncReport(
            hub: client.baseURL, nodeID: config.nodeID, district: config.district, hubHeadBefore: nil, pushed: 0,
            receiptsVerified: 0, delivered: 0, undelivered: 0, retries: 0, crl: "not_fetched", synced: false,
            items: [], error: nil)
        do {
            report.crl = try await fetchCRL(session: session)
            let hubSeq = try await head(node: config.nodeID)
            report.hubHeadBefore = hubSeq
            let pending = try session.store.outbox(undeliveredOnly: true)
            progress?(0, pending.count)
            var held: [OutboxEntry] = []
            for (index, entry) in pending.enumerated() {
                if entry.sequence <= hubSeq {
                    let reply = try await request("receipt \(entry.sequence)") {
                        try await client.get("/v1/receipts/\(entry.id)")
                    }
                    guard reply.status == 200 else {
                        throw SyncError(
                            "not_at_hub",
                            LocalizedText(
                                vi: "hub ghi đầu chuỗi của nút này là số \(hubSeq) nhưng không có tập thay đổi "
                                    + "\(entry.id.prefix(12)) (số \(entry.sequence)); hai chuỗi khác nhau — hỏi người vận "
                                    + "hành hub (`dsync hub status`)",
                                en: "the hub's head for this node is seq \(hubSeq) but it holds no changeset "
                                    + "\(entry.id.prefix(12)) (seq \(entry.sequence)); the chains differ — ask the hub "
                                    + "operator (`dsync hub status`)"))
                    }
                    try deliver(entry, receipt: reply.body, session: session)
                    report.receiptsVerified += 1
                    report.items.append(.init(seq: entry.sequence, id: entry.id, outcome: "already_at_hub"))
                } else {
                    let started = ContinuousClock.now
                    let reply = try await request("changeset \(entry.sequence)") {
                        try await client.post("/v1/changesets", body: entry.file)
                    }
                    let elapsed = ContinuousClock.now - started
                    let ms = Int(
                        elapsed.components.seconds * 1000 + elapsed.components.attoseconds / 1_000_000_000_000_000)
                    let answer = Self.decodeError(reply.body)
                    switch reply.status {
                    case 200:
                        try deliver(entry, receipt: reply.body, session: session)
                        report.pushed += 1
                        report.receiptsVerified += 1
                        report.items.append(
                            .init(
                                seq: entry.sequence, id: entry.id,
                                outcome: reply.headers["x-dsync-outcome"] ?? "accepted",
                                elapsedMs: ms))
                    case 202:
                        held.append(entry)
                        try session.recordHubAnswer(
                            for: entry, outcome: "held", reason: answer?.reason,
                            message: answer?.messageVi ?? answer?.message, httpStatus: 202)
                        report.pushed += 1
                        report.items.append(
                            .init(
                                seq: entry.sequence, id: entry.id, outcome: "held", reason: answer?.reason,
                                message: answer?.message))
                    default:
                        let outcome = answer?.outcome ?? "error"
                        try session.recordHubAnswer(
                            for: entry, outcome: outcome, reason: answer?.reason,
                            message: answer?.messageVi ?? answer?.message, httpStatus: reply.status)
                        report.items.append(
                            .init(
                                seq: entry.sequence, id: entry.id, outcome: outcome, reason: answer?.reason,
                                message: answer?.message))
                        throw SyncError(
                            answer?.reason ?? "hub_error",
                            LocalizedText(
                                vi: "hub trả lời \(reply.status) cho tập thay đổi số \(entry.sequence): "
                                    + (answer?.messageVi ?? answer?.message
                                        ?? String(decoding: reply.body.prefix(200), as: UTF8.self))
                                    + "; các tập sau chưa được gửi",
                                en: "the hub answered \(reply.status) for changeset \(entry.sequence): "
                                    + (answer?.message ?? String(decoding: reply.body.prefix(200), as: UTF8.self))
                                    + "; later changesets were not sent"))
                    }
                }
                progress?(index + 1, pending.count)
            }
            // Held ones are promoted by the hub once their predecessor arrives: fetch their receipts.
            for entry in held {
                let reply = try await request("receipt \(entry.sequence)") {
                    try await client.get("/v1/receipts/\(entry.id)")
                }
                if reply.status == 200 {
                    try deliver(entry, receipt: reply.body, session: session)
                    report.receiptsVerified += 1
                }
            }
            // The city log: every changeset delivered now must be in a checkpoint that extends the one kept.
            let deliveredNow = report.items.filter { ["accepted", "duplicate", "already_at_hub"].contains($0.outcome) }
                .map(\.id)
            let log = try await checkLog(session: session, delivered: deliveredNow)
            report.log = log.state
            report.logSize = log.size
            if let note = log.note, let size = log.size {
                let sent = await sendCosignature(session: session, note: note, size: size)
                report.cosignature = sent.state
                report.cosignatureError = sent.error
            }
        } catch let error as SyncError {
            report.error = .init(code: error.code, message: error.message, localized: error.localized)
            if ["log_inconsistent", "log_stale"].contains(error.code) { report.log = error.code }
        } catch {
            report.error = .init(code: "sync_failed", message: "\(error)")
        }
        let counts = (try? session.store.outboxCounts()) ?? (total: 0, delivered: 0)
        report.delivered = counts.delivered
        report.undelivered = counts.total - counts.delivered
        report.retries = retries
        report.synced = report.error == nil && report.undelivered == 0 && counts.total >= 0
        return report
    }

    func head(node: String) async throws -> Int64 {
        let reply = try await request("head") { try await client.get("/v1/nodes/\(node)/head") }
        switch reply.status {
        case 200:
            struct Head: Decodable { let seq: Int64 }
            guard let head = try? JSONDecoder().decode(Head.self, from: Data(reply.body)) else {
                throw SyncError(
                    "bad_hub_reply",
                    LocalizedText(
                        vi: "câu trả lời của hub về đầu chuỗi không đúng dạng JSON mong đợi",
                        en: "the hub's head answer is not the expected JSON"))
            }
            return head.seq
        case 404: return 0
        default:
            throw SyncError(
                "hub_unavailable",
                LocalizedText(
                    vi: "hub trả lời \(reply.status) khi được hỏi đầu chuỗi của nút này; thử lại sau",
                    en: "the hub answered \(reply.status) when asked for this node's head; retry later"))
        }
    }

    /// Verifies the receipt with the check `node ack` uses (`NodeSession.checkReceipt`), checks it
    /// names the changeset sent, and marks that changeset delivered.
    func deliver(_ entry: OutboxEntry, receipt: [UInt8], session: NodeSession) throws {
        let checked: CheckedReceipt
        do { checked = try session.checkReceipt(receipt, trust: trust) } catch {
            throw SyncError(error.code, error.text)
        }
        guard checked.entry.id == entry.id else {
            throw SyncError(
                "receipt_mismatch",
                LocalizedText(
                    vi: "hub trả biên nhận của gói thay đổi số \(checked.entry.sequence), không phải gói số "
                        + "\(entry.sequence) vừa gửi; chưa đánh dấu gì là đã giao",
                    en: "the hub answered with the receipt of changeset \(checked.entry.sequence), not of changeset "
                        + "\(entry.sequence) just sent; nothing was marked delivered"))
        }
        _ = try session.recordDelivery(checked, receipt: receipt, trust: trust)
        // Trust on first use: a node with no pinned hub pins the signer of its first valid receipt.
        if trust.pinned == nil { trust = trust.pinning(checked.signer) }
    }

    /// Fetches the hub's CRL and keeps it in HOME/crl.pem when it passes the hub-document rules
    /// (`HubTrust`: size cap, every CRL signed by a CA the node trusts, none dated after the clock
    /// rule allows) and none is older than the one kept.
    /// Returns updated / unchanged / unavailable / crl_from_future (refused; the kept CRL stays).
    func fetchCRL(session: NodeSession) async throws -> String {
        let reply = try await request("CRL") { try await client.get("/v1/crl") }
        guard reply.status == 200, !reply.body.isEmpty else { return "unavailable" }
        guard reply.body.count <= HubTrust.maxBytes else {
            throw SyncError(
                "too_large",
                LocalizedText(
                    vi:
                        "hub gửi danh sách thu hồi (CRL) dài \(reply.body.count) byte; tối đa \(HubTrust.maxBytes) byte",
                    en: "the hub sent a CRL of \(reply.body.count) bytes; at most \(HubTrust.maxBytes) bytes are read"))
        }
        let target = session.home.path + "/crl.pem"
        let fetched: [CertificateRevocationList]
        do { fetched = try CertificateRevocationList.parseAll(reply.body, name: "the hub's /v1/crl") } catch {
            throw SyncError(
                "bad_crl",
                LocalizedText(
                    vi: "hub gửi một danh sách thu hồi (CRL) không đọc được: \(error.text.vi)",
                    en: "the hub sent a CRL that cannot be read: \(error.reason)"))
        }
        switch trust.refusal(ofCRLs: fetched, reference: session.hubDocumentReference) {
        case "crl_untrusted"?:
            throw SyncError(
                "crl_untrusted",
                LocalizedText(
                    vi: "hub gửi một danh sách thu hồi (CRL) không do CA mà nút này tin cậy ký",
                    en: "the hub sent a CRL not signed by a CA this node trusts"))
        case let code?:
            // Refused without stopping the sync: delivery does not depend on the CRL, and a node whose
            // clock runs slow must still be able to hand its work over. `crl` in the report says so.
            return code
        case nil: break
        }
        let kept = (try? CertificateRevocationList.loadAll(path: target)) ?? []
        if Set(kept.map(\.der)) == Set(fetched.map(\.der)) { return "unchanged" }
        for crl in fetched {
            if let newest = kept.filter({ $0.issuer == crl.issuer }).map(\.lastUpdate).max(), crl.lastUpdate < newest {
                return "unchanged"
            }
        }
        // Checked in memory, then written whole (temporary file and rename): never a half-written list.
        try NodeSession.writeAtomically(Data(reply.body), to: target)
        return "updated"
    }

    struct Answer: Decodable {
        let outcome: String?
        let reason: String?
        let message: String?
        let messageVi: String?

        enum CodingKeys: String, CodingKey {
            case outcome, reason, message
            case messageVi = "message_vi"
        }
    }

    static func decodeError(_ body: [UInt8]) -> Answer? { try? JSONDecoder().decode(Answer.self, from: Data(body)) }
}
