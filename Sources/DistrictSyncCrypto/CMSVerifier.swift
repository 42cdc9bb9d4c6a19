internal import COpenSSL
import DistrictSyncCore
public import Foundation

/// Verifies CAdES-BES CMS SignedData against a `VerificationPolicy` (threats T1, S6, T15).
///
/// Order: size, strict parse (no trailing bytes), one signer with an embedded certificate, algorithm
/// allow-list, mandatory signed attributes, signing time not in the future, the signature over the content,
/// the chain to a configured root at the signing time, signer rules (not a CA, key usage), then revocation.
/// Each call builds its own OpenSSL objects, so verifications may run concurrently.
public enum CMSVerifier {
    /// How far a signing time may be ahead of the verifier's `now` (clock skew between node and hub).
    public static let allowedClockSkew: TimeInterval = 5 * 60

    static let allowedDigests: Set<Int32> = [NID_sha256, NID_sha384, NID_sha512]
    static let allowedSignatures: Set<Int32> = [
        NID_rsaEncryption, NID_sha256WithRSAEncryption, NID_sha384WithRSAEncryption, NID_sha512WithRSAEncryption,
        NID_rsassaPss, NID_ecdsa_with_SHA256, NID_ecdsa_with_SHA384, NID_ecdsa_with_SHA512,
    ]

    /// Verifies `der` and returns its content only when every rule passes; otherwise throws a `CryptoError`.
    ///
    /// - Parameters:
    ///   - now: the verifier's clock (inject it; the hub uses one fixed time per sync session).
    ///   - maxBytes: inputs larger than this are refused with `too_large` before any parsing.
    ///   - validityAt: when the certificate chain must be valid. Nil: at the signed signing time (an
    ///     auditor checking an old file). The hub gives its acceptance time, a moment the signer cannot
    ///     choose (issue 12, Why 4): a backdated signing time cannot revive an expired certificate.
    public static func verify(
        der: [UInt8], policy: VerificationPolicy, now: Date, maxBytes: Int, validityAt: Date? = nil
    ) throws(CryptoError) -> VerifiedSignedData {
        guard der.count <= maxBytes else {
            throw CryptoError(
                .tooLarge,
                LocalizedText(
                    vi: "dữ liệu đã ký dài \(der.count) byte; giới hạn là \(maxBytes) byte",
                    en: "the signed data is \(der.count) bytes; the limit is \(maxBytes) bytes"))
        }
        // A well-formed input is parsed without its eContent (CMSShell): OpenSSL then holds and re-encodes
        // only the small rest, and the content is digested in place. Anything else is parsed whole.
        let split = CMSShell(der)
        let parsed = split?.shell ?? der
        let message = try CMSMessage.parse(der: parsed)
        let infos = message.signerInfos
        guard infos.count == 1, let rawInfo = infos.first else {
            throw CryptoError(
                .multipleSigners,
                LocalizedText(
                    vi: "SignedData có \(infos.count) người ký; phải có đúng một cán bộ ký",
                    en: "the SignedData has \(infos.count) signers; exactly one officer must sign"))
        }
        let info = SignerInfo(pointer: rawInfo)
        // Read once: each Certificate re-encodes its DER, and the chain builder needs the same list.
        let embedded = message.certificates
        guard let signer = message.signerCertificate(of: rawInfo, among: embedded) else {
            throw CryptoError(
                .noSignerCert,
                LocalizedText(
                    vi: "chứng thư số của người ký không được đính kèm trong SignedData; hãy ký mà không dùng -nocerts",
                    en: "the signer's certificate is not embedded in the SignedData; sign without -nocerts"))
        }
        let parsedRange = try StrictStructure.check(message, der: parsed, signerInfo: rawInfo, signer: signer)
        let contentRange = split?.content ?? parsedRange
        let algorithms = try checkAlgorithms(info, signer: signer)
        let signingTime = try checkSignedAttributes(info, signer: signer)
        guard signingTime <= now.addingTimeInterval(allowedClockSkew) else {
            throw CryptoError(
                .signingTimeInFuture,
                LocalizedText(
                    vi: "thời điểm ký \(signingTime) muộn hơn mức đồng hồ của hub này cho phép (\(now)); "
                        + "hãy kiểm tra đồng hồ của nút cấp quận",
                    en: "the signing time \(signingTime) is later than this hub's clock \(now) allows; "
                        + "check the district node's clock"))
        }
        try verifySignature(message, der: der, detached: split?.content)
        let chain = try ChainValidator(policy: policy, embedded: embedded)
            .validate(signer, at: validityAt ?? signingTime)
        try checkSignerRules(signer)
        if policy.checkRevocation {
            try RevocationChecker(
                crls: policy.crls, requireCRL: policy.requireCRL, now: now, grace: policy.crlGracePeriod,
                existedBefore: policy.existedBefore
            ).check(chain, trusted: policy.roots + policy.intermediates)
        }
        return VerifiedSignedData(
            contentBytes: der[contentRange], signer: signer, chain: chain, signingTime: signingTime,
            digestAlgorithm: SignerInfo.shortName(algorithms.digest),
            signatureAlgorithm: SignerInfo.shortName(algorithms.signature))
    }

