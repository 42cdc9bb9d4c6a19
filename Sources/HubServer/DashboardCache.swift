import CityHub
import Foundation

/// The dashboard's HTML (or its failure), computed once per (language, accepted-changeset count): concurrent
/// requests for a version being rendered wait for that one render, later ones get the copy. A
/// render runs off the event loops and off the merge queue.
actor DashboardCache {
    private struct Key: Hashable {
        let lang: String
        let version: Int64
    }

    private let metrics: HubMetrics
    private var done: [String: (version: Int64, result: Result<String, any Error>, at: ContinuousClock.Instant)] =
        [:]
    /// A copy older than this is rendered again even with no new changeset (the "today" it shows moves).
    private let maxAge: Duration = .seconds(60)
    private var running: [Key: Task<Result<String, any Error>, Never>] = [:]

    init(metrics: HubMetrics) { self.metrics = metrics }

    func html(
        lang: ReportLanguage, version: Int64, render: @escaping @Sendable () throws -> String
    ) async -> Result<String, any Error> {
        let name = lang == .en ? "en" : "vi"
        // A failure is kept as well: a render that fails costs as much as one that succeeds.
        if version >= 0, let cached = done[name], cached.version == version, ContinuousClock.now - cached.at < maxAge {
            return cached.result
        }
        let key = Key(lang: name, version: version)
        if let task = running[key] { return await task.value }
        let metrics = self.metrics
        let task = Task<Result<String, any Error>, Never> {
            await withCheckedContinuation { continuation in
                DispatchQueue.global().async {
                    metrics.renderedDashboard()
                    continuation.resume(returning: Result { try render() })
                }
            }
        }
        running[key] = task
        let result = await task.value
        running[key] = nil
        if version >= 0 { done[name] = (version, result, ContinuousClock.now) }
        return result
    }
}
