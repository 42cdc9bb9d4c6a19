import DistrictSyncCore
public import DistrictSyncCrypto
import Foundation

/// The hub's certificate pinned in the node (issue 12, Build 5; docs/sync.md "Hub identity").
///
/// Receipts and chain heads are accepted only when signed by exactly this certificate: any other
/// certificate of the city CA, even one with serverAuth, is refused as `not_hub_signer`. The pin is
/// set explicitly by `node set-hub --hub-cert` or `node init --hub-cert`; a node without one pins the
/// signer of the first hub document it accepts under the hub profile (trust on first use), and
/// from then on only `node set-hub --hub-cert NEW.pem` changes it.
extension NodeSession {
    /// The file the pinned certificate is copied to, inside the home.
    public static let pinnedHubCertificateName = "hub-cert.pem"

    /// The pinned hub certificate, nil when none is pinned yet.
    public func pinnedHubCertificate() throws -> Certificate? {
        guard let path = config.hubCertificate else { return nil }
        do {
            guard let certificate = try Certificate.loadAll(path: home.resolve(path)).first else {
                throw NodeError(
                    "bad_certificate_file",
                    LocalizedText(
                        vi: "chứng thư số hub đã ghim \(path) không chứa chứng thư nào",
                        en: "the pinned hub certificate \(path) holds no certificate"))
            }
            return certificate
        } catch let error as CryptoError {
            throw NodeError(
                error.code.rawValue,
                LocalizedText(
                    vi: "chứng thư số hub đã ghim \(path): \(error.text.vi)",
                    en: "the pinned hub certificate \(path): \(error.reason)"))
        }
    }

    /// Pins `certificate` as the hub's: copies it into the home and records it in node.json.
    public func pinHub(_ certificate: Certificate) throws {
        let target = home.path + "/" + Self.pinnedHubCertificateName
        try Data(certificate.pem.utf8).write(to: URL(fileURLWithPath: target), options: .atomic)
        config.hubCertificate = Self.pinnedHubCertificateName
        try saveConfig()
    }

    /// Pins the certificate in the PEM file at `path` after checking it looks like a hub
    /// certificate (extendedKeyUsage serverAuth, no district URI).
    public func pinHub(certificatePath path: String) throws -> Certificate {
        let certificate: Certificate
        do {
            guard let first = try Certificate.loadAll(path: path).first else {
                throw NodeError(
                    "bad_certificate_file",
                    LocalizedText(vi: "\(path) không chứa chứng thư nào", en: "\(path) holds no certificate"))
            }
            certificate = first
        } catch let error as CryptoError {
            throw NodeError(error.code.rawValue, error.text.map { "\(path): \($0)" })
        }
        guard certificate.hasServerAuthUsage, certificate.districtCodes.isEmpty else {
            throw NodeError(
                "not_hub_signer",
                LocalizedText(
                    vi:
                        "\(path) ('\(certificate.subject)') không phải chứng thư số của hub (cần extendedKeyUsage serverAuth và không có URI đơn vị); hãy đưa chứng thư số của hub, ví dụ certs/hub/hub.pem",
                    en:
                        "\(path) ('\(certificate.subject)') is not a hub certificate (extendedKeyUsage serverAuth and no "
                        + "district URI); give the hub's certificate, e.g. certs/hub/hub.pem"))
        }
        try pinHub(certificate)
        return certificate
    }
}
