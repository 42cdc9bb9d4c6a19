internal import COpenSSL
import DistrictSyncCore

/// PKCS#10 certificate signing requests, for `dsync node keygen` (signed by `scripts/pki-issue`).
public enum CertificateRequest {
    /// A PEM CSR for `key` with subject `CN=commonName, O=UBND TP.HCM, C=VN` (UTF-8) and, when `districtCode`
    /// is given, a subjectAltName request extension `URI:urn:districtsync:district:<code>`.
    ///
    /// The CA decides the final SAN (`pki-issue --district`); the request only documents what is asked for.
    public static func make(key: PrivateKey, commonName: String, districtCode: String?) throws(CryptoError) -> String {
        if let districtCode {
            guard !districtCode.isEmpty, districtCode.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber) })
            else {
                throw CryptoError(
                    .badCertificateFile,
                    LocalizedText(
                        vi: "mã quận '\(districtCode)' chỉ được gồm chữ cái và chữ số, ví dụ 760",
                        en: "district code '\(districtCode)' must be letters and digits, e.g. 760"))
            }
        }
        OpenSSLErrors.clear()
        guard let request = X509_REQ_new() else {
            throw OpenSSLErrors.error(
                .internalError,
                LocalizedText(
                    vi: "không cấp phát được yêu cầu cấp chứng thư số", en: "could not allocate a certificate request"))
        }
        defer { X509_REQ_free(request) }
        guard let name = X509_REQ_get_subject_name(request) else {
            throw OpenSSLErrors.error(
                .internalError,
                LocalizedText(
                    vi: "yêu cầu cấp chứng thư số không có chủ thể (subject)", en: "certificate request without subject"
                ))
        }
        for (field, value) in [("C", "VN"), ("O", "UBND TP.HCM"), ("CN", commonName)]
        where X509_NAME_add_entry_by_txt(name, field, MBSTRING_UTF8, value, -1, -1, 0) != 1 {
            throw OpenSSLErrors.error(
                .internalError,
                LocalizedText(
                    vi: "trường chủ thể \(field) '\(value)' không hợp lệ",
                    en: "the subject field \(field) '\(value)' is not acceptable"))
        }
        guard X509_REQ_set_version(request, 0) == 1, X509_REQ_set_pubkey(request, key.pointer) == 1 else {
            throw OpenSSLErrors.error(
                .internalError,
                LocalizedText(
                    vi: "không đưa được khoá công khai vào yêu cầu", en: "could not put the public key into the request"
                ))
        }
        if let districtCode {
            try addSubjectAltName(request, uri: Certificate.unitURIPrefix + districtCode)
        }
        guard X509_REQ_sign(request, key.pointer, EVP_sha256()) > 0 else {
            throw OpenSSLErrors.error(
                .internalError,
                LocalizedText(
                    vi: "không ký được yêu cầu cấp chứng thư số", en: "could not sign the certificate request"))
        }
        let bio = try MemoryBIO()
        guard PEM_write_bio_X509_REQ(bio.pointer, request) == 1 else {
            throw OpenSSLErrors.error(
                .internalError,
                LocalizedText(
                    vi: "không mã hoá được yêu cầu cấp chứng thư số", en: "could not encode the certificate request"))
        }
        return bio.string()
    }

    private static func addSubjectAltName(_ request: OpaquePointer, uri: String) throws(CryptoError) {
        guard let extensions = shim_sk_X509_EXTENSION_new_null() else {
            throw OpenSSLErrors.error(
                .internalError,
                LocalizedText(
                    vi: "không cấp phát được danh sách phần mở rộng", en: "could not allocate the extension list"))
        }
        defer { shim_sk_X509_EXTENSION_pop_free(extensions) }
        guard let san = X509V3_EXT_conf_nid(nil, nil, NID_subject_alt_name, "URI:" + uri) else {
            throw OpenSSLErrors.error(
                .internalError,
                LocalizedText(
                    vi: "không mã hoá được subjectAltName \(uri)", en: "could not encode subjectAltName \(uri)"))
        }
        guard shim_sk_X509_EXTENSION_push(extensions, san) > 0 else {
            X509_EXTENSION_free(san)
            throw OpenSSLErrors.error(
                .internalError, LocalizedText(vi: "không thêm được subjectAltName", en: "could not add subjectAltName"))
        }
        guard X509_REQ_add_extensions(request, extensions) == 1 else {
            throw OpenSSLErrors.error(
                .internalError,
                LocalizedText(
                    vi: "không thêm được các phần mở rộng của yêu cầu", en: "could not add the request extensions"))
        }
    }
}
