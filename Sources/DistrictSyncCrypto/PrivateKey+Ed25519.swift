internal import COpenSSL
import DistrictSyncCore
import Foundation

// Ed25519 (RFC 8032) through OpenSSL 3's EVP interface: the hub's transparency-log key signs
// checkpoints as C2SP signed notes. One-shot EVP_DigestSign/EVP_DigestVerify, since Ed25519 hashes
// the message itself (no separate digest).
extension PrivateKey {
    /// Generates a new Ed25519 key (for the transparency log, never for officers' CMS signatures).
    public static func generateEd25519() throws(CryptoError) -> PrivateKey {
        OpenSSLErrors.clear()
        guard let ctx = EVP_PKEY_CTX_new_id(EVP_PKEY_ED25519, nil) else {
            throw OpenSSLErrors.error(
                .internalError, LocalizedText(vi: "không tạo được ngữ cảnh khoá Ed25519", en: "Ed25519 key context"))
        }
        defer { EVP_PKEY_CTX_free(ctx) }
        var key: OpaquePointer?
        guard EVP_PKEY_keygen_init(ctx) == 1, EVP_PKEY_keygen(ctx, &key) == 1, let key else {
            throw OpenSSLErrors.error(
                .internalError,
                LocalizedText(vi: "tạo khoá Ed25519 không thành công", en: "Ed25519 key generation failed"))
        }
        return PrivateKey(owning: key)
    }

    /// Whether this is an Ed25519 key.
    public var isEd25519: Bool { EVP_PKEY_get_id(pointer) == EVP_PKEY_ED25519 }

    /// The 32-byte Ed25519 public key; nil for other key types.
    public var ed25519PublicKey: [UInt8]? {
        guard isEd25519 else { return nil }
        var length = 32
        var out = [UInt8](repeating: 0, count: 32)
        guard EVP_PKEY_get_raw_public_key(pointer, &out, &length) == 1, length == 32 else { return nil }
        return out
    }

    /// The Ed25519 signature (64 bytes) of `message`.
    public func signEd25519(_ message: [UInt8]) throws(CryptoError) -> [UInt8] {
        guard isEd25519 else {
            throw CryptoError(
                .unsupportedAlgorithm,
                LocalizedText(vi: "khoá nhật ký không phải khoá Ed25519", en: "the log key is not an Ed25519 key"))
        }
        OpenSSLErrors.clear()
        guard let ctx = EVP_MD_CTX_new() else {
            throw OpenSSLErrors.error(
                .internalError, LocalizedText(vi: "không tạo được ngữ cảnh băm", en: "digest context"))
        }
        defer { EVP_MD_CTX_free(ctx) }
        var signature = [UInt8](repeating: 0, count: 64)
        var length = 64
        guard EVP_DigestSignInit(ctx, nil, nil, nil, pointer) == 1,
            EVP_DigestSign(ctx, &signature, &length, message, message.count) == 1, length == 64
        else {
            throw OpenSSLErrors.error(
                .internalError, LocalizedText(vi: "ký Ed25519 không thành công", en: "Ed25519 signing failed"))
        }
        return signature
    }
}

/// Ed25519 verification with a raw public key (what a C2SP verifier key carries).
public enum Ed25519 {
    /// Whether `signature` is a valid Ed25519 signature of `message` by the 32-byte `publicKey`.
    public static func verify(publicKey: [UInt8], message: [UInt8], signature: [UInt8]) -> Bool {
        guard publicKey.count == 32, signature.count == 64 else { return false }
        defer { OpenSSLErrors.clear() }
        guard let key = EVP_PKEY_new_raw_public_key(EVP_PKEY_ED25519, nil, publicKey, 32) else { return false }
        defer { EVP_PKEY_free(key) }
        guard let ctx = EVP_MD_CTX_new() else { return false }
        defer { EVP_MD_CTX_free(ctx) }
        guard EVP_DigestVerifyInit(ctx, nil, nil, nil, key) == 1 else { return false }
        return EVP_DigestVerify(ctx, signature, signature.count, message, message.count) == 1
    }
}

extension PrivateKey {
    /// Writes the key as UNENCRYPTED PKCS#8 PEM to a NEW file created with mode 0600 (O_CREAT|O_EXCL):
    /// only for a node's witness key, which `node sync` uses unattended, like an SSH host key.
    public func writeUnencryptedPKCS8(path: String) throws(CryptoError) {
        OpenSSLErrors.clear()
        let bio = try MemoryBIO()
        guard PEM_write_bio_PKCS8PrivateKey(bio.pointer, pointer, nil, nil, 0, nil, nil) == 1 else {
            throw OpenSSLErrors.error(
                .internalError, LocalizedText(vi: "không ghi được khoá bí mật", en: "could not encode the private key"))
        }
        var pem = bio.bytes()
        defer { for index in pem.indices { pem[index] = 0 } }
        try Self.writeNewKeyFile(pem, path: path)
    }
}
