internal import COpenSSL
import DistrictSyncCore

/// Checks that bind the bytes OpenSSL does not authenticate: every bit of an accepted SignedData must be
/// either signed or canonical. Found by flipping every bit of a fixture (TamperTests): OpenSSL 3.0 accepts
/// BER-ish tags, any version numbers, any eContentType, a case-changed issuer name in the signer id, and a
/// signature algorithm whose hash disagrees with the digest algorithm.
enum StrictStructure {
    /// Returns where the eContent's bytes lie in `der` (canonical DER makes them OpenSSL's content).
    static func check(_ message: CMSMessage, der: [UInt8], signerInfo: OpaquePointer, signer: Certificate)
        throws(CryptoError) -> Range<Int>
    {
        // 1. DER only: re-encoding the parsed structure must give the input back byte for byte.
        var buffer: UnsafeMutablePointer<UInt8>?
        let length = i2d_CMS_ContentInfo(message.pointer, &buffer)
        defer { if let buffer { shim_OPENSSL_free(buffer) } }
        let same =
            Int(length) == der.count
            && der.withUnsafeBufferPointer { input in
                guard let base = input.baseAddress, let buffer else { return false }
                return CRYPTO_memcmp(base, buffer, der.count) == 0
            }
        guard length > 0, same else {
            throw CryptoError(
                .malformedCMS,
                LocalizedText(
                    vi: "SignedData không ở dạng DER chuẩn tắc", en: "the SignedData is not in canonical DER form"))
        }
        // 2. The content is plain data (RFC 5652 §5.2: id-data), in eContentType and in the content-type attribute.
        guard OBJ_obj2nid(CMS_get0_eContentType(message.pointer)) == NID_pkcs7_data else {
            throw CryptoError(
                .malformedCMS,
                LocalizedText(
                    vi: "kiểu nội dung đóng gói không phải id-data", en: "the encapsulated content type is not id-data")
            )
        }
        let attribute = CMS_signed_get0_data_by_OBJ(
            signerInfo, OBJ_nid2obj(NID_pkcs9_contentType), -3, V_ASN1_OBJECT)
        guard let attribute, OBJ_obj2nid(OpaquePointer(attribute)) == NID_pkcs7_data else {
            throw CryptoError(
                .missingSignedAttributes,
                LocalizedText(
                    vi: "thuộc tính content-type không phải id-data", en: "the content-type attribute is not id-data"))
        }
        // 3. The signer id names the certificate with exactly the certificate's own issuer encoding.
        var keyID: UnsafeMutablePointer<ASN1_OCTET_STRING>?
        var issuer: OpaquePointer?
        var serial: UnsafeMutablePointer<ASN1_INTEGER>?
        guard CMS_SignerInfo_get0_signer_id(signerInfo, &keyID, &issuer, &serial) == 1 else {
            throw OpenSSLErrors.error(
                .malformedCMS,
                LocalizedText(vi: "không đọc được định danh người ký", en: "the signer identifier cannot be read"))
        }
        if let issuer, encoded(issuer) != encoded(X509_get_issuer_name(signer.pointer)) {
            throw CryptoError(
                .noSignerCert,
                LocalizedText(
                    vi: "định danh người ký không khớp đúng với chứng thư số đính kèm",
                    en: "the signer identifier does not match the embedded certificate exactly"))
        }
        // 4. Versions (RFC 5652 §5.1, §5.3): 1 with issuerAndSerialNumber, 3 with subjectKeyIdentifier.
        let expected = keyID == nil ? 1 : 3
        guard let versions = DERVersions(der), versions.signedData == expected, versions.signerInfo == expected
        else {
            throw CryptoError(
                .malformedCMS,
                LocalizedText(
                    vi: "phiên bản của SignedData hoặc SignerInfo không phải \(expected)",
                    en: "the SignedData or SignerInfo version is not \(expected)"))
        }
        guard let content = versions.content, content.count == message.contentLength else {
            throw CryptoError(
                .malformedCMS,
                LocalizedText(
                    vi: "nội dung đóng gói không phải một OCTET STRING nguyên thuỷ duy nhất",
                    en: "the encapsulated content is not one primitive OCTET STRING"))
        }
        return content
    }

