public import CityHub
import DistrictSyncCrypto
import Foundation

/// Mutual TLS checks the client certificate against the hub's installed CRLs (issue 12 Build 5):
/// the TLS library only builds the chain to the trust anchors; a certificate listed by its issuer's
/// newest installed CRL is refused right after the handshake (`cert_revoked`).
///
/// The CRLs are re-read from hub.json at most every few seconds, so a `dsync hub crl add` while
/// the server runs takes effect without a restart.
public final class ClientRevocation: @unchecked Sendable {
    private let home: HubHome
    private let reloadSeconds: Double
    private let lock = NSLock()
    private var crls: [CertificateRevocationList] = []
    private var loadedAt: Date = .distantPast

    public init(home: HubHome, reloadSeconds: Double = 5) {
        self.home = home
        self.reloadSeconds = reloadSeconds
    }

    /// The reason code when the certificate (DER) is revoked, nil when it is not (or cannot be read:
    /// the TLS library has already verified its chain).
    public func refusal(forDER der: [UInt8]) -> String? {
        guard let certificate = try? Certificate(der: der) else { return nil }
        let lists = current()
        // The newest CRL of the certificate's issuer decides; ties (same second) all count.
        let named = lists.filter { $0.issuer == certificate.issuer }
        guard let newest = named.map(\.lastUpdate).max() else { return nil }
        let revoked = named.filter { $0.lastUpdate == newest }.contains {
            $0.isRevoked(serialHex: certificate.serialHex)
        }
        return revoked ? "cert_revoked" : nil
    }

    private func current() -> [CertificateRevocationList] {
        lock.withLock {
            if Date().timeIntervalSince(loadedAt) >= reloadSeconds {
                if let settings = try? home.loadSettings() {
                    var loaded: [CertificateRevocationList] = []
                    for file in settings.crls {
                        loaded += (try? CertificateRevocationList.loadAll(path: home.resolve(file))) ?? []
                    }
                    crls = loaded
                }
                loadedAt = Date()
            }
            return crls
        }
    }
}
