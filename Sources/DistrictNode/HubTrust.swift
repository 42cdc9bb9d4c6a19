import DistrictSyncCore
public import DistrictSyncCrypto
public import Foundation

/// What a node trusts for documents the hub signs (receipts, chain heads): the city CA
/// certificate(s), optional CRLs and, optionally, the one hub certificate to accept.
///
/// A hub document must verify as CMS against the roots, and its signer must look like the hub:
/// no district URI (officers carry one) and extendedKeyUsage serverAuth (docs/hub.md). With a
/// pinned certificate, only that exact certificate may sign.
public struct HubTrust: Sendable {
    public let roots: [Certificate]
    public let crls: [CertificateRevocationList]
    public let pinned: Certificate?

    /// The largest hub document read (receipts and heads are a few KiB).
    public static let maxBytes = 256 * 1024

    public init(roots: [Certificate], crls: [CertificateRevocationList] = [], pinned: Certificate? = nil) {
        self.roots = roots
        self.crls = crls
        self.pinned = pinned
    }

    /// Loads the trust from files; `caPaths` must name at least one certificate.
    public static func load(caPaths: [String], crlPaths: [String] = [], hubCertificatePath: String? = nil) throws
        -> HubTrust
    {
        guard !caPaths.isEmpty else {
            throw NodeError(
                "no_trust_anchor",
                "no city CA certificate to check the hub's signature with; pass --ca ROOT.pem "
                    + "(`node ack` also uses the CA recorded by `dsync node set-signer … --ca ROOT.pem`)")
        }
        do {
            var roots: [Certificate] = []
            for path in caPaths { roots += try Certificate.loadAll(path: path) }
            guard !roots.isEmpty else {
                throw NodeError("bad_certificate_file", "\(caPaths.joined(separator: ", ")) holds no certificate")
            }
            var crls: [CertificateRevocationList] = []
            for path in crlPaths { crls += try CertificateRevocationList.loadAll(path: path) }
            let pinned = try hubCertificatePath.map { path -> Certificate in
                guard let cert = try Certificate.loadAll(path: path).first else {
                    throw NodeError("bad_certificate_file", "\(path) holds no certificate")
                }
                return cert
            }
            return HubTrust(roots: roots, crls: crls, pinned: pinned)
        } catch let error as CryptoError {
            throw NodeError(error.code.rawValue, error.text)
        }
    }

    /// Verifies a hub-signed document and returns its content; the error code is the reason.
    public func verify(_ der: [UInt8], now: Date, what: String) throws(NodeError) -> [UInt8] {
        try verifySigned(der, now: now, what: what).content
    }

    /// Verifies a hub-signed document and returns its content and signer (to pin on first use).
    public func verifySigned(_ der: [UInt8], now: Date, what: String) throws(NodeError) -> (
        content: [UInt8], signer: Certificate
    ) {
        guard der.count <= Self.maxBytes else {
            throw NodeError("too_large", "the \(what) is \(der.count) bytes; a hub \(what) is at most \(Self.maxBytes)")
        }
        let policy = VerificationPolicy(
            roots: roots, crls: crls, checkRevocation: !crls.isEmpty, requireCRL: false)
        let verified: VerifiedSignedData
        do { verified = try CMSVerifier.verify(der: der, policy: policy, now: now, maxBytes: Self.maxBytes) } catch {
            throw NodeError(
                error.code.rawValue,
                LocalizedText(
                    vi: "chữ ký của \(FieldLabel.vi(what)) không hợp lệ: \(error.text.vi)",
                    en: "the \(what)'s signature does not check out: \(error.reason)"))
        }
        let signer = verified.signer
        if let pinned {
            guard signer.sha256Fingerprint == pinned.sha256Fingerprint else {
                throw NodeError(
                    "not_hub_signer",
                    "the \(what) is signed by '\(signer.subject)', not by the pinned hub certificate '\(pinned.subject)'"
                )
            }
        } else {
            guard signer.districtCodes.isEmpty, signer.hasServerAuthUsage else {
                throw NodeError(
                    "not_hub_signer",
                    "the \(what) is signed by '\(signer.subject)', which is not a hub certificate "
                        + "(a hub certificate has extendedKeyUsage serverAuth and no district URI); "
                        + "only the city hub signs receipts")
            }
        }
        return (verified.content, signer)
    }

    /// The same trust with `certificate` pinned (nil keeps this one's pin).
    public func pinning(_ certificate: Certificate?) -> HubTrust {
        HubTrust(roots: roots, crls: crls, pinned: certificate ?? pinned)
    }
}
