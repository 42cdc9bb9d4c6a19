public import DistrictNode
public import DistrictSyncCore
public import DistrictSyncCrypto

/// How a node reaches its hub for one sync: the URL (`node set-hub`), the city CA roots, the
/// client identity for mutual TLS. `dsync node sync` and the app's `/deliver` share it, so both
/// run the same `NodeSyncer` with the same trust.
public enum HubConnection {
    /// The hub's base URL: `override`, else the one `node set-hub` recorded (`no_hub` without one).
    public static func url(_ session: NodeSession, override: String? = nil) throws -> String {
        guard let url = override ?? session.config.hubURL else {
            throw NodeError(
                "no_hub",
                LocalizedText(
                    vi: "chưa có URL của hub; ghi --hub URL hoặc chạy `dsync node set-hub --url " + "URL --ca TỆP`",
                    en: "no hub URL; pass --hub URL or run `dsync node set-hub --url URL --ca FILE`"))
        }
        return url
    }

    /// The city CA certificates the node trusts for its hub (`node set-hub --ca`).
    public static func roots(_ session: NodeSession) throws -> [Certificate] {
        var roots: [Certificate] = []
        for file in session.config.caCertificates { roots += try Certificate.loadAll(path: session.home.resolve(file)) }
        return roots
    }

    /// The client certificate for mutual TLS: the configured one (`set-hub --client-cert`), else
    /// the signer's when its passphrase was given (`signerPassphraseGiven`); none otherwise.
    public static func identity(
        _ session: NodeSession, signerPassphraseGiven: Bool, passphrase: () throws -> [UInt8]?
    ) throws -> (certificate: Certificate, key: PrivateKey)? {
        let config = session.config
        if let cert = config.hubClientCertificate, let key = config.hubClientKey {
            return (
                try Certificate.loadAll(path: session.home.resolve(cert))[0],
                try PrivateKey.load(path: session.home.resolve(key), passphrase: try passphrase())
            )
        }
        guard let cert = config.signerCertificate, let key = config.signerKey, signerPassphraseGiven else { return nil }
        return (
            try Certificate.loadAll(path: session.home.resolve(cert))[0],
            try PrivateKey.load(path: session.home.resolve(key), passphrase: try passphrase())
        )
    }

    /// One `NodeSyncer` sync of `session` with `url`, the node's roots and pinned hub
    /// certificate; the client is always shut down.
    public static func sync(
        _ session: NodeSession, url: String, identity: (certificate: Certificate, key: PrivateKey)?,
        timeoutSeconds: Int = 120, connectTimeoutSeconds: Int = 10, backoff: Backoff = Backoff(),
        progress: ((Int, Int) -> Void)? = nil
    ) async throws -> SyncReport {
        let roots = try roots(session)
        let client = try HubClient(
            baseURL: url, trustRoots: roots, identity: identity, timeoutSeconds: timeoutSeconds,
            connectTimeoutSeconds: connectTimeoutSeconds)
        let pinned: Certificate?
        do { pinned = try session.pinnedHubCertificate() } catch {
            await client.shutdown()
            throw error
        }
        let syncer = NodeSyncer(client: client, backoff: backoff, progress: progress)
        let report = await syncer.sync(session: session, trust: HubTrust(roots: roots, pinned: pinned))
        await client.shutdown()
        return report
    }
}
