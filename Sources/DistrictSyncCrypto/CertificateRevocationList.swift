internal import COpenSSL
public import Foundation

/// A certificate revocation list: immutable, owning one OpenSSL `X509_CRL` freed in `deinit`.
public final class CertificateRevocationList: @unchecked Sendable {
    /// The owned `X509_CRL*`. Never mutated after `init`.
    let pointer: OpaquePointer

    /// The CRL's DER encoding.
    public let der: [UInt8]

    init(owning crl: OpaquePointer) throws(CryptoError) {
        pointer = crl
        var buffer: UnsafeMutablePointer<UInt8>?
        let length = i2d_X509_CRL(crl, &buffer)
        guard length > 0, let buffer else {
            throw OpenSSLErrors.error(.crlInvalid, "the CRL could not be DER-encoded")
        }
        der = Array(UnsafeBufferPointer(start: buffer, count: Int(length)))
        shim_OPENSSL_free(buffer)
    }

    deinit { X509_CRL_free(pointer) }

    /// Every CRL in a PEM file (one or several `-----BEGIN X509 CRL-----` blocks), or a single DER CRL.
    public static func loadAll(path: String) throws(CryptoError) -> [CertificateRevocationList] {
        let bytes = try FileBytes.read(path, what: "CRL file")
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
                .crlInvalid, "'\(path)' holds no CRL; expected '-----BEGIN X509 CRL-----' blocks or one DER CRL",
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
    public var revokedSerials: [String] {
        guard let entries = X509_CRL_get_REVOKED(pointer) else { return [] }
        return (0..<shim_sk_X509_REVOKED_num(entries)).compactMap { index in
            shim_sk_X509_REVOKED_value(entries, index).map {
                Certificate.serialHex(X509_REVOKED_get0_serialNumber($0))
            }
        }
    }

    /// True when `serialHex` (any case, leading zeros allowed) is listed.
    public func isRevoked(serialHex: String) -> Bool {
        revokedSerials.contains(Certificate.normalizedSerial(serialHex))
    }

    /// True when this CRL's issuer name is `certificate`'s subject and its signature verifies with that key.
    public func isSigned(by issuer: Certificate) -> Bool {
        guard X509_NAME_cmp(X509_CRL_get_issuer(pointer), X509_get_subject_name(issuer.pointer)) == 0,
            let key = X509_get0_pubkey(issuer.pointer)
        else { return false }
        let ok = X509_CRL_verify(pointer, key) == 1
        OpenSSLErrors.clear()
        return ok
    }

    /// True when the CRL names `certificate`'s issuer (by name only; see `isSigned(by:)`).
    func names(issuerOf certificate: Certificate) -> Bool {
        X509_NAME_cmp(X509_CRL_get_issuer(pointer), X509_get_issuer_name(certificate.pointer)) == 0
    }
}
