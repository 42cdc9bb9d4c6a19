import CityHub
import DistrictNode
import DistrictSyncCore
import DistrictSyncCrypto
import DistrictSyncTesting
import Foundation
import HubServer
import Testing

@testable import NodeSync

@Suite("Sync over HTTPS with the city PKI")
struct SyncTLSTests {
    @Test("over HTTPS with the hub certificate the node verifies the hub, pushes, and stores verified receipts")
    func httpsSync() async throws {
        let f = try SyncFixture()
        try await f.start(tls: true)
        #expect(f.url.hasPrefix("https://127.0.0.1:"))
        let node = try f.makeNode(changesets: 3)
        let report = try await f.sync(node)
        #expect(report.synced, "\(report)")
        #expect(report.receiptsVerified == 3)
        let session = try f.session(node)
        #expect(try session.status().delivered == 3 && session.status().undelivered == 0)
        #expect(FileManager.default.fileExists(atPath: node + "/crl.pem"))
        await f.stop()
    }

    @Test("a server certificate from another CA is refused at once, without retries, and nothing is sent")
    func wrongCA() async throws {
        let f = try SyncFixture()
        try await f.start(tls: true)
        let node = try f.makeNode(changesets: 1)
        let report = try await f.sync(node, roots: [f.pki.foreignRootCertificate])
        #expect(!report.synced && report.error?.code == "hub_untrusted", "\(report)")
        #expect(report.retries == 0)
        #expect(try f.count("SELECT count(*) FROM audit_log") == 0)
        await f.stop()
    }

    @Test("with mutual TLS a node without a client certificate is refused; one from the city CA gets through")
    func mutualTLS() async throws {
        let f = try SyncFixture()
        try await f.start(tls: true, requireClientCert: true)
        let node = try f.makeNode(changesets: 1)
        let refused = try await f.sync(node)
        #expect(!refused.synced && refused.error?.code == "hub_untrusted", "\(refused)")
        #expect(try f.count("SELECT count(*) FROM accepted") == 0)
        // The "current" test identity is valid today (TLS checks certificates at the real time).
        let admitted = try await f.sync(node, identity: f.pki.identity("current"))
        #expect(admitted.synced, "\(admitted)")
        #expect(try f.count("SELECT count(*) FROM accepted") == 1)
        await f.stop()
    }

    @Test(
        "a receipt for another changeset, or signed by an officer instead of the hub, is refused with the codes node ack gives"
    )
    func receiptChecks() async throws {
        let f = try SyncFixture()
        let node = try f.makeNode(changesets: 2)
        let session = try f.session(node)
        let entries = try session.store.outbox(undeliveredOnly: true)
        let outcome = f.service.submit(bytes: entries[0].file, source: "test")
        let receipt = try #require(outcome.receipt)
        let trust = HubTrust(roots: try Certificate.loadAll(path: f.pki.rootCertificate))
        let now = Date(timeIntervalSince1970: Double(SyncFixture.hubNow) / 1000)
        #expect(try session.checkReceipt(receipt, trust: trust).entry.id == entries[0].id)
        // The sync's own rule: the receipt must name the changeset just sent.
        let syncer = NodeSyncer(client: try HubClient(baseURL: "http://127.0.0.1:9", trustRoots: []))
        syncer.trust = trust
        let mismatch = #expect(throws: SyncError.self) {
            try syncer.deliver(entries[1], receipt: receipt, session: session)
        }
        #expect(mismatch?.code == "receipt_mismatch")
        #expect(try session.store.outboxCounts().delivered == 0)
        let officer = f.pki.officer(district: "760")
        let forged = try CMSSigner.sign(
            content: Receipt(
                changesetID: entries[1].id, district: "760", nodeID: session.config.nodeID, sequence: 2,
                outcome: .accepted, hubTimeMillis: SyncFixture.hubNow, hubID: "x"
            ).encode(), certificate: try Certificate.loadAll(path: officer.certificate)[0],
            key: try PrivateKey.load(path: officer.key, passphrase: SyncFixture.passphrase),
            signingTime: now.addingTimeInterval(-60))
        let notHub = #expect(throws: SyncError.self) {
            try syncer.deliver(entries[1], receipt: forged, session: session)
        }
        // Was `bad_receipt` from sync and `not_hub_signer` from ack: one check now gives one code.
        #expect(notHub?.code == "not_hub_signer")
        #expect(try session.store.outboxCounts().delivered == 0)
        await syncer.client.shutdown()
    }

    @Test("a receipt dated more than the allowed lead after the node's clock is refused by sync and ack alike")
    func receiptFromTheFuture() throws {
        let f = try SyncFixture()
        let node = try f.makeNode(changesets: 1)
        let session = try f.session(node)
        let entry = try #require(try session.store.outbox(undeliveredOnly: true).first)
        let ahead = HubTrust.latestAcceptable(reference: session.hubDocumentReference).addingTimeInterval(120)
        let future = try CMSSigner.sign(
            content: Receipt(
                changesetID: entry.id, district: "760", nodeID: session.config.nodeID, sequence: 1,
                outcome: .accepted, hubTimeMillis: SyncFixture.hubNow, hubID: "x"
            ).encode(), certificate: try Certificate.loadAll(path: f.pki.hubCertificate)[0],
            key: try PrivateKey.load(path: f.pki.hubKey, passphrase: SyncFixture.passphrase), signingTime: ahead)
        let trust = HubTrust(roots: try Certificate.loadAll(path: f.pki.rootCertificate))
        let refused = #expect(throws: ReceiptRefusal.self) { try session.checkReceipt(future, trust: trust) }
        #expect(refused?.code == "signing_time_in_future")
        let ack = session.acknowledge(receipt: future, file: "future.receipt", trust: trust)
        #expect(ack.outcome == .refused && ack.reason == "signing_time_in_future")
        #expect(try session.store.outboxCounts().delivered == 0)
    }
}
