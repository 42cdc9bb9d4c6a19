import DistrictSyncCore
public import DistrictSyncCrypto
import DistrictSyncStore
public import Foundation

/// What a node trusts for documents the hub sends (receipts, chain heads, CRL updates): the city
/// CA certificate(s), optional CRLs and, optionally, the one hub certificate to accept. The one
/// checker of hub documents for `node sync`, `node ack` and `node init --resume-from-hub`.
///
/// A signed hub document must verify as CMS against the roots, and its signer must look like the
/// hub: no district URI (officers carry one) and extendedKeyUsage serverAuth (docs/hub.md). With a
/// pinned certificate, only that exact certificate may sign.
///
/// One size cap (`maxBytes`) and one clock rule (`latestAcceptable(reference:)`): a hub document
/// may be dated at most `maxLead` after the node's reference time, the later of the node's clock
/// and the computer's clock (`reference(nodeMillis:)`). The lead allows an offline node whose
/// clock runs a little slow; a document dated further ahead is refused, because a CRL "from the
/// future" would stay newest and freeze revocation, and a receipt dated ahead claims a time the
/// hub had not reached.
public struct HubTrust: Sendable {
    public let roots: [Certificate]
    public let crls: [CertificateRevocationList]
    public let pinned: Certificate?

    /// The largest hub document read (receipts and heads are a few KiB; a CRL of 256 KiB lists
    /// thousands of revoked certificates).
    public static let maxBytes = 256 * 1024

    /// How far a hub document (signing time, CRL thisUpdate) may be dated after the node's reference time.
    public static let maxLead: TimeInterval = 60 * 60

    /// The node's reference time for hub documents: the later of the node's clock and the
    /// computer's clock (a node clock fixed for a back-filled year lies in the past).
    public static func reference(nodeMillis: Int64, system: Date = Date()) -> Date {
        max(Date(timeIntervalSince1970: Double(nodeMillis) / 1000), system)
    }

    /// The latest date a hub document may carry at `reference`.
    public static func latestAcceptable(reference: Date) -> Date { reference.addingTimeInterval(maxLead) }

