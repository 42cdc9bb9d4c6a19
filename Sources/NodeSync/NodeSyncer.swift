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

    enum CodingKeys: String, CodingKey {
        case hub
        case nodeID = "node_id"
        case district
        case hubHeadBefore = "hub_head_before"
        case pushed
        case receiptsVerified = "receipts_verified"
        case delivered, undelivered, retries, crl, synced, items, error, log
        case logSize = "log_size"
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
    /// The hub certificate receipts must be signed by (pinned, or pinned on first use).
    var pinnedHub: Certificate?
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
                throw SyncError("interrupted", "the sync was interrupted; run it again to resume")
            } catch {
                if HubClient.isTrustFailure(error) {
                    throw SyncError(
                        "hub_untrusted",
                        "the TLS connection to \(client.baseURL) was refused (\(error)); the hub's certificate must "
                            + "chain to the city CA configured with `dsync node set-hub --ca`, and with mutual TLS "
                            + "the node must present a certificate from that CA")
                }
                if last {
                    throw SyncError(
                        "hub_unreachable",
                        "\(what): no answer from \(client.baseURL) after \(backoff.maxAttempts) attempts (\(error)); "
                            + "nothing is lost, run `dsync node sync` again when the link is back")
                }
                retries += 1
                try await backoff.sleep(backoff.delayMillis(attempt: attempt))
                attempt += 1
            }
        }
    }

    /// Runs one sync of `session` against the hub.
    public func sync(session: NodeSession, policy: VerificationPolicy, pinned: Certificate? = nil) async -> SyncReport {
        pinnedHub = pinned ?? (try? session.pinnedHubCertificate())
        let config = session.config
        var report = SyncReport(
            hub: client.baseURL, nodeID: config.nodeID, district: config.district, hubHeadBefore: nil, pushed: 0,
            receiptsVerified: 0, delivered: 0, undelivered: 0, retries: 0, crl: "not_fetched", synced: false,
            items: [], error: nil)
        do {
            report.crl = try await fetchCRL(session: session, policy: policy)
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
                            "the hub's head for this node is seq \(hubSeq) but it holds no changeset \(entry.id.prefix(12)) "
                                + "(seq \(entry.sequence)); the chains differ — ask the hub operator (`dsync hub status`)"
                        )
                    }
                    try deliver(entry, receipt: reply.body, session: session, policy: policy)
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
                        try deliver(entry, receipt: reply.body, session: session, policy: policy)
                        report.pushed += 1
                        report.receiptsVerified += 1
                        report.items.append(
                            .init(
                                seq: entry.sequence, id: entry.id,
                                outcome: reply.headers["x-dsync-outcome"] ?? "accepted",
                                elapsedMs: ms))
                    case 202:
                        held.append(entry)
                        report.pushed += 1
                        report.items.append(
                            .init(
                                seq: entry.sequence, id: entry.id, outcome: "held", reason: answer?.reason,
                                message: answer?.message))
                    default:
                        let outcome = answer?.outcome ?? "error"
                        report.items.append(
                            .init(
                                seq: entry.sequence, id: entry.id, outcome: outcome, reason: answer?.reason,
                                message: answer?.message))
                        throw SyncError(
                            answer?.reason ?? "hub_error",
                            "the hub answered \(reply.status) for changeset \(entry.sequence): "
                                + (answer?.message ?? String(decoding: reply.body.prefix(200), as: UTF8.self))
                                + "; later changesets were not sent")
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
                    try deliver(entry, receipt: reply.body, session: session, policy: policy)
                    report.receiptsVerified += 1
                }
            }
            // The city log: every changeset delivered now must be in a checkpoint that extends the one kept.
            let deliveredNow = report.items.filter { ["accepted", "duplicate", "already_at_hub"].contains($0.outcome) }
                .map(\.id)
            let log = try await checkLog(session: session, delivered: deliveredNow)
            report.log = log.state
            report.logSize = log.size
        } catch let error as SyncError {
            report.error = .init(code: error.code, message: error.message)
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
                throw SyncError("bad_hub_reply", "the hub's head answer is not the expected JSON")
            }
            return head.seq
        case 404: return 0
        default:
            throw SyncError(
                "hub_unavailable", "the hub answered \(reply.status) when asked for this node's head; retry later")
        }
    }

    /// Verifies the receipt and marks the changeset delivered (the store call `node ack` uses).
    func deliver(_ entry: OutboxEntry, receipt: [UInt8], session: NodeSession, policy: VerificationPolicy) throws {
        let checked = try ReceiptCheck.verifySigned(
            receipt, for: entry, config: session.config, policy: policy, pinned: pinnedHub)
        try session.store.markDelivered(id: entry.id, receipt: receipt, atMillis: session.clock.nowMillis())
        if pinnedHub == nil {
            // Trust on first use: a node with no pinned hub pins the signer of its first valid receipt.
            try session.pinHub(checked.signer)
            pinnedHub = checked.signer
        }
    }

    /// Fetches the hub's CRL, keeps it in HOME/crl.pem when every CRL in it is signed by a CA the
    /// node trusts, none is older than the one kept and none is dated after the clock plus the skew.
    /// Returns updated / unchanged / unavailable / crl_from_future (refused; the kept CRL stays).
    func fetchCRL(session: NodeSession, policy: VerificationPolicy) async throws -> String {
        let reply = try await request("CRL") { try await client.get("/v1/crl") }
        guard reply.status == 200, !reply.body.isEmpty else { return "unavailable" }
        let target = session.home.path + "/crl.pem"
        let temporary = target + ".new"
        try Data(reply.body).write(to: URL(fileURLWithPath: temporary))
        defer { try? FileManager.default.removeItem(atPath: temporary) }
        let fetched: [CertificateRevocationList]
        do { fetched = try CertificateRevocationList.loadAll(path: temporary) } catch {
            throw SyncError(
                "bad_crl",
                LocalizedText(
                    vi: "hub gửi một danh sách thu hồi (CRL) không đọc được: \(error.text.vi)",
                    en: "the hub sent a CRL that cannot be read: \(error.reason)"))
        }
        for crl in fetched where !policy.roots.contains(where: { crl.isSigned(by: $0) }) {
            throw SyncError("crl_untrusted", "the hub sent a CRL (\(crl.issuer)) not signed by a CA this node trusts")
        }
        // A CRL dated after the node's clock plus the allowed skew would stay "newest" and freeze
        // revocation (every later, correct CRL looks older): refused.
        // The later of the node clock and the system clock (a fixed test clock lies in the past).
        let reference = max(session.clock.nowMillis(), Int64(Date().timeIntervalSince1970 * 1000))
        let latest = Date(timeIntervalSince1970: Double(reference + Self.maxCRLClockSkewMillis) / 1000)
        // Refused without stopping the sync: delivery does not depend on the CRL, and a node whose
        // clock runs slow must still be able to hand its work over. `crl` in the report says so.
        if fetched.contains(where: { $0.lastUpdate > latest }) { return "crl_from_future" }
        let kept = (try? CertificateRevocationList.loadAll(path: target)) ?? []
        if Set(kept.map(\.der)) == Set(fetched.map(\.der)) { return "unchanged" }
        for crl in fetched {
            if let newest = kept.filter({ $0.issuer == crl.issuer }).map(\.lastUpdate).max(), crl.lastUpdate < newest {
                return "unchanged"
            }
        }
        _ = rename(temporary, target)
        return "updated"
    }

    /// How far a CRL's thisUpdate may be ahead of the node's clock (the hub's clock-lead rule, 5 min).
    public static let maxCRLClockSkewMillis: Int64 = 5 * 60 * 1000

    struct Answer: Decodable {
        let outcome: String?
        let reason: String?
        let message: String?
    }

    static func decodeError(_ body: [UInt8]) -> Answer? { try? JSONDecoder().decode(Answer.self, from: Data(body)) }
}
