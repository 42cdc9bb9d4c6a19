import CityHub
import DistrictNode
import DistrictSyncCore
import DistrictSyncCrypto
import DistrictSyncTesting
import Foundation
import NodeSync
import Testing

@Suite("Hub identity and revocation at every door: pinned hub, mutual TLS with the CRL, no CRL from the future")
struct HubIdentityTests {
    @Test("with mutual TLS a revoked client certificate is refused; a valid one still gets through")
    func revokedClientCertificate() async throws {
        let f = try SyncFixture()
        try await f.start(tls: true, requireClientCert: true)
        let node = try f.makeNode(changesets: 1)
        let refused = try await f.sync(node, identity: f.pki.identity("revoked-current"))
        #expect(!refused.synced, "\(refused)")
        #expect(try f.count("SELECT count(*) FROM accepted") == 0)
        let admitted = try await f.sync(node, identity: f.pki.identity("current"))
        #expect(admitted.synced, "\(admitted)")
        await f.stop()
    }

    @Test("a receipt signed by another serverAuth certificate of the city CA is refused once the hub is pinned")
    func pinnedReceipts() throws {
        let f = try SyncFixture()
        let node = try f.makeNode(changesets: 1)
        let session = try f.session(node)
        let entry = try #require(try session.store.outbox(undeliveredOnly: true).first)
        let genuine = try #require(f.service.submit(bytes: entry.file, source: "test").receipt)
        let rogue = f.pki.identity("rogue-hub")
        let forged = try CMSSigner.sign(
            content: try Receipt.decode(
                try CMSVerifier.verify(
                    der: genuine,
                    policy: VerificationPolicy(
                        roots: try Certificate.loadAll(path: f.pki.rootCertificate), checkRevocation: false),
                    now: .distantFuture, maxBytes: 1 << 20
                ).content
            ).encode(), certificate: try Certificate.loadAll(path: rogue.certificate)[0],
            key: try PrivateKey.load(path: rogue.key, passphrase: SyncFixture.passphrase),
            signingTime: Date(timeIntervalSince1970: Double(SyncFixture.hubNow) / 1000))
        let trust = HubTrust(roots: try Certificate.loadAll(path: f.pki.rootCertificate))
        // Without a pin the rogue certificate looks like a hub (serverAuth, no district): the weakness.
        #expect(try session.checkReceipt(forged, trust: trust).entry.id == entry.id)
        let hub = try Certificate.loadAll(path: f.pki.hubCertificate)[0]
        let refused = #expect(throws: ReceiptRefusal.self) {
            try session.checkReceipt(forged, trust: trust.pinning(hub))
        }
        #expect(refused?.code == "not_hub_signer")
        #expect(
            try session.checkReceipt(genuine, trust: trust.pinning(hub)).signer.sha256Fingerprint
                == hub.sha256Fingerprint)
    }

    @Test("a node with no pin pins the hub that signed its first receipt, and then refuses any other signer")
    func trustOnFirstUse() async throws {
        let f = try SyncFixture()
        try await f.start()
        let node = try f.makeNode(changesets: 1)
        #expect(try f.session(node).config.hubCertificate == nil)
        let report = try await f.sync(node)
        #expect(report.synced, "\(report)")
        let pinned = try #require(try f.session(node).pinnedHubCertificate())
        #expect(pinned.sha256Fingerprint == (try Certificate.loadAll(path: f.pki.hubCertificate)[0]).sha256Fingerprint)
        await f.stop()
    }

    @Test("node sync refuses a CRL dated after its clock plus the skew (crl_from_future), keeps none, still delivers")
    func crlFromFutureAtNode() async throws {
        let future = try Self.makeCRL(
            caDirectory: try TestPKI.shared().directory + "/ca", lastUpdate: Date().addingTimeInterval(365 * 86_400))
        let f = try SyncFixture { settings in settings.crls = [future] }
        try await f.start()
        let node = try f.makeNode(changesets: 1)
        let report = try await f.sync(node)
        #expect(report.crl == "crl_from_future", "\(report)")
        #expect(!FileManager.default.fileExists(atPath: node + "/crl.pem"))
        #expect(report.synced, "\(report)")
        await f.stop()
    }

    /// A CRL of a copy of the CA folder with the given thisUpdate (`openssl ca -crl_lastupdate`).
    static func makeCRL(caDirectory: String, lastUpdate: Date) throws -> String {
        let dir = makeTemporaryDirectory("dsync-crl")
        let copy = dir + "/ca"
        try FileManager.default.copyItem(atPath: caDirectory, toPath: copy)
        let config = copy + "/openssl.cnf"
        let text = try String(contentsOfFile: config, encoding: .utf8)
            .replacingOccurrences(of: "dir = \(caDirectory)\n", with: "dir = \(copy)\n")
        try text.write(toFile: config, atomically: true, encoding: .utf8)
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyyMMddHHmmss"
        let out = dir + "/future.pem"
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/openssl")
        p.arguments = [
            "ca", "-batch", "-config", config, "-passin", "pass:" + TestPKI.passphrase, "-gencrl", "-crl_lastupdate",
            formatter.string(from: lastUpdate) + "Z", "-crldays", "30", "-out", out,
        ]
        var environment = ProcessInfo.processInfo.environment
        environment["DSYNC_SAN"] = "URI:urn:districtsync:district:000"
        p.environment = environment
        p.standardError = FileHandle.nullDevice
        p.standardOutput = FileHandle.nullDevice
        try p.run()
        p.waitUntilExit()
        guard p.terminationStatus == 0 else { throw SyncError("test_setup", "openssl ca -gencrl failed") }
        return out
    }
}
