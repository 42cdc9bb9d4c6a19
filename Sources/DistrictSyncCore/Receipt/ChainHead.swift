/// The hub's statement of where a node's hash chain stands: the last accepted sequence and its
/// changeset id, and the newest clock in it. A replacement node (`dsync node init --resume-from-hub`)
/// continues from it.
///
/// Like `Receipt`, the hub signs the deterministic encoding as CMS with its own key; the decoder is
/// strict (magic, version, lengths, hex, no trailing bytes), so one head has exactly one encoding.
public struct ChainHead: Hashable, Sendable, Codable {
    public static let magic: [UInt8] = Array("DSYNCHD".utf8) + [0]
    public static let currentVersion: UInt16 = 1

    public var cityID: String
    public var district: String
    public var nodeID: String
    /// The last accepted sequence of the node (0: nothing accepted yet).
    public var sequence: UInt64
    /// SHA-256 (hex) of the last accepted changeset file: the next changeset's previous hash.
    public var hash: String
    /// The newest HLC the hub accepted from this node (raw value); a replacement's clock starts above it.
    public var hlcMax: UInt64
    /// The hub's clock when it issued this head, Unix milliseconds.
    public var hubTimeMillis: Int64
    public var hubID: String

    public init(
        cityID: String, district: String, nodeID: String, sequence: UInt64, hash: String, hlcMax: UInt64,
        hubTimeMillis: Int64, hubID: String
    ) {
        self.cityID = cityID
        self.district = district
        self.nodeID = nodeID
        self.sequence = sequence
        self.hash = hash
        self.hlcMax = hlcMax
        self.hubTimeMillis = hubTimeMillis
        self.hubID = hubID
    }

    /// The deterministic bytes the hub signs.
    public func encode() -> [UInt8] {
        var w = ByteWriter()
        w.raw(Self.magic)
        w.u16(Self.currentVersion)
        w.string(cityID)
        w.string(district)
        w.string(nodeID)
        w.u64(sequence)
        w.string(hash)
        w.u64(hlcMax)
        w.u64(UInt64(bitPattern: hubTimeMillis))
        w.string(hubID)
        return w.bytes
    }

    /// Decodes what `encode` wrote, refusing anything else.
    public static func decode(_ bytes: [UInt8]) throws(CoreError) -> ChainHead {
        var r = ByteReader(bytes)
        guard try r.fixed(magic.count, "chain head magic") == magic else {
            throw CoreError(
                "bad_chain_head",
                LocalizedText(
                    vi: "đây không phải đầu chuỗi DistrictSync (không bắt đầu bằng DSYNCHD); "
                        + "hãy tạo bằng `dsync hub head --node ID --out FILE`",
                    en: "this is not a DistrictSync chain head (it does not start with DSYNCHD); "
                        + "make one with `dsync hub head --node ID --out FILE`"))
        }
        let version = UInt16(try r.uint(2, "chain head version"))
        guard version == currentVersion else {
            throw CoreError(
                "bad_chain_head",
                LocalizedText(
                    vi: "phiên bản đầu chuỗi \(version) không được hỗ trợ; hãy nâng cấp dsync",
                    en: "chain head version \(version) is not supported; upgrade dsync"))
        }
        let city = try r.string("chain head city", max: 16)
        let district = try r.string("chain head district", max: 16)
        let node = try r.string("chain head node id", max: 64)
        let sequence = try r.uint(8, "chain head sequence")
        let hash = try r.string("chain head hash", max: 64)
        guard hash.utf8.count == 64, hash.utf8.allSatisfy({ (48...57).contains($0) || (97...102).contains($0) })
        else {
            throw CoreError(
                "bad_chain_head",
                LocalizedText(
                    vi: "mã băm của đầu chuỗi không phải 64 chữ số thập lục phân viết thường",
                    en: "the chain head's hash is not 64 lowercase hex digits"))
        }
        let hlc = try r.uint(8, "chain head clock")
        let time = Int64(bitPattern: try r.uint(8, "chain head time"))
        let hub = try r.string("chain head hub id", max: 128)
        guard r.remaining == 0 else {
            throw CoreError(
                "bad_chain_head",
                LocalizedText(
                    vi: "đầu chuỗi còn \(r.remaining) byte sau trường cuối cùng",
                    en: "the chain head has \(r.remaining) bytes after its last field"))
        }
        guard !node.isEmpty, !district.isEmpty else {
            throw CoreError(
                "bad_chain_head",
                LocalizedText(
                    vi: "đầu chuỗi không ghi mã nút hoặc mã quận", en: "the chain head names no node or no district"))
        }
        return ChainHead(
            cityID: city, district: district, nodeID: node, sequence: sequence, hash: hash, hlcMax: hlc,
            hubTimeMillis: time, hubID: hub)
    }
}