    private static func checkAlgorithms(
        _ info: SignerInfo, signer: Certificate
    ) throws(CryptoError) -> (digest: Int32, signature: Int32) {
        let nids = info.algorithmNIDs
        guard allowedDigests.contains(nids.digest) else {
            throw CryptoError(
                .unsupportedAlgorithm,
                LocalizedText(
                    vi:
                        "không chấp nhận thuật toán băm \(SignerInfo.shortName(nids.digest)); hãy dùng SHA-256, SHA-384 hoặc SHA-512",
                    en: "digest \(SignerInfo.shortName(nids.digest)) is not accepted; use SHA-256, SHA-384 or SHA-512"))
        }
        guard allowedSignatures.contains(nids.signature) else {
            throw CryptoError(
                .unsupportedAlgorithm,
                LocalizedText(
                    vi: "không chấp nhận thuật toán chữ ký \(SignerInfo.shortName(nids.signature)); "
                        + "hãy dùng ECDSA P-256 hoặc RSA (PKCS#1 v1.5 hoặc PSS) với SHA-256 trở lên",
                    en: "signature algorithm \(SignerInfo.shortName(nids.signature)) is not accepted; "
                        + "use ECDSA P-256 or RSA (PKCS#1 v1.5 or PSS) with SHA-256 or stronger"))
        }
        // The signature algorithm's hash (e.g. ecdsa-with-SHA384) must be the digest algorithm actually used.
        var hash: Int32 = NID_undef
        var keyType: Int32 = NID_undef
        if OBJ_find_sigid_algs(nids.signature, &hash, &keyType) == 1, hash != NID_undef, hash != nids.digest {
            throw CryptoError(
                .unsupportedAlgorithm,
                LocalizedText(
                    vi: "thuật toán chữ ký \(SignerInfo.shortName(nids.signature)) không khớp với thuật toán băm "
                        + SignerInfo.shortName(nids.digest),
                    en: "signature algorithm \(SignerInfo.shortName(nids.signature)) disagrees with digest "
                        + SignerInfo.shortName(nids.digest)))
        }
        if nids.signature == NID_rsassaPss {
            try checkPSS(info, digest: nids.digest)
        }
        guard let key = X509_get0_pubkey(signer.pointer) else {
            throw OpenSSLErrors.error(
                .unsupportedAlgorithm,
                LocalizedText(
                    vi: "không đọc được khoá công khai trong chứng thư số của người ký",
                    en: "the signer certificate's public key cannot be read"))
        }
        if let refusal = KeyInfo(key).refusal {
            throw CryptoError(
                .unsupportedAlgorithm,
                LocalizedText(vi: "khoá của người ký: \(refusal.vi)", en: "the signer's key: \(refusal.en)"))
        }
        return nids
    }

    /// RSASSA-PSS: exactly the profile of `PSSParameters.allowed`, and the content digest must be SHA-256 too.
    private static func checkPSS(_ info: SignerInfo, digest: Int32) throws(CryptoError) {
        guard let parameters = info.pssParameters else {
            throw CryptoError(
                .unsupportedPSSParameters,
                LocalizedText(
                    vi: "chữ ký RSA-PSS không mang tham số đọc được; cần SHA-256, MGF1 với SHA-256, "
                        + "salt 32 (openssl cms -sign -keyopt rsa_padding_mode:pss -keyopt rsa_pss_saltlen:32)",
                    en: "the RSA-PSS signature carries no readable parameters; expected SHA-256, MGF1 with SHA-256, "
                        + "salt 32 (openssl cms -sign -keyopt rsa_padding_mode:pss -keyopt rsa_pss_saltlen:32)"))
        }
        guard parameters == PSSParameters.allowed, digest == NID_sha256 else {
            throw CryptoError(
                .unsupportedPSSParameters,
                LocalizedText(
                    vi: "tham số RSA-PSS là \(parameters.summary) với thuật toán băm \(SignerInfo.shortName(digest)); "
                        + "chỉ chấp nhận \(PSSParameters.allowed.summary) với thuật toán băm SHA256; hãy ký lại với "
                        + "-md sha256 -keyopt rsa_padding_mode:pss -keyopt rsa_pss_saltlen:32",
                    en: "the RSA-PSS parameters are \(parameters.summary) with digest \(SignerInfo.shortName(digest)); "
                        + "only \(PSSParameters.allowed.summary) with digest SHA256 is accepted; re-sign with "
                        + "-md sha256 -keyopt rsa_padding_mode:pss -keyopt rsa_pss_saltlen:32"))
        }
    }

