import CityHub
import DistrictSyncCore
import DistrictSyncCrypto
import DistrictSyncTesting
import Foundation
import NodeSync
import Testing

@testable import HubServer

@Suite("Sync over the network: faults and bad input against the real server on loopback")
struct SyncFaultTests {
    @Test("a node syncs over plain loopback HTTP: every changeset merged once, each with a verified receipt")
    func happyPath() async throws {
        let f = try SyncFixture()
        try await f.start()
        let node = try f.makeNode(changesets: 4)
        let report = try await f.sync(node)
        #expect(report.synced, "\(report)")
        #expect(report.pushed == 4 && report.receiptsVerified == 4 && report.undelivered == 0)
        #expect(report.crl == "updated")
        #expect(try f.count("SELECT count(*) FROM accepted") == 4)
        let again = try await f.sync(node)
        #expect(again.synced && again.pushed == 0 && again.items.isEmpty && again.crl == "unchanged")
        #expect(try f.count("SELECT count(*) FROM audit_log WHERE outcome = 'accepted'") == 4)
        await f.stop()
    }

    @Test("the same changeset POSTed 10 times at once is merged once and gets ten identical receipts")
    func tenConcurrentPosts() async throws {
        let f = try SyncFixture()
        try await f.start()
        let node = try f.makeNode(changesets: 1)
        let entry = try #require(try f.session(node).store.outbox(undeliveredOnly: true).first)
        let replies = try await f.withClient { client in
            try await withThrowingTaskGroup(of: HubClient.Reply.self) { group in
                for _ in 0..<10 { group.addTask { try await client.post("/v1/changesets", body: entry.file) } }
                return try await group.reduce(into: []) { $0.append($1) }
            }
        }
        #expect(replies.allSatisfy { $0.status == 200 })
        #expect(Set(replies.map(\.body)).count == 1)
        #expect(Set(replies.map { $0.headers["x-dsync-outcome"] ?? "" }) == ["accepted", "duplicate"])
        #expect(try f.count("SELECT count(*) FROM accepted") == 1)
        #expect(try f.count("SELECT count(*) FROM audit_log WHERE outcome = 'accepted'") == 1)
        #expect(try f.count("SELECT count(*) FROM audit_log WHERE outcome = 'duplicate'") == 9)
        await f.stop()
    }

    @Test("a connection dropped mid-upload merges nothing; the retry merges exactly once")
    func droppedMidUpload() async throws {
        let f = try SyncFixture()
        try await f.start()
        let node = try f.makeNode(changesets: 2)
        let first = try #require(try f.session(node).store.outbox(undeliveredOnly: true).first)
        do {
            let socket = try RawSocket(port: f.port)
            socket.send(
                "POST /v1/changesets HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: \(first.file.count)\r\n\r\n")
            socket.send(Array(first.file.prefix(first.file.count / 2)))
        }  // closed here, half the body sent
        try await Task.sleep(for: .milliseconds(100))
        #expect(try f.count("SELECT count(*) FROM accepted") == 0)
        let report = try await f.sync(node)
        #expect(report.synced, "\(report)")
        #expect(try f.count("SELECT count(*) FROM accepted") == 2)
        #expect(try f.count("SELECT count(*) FROM audit_log WHERE changeset_id = ?", [first.id]) == 1)
        await f.stop()
    }

    @Test("a hub answering 503 makes the node back off with growing, jittered delays and then succeed")
    func backsOffOn5xx() async throws {
        let f = try SyncFixture()
        try await f.start()
        let proxy = try FlakyProxy(upstream: f.port, failures: 3)
        defer { proxy.stop() }
        let node = try f.makeNode(changesets: 2)
        let delays = DelayLog()
        let backoff = Backoff(baseMillis: 100, capMillis: 10_000, maxAttempts: 6, random: { 0.5 }) { ms in
            delays.append(ms)
        }
        let report = try await f.sync(node, url: "http://127.0.0.1:\(proxy.port)", backoff: backoff)
        #expect(report.synced, "\(report)")
        // Three 503s, three growing delays; a loaded machine may add a timeout retry after them.
        #expect(report.retries >= 3 && proxy.refused == 3)
        #expect(Array(delays.values.prefix(3)) == [75, 150, 300])  // d/2 + (d - d/2)·0.5 for d = 100, 200, 400
        #expect(try f.count("SELECT count(*) FROM accepted") == 2)
        await f.stop()
    }

    @Test("a hub that stays down: the node gives up after its attempts, reports NOT synced, loses nothing")
    func unreachable() async throws {
        let f = try SyncFixture()
        let node = try f.makeNode(changesets: 1)
        let report = try await f.sync(
            node, url: "http://127.0.0.1:9", backoff: Backoff(maxAttempts: 3, sleep: { _ in }))
        #expect(!report.synced && report.error?.code == "hub_unreachable" && report.retries == 2)
        #expect(report.undelivered == 1)
    }

    @Test("an oversize body is refused with 413 from its head alone, before any body byte is sent")
    func oversize() async throws {
        let f = try SyncFixture()
        try await f.start(maxBody: 1000)
        let socket = try RawSocket(port: f.port, receiveTimeoutSeconds: 5)
        socket.send("POST /v1/changesets HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 1000000000\r\n\r\n")
        let (bytes, closed) = socket.readAll()
        #expect(RawSocket.status(bytes) == 413)
        #expect(String(decoding: bytes, as: UTF8.self).contains("\"reason\":\"too_large\""))
        #expect(closed, "the hub closes the connection instead of draining the body")
        #expect(f.worker.metrics.render().contains("dsync_requests_refused_total{reason=\"too_large\"} 1"))
        try await Task.sleep(for: .milliseconds(50))
        #expect(try f.count("SELECT count(*) FROM audit_log WHERE reason = 'too_large'") == 1)
        await f.stop()
    }

