import Foundation

/// A C2SP `tlog-cosignature` verifier key (Ed25519 `cosignature/v1`, key type 0x04): what a node's
/// witness key is known by. Key id = SHA-256(name ‖ 0x0A ‖ 0x04 ‖ public key)[:4].
public struct CosignatureKey: Sendable, Hashable {
    public static let cosignatureType: UInt8 = 0x04

    public var name: String
    public var publicKey: [UInt8]

    public init(name: String, publicKey: [UInt8]) {
        self.name = name
        self.publicKey = publicKey
    }

    public var keyID: [UInt8] {
        Array(SHA256.hash(Array(name.utf8) + [0x0A, Self.cosignatureType] + publicKey).prefix(4))
    }

    /// `<name>+<hex key id>+<base64(0x04 ‖ key)>`.
    public var text: String {
        name + "+" + keyID.map { String(format: "%02x", $0) }.joined() + "+"
            + Data([Self.cosignatureType] + publicKey).base64EncodedString()
    }

    /// The witness name of a node: `districtsync/<city>/witness/<district>/<first 8 of node id>`.
    public static func witnessName(city: String, district: String, nodeID: String) -> String {
        "districtsync/\(city)/witness/\(district)/\(nodeID.prefix(8))"
    }

    public static func parse(_ text: String) throws(CoreError) -> CosignatureKey {
        func fail(_ vi: String, _ en: String) -> CoreError {
            CoreError("bad_cosignature", LocalizedText(vi: "khoá nhân chứng: \(vi)", en: "witness key: \(en)"))
        }
        let parts = text.trimmingCharacters(in: .whitespacesAndNewlines).split(
            separator: "+", maxSplits: 2, omittingEmptySubsequences: false)
        guard parts.count == 3, !parts[0].isEmpty, parts[1].count == 8 else {
            throw fail("không có dạng NAME+KEYID+KEY", "not NAME+KEYID+KEY")
        }
        guard let blob = Data(base64Encoded: String(parts[2])), blob.count == 33, blob.first == cosignatureType else {
            throw fail(
                "khoá không phải khoá cosignature/v1 (loại 0x04 và dài 32 byte)",
                "the key is not a cosignature/v1 key (type 0x04 and 32 bytes)")
        }
        let key = CosignatureKey(name: String(parts[0]), publicKey: [UInt8](blob.dropFirst()))
        guard key.keyID.map({ String(format: "%02x", $0) }).joined() == parts[1] else {
            throw fail("mã khoá \(parts[1]) không khớp với tên và khoá", "the key id \(parts[1]) does not match")
        }
        return key
    }
}

/// One C2SP `cosignature/v1` over a checkpoint: the signed message is
/// `"cosignature/v1\ntime <unix seconds>\n"` followed by the checkpoint's note text; the signature
/// line is `— <name> base64(key id ‖ 8-byte big-endian time ‖ 64-byte signature)`.
public struct Cosignature: Sendable, Hashable {
    public var name: String
    public var keyID: [UInt8]
    public var time: UInt64
    public var signature: [UInt8]

    public init(name: String, keyID: [UInt8], time: UInt64, signature: [UInt8]) {
        self.name = name
        self.keyID = keyID
        self.time = time
        self.signature = signature
    }

    /// Longest signature line read.
    public static let maxLineBytes = 1024

    /// What the witness signs over `checkpointText` (the note's text, ending in a newline).
    public static func message(time: UInt64, checkpointText: String) -> [UInt8] {
        Array("cosignature/v1\ntime \(time)\n".utf8) + Array(checkpointText.utf8)
    }

    public var line: String {
        var blob = keyID
        for s in stride(from: 56, through: 0, by: -8) { blob.append(UInt8(truncatingIfNeeded: time >> UInt64(s))) }
        return "— \(name) " + Data(blob + signature).base64EncodedString()
    }

    /// Parses one signature line (without its newline).
    public static func parse(line: String) throws(CoreError) -> Cosignature {
        let fail = CoreError(
            "bad_cosignature",
            LocalizedText(
                vi: "dòng chữ ký đồng ký không có dạng '— TÊN BASE64(mã khoá ‖ thời điểm 8 byte ‖ chữ ký 64 byte)'",
                en: "the cosignature line is not '— NAME BASE64(key id ‖ 8-byte time ‖ 64-byte signature)'"))
        guard line.utf8.count <= maxLineBytes, line.hasPrefix("— ") else { throw fail }
        let parts = line.dropFirst(2).split(separator: " ", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, !parts[0].contains("+"),
            let blob = Data(base64Encoded: String(parts[1])), blob.count == 4 + 8 + 64
        else { throw fail }
        let bytes = [UInt8](blob)
        let time = bytes[4..<12].reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
        return Cosignature(
            name: String(parts[0]), keyID: Array(bytes[0..<4]), time: time, signature: Array(bytes[12...]))
    }

    /// Whether this is by `key` (name and key id) and verifies over `checkpointText`.
    public func verifies(
        by key: CosignatureKey, checkpointText: String,
        verify: (_ publicKey: [UInt8], _ message: [UInt8], _ signature: [UInt8]) -> Bool
    ) -> Bool {
        name == key.name && keyID == key.keyID
            && verify(key.publicKey, Self.message(time: time, checkpointText: checkpointText), signature)
    }
}

/// What an officer signs (CMS, like a changeset) to bind a node's witness key to a district: the
/// deterministic encoding `DSYNCWB` 0x00, u16 version, then the city, district, node id and the
/// witness verifier key text. The hub and auditors take the district from the signer's certificate
/// (or enrollment) and require it to equal the one named here.
public struct WitnessBinding: Sendable, Hashable {
    public static let magic: [UInt8] = Array("DSYNCWB".utf8) + [0]
    public static let currentVersion: UInt16 = 1
    /// Largest binding file read (a CMS SignedData with a certificate chain).
    public static let maxBytes = 64 * 1024

    public var cityID: String
    public var district: String
    public var nodeID: String
    public var vkey: String

    public init(cityID: String, district: String, nodeID: String, vkey: String) {
        self.cityID = cityID
        self.district = district
        self.nodeID = nodeID
        self.vkey = vkey
    }

    public func encode() -> [UInt8] {
        var w = ByteWriter()
        w.raw(Self.magic)
        w.u16(Self.currentVersion)
        w.string(cityID)
        w.string(district)
        w.string(nodeID)
        w.string(vkey)
        return w.bytes
    }

    public static func decode(_ bytes: [UInt8]) throws(CoreError) -> WitnessBinding {
        func fail(_ vi: String, _ en: String) -> CoreError {
            CoreError("bad_cosignature", LocalizedText(vi: "ràng buộc nhân chứng: \(vi)", en: "witness binding: \(en)"))
        }
        var r = ByteReader(bytes)
        guard (try? r.fixed(magic.count, "binding magic")) == magic else {
            throw fail("không bắt đầu bằng DSYNCWB", "it does not start with DSYNCWB")
        }
        let version = UInt16(try r.uint(2, "binding version"))
        guard version == currentVersion else {
            throw fail("phiên bản \(version) không được hỗ trợ", "version \(version) is not supported")
        }
        let binding = WitnessBinding(
            cityID: try r.string("binding city", max: 16), district: try r.string("binding district", max: 16),
            nodeID: try r.string("binding node id", max: 64), vkey: try r.string("binding key", max: 512))
        guard r.remaining == 0 else { throw fail("có byte thừa ở cuối", "trailing bytes") }
        return binding
    }
}
