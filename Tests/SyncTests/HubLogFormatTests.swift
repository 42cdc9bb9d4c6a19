import DistrictSyncTesting
import Foundation
import NodeSync
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// `hub serve --log-format json` (issue 17 item 4): one JSON object a line that tools can read.
@Suite("hub serve logs for tools: one JSON object a line")
struct HubLogFormatTests {
    @Test(
        "--log-format json logs listening, every decision with its changeset, outcome and reason, and the stop; never the passphrase"
    )
    func jsonLines() async throws {
        let f = try SyncFixture()
        let node = try f.makeNode(changesets: 2)
        let log = f.directory + "/hub.log"
        let hub = try HubProcess(
            home: f.home.path, port: 0, directory: f.directory, now: SyncProcessTests.hubNow,
            extra: ["--log-format", "json"], stderr: log)
        defer { if hub.process.isRunning { hub.kill(SIGKILL) } }
        let url = try await hub.url()
        let sync = try Dsync(now: SyncProcessTests.nodeNow).run([
            "node", "sync", "--home", node, "--hub", url, "--json",
        ])
        #expect(sync.status == 0, Comment(rawValue: sync.stderr))
        let client = try HubClient(baseURL: url, trustRoots: [])
        let garbage = try await client.post("/v1/changesets", body: Array("not a changeset".utf8))
        await client.shutdown()
        #expect(garbage.status == 422)
        hub.kill(SIGTERM)
        hub.process.waitUntilExit()

        let text = try String(contentsOfFile: log, encoding: .utf8)
        #expect(!text.contains(TestPKI.passphrase))
        let lines = text.split(separator: "\n").map(String.init)
        #expect(!lines.isEmpty)
        var objects: [[String: Any]] = []
        for line in lines {
            let object = try #require(
                try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any], Comment(rawValue: line))
            #expect(object["time"] is String && object["level"] is String && object["event"] is String, "\(object)")
            objects.append(object)
        }
        let events = objects.compactMap { $0["event"] as? String }
        #expect(events.first { $0 == "hub_listening" } != nil)
        #expect(events.last == "hub_stopped", "\(events)")
        let decisions = objects.filter { $0["event"] as? String == "changeset_decided" }
        let accepted = decisions.filter { $0["outcome"] as? String == "accepted" }
        #expect(accepted.count == 2, "\(decisions)")
        for d in accepted {
            #expect((d["changeset"] as? String)?.count == 64 && d["district"] as? String == "760", "\(d)")
            #expect(d["seq"] as? String != nil && d["node"] as? String != nil && d["level"] as? String == "info")
        }
        let rejected = try #require(decisions.first { $0["outcome"] as? String == "rejected" })
        #expect(rejected["reason"] as? String == "malformed_cms", "\(rejected)")
        #expect(rejected["level"] as? String == "warning")
        #expect((rejected["source"] as? String)?.hasPrefix("http:127.0.0.1:") == true)
        if let time = accepted.first?["time"] as? String {
            #expect(time.hasSuffix("Z") && time.contains("T"), "RFC 3339 UTC: \(time)")
        }
    }

    @Test("--log-level that is no level is refused before the hub starts")
    func badLevel() throws {
        let f = try SyncFixture()
        let r = try Dsync().run([
            "hub", "serve", "--home", f.home.path, "--insecure-http", "--listen", "127.0.0.1:0", "--log-level", "loud",
        ])
        #expect(r.status != 0)
        #expect(r.stderr.contains("loud"), Comment(rawValue: r.stderr))
    }
}
