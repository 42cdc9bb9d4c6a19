internal import COpenSSL
import DistrictSyncCore
public import Foundation

/// An X.509 certificate: immutable, owning one OpenSSL `X509` freed in `deinit`.
///
/// Read-only accessors decode the certificate on demand; the DER bytes are kept from `init`, so
/// `der`, `pem` and `sha256Fingerprint` never re-encode.
public final class Certificate: @unchecked Sendable {
    /// The owned `X509*`. Never mutated after `init`.
    let pointer: OpaquePointer

    /// The certificate's DER encoding.
    public let der: [UInt8]

    /// Takes ownership of `x509` (one reference).
    init(owning x509: OpaquePointer) throws(CryptoError) {
        pointer = x509
        var buffer: UnsafeMutablePointer<UInt8>?
        let length = i2d_X509(x509, &buffer)
        guard length > 0, let buffer else {
            throw OpenSSLErrors.error(
                .badCertificateFile,
                LocalizedText(
                    vi: "không mã hoá được chứng thư số sang dạng DER", en: "the certificate could not be DER-encoded"))
        }
        der = Array(UnsafeBufferPointer(start: buffer, count: Int(length)))
        shim_OPENSSL_free(buffer)
    }

    /// Shares a certificate owned by another OpenSSL object (takes a new reference).
    convenience init(borrowing x509: OpaquePointer) throws(CryptoError) {
        X509_up_ref(x509)
        try self.init(owning: x509)
    }

    deinit { X509_free(pointer) }

    /// Parses one DER certificate; the bytes must hold exactly one certificate and nothing after it.
    public convenience init(der: [UInt8]) throws(CryptoError) {
        OpenSSLErrors.clear()
        let parsed: (OpaquePointer?, Int) = der.withUnsafeBufferPointer { buffer in
            guard let base = buffer.baseAddress else { return (nil, 0) }
            var cursor: UnsafePointer<UInt8>? = base
            let x509 = d2i_X509(nil, &cursor, buffer.count)
            return (x509, cursor.map { $0 - base } ?? 0)
        }
        guard let x509 = parsed.0 else {
            throw OpenSSLErrors.error(
                .badCertificateFile,
                LocalizedText(
                    vi: "dữ liệu không phải chứng thư số X.509 dạng DER",
                    en: "the bytes are not a DER X.509 certificate"))
        }
        guard parsed.1 == der.count else {
            X509_free(x509)
            throw CryptoError(
                .trailingBytes,
                LocalizedText(
                    vi: "sau chứng thư số DER còn \(der.count - parsed.1) byte không mong đợi",
                    en: "the DER certificate is followed by \(der.count - parsed.1) unexpected bytes"))
        }
        try self.init(owning: x509)
    }

    /// Every certificate of a PEM bundle, in file order. An input without any certificate is an error.
    public static func loadAll(pem: [UInt8]) throws(CryptoError) -> [Certificate] {
        OpenSSLErrors.clear()
        let bio = try MemoryBIO(pem)
        var certificates: [Certificate] = []
        while let x509 = PEM_read_bio_X509(bio.pointer, nil, nil, nil) {
            certificates.append(try Certificate(owning: x509))
        }
        // The loop ends with PEM_R_NO_START_LINE at end of input; anything else is a broken PEM block.
        let detail = OpenSSLErrors.drain()
        if certificates.isEmpty {
            throw CryptoError(
                .badCertificateFile,
                LocalizedText(
                    vi: "không tìm thấy chứng thư số PEM; cần một hoặc nhiều khối '-----BEGIN CERTIFICATE-----'",
                    en: "no PEM certificate found; expected one or more '-----BEGIN CERTIFICATE-----' blocks"),
                openSSLDetail: detail)
        }
        return certificates
    }

    /// Every certificate in a file: a PEM bundle, or a single DER certificate.
    public static func loadAll(path: String) throws(CryptoError) -> [Certificate] {
        let bytes = try FileBytes.read(path, what: LocalizedText(vi: "tệp chứng thư số", en: "certificate file"))
        if bytes.starts(with: Array("-----BEGIN".utf8)) || bytes.contains(0x2d) && isMostlyText(bytes) {
            do {
                return try loadAll(pem: bytes)
            } catch {
                throw CryptoError(
                    error.code, LocalizedText(vi: "\(path): \(error.text.vi)", en: "\(path): \(error.reason)"),
                    openSSLDetail: error.openSSLDetail)
            }
        }
        do {
            return [try Certificate(der: bytes)]
        } catch {
            throw CryptoError(
                .badCertificateFile,
                LocalizedText(
                    vi: "\(path) không phải tệp PEM cũng không phải chứng thư số DER",
                    en: "\(path) is neither a PEM bundle nor a DER certificate"),
                openSSLDetail: error.openSSLDetail)
        }
    }

    private static func isMostlyText(_ bytes: [UInt8]) -> Bool {
        bytes.prefix(64).allSatisfy { $0 == 0x09 || $0 == 0x0a || $0 == 0x0d || (0x20..<0x7f).contains($0) }
    }

    /// The certificate as one PEM block.
    public var pem: String {
        let base64 = Data(der).base64EncodedString(options: [.lineLength64Characters, .endLineWithLineFeed])
        return "-----BEGIN CERTIFICATE-----\n\(base64)\n-----END CERTIFICATE-----\n"
    }

    /// Lowercase hex SHA-256 of the DER encoding.
    public var sha256Fingerprint: String { Digest.hex(Digest.sha256(der)) }

    /// The subject as an RFC 2253 string with UTF-8 kept readable ("CN=Cán bộ TMĐT Quận 1,O=UBND TP.HCM,C=VN").
    public var subject: String { Self.nameString(X509_get_subject_name(pointer)) }

    /// The issuer as an RFC 2253 string with UTF-8 kept readable.
    public var issuer: String { Self.nameString(X509_get_issuer_name(pointer)) }

    static func nameString(_ name: OpaquePointer?) -> String {
        guard let name, let bio = try? MemoryBIO() else { return "" }
        _ = X509_NAME_print_ex(bio.pointer, name, 0, shim_name_flags_rfc2253_utf8())
        return bio.string()
    }

    /// The serial number as lowercase hex without leading zeros ("100b").
    public var serialHex: String { Self.serialHex(X509_get0_serialNumber(pointer)) }

    static func serialHex(_ serial: UnsafePointer<ASN1_INTEGER>?) -> String {
        guard let serial, let bignum = ASN1_INTEGER_to_BN(serial, nil) else { return "" }
        defer { BN_free(bignum) }
        guard let hex = BN_bn2hex(bignum) else { return "" }
        defer { shim_OPENSSL_free(hex) }
        return normalizedSerial(String(cString: hex))
    }

    /// Lowercase, without leading zeros (but "0" for zero), so serials from any source compare equal.
    static func normalizedSerial(_ hex: String) -> String {
        let trimmed = hex.lowercased().drop { $0 == "0" }
        return trimmed.isEmpty ? "0" : String(trimmed)
    }

    /// Start of the validity period.
    public var notBefore: Date { ASN1Time.date(X509_get0_notBefore(pointer)) ?? .distantFuture }

    /// End of the validity period.
    public var notAfter: Date { ASN1Time.date(X509_get0_notAfter(pointer)) ?? .distantPast }
}
