internal import COpenSSL
import DistrictSyncCore
public import Foundation

/// Makes CAdES-BES CMS SignedData (RFC 5652) with the content attached.
///
/// Signed attributes: content-type, message-digest, signing-time (the caller's clock, so tests can inject
/// it) and signing-certificate-v2 (RFC 5035). Digest SHA-256; no S/MIME capabilities.
public enum CMSSigner {
    /// RSA signature padding. ECDSA keys ignore it.
    public enum Padding: Sendable {
        /// RSASSA-PKCS1-v1_5.
        case pkcs1v15
        /// RSASSA-PSS with SHA-256, MGF1-SHA-256 and a 32-byte salt (the default for new RSA signatures).
        case pss
    }

    /// Signs `content` and returns DER CMS SignedData with the content, the signer certificate and `chain` embedded.
    ///
    /// Refuses (`key_cert_mismatch`) when `key` does not belong to `certificate`, and (`unsupported_algorithm`)
    /// keys outside the allow-list, so a node can never produce a signature the hub will refuse for that reason.
    public static func sign(
        content: [UInt8], certificate: Certificate, key: PrivateKey, chain: [Certificate] = [],
        padding: Padding = .pss, signingTime: Date
    ) throws(CryptoError) -> [UInt8] {
        guard key.matches(certificate) else {
            throw CryptoError(
                .keyCertMismatch,
                LocalizedText(
                    vi: "khoá bí mật không thuộc về chứng thư số '\(certificate.subject)'; "
                        + "hãy nạp khoá đã được tạo cùng yêu cầu cấp chứng thư số này",
                    en: "the private key does not belong to the certificate '\(certificate.subject)'; "
                        + "load the key that was generated with this certificate's request"))
        }
        if let refusal = KeyInfo(key.pointer).refusal {
            throw CryptoError(.unsupportedAlgorithm, refusal)
        }
        OpenSSLErrors.clear()
        let baseFlags = UInt32(CMS_BINARY | CMS_PARTIAL | CMS_NOSMIMECAP)
        guard let cms = CMS_sign(nil, nil, nil, nil, baseFlags) else {
            throw OpenSSLErrors.error(
                .internalError,
                LocalizedText(vi: "không khởi tạo được CMS SignedData", en: "could not start a CMS SignedData"))
        }
        defer { CMS_ContentInfo_free(cms) }

        // CMS_CADES adds signing-certificate-v2; CMS_KEY_PARAM lets us set RSA padding before signing.
        let isRSA = KeyInfo(key.pointer).kind == .rsa
        var signerFlags = baseFlags | UInt32(CMS_CADES)
        if isRSA { signerFlags |= UInt32(CMS_KEY_PARAM) }
        guard let signer = CMS_add1_signer(cms, certificate.pointer, key.pointer, EVP_sha256(), signerFlags) else {
            throw OpenSSLErrors.error(
                .internalError,
                LocalizedText(
                    vi: "không thêm được người ký vào CMS SignedData",
                    en: "could not add the signer to the CMS SignedData"))
        }
        if isRSA {
            try configureRSA(signer: signer, padding: padding)
        }
        guard let time = ASN1Time.make(signingTime) else {
            throw OpenSSLErrors.error(
                .internalError,
                LocalizedText(
                    vi: "không mã hoá được thời điểm ký \(signingTime)",
                    en: "the signing time \(signingTime) cannot be encoded"))
        }
        defer { ASN1_TIME_free(time) }
        // Added before CMS_final, which only adds the current time when signing-time is absent.
        guard CMS_signed_add1_attr_by_NID(signer, NID_pkcs9_signingTime, time.pointee.type, time, -1) == 1 else {
            throw OpenSSLErrors.error(
                .internalError,
                LocalizedText(
                    vi: "không thêm được thuộc tính thời điểm ký (signing-time)",
                    en: "could not add the signing-time attribute"))
        }
        for extra in chain where CMS_add1_cert(cms, extra.pointer) != 1 {
            throw OpenSSLErrors.error(
                .internalError,
                LocalizedText(
                    vi: "không đính kèm được chứng thư số trong chuỗi '\(extra.subject)'",
                    en: "could not embed chain certificate '\(extra.subject)'"))
        }
        let input = try MemoryBIO(content)
        guard CMS_final(cms, input.pointer, nil, UInt32(CMS_BINARY)) == 1 else {
            throw OpenSSLErrors.error(.internalError, LocalizedText(vi: "ký số không thành công", en: "signing failed"))
        }
        var buffer: UnsafeMutablePointer<UInt8>?
        let length = i2d_CMS_ContentInfo(cms, &buffer)
        guard length > 0, let buffer else {
            throw OpenSSLErrors.error(
                .internalError,
                LocalizedText(
                    vi: "không mã hoá được SignedData sang dạng DER", en: "the SignedData could not be DER-encoded"))
        }
        defer { shim_OPENSSL_free(buffer) }
        return Array(UnsafeBufferPointer(start: buffer, count: Int(length)))
    }

    private static func configureRSA(signer: OpaquePointer, padding: Padding) throws(CryptoError) {
        guard let context = CMS_SignerInfo_get0_pkey_ctx(signer) else {
            throw OpenSSLErrors.error(
                .internalError,
                LocalizedText(vi: "không tạo được ngữ cảnh ký cho khoá RSA", en: "no signing context for the RSA key"))
        }
        switch padding {
        case .pkcs1v15:
            guard EVP_PKEY_CTX_set_rsa_padding(context, RSA_PKCS1_PADDING) == 1 else {
                throw OpenSSLErrors.error(
                    .internalError,
                    LocalizedText(
                        vi: "không chọn được cách đệm RSA PKCS#1 v1.5", en: "could not select RSA PKCS#1 v1.5 padding"))
            }
        case .pss:
            guard EVP_PKEY_CTX_set_rsa_padding(context, RSA_PKCS1_PSS_PADDING) == 1,
                EVP_PKEY_CTX_set_rsa_pss_saltlen(context, RSA_PSS_SALTLEN_DIGEST) == 1,
                EVP_PKEY_CTX_set_rsa_mgf1_md(context, EVP_sha256()) == 1
            else {
                throw OpenSSLErrors.error(
                    .internalError,
                    LocalizedText(vi: "không chọn được cách đệm RSA-PSS", en: "could not select RSA-PSS padding"))
            }
        }
    }
}
