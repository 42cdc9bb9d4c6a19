internal import COpenSSL
import DistrictSyncCore
import Foundation

/// A private key: immutable, owning one OpenSSL `EVP_PKEY` freed in `deinit`.
///
/// Nothing about the key's value is ever printed: `description`-like accessors only say what kind of key it is.
public final class PrivateKey: @unchecked Sendable {
    /// The owned `EVP_PKEY*`. Never mutated after `init`.
    let pointer: OpaquePointer

    init(owning key: OpaquePointer) {
        pointer = key
    }

    deinit { EVP_PKEY_free(pointer) }

    /// The kinds of key `generate` makes.
    public enum KeyKind: Sendable, Equatable {
        /// ECDSA on NIST P-256 (prime256v1): the default for officers.
        case ecP256
        /// RSA with the given modulus size; at least 2048 bits.
        case rsa(bits: Int)
    }

    /// The algorithm and size, e.g. "ECDSA P-256" or "RSA 3072".
    public var keyDescription: String { KeyInfo(pointer).description }

    /// Generates a new key.
    public static func generate(_ kind: KeyKind) throws(CryptoError) -> PrivateKey {
        OpenSSLErrors.clear()
        let key: OpaquePointer?
        switch kind {
        case .ecP256:
            key = shim_EVP_EC_gen_P256()
        case .rsa(let bits):
            guard (2048...16384).contains(bits) else {
                throw CryptoError(
                    .unsupportedAlgorithm,
                    LocalizedText(
                        vi: "khoá RSA phải dài từ 2048 đến 16384 bit, khoá này dài \(bits) bit",
                        en: "RSA keys must have 2048 to 16384 bits, got \(bits)"))
            }
            key = shim_EVP_RSA_gen(UInt32(bits))
        }
        guard let key else {
            throw OpenSSLErrors.error(
                .internalError, LocalizedText(vi: "tạo khoá không thành công", en: "key generation failed"))
        }
        return PrivateKey(owning: key)
    }

    /// The first line of an encrypted PKCS#8 PEM file, assembled so that this source file never
    /// contains a PEM private-key header (secret scanners look for that exact line).
    static let encryptedPEMHeader = "-----BEGIN " + "ENCRYPTED PRIVATE" + " KEY-----"

    /// A private key file that its group or others may read or write is refused (`key_permissions`),
    /// on the node and the hub alike, as OpenSSH refuses one: the passphrase is the only thing left
    /// between a copy of the file and the key, and a shared account or backup reads such files. The
    /// file is never changed: the message gives the `chmod` that fixes it. A symlink is judged by
    /// the file it points to.
    static func checkPermissions(_ path: String) throws(CryptoError) {
        let target = URL(fileURLWithPath: path).resolvingSymlinksInPath().path
        guard let mode = (try? FileManager.default.attributesOfItem(atPath: target))?[.posixPermissions] as? NSNumber
        else { return }  // unreadable: FileBytes.read reports it
        if mode.intValue & 0o077 != 0 {
            throw CryptoError(
                .keyPermissions,
                LocalizedText(
                    vi: "người dùng khác có thể đọc hoặc ghi khoá bí mật '\(path)' (chế độ "
                        + String(mode.intValue & 0o777, radix: 8) + "); hãy chạy `chmod 600 \(path)` rồi thử lại",
                    en: "the private key '\(path)' is readable or writable by other users (mode "
                        + String(mode.intValue & 0o777, radix: 8) + "); run `chmod 600 \(path)` and retry"))
        }
    }

    /// Loads a PEM private key: encrypted PKCS#8 (with `passphrase`) or unencrypted.
    ///
    /// A wrong or missing passphrase gives `wrong_passphrase` with a plain message and no OpenSSL detail.
    public static func load(path: String, passphrase: [UInt8]?) throws(CryptoError) -> PrivateKey {
        try checkPermissions(path)
        let bytes = try FileBytes.read(path, what: LocalizedText(vi: "tệp khoá", en: "key file"))
        let text = String(decoding: bytes.prefix(4096), as: UTF8.self)
        let encrypted = text.contains(Self.encryptedPEMHeader) || text.contains("Proc-Type: 4,ENCRYPTED")
        guard text.contains("PRIVATE KEY-----") else {
            throw CryptoError(
                .badKeyFile,
                LocalizedText(
                    vi: "'\(path)' không phải khoá bí mật PEM; cần '\(Self.encryptedPEMHeader)'",
                    en: "'\(path)' is not a PEM private key; expected '\(Self.encryptedPEMHeader)'"))
        }
        if encrypted && (passphrase?.isEmpty ?? true) {
            throw CryptoError(
                .wrongPassphrase,
                LocalizedText(
                    vi:
                        "khoá trong '\(path)' được mã hoá nhưng không có mật khẩu; hãy đặt DSYNC_KEY_PASSPHRASE hoặc nhập mật khẩu",
                    en:
                        "the key in '\(path)' is encrypted and no passphrase was given; set DSYNC_KEY_PASSPHRASE or pass one"
                ))
        }
        OpenSSLErrors.clear()
        let bio = try MemoryBIO(bytes)
        let box = Passphrase(passphrase ?? [])
        let key = withExtendedLifetime(box) {
            PEM_read_bio_PrivateKey(bio.pointer, nil, Passphrase.callback, Unmanaged.passUnretained(box).toOpaque())
        }
        guard let key else {
            if encrypted {
                throw OpenSSLErrors.quietError(
                    .wrongPassphrase,
                    LocalizedText(
                        vi: "mật khẩu của '\(path)' không đúng; hãy kiểm tra DSYNC_KEY_PASSPHRASE",
                        en: "the passphrase for '\(path)' is wrong; check DSYNC_KEY_PASSPHRASE"))
            }
            throw OpenSSLErrors.error(
                .badKeyFile,
                LocalizedText(
                    vi: "'\(path)' chứa một khối PEM không phải khoá bí mật đọc được",
                    en: "'\(path)' holds a PEM block that is not a readable private key"))
        }
        OpenSSLErrors.clear()
        return PrivateKey(owning: key)
    }

