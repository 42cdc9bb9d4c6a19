internal import COpenSSL
import Foundation

/// Read-only access to one borrowed `CMS_SignerInfo`: algorithms and signed attributes.
struct SignerInfo {
    let pointer: OpaquePointer

    /// (digest NID, signature NID) from the SignerInfo's AlgorithmIdentifiers.
    var algorithmNIDs: (digest: Int32, signature: Int32) {
        var digest: UnsafeMutablePointer<X509_ALGOR>?
        var signature: UnsafeMutablePointer<X509_ALGOR>?
        CMS_SignerInfo_get0_algs(pointer, nil, nil, &digest, &signature)
        return (Self.nid(digest), Self.nid(signature))
    }

    /// The RSASSA-PSS parameters of the signature algorithm, nil when absent or unreadable.
    var pssParameters: PSSParameters? {
        var signature: UnsafeMutablePointer<X509_ALGOR>?
        CMS_SignerInfo_get0_algs(pointer, nil, nil, nil, &signature)
        return signature.flatMap { PSSParameters(algorithm: $0) }
    }

    private static func nid(_ algorithm: UnsafeMutablePointer<X509_ALGOR>?) -> Int32 {
        guard let algorithm else { return NID_undef }
        var object: OpaquePointer?
        X509_ALGOR_get0(&object, nil, nil, algorithm)
        return OBJ_obj2nid(object)
    }

    static func shortName(_ nid: Int32) -> String {
        OBJ_nid2sn(nid).map { String(cString: $0) } ?? "NID \(nid)"
    }

    /// How many signed attributes of type `nid` are present.
    func count(of nid: Int32) -> Int {
        var count = 0
        var position: Int32 = -1
        while true {
            position = CMS_signed_get_attr_by_NID(pointer, nid, position)
            if position < 0 { return count }
            count += 1
        }
    }

    /// The signing-time attribute (exactly one, with one UTCTime or GeneralizedTime value), or nil.
    var signingTime: Date? {
        guard count(of: NID_pkcs9_signingTime) == 1 else { return nil }
        let index = CMS_signed_get_attr_by_NID(pointer, NID_pkcs9_signingTime, -1)
        guard let attribute = CMS_signed_get_attr(pointer, index), X509_ATTRIBUTE_count(attribute) == 1,
            let value = X509_ATTRIBUTE_get0_type(attribute, 0)
        else { return nil }
        switch value.pointee.type {
        case V_ASN1_UTCTIME: return ASN1Time.date(UnsafePointer(value.pointee.value.utctime))
        case V_ASN1_GENERALIZEDTIME: return ASN1Time.date(UnsafePointer(value.pointee.value.generalizedtime))
        default: return nil
        }
    }

    /// RFC 5035 signing-certificate-v2 when present: nil when absent, true when it names `signer`.
    func signingCertificateV2Matches(_ signer: Certificate) -> Bool? {
        guard count(of: NID_id_smime_aa_signingCertificateV2) > 0 else { return nil }
        guard count(of: NID_id_smime_aa_signingCertificateV2) == 1,
            let object = OBJ_nid2obj(NID_id_smime_aa_signingCertificateV2),
            let raw = CMS_signed_get0_data_by_OBJ(pointer, object, -3, V_ASN1_SEQUENCE)
        else { return false }
        let sequence = raw.assumingMemoryBound(to: ASN1_STRING.self)
        var cursor: UnsafePointer<UInt8>? = ASN1_STRING_get0_data(sequence)
        guard let parsed = d2i_ESS_SIGNING_CERT_V2(nil, &cursor, Int(ASN1_STRING_length(sequence))) else {
            OpenSSLErrors.clear()
            return false
        }
        defer { ESS_SIGNING_CERT_V2_free(parsed) }
        guard let chain = shim_sk_X509_new_null() else { return false }
        defer { shim_sk_X509_free(chain) }
        _ = shim_sk_X509_push(chain, signer.pointer)
        let ok = OSSL_ESS_check_signing_certs(nil, parsed, chain, 1) == 1
        OpenSSLErrors.clear()
        return ok
    }
}
