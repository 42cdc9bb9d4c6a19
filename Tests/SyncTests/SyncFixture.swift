import CityHub
import DistrictNode
import DistrictSyncCore
import DistrictSyncCrypto
import DistrictSyncTesting
import Foundation
import HubServer
import Logging
import NodeSync
import SyntheticData

/// A hub home on the shared test PKI with its HTTP(S) server running in this process on an
/// ephemeral loopback port, and district nodes with signed changesets in their outboxes.
final class SyncFixture: @unchecked Sendable {
    static let hubNow: Int64 = 1_372_550_400_000 + 10 * 3_600_000  // 2013-06-30T10:00Z
    static let nodeNow: Int64 = hubNow - 3_600_000
    static let passphrase = Array(TestPKI.passphrase.utf8)

    let pki: TestPKI
    let directory: String
    let home: HubHome
    let service: HubService
    let worker: MergeWorker
    var serverTask: Task<Void, any Error>?
    var url = ""

    /// `logKeyOf`: use that hub's transparency-log key (a hub showing two histories under one key).
    /// `hubClock`: the hub service's clock (the fixture's `hubNow` unless a test needs another time).
    init(
        hubBase: String? = nil, logKeyOf other: HubHome? = nil, hubClock: Int64 = SyncFixture.hubNow,
        settings configure: (inout HubSettings) -> Void = { _ in }
    ) throws {
        pki = try TestPKI.shared()
        directory = makeTemporaryDirectory("dsync-sync")
        home = try HubHome.create(
            at: (hubBase ?? directory) + "/hub", caFiles: [pki.rootCertificate], certificate: pki.hubCertificate,
            key: pki.hubKey, crlFiles: [pki.crl], passphrase: Self.passphrase)
        var settings = try home.loadSettings()
        configure(&settings)
        try home.save(settings)
        let key = try PrivateKey.load(path: pki.hubKey, passphrase: Self.passphrase)
        if let other {
            for (from, to) in [
                (other.logKeyPath, home.logKeyPath), (other.logVerifierKeyPath, home.logVerifierKeyPath),
            ] {
                try? FileManager.default.removeItem(atPath: to)
                try FileManager.default.copyItem(atPath: from, toPath: to)
            }
        }
        service = try HubService(
            home: home, clock: FixedWallClock(millis: hubClock), hubKey: key,
            logKey: try home.logKey(passphrase: Self.passphrase, origin: settings.effectiveLogOrigin))
        worker = MergeWorker(service: service)
    }

    deinit { try? FileManager.default.removeItem(atPath: directory) }

    /// Starts the server (plain HTTP on 127.0.0.1 unless `tls`) and waits until it listens.
    func start(
        tls: Bool = false, requireClientCert: Bool = false, requestTimeout: Int = 60, maxBody: Int = 1 << 20,
        limits: (inout HubServerOptions) -> Void = { _ in }
    ) async throws {
        var options = HubServerOptions(
            host: "127.0.0.1", port: 0, insecureHTTP: !tls, requireClientCertificate: requireClientCert,
            maxBodyBytes: maxBody, requestTimeoutSeconds: requestTimeout)
        limits(&options)
        var key: PrivateKey?
        if tls {
            options.tlsCertificate = pki.hubCertificate
            options.tlsKey = pki.hubKey
            key = try PrivateKey.load(path: pki.hubKey, passphrase: Self.passphrase)
        }
        var logger = Logger(label: "test.hub")
        logger.logLevel = .critical
        let (stream, continuation) = AsyncStream.makeStream(of: String.self)
        let worker = self.worker
        let opts = options
        let tlsKey = key
        serverTask = Task {
            try await HubHTTPServer.run(
                worker: worker, options: opts, tlsKey: tlsKey, clock: FixedWallClock(millis: Self.hubNow),
                logger: logger, handleSignals: false
            ) { url in continuation.yield(url) }
        }
        for await first in stream {
            url = first
            break
        }
    }