    @Test("a garbage body gets a JSON rejection with a reason code, and the city is unchanged")
    func garbage() async throws {
        let f = try SyncFixture()
        try await f.start()
        let reply = try await f.withClient {
            try await $0.post("/v1/changesets", body: Array("this is not a changeset".utf8))
        }
        #expect(reply.status == 422)
        let json = try #require(try JSONSerialization.jsonObject(with: Data(reply.body)) as? [String: Any])
        #expect(json["outcome"] as? String == "rejected")
        #expect((json["reason"] as? String)?.isEmpty == false)
        #expect(try f.count("SELECT count(*) FROM accepted") == 0)
        #expect(try f.count("SELECT count(*) FROM audit_log WHERE outcome = 'rejected'") == 1)
        await f.stop()
    }

    @Test("a body that trickles in slower than the request timeout is cut with 408")
    func slowTrickle() async throws {
        let f = try SyncFixture()
        try await f.start(requestTimeout: 1)
        let socket = try RawSocket(port: f.port, receiveTimeoutSeconds: 5)
        socket.send("POST /v1/changesets HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 100\r\n\r\n")
        var cut = false
        for _ in 0..<30 {
            if !socket.send([0x30]) { cut = true; break }
            try await Task.sleep(for: .milliseconds(100))
        }
        let (bytes, closed) = socket.readAll()
        #expect(RawSocket.status(bytes) == 408 || cut)
        #expect(closed || cut)
        // No wall-clock bound here: 30 of the 100 announced bytes ever arrive, so only the server's
        // request timeout can have produced the 408 or cut the connection.
        #expect(try f.count("SELECT count(*) FROM accepted") == 0)
        await f.stop()
    }

    @Test("health, head, receipt lookup, CRL and metrics answer on their routes")
    func routes() async throws {
        let f = try SyncFixture()
        try await f.start()
        let node = try f.makeNode(changesets: 1)
        _ = try await f.sync(node)
        let session = try f.session(node)
        let entry = try #require(try session.store.outbox(undeliveredOnly: false).first)
        try await f.withClient { client in
            let health = try await client.get("/healthz")
            #expect(health.status == 200 && String(decoding: health.body, as: UTF8.self).contains("\"status\":\"ok\""))
            let head = try await client.get("/v1/nodes/\(session.config.nodeID)/head")
            #expect(head.status == 200 && String(decoding: head.body, as: UTF8.self).contains("\"seq\":1"))
            #expect(try await client.get("/v1/nodes/nobody/head").status == 404)
            let receipt = try await client.get("/v1/receipts/\(entry.id)")
            #expect(receipt.status == 200 && receipt.body == entry.receipt)
            #expect(try await client.get("/v1/receipts/" + String(repeating: "0", count: 64)).status == 404)
            let crl = try await client.get("/v1/crl")
            #expect(crl.status == 200 && String(decoding: crl.body, as: UTF8.self).contains("BEGIN X509 CRL"))
            for path in ["/", "/reports/", "/reports?lang=en"] {
                let page = try await client.get(path)
                #expect(page.status == 200 && page.headers["content-type"]?.hasPrefix("text/html") == true, "\(path)")
                #expect(String(decoding: page.body, as: UTF8.self).hasPrefix("<!doctype html>"), "\(path)")
            }
            let metrics = String(decoding: try await client.get("/metrics").body, as: UTF8.self)
            #expect(metrics.contains("dsync_changesets_total{outcome=\"accepted\",reason=\"\"} 1"))
            #expect(metrics.contains("dsync_merge_seconds_count 1"))
        }
        await f.stop()
    }

    @Test("a full merge queue answers hub_busy (503) without touching the hub")
    func boundedQueue() async throws {
        let f = try SyncFixture()
        let node = try f.makeNode(changesets: 1)
        let entry = try #require(try f.session(node).store.outbox(undeliveredOnly: true).first)
        let full = MergeWorker(service: f.service, maxQueued: 0)
        let outcome = await full.submit(bytes: entry.file, source: "test")
        #expect(outcome.reason == "hub_busy" && SubmissionStatus.code(for: outcome) == 503)
        #expect(try f.count("SELECT count(*) FROM audit_log") == 0)
    }

    @Test("--insecure-http is refused on a non-loopback address; HOST:PORT parsing")
    func insecureOnlyOnLoopback() throws {
        #expect(HubServerOptions.isLoopback("127.0.0.1") && HubServerOptions.isLoopback("::1"))
        #expect(!HubServerOptions.isLoopback("0.0.0.0") && !HubServerOptions.isLoopback("192.168.1.5"))
        let f = try SyncFixture()
        let error = #expect(throws: ServeError.self) {
            _ = try HubHTTPServer.serverBuilder(
                worker: f.worker, options: HubServerOptions(host: "0.0.0.0", port: 0, insecureHTTP: true), tlsKey: nil)
        }
        #expect(error?.code == "insecure_not_loopback")
        #expect(try HubServerOptions.parseListen("[::1]:8443") == ("::1", 8443))
        #expect(throws: ServeError.self) { try HubServerOptions.parseListen("127.0.0.1") }
    }
}

final class DelayLog: @unchecked Sendable {
    private let lock = NSLock()
    private var list: [Int] = []
    func append(_ ms: Int) { lock.withLock { list.append(ms) } }
    var values: [Int] { lock.withLock { list } }
}
