internal import COpenSSL
import DistrictSyncCore

/// What a public or private key is, for the algorithm allow-list and for messages.
struct KeyInfo: CustomStringConvertible {
    enum Kind: Equatable {
        case rsa
        case ec(curve: String)
        case ed25519
        case other(String)
    }

    let kind: Kind
    let bits: Int

    init(_ key: OpaquePointer) {
        bits = Int(EVP_PKEY_get_bits(key))
        switch EVP_PKEY_get_base_id(key) {
        case EVP_PKEY_RSA, EVP_PKEY_RSA_PSS:
            kind = .rsa
        case EVP_PKEY_EC:
            var name = [CChar](repeating: 0, count: 80)
            var length = 0
            _ = EVP_PKEY_get_group_name(key, &name, name.count, &length)
            let curve = String(decoding: name.prefix(length).map { UInt8(bitPattern: $0) }, as: UTF8.self)
            kind = .ec(curve: curve)
        case EVP_PKEY_ED25519:
            kind = .ed25519
        case let id:
            kind = .other(OBJ_nid2sn(id).map { String(cString: $0) } ?? "NID \(id)")
        }
    }

    var description: String {
        switch kind {
        case .rsa: return "RSA \(bits)"
        case .ec(let curve): return curve == "prime256v1" ? "ECDSA P-256" : "ECDSA \(curve)"
        case .ed25519: return "Ed25519"
        case .other(let name): return name
        }
    }

    /// The allow-list of docs/domain "Signatures": RSA ≥ 2048 or ECDSA P-256. Nil when allowed, else why not.
    var refusal: LocalizedText? {
        switch kind {
        case .rsa where bits >= 2048: return nil
        case .rsa:
            return LocalizedText(
                vi: "khoá RSA \(bits) bit quá ngắn; khoá phải là RSA từ 2048 bit trở lên, hoặc ECDSA P-256",
                en: "RSA \(bits) is too short; keys must be RSA 2048 or longer, or ECDSA P-256")
        case .ec("prime256v1"): return nil
        default:
            return LocalizedText(
                vi: "không chấp nhận khoá \(description); hãy dùng ECDSA P-256 hoặc RSA từ 2048 bit trở lên",
                en: "\(description) keys are not accepted; use ECDSA P-256 or RSA 2048 or longer")
        }
    }
}