    private static func encoded(_ name: OpaquePointer?) -> [UInt8] {
        guard let name else { return [] }
        var buffer: UnsafeMutablePointer<UInt8>?
        let length = i2d_X509_NAME(name, &buffer)
        guard length > 0, let buffer else { return [] }
        defer { shim_OPENSSL_free(buffer) }
        return Array(UnsafeBufferPointer(start: buffer, count: Int(length)))
    }
}

/// The two version numbers OpenSSL does not expose, and where the eContent lies, read with a minimal
/// DER walk of ContentInfo → SignedData.
struct DERVersions {
    let signedData: Int
    let signerInfo: Int
    /// The eContent OCTET STRING's value as positions in the DER (nil when not a primitive OCTET STRING).
    let content: Range<Int>?

    init?(_ der: [UInt8]) {
        var reader = DERReader(der[...])
        guard let contentInfo = reader.next(), contentInfo.tag == 0x30 else { return nil }
        var inner = DERReader(contentInfo.value)
        _ = inner.next()  // contentType
        guard let explicit = inner.next(), explicit.tag == 0xa0 else { return nil }
        var wrapper = DERReader(explicit.value)
        guard let signedData = wrapper.next(), signedData.tag == 0x30 else { return nil }
        var fields = DERReader(signedData.value)
        guard let version = fields.next(), version.tag == 0x02, version.value.count == 1,
            let value = version.value.first
        else { return nil }
        _ = fields.next()  // digestAlgorithms
        var content: Range<Int>?
        if let encapsulated = fields.next(), encapsulated.tag == 0x30 {
            var encapsulatedFields = DERReader(encapsulated.value)
            _ = encapsulatedFields.next()  // eContentType
            if let explicitContent = encapsulatedFields.next(), explicitContent.tag == 0xa0 {
                var octets = DERReader(explicitContent.value)
                if let string = octets.next(), string.tag == 0x04, octets.next() == nil {
                    content = string.value.startIndex..<string.value.endIndex
                }
            }
        }
        var last: DERReader.Element?
        while let element = fields.next() { last = element }  // signerInfos is the last field
        guard let signerInfos = last, signerInfos.tag == 0x31 else { return nil }
        var infos = DERReader(signerInfos.value)
        guard let info = infos.next(), info.tag == 0x30 else { return nil }
        var infoFields = DERReader(info.value)
        guard let infoVersion = infoFields.next(), infoVersion.tag == 0x02, infoVersion.value.count == 1,
            let infoValue = infoVersion.value.first
        else { return nil }
        self.signedData = Int(value)
        self.signerInfo = Int(infoValue)
        self.content = content
    }
}

/// A minimal definite-length DER TLV iterator (single-byte tags), enough to find version fields.
struct DERReader {
    struct Element {
        let tag: UInt8
        let value: ArraySlice<UInt8>
    }

    private var bytes: ArraySlice<UInt8>

    init(_ bytes: ArraySlice<UInt8>) {
        self.bytes = bytes
    }

    mutating func next() -> Element? {
        guard let tag = bytes.first, bytes.count >= 2 else { return nil }
        var index = bytes.startIndex + 1
        let first = bytes[index]
        index += 1
        var length = 0
        if first < 0x80 {
            length = Int(first)
        } else {
            let count = Int(first & 0x7f)
            guard count >= 1, count <= 4, bytes.endIndex - index >= count else { return nil }
            for _ in 0..<count {
                length = length << 8 | Int(bytes[index])
                index += 1
            }
        }
        guard bytes.endIndex - index >= length else { return nil }
        let value = bytes[index..<(index + length)]
        bytes = bytes[(index + length)...]
        return Element(tag: tag, value: value)
    }
}
