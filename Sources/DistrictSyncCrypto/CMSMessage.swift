internal import COpenSSL
import DistrictSyncCore

/// An owned, parsed `CMS_ContentInfo`. Internal: the public API speaks bytes and value types.
final class CMSMessage {
    let pointer: OpaquePointer

    private init(owning cms: OpaquePointer) {
        pointer = cms
    }

    deinit { CMS_ContentInfo_free(pointer) }

    /// Parses DER that must be exactly one SignedData ContentInfo with attached content and no trailing bytes.
    static func parse(der: [UInt8]) throws(CryptoError) -> CMSMessage {
        OpenSSLErrors.clear()
        let parsed: (OpaquePointer?, Int) = der.withUnsafeBufferPointer { buffer in
            guard let base = buffer.baseAddress else { return (nil, 0) }
            var cursor: UnsafePointer<UInt8>? = base
            let cms = d2i_CMS_ContentInfo(nil, &cursor, buffer.count)
            return (cms, cursor.map { $0 - base } ?? 0)
        }
        guard let cms = parsed.0 else {
            throw OpenSSLErrors.error(
                .malformedCMS,
                LocalizedText(
                    vi: "dữ liệu không phải một CMS ContentInfo dạng DER (RFC 5652)",
                    en: "the bytes are not a DER CMS ContentInfo (RFC 5652)"))
        }
        let message = CMSMessage(owning: cms)
        guard parsed.1 == der.count else {
            throw CryptoError(
                .trailingBytes,
                LocalizedText(
                    vi:
                        "có \(der.count - parsed.1) byte theo sau cấu trúc CMS (\(parsed.1) byte); một tập thay đổi đã ký "
                        + "phải đúng là một SignedData dạng DER",
                    en:
                        "\(der.count - parsed.1) bytes follow the CMS structure (\(parsed.1) bytes); a signed changeset "
                        + "must be exactly one DER SignedData"))
        }
        guard OBJ_obj2nid(CMS_get0_type(cms)) == NID_pkcs7_signed else {
            throw CryptoError(
                .malformedCMS,
                LocalizedText(vi: "CMS ContentInfo không phải SignedData", en: "the CMS ContentInfo is not SignedData"))
        }
        guard let content = CMS_get0_content(cms), content.pointee != nil else {
            throw CryptoError(
                .malformedCMS,
                LocalizedText(
                    vi: "SignedData không kèm nội dung; không chấp nhận chữ ký tách rời",
                    en: "the SignedData has no attached content; detached signatures are not accepted"))
        }
        return message
    }

    /// The attached content bytes (eContent), unverified.
    var content: [UInt8] {
        guard let slot = CMS_get0_content(pointer), let octets = slot.pointee,
            let data = ASN1_STRING_get0_data(octets)
        else { return [] }
        return Array(UnsafeBufferPointer(start: data, count: Int(ASN1_STRING_length(octets))))
    }

    /// The attached content's length in bytes, without copying it.
    var contentLength: Int {
        guard let slot = CMS_get0_content(pointer), let octets = slot.pointee else { return -1 }
        return Int(ASN1_STRING_length(octets))
    }

    /// The SignerInfo entries (borrowed).
    var signerInfos: [OpaquePointer] {
        guard let infos = CMS_get0_SignerInfos(pointer) else { return [] }
        return (0..<shim_sk_CMS_SignerInfo_num(infos)).compactMap { shim_sk_CMS_SignerInfo_value(infos, $0) }
    }

    /// Every certificate embedded in the SignedData.
    var certificates: [Certificate] {
        guard let stack = CMS_get1_certs(pointer) else { return [] }
        defer { shim_sk_X509_pop_free(stack) }
        return (0..<shim_sk_X509_num(stack)).compactMap { index in
            shim_sk_X509_value(stack, index).flatMap { try? Certificate(borrowing: $0) }
        }
    }

    /// The embedded certificate that `signerInfo` identifies (issuer+serial or subject key id), if any.
    func signerCertificate(of signerInfo: OpaquePointer, among embedded: [Certificate]) -> Certificate? {
        embedded.first { CMS_SignerInfo_cert_cmp(signerInfo, $0.pointer) == 0 }
    }
}
