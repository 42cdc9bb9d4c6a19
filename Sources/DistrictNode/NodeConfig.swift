import Foundation

/// The node's settings file (`node.json` in the home). Paths are relative to the home when not absolute.
public struct NodeConfig: Codable, Sendable, Equatable {
    public var formatVersion: Int = 1
    public var cityID: String
    public var district: String
    /// The org unit's `valid_from`, which with the code names the unit (codes are reused over time).
    public var districtValidFrom: String
    public var nodeID: String
    public var createdMillis: Int64
    /// Maximum changes per changeset before `commit` splits.
    public var maxChangesPerChangeset: Int = 50_000
    public var signerCertificate: String?
    public var signerKey: String?
    public var signerChain: String?
    /// CA certificate(s) the node trusts for receipts and the hub's TLS.
    public var caCertificates: [String] = []
    public var hubURL: String?
    /// Client certificate and key for a hub that requires mutual TLS (default: the signer's).
    public var hubClientCertificate: String?
    public var hubClientKey: String?
    /// The pinned hub certificate (PEM, normally `hub-cert.pem` in the home): the only signer whose
    /// receipts and chain heads the node accepts. nil until pinned (docs/sync.md, "Hub identity").
    public var hubCertificate: String?

    enum CodingKeys: String, CodingKey {
        case formatVersion = "format_version"
        case cityID = "city_id"
        case district
        case districtValidFrom = "district_valid_from"
        case nodeID = "node_id"
        case createdMillis = "created_ms"
        case maxChangesPerChangeset = "max_changes_per_changeset"
        case signerCertificate = "signer_certificate"
        case signerKey = "signer_key"
        case signerChain = "signer_chain"
        case caCertificates = "ca_certificates"
        case hubURL = "hub_url"
        case hubClientCertificate = "hub_client_certificate"
        case hubClientKey = "hub_client_key"
        case hubCertificate = "hub_certificate"
    }

    public init(cityID: String, district: String, districtValidFrom: String, nodeID: String, createdMillis: Int64) {
        self.cityID = cityID
        self.district = district
        self.districtValidFrom = districtValidFrom
        self.nodeID = nodeID
        self.createdMillis = createdMillis
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        formatVersion = try c.decode(Int.self, forKey: .formatVersion)
        cityID = try c.decode(String.self, forKey: .cityID)
        district = try c.decode(String.self, forKey: .district)
        districtValidFrom = try c.decode(String.self, forKey: .districtValidFrom)
        nodeID = try c.decode(String.self, forKey: .nodeID)
        createdMillis = try c.decode(Int64.self, forKey: .createdMillis)
        maxChangesPerChangeset = try c.decodeIfPresent(Int.self, forKey: .maxChangesPerChangeset) ?? 50_000
        signerCertificate = try c.decodeIfPresent(String.self, forKey: .signerCertificate)
        signerKey = try c.decodeIfPresent(String.self, forKey: .signerKey)
        signerChain = try c.decodeIfPresent(String.self, forKey: .signerChain)
        caCertificates = try c.decodeIfPresent([String].self, forKey: .caCertificates) ?? []
        hubURL = try c.decodeIfPresent(String.self, forKey: .hubURL)
        hubClientCertificate = try c.decodeIfPresent(String.self, forKey: .hubClientCertificate)
        hubClientKey = try c.decodeIfPresent(String.self, forKey: .hubClientKey)
        hubCertificate = try c.decodeIfPresent(String.self, forKey: .hubCertificate)
    }
}
