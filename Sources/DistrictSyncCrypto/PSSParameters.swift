internal import COpenSSL

/// The RSASSA-PSS parameters of a signature AlgorithmIdentifier (RFC 4055 §3.1), and our allow-list.
///
/// RFC 4055 defaults (absent fields) are SHA-1, MGF1 with SHA-1 and a 20-byte salt; OpenSSL verifies
/// whatever the signer chose. We accept exactly one profile, the one `CMSSigner` makes and
/// `openssl cms -sign -keyopt rsa_padding_mode:pss` makes with `rsa_pss_saltlen:32` (or `:digest`):
/// SHA-256, MGF1 with SHA-256, salt length 32, trailer field 1. One profile keeps the audit simple and
/// rules out SHA-1 and zero-length salts, which make the signature deterministic.
struct PSSParameters: Equatable {
    let hash: Int32
    let maskGeneration: Int32
    let maskHash: Int32
    let saltLength: Int
    let trailerField: Int

    static let allowed = PSSParameters(
        hash: NID_sha256, maskGeneration: NID_mgf1, maskHash: NID_sha256, saltLength: 32, trailerField: 1)

    /// Decodes the parameters of a borrowed signature `X509_ALGOR`; nil when they are absent or unreadable.
    init?(algorithm: UnsafeMutablePointer<X509_ALGOR>) {
        var type: Int32 = 0
        var value: UnsafeRawPointer?
        X509_ALGOR_get0(nil, &type, &value, algorithm)
        guard type == V_ASN1_SEQUENCE, let value else { return nil }
        let sequence = value.assumingMemoryBound(to: ASN1_STRING.self)
        var cursor: UnsafePointer<UInt8>? = ASN1_STRING_get0_data(sequence)
        guard let parsed = d2i_RSA_PSS_PARAMS(nil, &cursor, Int(ASN1_STRING_length(sequence))) else {
            OpenSSLErrors.clear()
            return nil
        }
        defer { RSA_PSS_PARAMS_free(parsed) }
        let params = parsed.pointee
        hash = params.hashAlgorithm.map(Self.nid) ?? NID_sha1
        if let mgf = params.maskGenAlgorithm {
            maskGeneration = Self.nid(mgf)
            maskHash = Self.mgfHash(mgf) ?? NID_undef
        } else {
            maskGeneration = NID_mgf1
            maskHash = NID_sha1
        }
        saltLength = params.saltLength.map { Int(ASN1_INTEGER_get($0)) } ?? 20
        trailerField = params.trailerField.map { Int(ASN1_INTEGER_get($0)) } ?? 1
    }

    private init(hash: Int32, maskGeneration: Int32, maskHash: Int32, saltLength: Int, trailerField: Int) {
        self.hash = hash
        self.maskGeneration = maskGeneration
        self.maskHash = maskHash
        self.saltLength = saltLength
        self.trailerField = trailerField
    }

    private static func nid(_ algorithm: UnsafeMutablePointer<X509_ALGOR>) -> Int32 {
        var object: OpaquePointer?
        X509_ALGOR_get0(&object, nil, nil, algorithm)
        return OBJ_obj2nid(object)
    }

    /// MGF1's parameter is itself an AlgorithmIdentifier naming the mask hash.
    private static func mgfHash(_ mgf: UnsafeMutablePointer<X509_ALGOR>) -> Int32? {
        var type: Int32 = 0
        var value: UnsafeRawPointer?
        X509_ALGOR_get0(nil, &type, &value, mgf)
        guard type == V_ASN1_SEQUENCE, let value else { return nil }
        let sequence = value.assumingMemoryBound(to: ASN1_STRING.self)
        var cursor: UnsafePointer<UInt8>? = ASN1_STRING_get0_data(sequence)
        guard let inner = d2i_X509_ALGOR(nil, &cursor, Int(ASN1_STRING_length(sequence))) else {
            OpenSSLErrors.clear()
            return nil
        }
        defer { X509_ALGOR_free(inner) }
        return nid(inner)
    }

    /// "hash sha256, mgf1 with sha256, salt 32, trailer 1".
    var summary: String {
        let mgf =
            maskGeneration == NID_mgf1
            ? "mgf1 with \(SignerInfo.shortName(maskHash))" : SignerInfo.shortName(maskGeneration)
        return "hash \(SignerInfo.shortName(hash)), \(mgf), salt \(saltLength), trailer \(trailerField)"
    }
}
