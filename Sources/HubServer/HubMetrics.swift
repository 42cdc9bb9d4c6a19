import Foundation

/// Counters for `GET /metrics` (Prometheus text format 0.0.4): decisions by outcome and reason,
/// refusals made before a body was read, and merge latency as a histogram.
public final class HubMetrics: @unchecked Sendable {
    static let buckets: [Double] = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10]

    private let lock = NSLock()
    private var decisions: [String: Int] = [:]  // "outcome\u{1F}reason"
    private var refusals: [String: Int] = [:]
    private var bucketCounts = [Int](repeating: 0, count: HubMetrics.buckets.count)
    private var latencyCount = 0
    private var latencySum = 0.0
    private var queued = 0
    private var dashboardRenders = 0
    private var openConnections = 0

    public init() {}

    func decided(outcome: String, reason: String?, seconds: Double) {
        lock.withLock {
            decisions[outcome + "\u{1F}" + (reason ?? ""), default: 0] += 1
            latencyCount += 1
            latencySum += seconds
            for (index, bound) in Self.buckets.enumerated() where seconds <= bound { bucketCounts[index] += 1 }
        }
    }

    func refused(reason: String) { lock.withLock { refusals[reason, default: 0] += 1 } }

    func setQueued(_ n: Int) { lock.withLock { queued = n } }

    func renderedDashboard() { lock.withLock { dashboardRenders += 1 } }

    func setOpenConnections(_ n: Int) { lock.withLock { openConnections = n } }

    /// Connections admitted and not yet closed.
    public var openConnectionCount: Int { lock.withLock { openConnections } }

    /// How many times the dashboard HTML was computed (the rest came from the cache).
    public var dashboardRenderCount: Int { lock.withLock { dashboardRenders } }

    /// How many decisions with `outcome` were counted (for tests and the benchmark).
    public func count(outcome: String) -> Int {
        lock.withLock { decisions.filter { $0.key.hasPrefix(outcome + "\u{1F}") }.values.reduce(0, +) }
    }

    /// The Prometheus exposition text.
    public func render() -> String {
        lock.withLock {
            var lines: [String] = []
            func escape(_ s: String) -> String {
                s.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
            }
            lines.append("# HELP dsync_changesets_total Changesets decided by the hub, by outcome and reason.")
            lines.append("# TYPE dsync_changesets_total counter")
            for key in decisions.keys.sorted() {
                let parts = key.split(separator: "\u{1F}", omittingEmptySubsequences: false).map(String.init)
                lines.append(
                    "dsync_changesets_total{outcome=\"\(escape(parts[0]))\",reason=\"\(escape(parts[1]))\"} "
                        + "\(decisions[key] ?? 0)")
            }
            lines.append("# HELP dsync_requests_refused_total Requests refused before their body was read.")
            lines.append("# TYPE dsync_requests_refused_total counter")
            for key in refusals.keys.sorted() {
                lines.append("dsync_requests_refused_total{reason=\"\(escape(key))\"} \(refusals[key] ?? 0)")
            }
            lines.append("# HELP dsync_merge_seconds Time from a complete body to the hub's decision.")
            lines.append("# TYPE dsync_merge_seconds histogram")
            for (index, bound) in Self.buckets.enumerated() {
                lines.append("dsync_merge_seconds_bucket{le=\"\(bound)\"} \(bucketCounts[index])")
            }
            lines.append("dsync_merge_seconds_bucket{le=\"+Inf\"} \(latencyCount)")
            lines.append("dsync_merge_seconds_sum \(latencySum)")
            lines.append("dsync_merge_seconds_count \(latencyCount)")
            lines.append("# HELP dsync_merge_queue Changesets waiting for or in the merge.")
            lines.append("# TYPE dsync_merge_queue gauge")
            lines.append("dsync_merge_queue \(queued)")
            lines.append("# HELP dsync_dashboard_renders_total Dashboard pages computed (not served from the cache).")
            lines.append("# TYPE dsync_dashboard_renders_total counter")
            lines.append("dsync_dashboard_renders_total \(dashboardRenders)")
            lines.append("# HELP dsync_connections_open Connections admitted and not yet closed.")
            lines.append("# TYPE dsync_connections_open gauge")
            lines.append("dsync_connections_open \(openConnections)")
            return lines.joined(separator: "\n") + "\n"
        }
    }
}
