internal import COpenSSL
import DistrictSyncCore
public import Foundation

/// A certificate revocation list: immutable, owning one OpenSSL `X509_CRL` freed in `deinit`.
public final class CertificateRevocationList: @unchecked Sendable {
    /// The owned `X509_CRL*`. Never mutated after `init`.
    let pointer: OpaquePointer

    /// The CRL's DER encoding.
    public let der: [UInt8]

    /// The revoked serials with their revocation dates, read once: a CRL is immutable and the hub
    /// consults it for every changeset.
    private let revokedSet: [String: Date]

    /// Issuer fingerprints whose key has been checked against this CRL's signature, with the outcome.
    /// A CRL and a certificate never change, so the answer is cached (a signature check per changeset
    /// was a third of the verify cost; BENCHMARKS.md, issue 3).
    private let signatureChecks = SignatureCheckCache()

    init(owning crl: OpaquePointer) throws(CryptoError) {
        pointer = crl
        var buffer: UnsafeMutablePointer<UInt8>?
        let length = i2d_X509_CRL(crl, &buffer)
        guard length > 0, let buffer else {
            throw OpenSSLErrors.error(
                .crlInvalid,
                LocalizedText(
                    vi: "không mã hoá được danh sách thu hồi (CRL) sang dạng DER",
                    en: "the CRL could not be DER-encoded"))
        }
        der = Array(UnsafeBufferPointer(start: buffer, count: Int(length)))
        shim_OPENSSL_free(buffer)
        revokedSet = Self.readRevoked(crl)
    }

    deinit { X509_CRL_free(pointer) }

    /// Every CRL in a PEM file (one or several `-----BEGIN X509 CRL-----` blocks), or a single DER CRL.
    public static func loadAll(path: String) throws(CryptoError) -> [CertificateRevocationList] {
        let bytes = try FileBytes.read(path, what: LocalizedText(vi: "tệp danh sách thu hồi (CRL)", en: "CRL file"))
        return try parseAll(bytes, name: path)
    }

    /// Every CRL in `bytes` (PEM blocks or one DER CRL); `name` says where they came from in errors.
    public static func parseAll(_ bytes: [UInt8], name path: String) throws(CryptoError) -> [CertificateRevocationList]
    {
        OpenSSLErrors.clear()
        let bio = try MemoryBIO(bytes)
        var crls: [CertificateRevocationList] = []
        if bytes.starts(with: Array("-----BEGIN".utf8))
            || String(decoding: bytes.prefix(4096), as: UTF8.self)
                .contains("-----BEGIN X509 CRL-----")
        {
            while let crl = PEM_read_bio_X509_CRL(bio.pointer, nil, nil, nil) {
                crls.append(try CertificateRevocationList(owning: crl))
            }
        } else if let crl = d2i_X509_CRL_bio(bio.pointer, nil) {
            crls.append(try CertificateRevocationList(owning: crl))
        }
        let detail = OpenSSLErrors.drain()
        guard !crls.isEmpty else {
            throw CryptoError(
                .crlInvalid,
                LocalizedText(
                    vi:
                        "'\(path)' không chứa danh sách thu hồi (CRL) nào; cần các khối '-----BEGIN X509 CRL-----' hoặc một CRL dạng DER",
                    en: "'\(path)' holds no CRL; expected '-----BEGIN X509 CRL-----' blocks or one DER CRL"),
                openSSLDetail: detail)
        }
        return crls
    }

    /// The issuer's name, RFC 2253 with UTF-8 kept readable.
    public var issuer: String { Certificate.nameString(X509_CRL_get_issuer(pointer)) }

    /// When the CRL was issued (thisUpdate).
    public var lastUpdate: Date { ASN1Time.date(X509_CRL_get0_lastUpdate(pointer)) ?? .distantPast }

    /// When the next CRL is due, if stated.
    public var nextUpdate: Date? { ASN1Time.date(X509_CRL_get0_nextUpdate(pointer)) }

    /// Serial numbers listed as revoked, lowercase hex without leading zeros.
    public var revokedSerials: [String] { Self.readRevoked(pointer).keys.sorted() }

    /// Every listed serial with its revocationDate (an unreadable date counts as the distant past:
    /// revoked for all time, never for less).
    private static func readRevoked(_ pointer: OpaquePointer) -> [String: Date] {
        guard let entries = X509_CRL_get_REVOKED(pointer) else { return [:] }
        var revoked: [String: Date] = [:]
        for index in 0..<shim_sk_X509_REVOKED_num(entries) {
            guard let entry = shim_sk_X509_REVOKED_value(entries, index) else { continue }
            let serial = Certificate.serialHex(X509_REVOKED_get0_serialNumber(entry))
            let date = ASN1Time.date(X509_REVOKED_get0_revocationDate(entry)) ?? .distantPast
            revoked[serial] = min(revoked[serial] ?? .distantFuture, date)
        }
        return revoked
    }

    /// When `serialHex` was revoked according to this list, or nil when it is not listed.
    public func revocationDate(serialHex: String) -> Date? {
        revokedSet[Certificate.normalizedSerial(serialHex)]
    }

    /// True when `serialHex` (any case, leading zeros allowed) is listed.
    public func isRevoked(serialHex: String) -> Bool {
        revokedSet[Certificate.normalizedSerial(serialHex)] != nil
    }

    /// True when this CRL's issuer name is `certificate`'s subject and its signature verifies with that key.
    public func isSigned(by issuer: Certificate) -> Bool {
        let fingerprint = issuer.sha256Fingerprint
        if let known = signatureChecks.result(for: fingerprint) { return known }
        let ok = checkSignature(by: issuer)
        signatureChecks.record(ok, for: fingerprint)
        return ok
    }

    private func checkSignature(by issuer: Certificate) -> Bool {
        guard X509_NAME_cmp(X509_CRL_get_issuer(pointer), X509_get_subject_name(issuer.pointer)) == 0,
            let key = X509_get0_pubkey(issuer.pointer)
        else { return false }
        let ok = X509_CRL_verify(pointer, key) == 1
        OpenSSLErrors.clear()
        return ok
    }

    /// True when the CRL is past its nextUpdate, plus `grace`, at `time`; a CRL without nextUpdate is
    /// always stale, since nothing says how long it may be relied on (RFC 5280 §5.1.2.5 requires the field).
    public func isStale(at time: Date, grace: TimeInterval = 0) -> Bool {
        guard let nextUpdate else { return true }
        return time > nextUpdate.addingTimeInterval(grace)
    }

    /// True when the CRL names `certificate`'s issuer (by name only; see `isSigned(by:)`).
    func names(issuerOf certificate: Certificate) -> Bool {
        X509_NAME_cmp(X509_CRL_get_issuer(pointer), X509_get_issuer_name(certificate.pointer)) == 0
    }
}

/// A small thread-safe memo of CRL signature checks, keyed by the issuer certificate's fingerprint.
final class SignatureCheckCache: @unchecked Sendable {
    private let lock = NSLock()
    private var results: [String: Bool] = [:]

    func result(for fingerprint: String) -> Bool? {
        lock.lock()
        defer { lock.unlock() }
        return results[fingerprint]
    }

    func record(_ ok: Bool, for fingerprint: String) {
        lock.lock()
        defer { lock.unlock() }
        results[fingerprint] = ok
    }
}