    /// Writes the key as AES-256-CBC encrypted PKCS#8 PEM to a NEW file created with mode 0600.
    ///
    /// The file is created by open(2) with O_CREAT|O_EXCL, so it is never world-readable, not even briefly,
    /// and an existing file is never overwritten.
    public func writeEncryptedPKCS8(path: String, passphrase: [UInt8]) throws(CryptoError) {
        guard !passphrase.isEmpty else {
            throw CryptoError(
                .wrongPassphrase,
                LocalizedText(
                    vi: "không ghi khoá bí mật với mật khẩu trống",
                    en: "refusing to write a private key with an empty passphrase"))
        }
        OpenSSLErrors.clear()
        let bio = try MemoryBIO()
        let written = passphrase.withUnsafeBufferPointer { pass in
            pass.withMemoryRebound(to: CChar.self) { chars in
                PEM_write_bio_PKCS8PrivateKey(
                    bio.pointer, pointer, EVP_aes_256_cbc(), chars.baseAddress, Int32(chars.count), nil, nil)
            }
        }
        guard written == 1 else {
            throw OpenSSLErrors.error(
                .internalError,
                LocalizedText(vi: "không mã hoá được khoá bí mật", en: "could not encrypt the private key"))
        }
        var pem = bio.bytes()
        defer { for index in pem.indices { pem[index] = 0 } }
        try Self.writeNewKeyFile(pem, path: path)
    }

    /// Writes key material to a NEW file made with mode 0600 (open(2) with O_CREAT|O_EXCL: never
    /// world-readable, not even briefly, and an existing file is never overwritten), then fsyncs it.
    static func writeNewKeyFile(_ pem: [UInt8], path: String) throws(CryptoError) {
        let fd = open(path, O_CREAT | O_EXCL | O_WRONLY | O_CLOEXEC, 0o600)
        guard fd >= 0 else {
            let reason = String(cString: strerror(errno))
            throw CryptoError(
                .ioError,
                LocalizedText(
                    vi: "không tạo được tệp khoá '\(path)': \(reason); tệp này phải chưa tồn tại",
                    en: "cannot create key file '\(path)': \(reason); it must not exist yet"))
        }
        defer { close(fd) }
        var offset = 0
        while offset < pem.count {
            let count = pem.withUnsafeBytes { raw in write(fd, raw.baseAddress.map { $0 + offset }, pem.count - offset)
            }
            guard count > 0 else {
                let reason = String(cString: strerror(errno))
                throw CryptoError(
                    .ioError,
                    LocalizedText(
                        vi: "không ghi được tệp khoá '\(path)': \(reason)",
                        en: "cannot write key file '\(path)': \(reason)"))
            }
            offset += count
        }
        guard fsync(fd) == 0 else {
            throw CryptoError(
                .ioError,
                LocalizedText(
                    vi: "không ghi hết được tệp khoá '\(path)' xuống đĩa: \(String(cString: strerror(errno)))",
                    en: "cannot flush key file '\(path)': \(String(cString: strerror(errno)))"))
        }
    }

    /// True when this key is the private half of `certificate`'s public key.
    public func matches(_ certificate: Certificate) -> Bool {
        let ok = X509_check_private_key(certificate.pointer, pointer) == 1
        OpenSSLErrors.clear()
        return ok
    }
}

/// Hands a passphrase to OpenSSL's PEM callback without a prompt, and without a C string copy we cannot wipe.
private final class Passphrase {
    let bytes: [UInt8]
    init(_ bytes: [UInt8]) { self.bytes = bytes }

    // pem_password_cb: copy at most `size` bytes into `buffer`; returning -1 makes OpenSSL fail instead of
    // prompting on the terminal.
    static let callback:
        @convention(c) (UnsafeMutablePointer<CChar>?, Int32, Int32, UnsafeMutableRawPointer?) ->
            Int32 = { buffer, size, _, context in
                guard let buffer, let context else { return -1 }
                let box = Unmanaged<Passphrase>.fromOpaque(context).takeUnretainedValue()
                guard !box.bytes.isEmpty, box.bytes.count <= Int(size) else { return -1 }
                box.bytes.withUnsafeBytes { raw in
                    if let base = raw.baseAddress {
                        UnsafeMutableRawPointer(buffer).copyMemory(from: base, byteCount: raw.count)
                    }
                }
                return Int32(box.bytes.count)
            }
}
