internal import COpenSSL
import DistrictSyncCore
import Foundation

/// Builds and validates the signer's chain with a fresh X509_STORE holding only the configured roots.
struct ChainValidator {
    let policy: VerificationPolicy
    let embedded: [Certificate]

    init(policy: VerificationPolicy, embedded: [Certificate]) {
        self.policy = policy
        self.embedded = embedded
    }

    /// The chain from `signer` to a root, valid at `time`; errors map OpenSSL's verify result to our codes.
    func validate(_ signer: Certificate, at time: Date) throws(CryptoError) -> [Certificate] {
        guard !policy.roots.isEmpty else {
            throw CryptoError(
                .unknownCA,
                LocalizedText(
                    vi: "chưa cấu hình chứng thư số gốc tin cậy nào; hãy thêm chứng thư số gốc của thành phố",
                    en: "no trusted roots are configured; add the city root certificate"))
        }
        OpenSSLErrors.clear()
        guard let store = X509_STORE_new() else {
            throw OpenSSLErrors.error(
                .internalError,
                LocalizedText(vi: "không cấp phát được kho chứng thư số", en: "could not allocate a certificate store"))
        }
        defer { X509_STORE_free(store) }
        for root in policy.roots { _ = X509_STORE_add_cert(store, root.pointer) }
        guard let untrusted = shim_sk_X509_new_null() else {
            throw OpenSSLErrors.error(
                .internalError,
                LocalizedText(
                    vi: "không cấp phát được danh sách chứng thư số", en: "could not allocate a certificate list"))
        }
        // Borrowed pointers: the Certificate objects outlive the stack, which is freed without X509_free.
        defer { shim_sk_X509_free(untrusted) }
        for certificate in policy.intermediates + embedded { _ = shim_sk_X509_push(untrusted, certificate.pointer) }
        guard let context = X509_STORE_CTX_new() else {
            throw OpenSSLErrors.error(
                .internalError,
                LocalizedText(
                    vi: "không cấp phát được ngữ cảnh kiểm tra", en: "could not allocate a verification context"))
        }
        defer { X509_STORE_CTX_free(context) }
        guard X509_STORE_CTX_init(context, store, signer.pointer, untrusted) == 1 else {
            throw OpenSSLErrors.error(
                .internalError,
                LocalizedText(
                    vi: "không bắt đầu được việc kiểm tra chuỗi chứng thư số", en: "could not start chain verification")
            )
        }
        // Any purpose, like `openssl cms -verify -purpose any`: officers carry no EKU; we check keyUsage ourselves.
        _ = X509_STORE_CTX_set_purpose(context, X509_PURPOSE_ANY)
        let parameters = X509_STORE_CTX_get0_param(context)
        X509_VERIFY_PARAM_set_time(parameters, time_t(time.timeIntervalSince1970.rounded(.down)))
        let result = withExtendedLifetime((policy, embedded, signer)) { X509_verify_cert(context) }
        guard result == 1 else {
            throw mapError(context, time: time)
        }
        guard let stack = X509_STORE_CTX_get1_chain(context) else {
            throw OpenSSLErrors.error(
                .internalError,
                LocalizedText(
                    vi: "không đọc được chuỗi chứng thư số đã kiểm tra", en: "the verified chain could not be read"))
        }
        defer { shim_sk_X509_pop_free(stack) }
        var chain: [Certificate] = []
        for index in 0..<shim_sk_X509_num(stack) {
            guard let x509 = shim_sk_X509_value(stack, index) else { continue }
            chain.append(try Certificate(borrowing: x509))
        }
        return chain
    }

    private func mapError(_ context: OpaquePointer, time: Date) -> CryptoError {
        let code = X509_STORE_CTX_get_error(context)
        let text = X509_verify_cert_error_string(Int(code)).map { String(cString: $0) } ?? "error \(code)"
        let subject = X509_STORE_CTX_get_current_cert(context).map { Certificate.nameString(X509_get_subject_name($0)) }
        let detail = [text, subject.map { "at '\($0)'" }, OpenSSLErrors.drain()].compactMap { $0 }
            .joined(separator: " ")
        let who = subject.map { "'\($0)'" } ?? "a certificate in the chain"
        let whoVi = subject.map { "chứng thư số '\($0)'" } ?? "một chứng thư số trong chuỗi"
        switch code {
        case X509_V_ERR_CERT_HAS_EXPIRED:
            return CryptoError(
                .certExpired,
                LocalizedText(
                    vi: "\(whoVi) đã hết hạn tại thời điểm ký \(time); hãy gia hạn (scripts/pki-renew)",
                    en: "\(who) had expired at the signing time \(time); renew it (scripts/pki-renew)"),
                openSSLDetail: detail)
        case X509_V_ERR_CERT_NOT_YET_VALID:
            return CryptoError(
                .certNotYetValid,
                LocalizedText(
                    vi: "\(whoVi) chưa có hiệu lực tại thời điểm ký \(time); hãy kiểm tra đồng hồ của nút",
                    en: "\(who) was not yet valid at the signing time \(time); check the node's clock"),
                openSSLDetail: detail)
        case X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT, X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT_LOCALLY,
            X509_V_ERR_UNABLE_TO_VERIFY_LEAF_SIGNATURE, X509_V_ERR_DEPTH_ZERO_SELF_SIGNED_CERT,
            X509_V_ERR_SELF_SIGNED_CERT_IN_CHAIN, X509_V_ERR_CERT_UNTRUSTED, X509_V_ERR_CERT_REJECTED:
            return CryptoError(
                .unknownCA,
                LocalizedText(
                    vi:
                        "chuỗi chứng thư số của người ký không dẫn tới chứng thư số gốc đã cấu hình; chứng thư số không do CA tin cậy cấp",
                    en:
                        "the signer's chain does not reach a configured root; the certificate was not issued by a trusted CA"
                ),
                openSSLDetail: detail)
        default:
            return CryptoError(
                .chainInvalid,
                LocalizedText(
                    vi: "chuỗi chứng thư số của người ký không hợp lệ: \(text)",
                    en: "the signer's certificate chain is invalid: \(text)"), openSSLDetail: detail)
        }
    }
}
