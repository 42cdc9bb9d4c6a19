import ArgumentParser
import CityHub
import DistrictSyncCore
import DistrictSyncCrypto
import Foundation
import NodeSync

#if canImport(Glibc)
    import Glibc
#endif

/// `dsync dev load`: a loopback load generator for `scripts/bench-log` (no wrk/ab on this machine):
/// C concurrent clients GET the given paths in turn for S seconds over keep-alive connections.
struct DevLoadCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "load",
        abstract: help(
            "Tạo tải GET tới một hub trên máy này (đo số yêu cầu mỗi giây).",
            "GET load against a hub on this machine (requests per second)."))
    @Option(
        help: help("Địa chỉ gốc của hub (http(s)://127.0.0.1:PORT).", "The hub's base URL (http(s)://127.0.0.1:PORT)."))
    var url: String
    @Option(
        help: help("Tệp có mỗi dòng một đường dẫn (dùng lần lượt).", "A file with one path per line (used in turn)."))
    var paths: String
    @Option(help: help("Số máy khách đồng thời.", "Concurrent clients.")) var concurrency = 32
    @Option(help: help("Thời gian đo, giây.", "Seconds to measure.")) var seconds = 5.0
    @Option(help: help("CA để kiểm tra hub khi dùng https.", "The CA to verify an https hub with.")) var ca: String?

    func run() async throws {
        guard let host = URL(string: url)?.host, host == "127.0.0.1" || host == "::1" || host == "localhost" else {
            throw HubError(
                "bad_option",
                LocalizedText(
                    vi: "dsync dev load chỉ tạo tải tới máy này (127.0.0.1, ::1, localhost), không tới \(url)",
                    en: "dsync dev load only targets this machine (127.0.0.1, ::1, localhost), not \(url)"))
        }
        let list = try String(contentsOfFile: paths, encoding: .utf8).split(separator: "\n").map(String.init)
        guard !list.isEmpty, concurrency > 0, seconds > 0 else {
            throw HubError(
                "bad_option",
                LocalizedText(
                    vi: "--paths phải có ít nhất một đường dẫn, --concurrency và --seconds phải dương",
                    en: "--paths must name at least one path, --concurrency and --seconds must be positive"))
        }
        let roots = try ca.map { try Certificate.loadAll(path: $0) } ?? []
        let client = try HubClient(baseURL: url, trustRoots: roots, maxConnections: concurrency)
        // A warm-up request per client opens the connections before the clock starts.
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<concurrency { group.addTask { _ = try await client.get(list[0]) } }
            try await group.waitForAll()
        }
        let cpuBefore = Self.cpuSeconds()
        let started = ContinuousClock.now
        let deadline = started + .milliseconds(Int64(seconds * 1000))
        let results = try await withThrowingTaskGroup(of: (ok: Int, failed: Int, latencies: [Double]).self) { group in
            for clientIndex in 0..<concurrency {
                group.addTask {
                    var ok = 0
                    var failed = 0
                    var latencies: [Double] = []
                    var next = clientIndex
                    while ContinuousClock.now < deadline {
                        let t = ContinuousClock.now
                        let reply = try await client.get(list[next % list.count])
                        latencies.append(Self.milliseconds(ContinuousClock.now - t))
                        if reply.status == 200 { ok += 1 } else { failed += 1 }
                        next += concurrency
                    }
                    return (ok, failed, latencies)
                }
            }
            var all: (ok: Int, failed: Int, latencies: [Double]) = (0, 0, [])
            for try await r in group {
                all.ok += r.ok
                all.failed += r.failed
                all.latencies += r.latencies
            }
            return all
        }
        let wall = Self.milliseconds(ContinuousClock.now - started) / 1000
        let cpu = Self.cpuSeconds() - cpuBefore
        await client.shutdown()
        let sorted = results.latencies.sorted()
        func percentile(_ p: Double) -> Double {
            sorted.isEmpty ? 0 : sorted[min(sorted.count - 1, Int(Double(sorted.count) * p))]
        }
        print(
            "requests=\(results.ok + results.failed) ok=\(results.ok) failed=\(results.failed) "
                + String(
                    format: "wall_s=%.3f per_s=%.1f p50_ms=%.2f p95_ms=%.2f client_cpu_s=%.2f", wall,
                    Double(results.ok) / wall, percentile(0.5), percentile(0.95), cpu))
        if results.failed > 0 { throw ExitCode(ExitStatus.checkFailed) }
    }

    static func milliseconds(_ d: Duration) -> Double {
        Double(d.components.seconds) * 1000 + Double(d.components.attoseconds) / 1e15
    }

    static func cpuSeconds() -> Double {
        var usage = rusage()
        getrusage(__rusage_who_t(RUSAGE_SELF.rawValue), &usage)
        return Double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec)
            + Double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6
    }
}
