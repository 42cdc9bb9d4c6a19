internal import COpenSSL

extension Certificate {
    /// The URI prefix of a district grant in subjectAltName: `urn:districtsync:district:<code>`.
    public static let districtURIPrefix = "urn:districtsync:district:"
    /// The URI prefix of a unit grant at any level: `urn:districtsync:unit:<code>` (issue 14); the
    /// district form stays accepted for certificates issued before.
    public static let unitURIPrefix = "urn:districtsync:unit:"

    /// True when basicConstraints says CA:TRUE (such a certificate must never sign changesets).
    public var isCA: Bool {
        X509_get_extension_flags(pointer) & UInt32(EXFLAG_CA) != 0
    }

    /// District codes granted by subjectAltName URIs `urn:districtsync:district:<code>`, in certificate order.
    public var districtCodes: [String] {
        uris.compactMap { uri in
            for prefix in [Self.unitURIPrefix, Self.districtURIPrefix] where uri.hasPrefix(prefix) {
                let code = String(uri.dropFirst(prefix.count))
                return code.isEmpty ? nil : code
            }
            return nil
        }
    }

    /// Every URI in subjectAltName.
    var uris: [String] {
        guard let raw = X509_get_ext_d2i(pointer, NID_subject_alt_name, nil, nil) else { return [] }
        let names = OpaquePointer(raw)
        defer { GENERAL_NAMES_free(names) }
        var result: [String] = []
        for index in 0..<shim_sk_GENERAL_NAME_num(names) {
            guard let name = shim_sk_GENERAL_NAME_value(names, index), name.pointee.type == GEN_URI,
                let uri = name.pointee.d.uniformResourceIdentifier,
                let data = ASN1_STRING_get0_data(uri)
            else { continue }
            let length = Int(ASN1_STRING_length(uri))
            result.append(String(decoding: UnsafeBufferPointer(start: data, count: length), as: UTF8.self))
        }
        return result
    }

    /// True when keyUsage is present and includes digitalSignature.
    public var hasDigitalSignatureUsage: Bool { hasKeyUsage(UInt32(KU_DIGITAL_SIGNATURE)) }

    /// True when extendedKeyUsage is present and includes serverAuth (the hub certificate's profile;
    /// officer certificates carry no EKU).
    public var hasServerAuthUsage: Bool {
        guard X509_get_extension_flags(pointer) & UInt32(EXFLAG_XKUSAGE) != 0 else { return false }
        return X509_get_extended_key_usage(pointer) & UInt32(XKU_SSL_SERVER) != 0
    }

    /// True when keyUsage is present and includes nonRepudiation (contentCommitment).
    public var hasNonRepudiationUsage: Bool { hasKeyUsage(UInt32(KU_NON_REPUDIATION)) }

    // An absent keyUsage extension means "any usage" in RFC 5280; our policy requires it to be explicit.
    private func hasKeyUsage(_ bit: UInt32) -> Bool {
        guard X509_get_extension_flags(pointer) & UInt32(EXFLAG_KUSAGE) != 0 else { return false }
        return X509_get_key_usage(pointer) & bit != 0
    }

    /// The public key's algorithm and size: "ECDSA P-256", "RSA 3072", "Ed25519".
    public var keyDescription: String {
        guard let key = X509_get0_pubkey(pointer) else { return "unknown" }
        return KeyInfo(key).description
    }

    /// True when this certificate's subject is the issuer of `other` and its key verifies `other`'s signature.
    func isIssuer(of other: Certificate) -> Bool {
        guard X509_NAME_cmp(X509_get_subject_name(pointer), X509_get_issuer_name(other.pointer)) == 0,
            let key = X509_get0_pubkey(pointer)
        else { return false }
        let ok = X509_verify(other.pointer, key) == 1
        OpenSSLErrors.clear()
        return ok
    }
}
