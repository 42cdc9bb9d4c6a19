import Foundation

/// A C2SP `signed-note`: UTF-8 text ending in a newline, a blank line, then one line per signature,
/// `— <key name> <base64(4-byte key id ‖ signature)>`. The signatures cover the text including its
/// final newline. The core parses and assembles notes; the Ed25519 arithmetic is the crypto
/// target's (`Ed25519Key`), passed in as closures so this stays pure.
public struct SignedNote: Sendable, Hashable {
    public struct Signature: Sendable, Hashable {
        public var name: String
        public var keyID: [UInt8]
        public var signature: [UInt8]

        public init(name: String, keyID: [UInt8], signature: [UInt8]) {
            self.name = name
            self.keyID = keyID
            self.signature = signature
        }

        var line: String { "— \(name) " + Data(keyID + signature).base64EncodedString() }
    }

    public var text: String
    public var signatures: [Signature]

    /// Largest note read; a checkpoint with a few cosignatures is well under a kilobyte.
    public static let maxBytes = 64 * 1024
    /// Most signature lines read (as Go's sumdb/note).
    public static let maxSignatures = 100

    public init(text: String, signatures: [Signature]) {
        self.text = text
        self.signatures = signatures
    }

    /// The note as sent: the text, a blank line, the signature lines.
    public var serialized: String { text + "\n" + signatures.map { $0.line + "\n" }.joined() }

    /// Parses a note; the text must be non-empty, newline-terminated and hold no blank line.
    public static func parse(_ note: String) throws(CoreError) -> SignedNote {
        func fail(_ vi: String, _ en: String) -> CoreError {
            CoreError("bad_checkpoint", LocalizedText(vi: "ghi chú có chữ ký: \(vi)", en: "signed note: \(en)"))
        }
        guard note.utf8.count <= maxBytes else {
            throw fail("lớn hơn \(maxBytes) byte", "larger than \(maxBytes) bytes")
        }
        guard let split = note.range(of: "\n\n", options: .backwards) else {
            throw fail(
                "không có dòng trống giữa phần văn bản và các chữ ký",
                "no blank line between the text and the signatures")
        }
        let text = String(note[..<split.lowerBound]) + "\n"
        guard !text.contains("\n\n"), text.count > 1 else {
            throw fail("phần văn bản trống hoặc chứa một dòng trống", "the text is empty or holds a blank line")
        }
        let rest = note[split.upperBound...]
        guard rest.hasSuffix("\n") else {
            throw fail(
                "dòng chữ ký cuối cùng không kết thúc bằng ký tự xuống dòng",
                "the last signature line does not end with a newline")
        }
        var signatures: [Signature] = []
        for raw in rest.dropLast().split(separator: "\n", omittingEmptySubsequences: false) {
            guard raw.hasPrefix("— ") else {
                throw fail("có một dòng chữ ký không bắt đầu bằng '— '", "a signature line does not start with '— '")
            }
            let parts = raw.dropFirst(2).split(separator: " ", omittingEmptySubsequences: false)
            guard parts.count == 2, !parts[0].isEmpty, !parts[0].contains("+"),
                let blob = Data(base64Encoded: String(parts[1])), blob.count > 4
            else {
                throw fail(
                    "có một dòng chữ ký không có dạng '— NAME BASE64'", "a signature line is not '— NAME BASE64'")
            }
            signatures.append(
                Signature(name: String(parts[0]), keyID: [UInt8](blob.prefix(4)), signature: [UInt8](blob.dropFirst(4)))
            )
            guard signatures.count <= maxSignatures else {
                throw fail("có hơn \(maxSignatures) chữ ký", "more than \(maxSignatures) signatures")
            }
        }
        guard !signatures.isEmpty else { throw fail("không có chữ ký nào", "no signature") }
        return SignedNote(text: text, signatures: signatures)
    }

    /// The signatures by `key` that verify, by `verify(publicKey, message, signature)`. A line with
    /// the key's name and id whose signature does not verify makes the whole note invalid (C2SP).
    public func verifiedSignatures(
        by key: NoteVerifierKey, verify: (_ publicKey: [UInt8], _ message: [UInt8], _ signature: [UInt8]) -> Bool
    ) throws(CoreError) -> [Signature] {
        let mine = signatures.filter { $0.name == key.name && $0.keyID == key.keyID }
        for s in mine where !verify(key.publicKey, Array(text.utf8), s.signature) {
            throw CoreError(
                "log_inconsistent",
                LocalizedText(
                    vi: "chữ ký của \(key.name) trên ghi chú này không hợp lệ",
                    en: "the signature of \(key.name) on this note does not verify"))
        }
        return mine
    }
}

/// A C2SP verifier key, `<name>+<hex key id>+<base64(0x01 ‖ 32-byte Ed25519 key)>`: what the hub
/// publishes at `GET /v1/log/key` and what nodes and auditors keep.
public struct NoteVerifierKey: Sendable, Hashable {
    public static let ed25519Type: UInt8 = 0x01

    public var name: String
    public var publicKey: [UInt8]

    public init(name: String, publicKey: [UInt8]) {
        self.name = name
        self.publicKey = publicKey
    }

    /// SHA-256(name ‖ 0x0A ‖ 0x01 ‖ public key), first 4 bytes (the signed-note recommendation).
    public var keyID: [UInt8] { Array(SHA256.hash(Array(name.utf8) + [0x0A, Self.ed25519Type] + publicKey).prefix(4)) }

    public var text: String {
        name + "+" + keyID.map { String(format: "%02x", $0) }.joined() + "+"
            + Data([Self.ed25519Type] + publicKey).base64EncodedString()
    }

    public static func parse(_ text: String) throws(CoreError) -> NoteVerifierKey {
        func fail(_ vi: String, _ en: String) -> CoreError {
            CoreError("bad_checkpoint", LocalizedText(vi: "khoá kiểm tra: \(vi)", en: "verifier key: \(en)"))
        }
        // The name holds no '+'; the base64 key may, so split at the first two only.
        let parts = text.trimmingCharacters(in: .whitespacesAndNewlines).split(
            separator: "+", maxSplits: 2, omittingEmptySubsequences: false)
        guard parts.count == 3, !parts[0].isEmpty, parts[1].count == 8 else {
            throw fail("không có dạng NAME+KEYID+KEY", "not NAME+KEYID+KEY")
        }
        guard let blob = Data(base64Encoded: String(parts[2])), blob.count == 33, blob.first == ed25519Type else {
            throw fail(
                "khoá không phải khoá Ed25519 (loại 0x01 và dài 32 byte)",
                "the key is not an Ed25519 key (type 0x01 and 32 bytes)")
        }
        let key = NoteVerifierKey(name: String(parts[0]), publicKey: [UInt8](blob.dropFirst()))
        guard key.keyID.map({ String(format: "%02x", $0) }).joined() == parts[1] else {
            throw fail(
                "mã khoá \(parts[1]) không khớp với tên và khoá",
                "the key id \(parts[1]) does not match the name and key")
        }
        return key
    }
}
