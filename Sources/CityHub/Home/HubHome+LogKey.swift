public import DistrictSyncCore
public import DistrictSyncCrypto
import Foundation

/// The transparency log's own Ed25519 key (docs/transparency.md): `HOME/log-key.pem`, encrypted
/// with the hub key's passphrase and written with mode 0600, and its public half as a C2SP verifier
/// key string in `HOME/log.vkey` (what `GET /v1/log/key` serves and auditors keep).
extension HubHome {
    public var logKeyPath: String { path + "/log-key.pem" }
    public var logVerifierKeyPath: String { path + "/log.vkey" }

    /// Loads the log key, making it first when the home has none (`hub init`, or an older hub on its
    /// first open with the passphrase). Nil without a passphrase: nothing can be signed then.
    public func logKey(passphrase: [UInt8]?, origin: String) throws -> PrivateKey? {
        guard let passphrase, !passphrase.isEmpty else { return nil }
        if FileManager.default.fileExists(atPath: logKeyPath) {
            let key = try PrivateKey.load(path: logKeyPath, passphrase: passphrase)
            guard key.isEd25519 else {
                throw HubError(
                    "bad_settings",
                    LocalizedText(
                        vi: "\(logKeyPath) không phải khóa Ed25519; chuyển tệp đi nơi khác để tạo khóa "
                            + "nhật ký mới",
                        en: "\(logKeyPath) is not an Ed25519 key; move it away to make a new log key"))
            }
            return key
        }
        let key = try PrivateKey.generateEd25519()
        try key.writeEncryptedPKCS8(path: logKeyPath, passphrase: passphrase)
        guard let publicKey = key.ed25519PublicKey else {
            throw HubError("internal_error", LocalizedText(vi: "khóa công khai Ed25519", en: "Ed25519 public key"))
        }
        try DurableFile.write(
            Array((NoteVerifierKey(name: origin, publicKey: publicKey).text + "\n").utf8), to: logVerifierKeyPath)
        return key
    }

    /// The published verifier key, or nil when the log key was never made.
    public func logVerifierKey() throws -> NoteVerifierKey? {
        guard let data = FileManager.default.contents(atPath: logVerifierKeyPath) else { return nil }
        do { return try NoteVerifierKey.parse(String(decoding: data, as: UTF8.self)) } catch {
            throw HubError(
                "bad_settings",
                error.text.map { "\(logVerifierKeyPath): \($0)" })
        }
    }
}
