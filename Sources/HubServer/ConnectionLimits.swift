import Foundation

/// What the server shares across connections to bound its resources (threat T9, issue 12 Build 6):
/// open connections per peer address and in total, and the request body bytes held in memory at once.
/// Every method is a short critical section; it is called from the event loops.
final class ConnectionLimits: @unchecked Sendable {
    let maxPerPeer: Int
    let maxTotal: Int
    let maxBodyMemoryBytes: Int
    private let lock = NSLock()
    private var perPeer: [String: Int] = [:]
    private var total = 0
    private var bodyBytes = 0
    private let metrics: HubMetrics?

    init(maxPerPeer: Int, maxTotal: Int, maxBodyMemoryBytes: Int, metrics: HubMetrics? = nil) {
        self.metrics = metrics
        self.maxPerPeer = max(1, maxPerPeer)
        self.maxTotal = max(1, maxTotal)
        self.maxBodyMemoryBytes = max(1, maxBodyMemoryBytes)
    }

    /// Admits one more connection from `peer`; false when the peer or the server is at its limit.
    func admit(peer: String) -> Bool {
        let admitted = lock.withLock { () -> Int? in
            let mine = perPeer[peer, default: 0]
            guard mine < maxPerPeer, total < maxTotal else { return nil }
            perPeer[peer] = mine + 1
            total += 1
            return total
        }
        if let admitted { metrics?.setOpenConnections(admitted) }
        return admitted != nil
    }

    /// Releases a connection `admit` let in.
    func release(peer: String) {
        let open = lock.withLock { () -> Int in
            let mine = perPeer[peer, default: 0] - 1
            perPeer[peer] = mine > 0 ? mine : nil
            total = max(0, total - 1)
            return total
        }
        metrics?.setOpenConnections(open)
    }

    /// Reserves `bytes` of request body memory; false when that would pass the budget.
    func reserveBody(_ bytes: Int) -> Bool {
        lock.withLock {
            guard bytes >= 0, bodyBytes + bytes <= maxBodyMemoryBytes else { return false }
            bodyBytes += bytes
            return true
        }
    }

    /// Gives back body memory reserved with `reserveBody`.
    func releaseBody(_ bytes: Int) {
        lock.withLock { bodyBytes = max(0, bodyBytes - bytes) }
    }

    /// Open connections and reserved body bytes (for tests and metrics).
    var usage: (connections: Int, bodyBytes: Int) { lock.withLock { (total, bodyBytes) } }
}