    func stop() async {
        serverTask?.cancel()
        _ = try? await serverTask?.value
    }

    /// Connections the server has admitted and not yet closed.
    func limitsUsage() -> Int { worker.metrics.openConnectionCount }

    var port: UInt16 { UInt16(url.split(separator: ":").last.flatMap { Int($0) } ?? 0) }

    /// A node home for `district` with `changesets` signed changesets of `perChangeset` new enterprises each.
    func makeNode(district: String = "760", changesets: Int, perChangeset: Int = 3, seed: UInt64 = 1) throws -> String {
        let path = directory + "/node-\(district)-\(UUID().uuidString.prefix(8))"
        let clock = FixedWallClock(millis: Self.nodeNow)
        _ = try NodeHome.create(
            at: path, district: district, orgUnits: try OrgUnitList.embedded(), wallClock: clock,
            nodeID: "node-\(district)-\(UUID().uuidString.prefix(8).lowercased())")
        let session = try NodeSession(path: path, clock: clock)
        let officer = pki.officer(district: district)
        _ = try session.setSigner(
            certificatePath: officer.certificate, keyPath: officer.key, chainPath: nil, caPaths: [pki.rootCertificate],
            passphrase: Self.passphrase, officerID: nil)
        let list = SyntheticDistrict.enterprises(
            district: district, count: changesets * perChangeset, seed: seed, rules: session.sizeRules,
            referenceYear: 2013)
        let csv = path + "/businesses.csv"
        try Data(SyntheticDistrict.enterprisesCSV(list).utf8).write(to: URL(fileURLWithPath: csv))
        _ = try session.importCSV(.businesses, path: csv, referenceYear: 2013)
        session.config.maxChangesPerChangeset = perChangeset
        try session.saveConfig()
        let made = try session.commit(signer: try session.loadSigner(passphrase: Self.passphrase))
        precondition(made.count == changesets, "made \(made.count) changesets, wanted \(changesets)")
        return path
    }

    func session(_ path: String) throws -> NodeSession {
        try NodeSession(path: path, clock: FixedWallClock(millis: Self.nodeNow))
    }

    /// Syncs the node at `path` in process; `backoff` defaults to instant retries.
    func sync(
        _ path: String, url: String? = nil, roots: [String]? = nil,
        identity: (certificate: String, key: String)? = nil, backoff: Backoff = Backoff(sleep: { _ in })
    ) async throws -> SyncReport {
        let rootCerts = try (roots ?? [pki.rootCertificate]).flatMap { try Certificate.loadAll(path: $0) }
        let id = try identity.map {
            (
                try Certificate.loadAll(path: $0.certificate)[0],
                try PrivateKey.load(path: $0.key, passphrase: Self.passphrase)
            )
        }
        let session = try session(path)
        let client = try HubClient(
            baseURL: url ?? self.url, trustRoots: rootCerts, identity: id, timeoutSeconds: 60, connectTimeoutSeconds: 10
        )
        let report = await NodeSyncer(client: client, backoff: backoff).sync(
            session: session, trust: HubTrust(roots: rootCerts))
        await client.shutdown()
        return report
    }

    /// Runs `body` with a plain client of this hub and always shuts the client down, also when
    /// `body` throws (AsyncHTTPClient stops the process when a client is dropped without it).
    func withClient<T>(_ body: (HubClient) async throws -> T) async throws -> T {
        let client = try HubClient(baseURL: url, trustRoots: [])
        do {
            let result = try await body(client)
            await client.shutdown()
            return result
        } catch {
            await client.shutdown()
            throw error
        }
    }

    func count(_ sql: String, _ params: [String] = []) throws -> Int64 {
        let db = try home.openDatabase()
        defer { db.close() }
        return try db.scalar(sql, params.map { .text($0) })?.int64 ?? -1
    }
}
