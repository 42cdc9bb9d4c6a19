import Foundation

/// Time the hub spends on its transparency log — appends in the accepting transaction and
/// checkpoint signing — beside the time of whole accepts, so the log's share of the merge can be
/// measured (issue 16, item 9: `hub import --timings`, `scripts/bench-log`). Thread-safe; two clock
/// readings per measured call.
public final class LogCostMeter: @unchecked Sendable {
    public struct Totals: Sendable, Equatable {
        /// Seconds in `submit`: the whole decision per changeset (verification, merge, bookkeeping,
        /// log append, receipt, the commit's fsync), every outcome.
        public var submitSeconds: Double = 0
        public var submits = 0
        /// Seconds in `accept` (merge, bookkeeping, log append, receipt; part of `submitSeconds`).
        public var acceptSeconds: Double = 0
        /// Seconds appending leaves (part of `acceptSeconds`).
        public var appendSeconds: Double = 0
        /// Seconds signing checkpoints (the root recomputed from the leaves, then Ed25519).
        public var signSeconds: Double = 0
        public var accepts = 0
        public var appends = 0
        public var signatures = 0

        /// The log's share of the hub's work on the changesets: (appends + signing) / (submits + signing).
        public var logShare: Double {
            let total = submitSeconds + signSeconds
            return total > 0 ? (appendSeconds + signSeconds) / total : 0
        }
    }

    private let lock = NSLock()
    private var totals = Totals()

    public init() {}

    public var current: Totals {
        lock.lock()
        defer { lock.unlock() }
        return totals
    }

    enum Kind { case submit, accept, append, sign }

    func measure<T>(_ kind: Kind, _ body: () throws -> T) rethrows -> T {
        let start = ContinuousClock.now
        defer {
            let d = ContinuousClock.now - start
            let seconds = Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18
            lock.lock()
            switch kind {
            case .submit:
                totals.submitSeconds += seconds
                totals.submits += 1
            case .accept:
                totals.acceptSeconds += seconds
                totals.accepts += 1
            case .append:
                totals.appendSeconds += seconds
                totals.appends += 1
            case .sign:
                totals.signSeconds += seconds
                totals.signatures += 1
            }
            lock.unlock()
        }
        return try body()
    }
}
