public import CityHub
import DistrictSyncCore
import Foundation
public import Logging

/// The one writer: owns the hub's `HubService` (one SQLite connection) and runs every call on one
/// serial queue, so merges never interleave and never block the HTTP event loops or Swift's
/// cooperative threads. At most `maxQueued` submissions wait; beyond that the hub answers 503
/// (`hub_busy`) and the node backs off.
public final class MergeWorker: @unchecked Sendable {
    private let service: HubService
    private let queue = DispatchQueue(label: "dsync.hub.merge")
    private let lock = NSLock()
    private var queued = 0
    public let maxQueued: Int
    public let metrics: HubMetrics
    public let home: HubHome
    public let settings: HubSettings
    /// Where decisions and refusals are logged (`hub serve --log-format json`: one object a line).
    let logger: Logger

    public init(
        service: HubService, maxQueued: Int = 64, metrics: HubMetrics = HubMetrics(),
        logger: Logger = Logger(label: "dsync.hub", factory: { _ in SwiftLogNoOpLogHandler() })
    ) {
        self.service = service
        self.maxQueued = maxQueued
        self.metrics = metrics
        self.logger = logger
        home = service.home
        settings = service.settings
    }

    /// Runs `body` with the service on the merge queue.
    func run<T: Sendable>(_ body: @escaping @Sendable (HubService) -> T) async -> T {
        await withCheckedContinuation { continuation in
            queue.async { continuation.resume(returning: body(self.service)) }
        }
    }

    /// `HubService.submit`, the same call `hub import` makes, serialised; `hub_busy` when the queue is full.
    public func submit(bytes: [UInt8], source: String) async -> SubmissionOutcome {
        let admitted = lock.withLock { () -> Bool in
            guard queued < maxQueued else { return false }
            queued += 1
            return true
        }
        guard admitted else {
            metrics.refused(reason: "hub_busy")
            logger.warning(
                "request_refused",
                metadata: ["reason": "hub_busy", "source": "\(source)", "max_queued": "\(maxQueued)"])
            return SubmissionOutcome(
                outcome: .rejected, reason: "hub_busy",
                message: "the hub is merging \(maxQueued) changesets already; retry shortly",
                id: hexString(SHA256.hash(bytes)))
        }
        metrics.setQueued(lock.withLock { queued })
        let outcome = await run { service -> SubmissionOutcome in
            let start = ContinuousClock.now
            let outcome = service.submit(bytes: bytes, source: source)
            let elapsed = ContinuousClock.now - start
            let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
            self.metrics.decided(outcome: outcome.outcome.rawValue, reason: outcome.reason, seconds: seconds)
            self.logDecision(outcome, source: source, seconds: seconds)
            return outcome
        }
        metrics.setQueued(
            lock.withLock { () -> Int in
                queued -= 1
                return queued
            })
        return outcome
    }

    /// One line per decision: what was decided about which changeset, from where, how fast.
    func logDecision(_ o: SubmissionOutcome, source: String, seconds: Double) {
        var metadata: Logger.Metadata = [
            "changeset": "\(o.id)", "outcome": "\(o.outcome.rawValue)", "source": "\(source)",
            "seconds": "\(String(format: "%.6f", seconds))",
        ]
        if let reason = o.reason { metadata["reason"] = "\(reason)" }
        if let district = o.district { metadata["district"] = "\(district)" }
        if let node = o.nodeID { metadata["node"] = "\(node)" }
        if let seq = o.sequence { metadata["seq"] = "\(seq)" }
        let level: Logger.Level = o.outcome == .rejected || o.outcome == .quarantined ? .warning : .info
        logger.log(level: level, "changeset_decided", metadata: metadata)
    }

    /// Audits a body refused before it was read (too large), as `hub import` does for a file.
    public func recordRefusal(reason: String, message: String, source: String) {
        metrics.refused(reason: reason)
        logger.warning("request_refused", metadata: ["reason": "\(reason)", "source": "\(source)"])
        guard reason == "too_large" else { return }
        queue.async {
            _ = self.service.recordRejectionWithoutBytes(source: source, error: HubError(reason, message))
        }
    }

    public func head(node: String) async -> Result<NodeHead, HubError> {
        await run { service in
            do { return .success(try service.head(node: node)) } catch let e as HubError { return .failure(e) } catch {
                return .failure(HubError("internal_error", LocalizedText(vi: "lỗi nội bộ: \(error)", en: "\(error)")))
            }
        }
    }

    /// The stored receipt of an accepted changeset, or nil.
    public func receipt(id: String) async -> [UInt8]? {
        await run { service in
            (try? service.receipt(changesetID: id)) ?? nil
        }
    }

    /// How many changesets the hub has accepted (the dashboard's cache key); -1 when unknown.
    public func acceptedCount() async -> Int64 {
        await run { service in (try? service.acceptedCount()) ?? -1 }
    }

    /// A signed checkpoint of the city log (signed now when entries were appended since the last).
    public func checkpoint() async -> Result<String, HubError> {
        await run { service in Self.result { try service.cosignedCheckpoint() } }
    }

    /// Verifies and keeps a witness's cosignature of the checkpoint of `size`.
    public func addCosignature(size: UInt64, line: String, binding: [UInt8]) async -> Result<
        HubService.Witness, HubError
    > {
        await run { service in Self.result { try service.addCosignature(size: size, line: line, binding: binding) } }
    }

    /// Every witness that cosigned, with its binding.
    public func witnesses() async -> Result<[HubService.Witness], HubError> {
        await run { service in Self.result { try service.witnesses() } }
    }

    /// The audit path of changeset `id` in the tree of `size` entries.
    public func inclusionProof(id: String, size: UInt64?) async -> Result<
        (index: UInt64, size: UInt64, hashes: [[UInt8]]), HubError
    > {
        await run { service in Self.result { try service.logInclusionProof(changesetID: id, size: size) } }
    }

    /// That the log of `from` entries is a prefix of the log of `to` entries.
    public func consistencyProof(from: UInt64, to: UInt64) async -> Result<[[UInt8]], HubError> {
        await run { service in Self.result { try service.logConsistencyProof(from: from, to: to) } }
    }

    static func result<T>(_ body: () throws -> T) -> Result<T, HubError> {
        do { return .success(try body()) } catch let e as HubError { return .failure(e) } catch {
            return .failure(HubError("internal_error", LocalizedText(vi: "lỗi nội bộ: \(error)", en: "\(error)")))
        }
    }

    /// The readiness checks (`GET /readyz`), on the merge queue like every use of the database.
    public func readiness() async -> HubReadiness {
        await run { service in service.readiness() }
    }

    /// Waits until every queued merge has finished (graceful shutdown).
    public func drain() async { await run { _ in () } }
}
