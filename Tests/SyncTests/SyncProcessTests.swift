import DistrictSyncTesting
import Foundation
import SQLiteDB
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// `dsync hub serve` and `dsync node sync` as real processes.
@Suite("Sync with the real binaries: kill, restart, graceful stop")
struct SyncProcessTests {
    static let hubNow = "2013-06-30T10:00:00Z"
    static let nodeNow = "2013-06-30T09:00:00Z"

    func accepted(_ home: String) -> Int64 {
        guard let db = try? Database(path: home + "/hub.db", mode: .readOnly) else { return 0 }
        defer { db.close() }
        return (try? db.scalar("SELECT count(*) FROM accepted"))??.int64 ?? 0
    }

    /// Enough changesets that the sync is still running when the poll below sees the third one
    /// accepted, even on a loaded 2-core machine (60 finished first in one CI rehearsal).
    static let killChangesets = 200

    @Test("the hub is SIGKILLed and restarted mid-sync: the node resumes, nothing is lost or doubled")
    func killAndRestart() async throws {
        let f = try SyncFixture()
        let node = try f.makeNode(changesets: Self.killChangesets, perChangeset: 2)
        let hubHome = f.home.path
        let first = try HubProcess(home: hubHome, port: 0, directory: f.directory, now: Self.hubNow)
        defer { first.kill(SIGKILL) }
        let url = try await first.url()
        let port = Int(url.split(separator: ":").last ?? "") ?? 0
        let sync = Process()
        sync.executableURL = URL(fileURLWithPath: Dsync.binary)
        sync.arguments = [
            "node", "sync", "--home", node, "--hub", url, "--json", "--retry-base-ms", "50", "--max-attempts", "80",
        ]
        sync.environment = Dsync(now: Self.nodeNow).environment
        let out = Pipe()
        sync.standardOutput = out
        sync.standardError = FileHandle.nullDevice
        try sync.run()
        defer { if sync.isRunning { sync.terminate() } }
        let deadline = ContinuousClock.now + .seconds(60)
        while accepted(hubHome) < 3 && sync.isRunning && ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(5))
        }
        let syncRunningAtKill = sync.isRunning
        first.kill(SIGKILL)
        first.process.waitUntilExit()
        // What the dead hub had accepted: more than none and less than all proves the kill fell mid-sync.
        // (The node need not see the outage as a retry of its own: its HTTP client may wait for the
        // restarted hub while connecting, so `retries` is not a witness of the kill.)
        let acceptedAtKill = accepted(hubHome)
        try await Task.sleep(for: .milliseconds(300))
        let second = try HubProcess(home: hubHome, port: port, directory: f.directory, now: Self.hubNow)
        defer { second.kill(SIGKILL) }
        _ = try await second.url()
        let output = out.fileHandleForReading.readDataToEndOfFile()
        sync.waitUntilExit()
        second.kill(SIGTERM)
        second.process.waitUntilExit()
        let report = try #require(try JSONSerialization.jsonObject(with: output) as? [String: Any])
        #expect(sync.terminationStatus == 0, "\(report)")
        #expect(report["synced"] as? Bool == true)
        #expect(syncRunningAtKill, "the node was still syncing when the hub was killed")
        #expect(
            acceptedAtKill >= 3 && acceptedAtKill < Int64(Self.killChangesets),
            "the kill happened mid-sync: \(acceptedAtKill) of \(Self.killChangesets) accepted before it")
        #expect(report["undelivered"] as? Int == 0 && report["delivered"] as? Int == Self.killChangesets)
        #expect(try f.count("SELECT count(*) FROM accepted") == Int64(Self.killChangesets))
        #expect(try f.count("SELECT count(*) FROM audit_log WHERE outcome = 'accepted'") == Int64(Self.killChangesets))
        #expect(
            try f.count(
                "SELECT count(*) FROM (SELECT changeset_id FROM audit_log WHERE outcome = 'accepted' "
                    + "GROUP BY changeset_id HAVING count(*) > 1)") == 0)
        #expect(try f.count("SELECT count(*) FROM enterprises") == Int64(2 * Self.killChangesets))
    }

    @Test("the node is SIGKILLed mid-sync: the next run resumes from the hub's head, nothing doubled")
    func nodeKilledAndRerun() async throws {
        let f = try SyncFixture()
        try await f.start()
        let node = try f.makeNode(changesets: 40, perChangeset: 2)
        let sync = Process()
        sync.executableURL = URL(fileURLWithPath: Dsync.binary)
        sync.arguments = ["node", "sync", "--home", node, "--hub", f.url, "--json"]
        sync.environment = Dsync(now: Self.nodeNow).environment
        sync.standardOutput = FileHandle.nullDevice
        sync.standardError = FileHandle.nullDevice
        try sync.run()
        let deadline = ContinuousClock.now + .seconds(60)
        while try f.count("SELECT count(*) FROM accepted") < 3 && sync.isRunning && ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(5))
        }
        Glibc.kill(sync.processIdentifier, SIGKILL)
        sync.waitUntilExit()
        let again = try Dsync(now: Self.nodeNow).run(["node", "sync", "--home", node, "--hub", f.url, "--json"])
        #expect(again.status == 0, Comment(rawValue: again.stderr))
        let report = try #require(try Dsync.json(again) as? [String: Any])
        #expect(report["synced"] as? Bool == true && report["delivered"] as? Int == 40)
        #expect(try f.count("SELECT count(*) FROM accepted") == 40)
        #expect(try f.count("SELECT count(*) FROM audit_log WHERE outcome = 'accepted'") == 40)
        #expect(try f.count("SELECT count(*) FROM enterprises") == 80)
        await f.stop()
    }

    @Test("SIGTERM stops the hub gracefully: exit 0 and a consistent database")
    func gracefulStop() async throws {
        let f = try SyncFixture()
        let node = try f.makeNode(changesets: 5)
        let hub = try HubProcess(home: f.home.path, port: 0, directory: f.directory, now: Self.hubNow)
        defer { if hub.process.isRunning { hub.kill(SIGKILL) } }
        let url = try await hub.url()
        let dsync = Dsync(now: Self.nodeNow)
        let result = try dsync.run(["node", "sync", "--home", node, "--hub", url, "--json"])
        #expect(result.status == 0, Comment(rawValue: result.stderr))
        hub.kill(SIGTERM)
        hub.process.waitUntilExit()
        #expect(hub.process.terminationReason == .exit && hub.process.terminationStatus == 0)
        #expect(try f.count("SELECT count(*) FROM accepted") == 5)
        let status = try dsync.run(["node", "status", "--home", node, "--json"])
        let json = try #require(try Dsync.json(status) as? [String: Any])
        #expect(json["delivered"] as? Int == 5 && json["undelivered"] as? Int == 0)
    }
}