    /// Reads a hub document from a file, at most `maxBytes` (one descriptor: opened, then checked
    /// and read with a cap, so a file swapped or grown after a check cannot get past it).
    public static func readDocument(path: String, what: String) throws(NodeError) -> [UInt8] {
        let bytes: [UInt8]
        switch CappedFile.read(path, limit: maxBytes + 1, followLinks: true) {
        case .success(let read): bytes = read
        case .failure(.cannotOpen(let code)) where code == ENOENT:
            throw NodeError(
                "no_such_file",
                LocalizedText(
                    vi: "không đọc được \(path); hãy đưa tệp \(FieldLabel.vi(what)) do hub ghi ra",
                    en: "cannot read \(path); give the \(what) file the hub wrote"))
        case .failure:
            throw NodeError(
                "io_error",
                LocalizedText(
                    vi: "không đọc được \(path) như một tệp thông thường; kiểm tra tệp và quyền đọc",
                    en: "cannot read \(path) as a regular file; check the file and its permissions"))
        }
        guard bytes.count <= maxBytes else {
            throw NodeError(
                "too_large",
                LocalizedText(
                    vi:
                        "\(path) dài hơn \(maxBytes) byte, mức tối đa của một \(FieldLabel.vi(what)) của hub — có lẽ không phải tệp đúng",
                    en: "\(path) is over \(maxBytes) bytes, the most a hub \(what) may be — probably not the right file"
                ))
        }
        return bytes
    }

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
                LocalizedText(
                    vi:
                        "chưa có chứng thư số CA của thành phố để kiểm tra chữ ký của hub; ghi --ca ROOT.pem (`node ack` cũng dùng CA đã ghi bằng `dsync node set-signer … --ca ROOT.pem`)",
                    en: "no city CA certificate to check the hub's signature with; pass --ca ROOT.pem "
                        + "(`node ack` also uses the CA recorded by `dsync node set-signer … --ca ROOT.pem`)"))
        }
        do {
            var roots: [Certificate] = []
            for path in caPaths { roots += try Certificate.loadAll(path: path) }
            guard !roots.isEmpty else {
                throw NodeError(
                    "bad_certificate_file",
                    LocalizedText(
                        vi: "\(caPaths.joined(separator: ", ")) không chứa chứng thư nào",
                        en: "\(caPaths.joined(separator: ", ")) holds no certificate"))
            }
            var crls: [CertificateRevocationList] = []
            for path in crlPaths { crls += try CertificateRevocationList.loadAll(path: path) }
            let pinned = try hubCertificatePath.map { path -> Certificate in
                guard let cert = try Certificate.loadAll(path: path).first else {
                    throw NodeError(
                        "bad_certificate_file",
                        LocalizedText(vi: "\(path) không chứa chứng thư nào", en: "\(path) holds no certificate"))
                }
                return cert
            }
            return HubTrust(roots: roots, crls: crls, pinned: pinned)
        } catch let error as CryptoError {
            throw NodeError(error.code.rawValue, error.text)
        }
    }

    /// Verifies a hub-signed document and returns its content; the error code is the reason.
    public func verify(_ der: [UInt8], reference: Date, what: String) throws(NodeError) -> [UInt8] {
        try verifySigned(der, reference: reference, what: what).content
    }

    /// Verifies a hub-signed document at the node's `reference` time (`reference(nodeMillis:)`)
    /// and returns its content and signer (to pin on first use).
    public func verifySigned(_ der: [UInt8], reference: Date, what: String) throws(NodeError) -> (
        content: [UInt8], signer: Certificate
    ) {
        guard der.count <= Self.maxBytes else {
            throw NodeError(
                "too_large",
                LocalizedText(
                    vi:
                        "\(FieldLabel.vi(what)) dài \(der.count) byte; \(FieldLabel.vi(what)) của hub dài tối đa \(Self.maxBytes) byte",
                    en: "the \(what) is \(der.count) bytes; a hub \(what) is at most \(Self.maxBytes)"))
        }
        let policy = VerificationPolicy(
            roots: roots, crls: crls, checkRevocation: !crls.isEmpty, requireCRL: false)
        let verified: VerifiedSignedData
        // The CMS verifier allows its own small skew after `now`; shifted so the lead is `maxLead` exactly.
        let now = Self.latestAcceptable(reference: reference).addingTimeInterval(-CMSVerifier.allowedClockSkew)
        do { verified = try CMSVerifier.verify(der: der, policy: policy, now: now, maxBytes: Self.maxBytes) } catch {
            if error.code == .signingTimeInFuture {
                throw NodeError(
                    "signing_time_in_future",
                    LocalizedText(
                        vi:
                            "\(FieldLabel.vi(what)) của hub ghi thời điểm ký muộn hơn đồng hồ của nút này (\(reference)) quá "
                            + "\(Int(Self.maxLead / 60)) phút; hãy chỉnh đồng hồ máy tính cho đúng rồi chạy lại",
                        en: "the hub's \(what) is signed more than \(Int(Self.maxLead / 60)) minutes after this "
                            + "node's clock (\(reference)); set this computer's clock right and run again"))
            }
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
                    LocalizedText(
                        vi:
                            "\(FieldLabel.vi(what)) do '\(signer.subject)' ký, không phải chứng thư số hub đã ghim '\(pinned.subject)'",
                        en:
                            "the \(what) is signed by '\(signer.subject)', not by the pinned hub certificate '\(pinned.subject)'"
                    ))
            }
        } else {
            guard signer.districtCodes.isEmpty, signer.hasServerAuthUsage else {
                throw NodeError(
                    "not_hub_signer",
                    LocalizedText(
                        vi:
                            "\(FieldLabel.vi(what)) do '\(signer.subject)' ký, đây không phải chứng thư số của hub (chứng thư hub có extendedKeyUsage serverAuth và không có URI đơn vị); chỉ hub của thành phố ký biên nhận",
                        en: "the \(what) is signed by '\(signer.subject)', which is not a hub certificate "
                            + "(a hub certificate has extendedKeyUsage serverAuth and no district URI); "
                            + "only the city hub signs receipts"))
            }
        }
        return (verified.content, signer)
    }

    /// Checks CRLs the hub sent: each must be signed by a trusted root and dated no later than the
    /// clock rule allows. Returns nil when all pass, else the reason code (`crl_untrusted`,
    /// `crl_from_future`).
    public func refusal(ofCRLs crls: [CertificateRevocationList], reference: Date) -> String? {
        if crls.contains(where: { crl in !roots.contains(where: { crl.isSigned(by: $0) }) }) { return "crl_untrusted" }
        let latest = Self.latestAcceptable(reference: reference)
        if crls.contains(where: { $0.lastUpdate > latest }) { return "crl_from_future" }
        return nil
    }

    /// The same trust with `certificate` pinned (nil keeps this one's pin).
    public func pinning(_ certificate: Certificate?) -> HubTrust {
        HubTrust(roots: roots, crls: crls, pinned: certificate ?? pinned)
    }
}
