import CityHub
import DistrictSyncCore
import DistrictSyncCrypto
import DistrictSyncTesting
import Foundation
import NodeSync
import Testing

/// `GET /readyz` beside `GET /healthz` (issue 17 item 4): ready means the hub can accept a
/// changeset now — database writable with room, CRLs fresh, keys loaded.
@Suite("hub serve readiness: database, CRL and keys checked, liveness apart")
struct HubReadinessTests {
    static func readiness(_ reply: HubClient.Reply) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(reply.body)) as? [String: Any])
    }

    static func check(_ body: [String: Any], _ name: String) -> [String: Any]? {
        (body["checks"] as? [[String: Any]])?.first { $0["name"] as? String == name }
    }

    @Test("a hub that can accept changesets answers /readyz 200 ready, every check ok with a detail in both languages")
    func ready() async throws {
        let f = try SyncFixture()
        try await f.start()
        let reply = try await f.withClient { try await $0.get("/readyz") }
        await f.stop()
        #expect(reply.status == 200)
        let body = try Self.readiness(reply)
        #expect(body["status"] as? String == "ready" && body["hub_id"] as? String != nil)
        for name in ["database", "crl", "receipt_key", "log_key"] {
            let check = try #require(Self.check(body, name), "\(body)")
            #expect(check["ok"] as? Bool == true, "\(check)")
            #expect(check["reason"] is NSNull)
            #expect((check["detail"] as? String)?.isEmpty == false && (check["detail_vi"] as? String)?.isEmpty == false)
        }
    }

    @Test(
        "past the CRL's nextUpdate the hub is not ready (503 crl_stale, Retry-After) while /healthz still answers 200")
    func staleCRL() async throws {
        let pki = try TestPKI.shared()
        let next = try #require(try CertificateRevocationList.loadAll(path: pki.crl).first?.nextUpdate)
        let after = Int64((next.timeIntervalSince1970 + 86_400) * 1000)
        let f = try SyncFixture(hubClock: after)
        try await f.start()
        let ready = try await f.withClient { try await $0.get("/readyz") }
        let live = try await f.withClient { try await $0.get("/healthz") }
        await f.stop()
        #expect(ready.status == 503)
        #expect(ready.headers["Retry-After"] != nil || ready.headers["retry-after"] != nil, "\(ready.headers)")
        let body = try Self.readiness(ready)
        #expect(body["status"] as? String == "not_ready")
        let crl = try #require(Self.check(body, "crl"))
        #expect(crl["ok"] as? Bool == false && crl["reason"] as? String == "crl_stale", "\(crl)")
        #expect(Self.check(body, "database")?["ok"] as? Bool == true)
        #expect(live.status == 200)
    }

    @Test("a hub opened without its keys is not ready: receipt_key and log_key say no_hub_key")
    func noKeys() throws {
        let f = try SyncFixture()
        let service = try HubService(home: f.home, clock: FixedWallClock(millis: SyncFixture.hubNow), hubKey: nil)
        let readiness = service.readiness()
        #expect(!readiness.isReady)
        let failed = readiness.checks.filter { !$0.ok }.map { "\($0.name):\($0.reason ?? "")" }
        #expect(failed == ["receipt_key:no_hub_key", "log_key:no_hub_key"])
    }

    @Test("a hub with no CRL installed is not ready: crl_missing")
    func noCRL() throws {
        let f = try SyncFixture(settings: { $0.crls = [] })
        let service = try HubService(home: f.home, clock: FixedWallClock(millis: SyncFixture.hubNow), hubKey: nil)
        let crl = try #require(service.readiness().checks.first { $0.name == "crl" })
        #expect(!crl.ok && crl.reason == "crl_missing")
    }

    @Test("while another process holds the hub's write lock past the busy timeout the database check fails")
    func locked() throws {
        let f = try SyncFixture()
        let other = try f.home.openDatabase()
        defer { other.close() }
        try other.execute("BEGIN IMMEDIATE")
        let database = try #require(f.service.readiness().checks.first { $0.name == "database" })
        try other.execute("ROLLBACK")
        #expect(!database.ok, "\(database)")
        #expect(database.reason != nil)
        #expect(f.service.readiness().checks.first { $0.name == "database" }?.ok == true)
    }
}