    // RFC 5652 §5.3 makes content-type and message-digest mandatory with signed attributes; our CAdES-BES
    // profile adds signing-time (the time we validate the chain at). signing-certificate-v2 is optional, but
    // when present it must name the signer.
    private static func checkSignedAttributes(_ info: SignerInfo, signer: Certificate) throws(CryptoError) -> Date {
        var missing: [String] = []
        if info.count(of: NID_pkcs9_contentType) != 1 { missing.append("content-type") }
        if info.count(of: NID_pkcs9_messageDigest) != 1 { missing.append("message-digest") }
        let signingTime = info.signingTime
        if signingTime == nil { missing.append("signing-time") }
        guard missing.isEmpty, let signingTime else {
            throw CryptoError(
                .missingSignedAttributes,
                LocalizedText(
                    vi: "thuộc tính đã ký \(missing.joined(separator: ", ")) bị thiếu hoặc lặp lại; "
                        + "hãy ký theo CAdES-BES (openssl cms -sign -cades)",
                    en: "signed attribute(s) \(missing.joined(separator: ", ")) missing or repeated; "
                        + "sign with CAdES-BES (openssl cms -sign -cades)"))
        }
        if info.signingCertificateV2Matches(signer) == false {
            throw CryptoError(
                .missingSignedAttributes,
                LocalizedText(
                    vi: "thuộc tính signing-certificate-v2 không chỉ đúng chứng thư số của người ký",
                    en: "the signing-certificate-v2 attribute does not name the signer certificate"))
        }
        return signingTime
    }

    /// Verifies the signed attributes' signature and the content digest. No output BIO, and with a
    /// shell the content is read in place from `der[detached]` through a borrowing memory BIO that
    /// lives only inside this call (no copy of a 64 MB changeset).
    private static func verifySignature(
        _ message: CMSMessage, der: [UInt8], detached: Range<Int>?
    ) throws(CryptoError) {
        OpenSSLErrors.clear()
        // The chain is validated separately (at the signing time, roots only), so CMS_verify checks only
        // the signature and the message digest here.
        let flags = UInt32(CMS_BINARY | CMS_NO_SIGNER_CERT_VERIFY)
        let verified: Bool = der.withUnsafeBufferPointer { buffer in
            guard let detached else { return CMS_verify(message.pointer, nil, nil, nil, nil, flags) == 1 }
            guard let base = buffer.baseAddress, detached.upperBound <= buffer.count, detached.count <= Int(Int32.max),
                let bio = BIO_new_mem_buf(base + detached.lowerBound, Int32(detached.count))
            else { return false }
            defer { BIO_free(bio) }
            return CMS_verify(message.pointer, nil, nil, bio, nil, flags) == 1
        }
        guard verified else {
            throw OpenSSLErrors.error(
                .badSignature,
                LocalizedText(
                    vi: "chữ ký không khớp với nội dung đã ký; tập thay đổi đã bị sửa đổi hoặc bị hỏng",
                    en: "the signature does not match the signed content; the changeset was altered or corrupted")
            )
        }
    }

    private static func checkSignerRules(_ signer: Certificate) throws(CryptoError) {
        guard !signer.isCA else {
            throw CryptoError(
                .signerIsCA,
                LocalizedText(
                    vi:
                        "chứng thư số của người ký '\(signer.subject)' là chứng thư số của tổ chức cấp (CA); CA không được ký dữ liệu",
                    en: "the signer certificate '\(signer.subject)' is a CA certificate; CAs must not sign data"))
        }
        guard signer.hasDigitalSignatureUsage || signer.hasNonRepudiationUsage else {
            throw CryptoError(
                .wrongKeyUsage,
                LocalizedText(
                    vi:
                        "chứng thư số của người ký '\(signer.subject)' thiếu mục đích sử dụng khoá (keyUsage) digitalSignature hoặc nonRepudiation",
                    en: "the signer certificate '\(signer.subject)' lacks keyUsage digitalSignature or nonRepudiation"))
        }
    }
}
