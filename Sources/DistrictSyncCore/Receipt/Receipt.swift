/// The hub's promise about one changeset: which changeset, from whom, what the hub decided and when.
///
/// The hub signs the encoded receipt as CMS SignedData with its own key; a node verifies the CMS and
/// then decodes it here. The encoding is deterministic (fixed field order, length-prefixed UTF-8,
/// big-endian integers) and the decoder is strict: wrong magic, unknown version, truncation, trailing
/// bytes, over-long fields or an unknown outcome are refused, so one receipt has exactly one encoding.
public struct Receipt: Hashable, Sendable, Codable {
    /// What the hub did with the changeset.
    public enum Outcome: String, Sendable, Codable, CaseIterable {
        /// Merged into the city tables now.
        case accepted
    }

    public static let magic: [UInt8] = Array("DSYNCRC".utf8) + [0]
    public static let currentVersion: UInt16 = 1

    /// SHA-256 (hex) of the exact signed changeset file.
    public var changesetID: String
    public var district: String
    public var nodeID: String
    public var sequence: UInt64
    public var outcome: Outcome
    /// The hub's clock when it decided, Unix milliseconds.
    public var hubTimeMillis: Int64
    /// Which hub issued the receipt.
    public var hubID: String

    public init(
        changesetID: String, district: String, nodeID: String, sequence: UInt64, outcome: Outcome,
        hubTimeMillis: Int64, hubID: String
    ) {
        self.changesetID = changesetID
        self.district = district
        self.nodeID = nodeID
        self.sequence = sequence
        self.outcome = outcome
        self.hubTimeMillis = hubTimeMillis
        self.hubID = hubID
    }

    /// The deterministic bytes the hub signs.
    public func encode() -> [UInt8] {
        var w = ByteWriter()
        w.raw(Self.magic)
        w.u16(Self.currentVersion)
        w.string(changesetID)
        w.string(district)
        w.string(nodeID)
        w.u64(sequence)
        w.string(outcome.rawValue)
        w.u64(UInt64(bitPattern: hubTimeMillis))
        w.string(hubID)
        return w.bytes
    }

    /// Decodes what `encode` wrote, refusing anything else.
    public static func decode(_ bytes: [UInt8]) throws(CoreError) -> Receipt {
        var r = ByteReader(bytes)
        guard try r.fixed(magic.count, "receipt magic") == magic else {
            throw CoreError(
                "bad_receipt",
                LocalizedText(
                    vi: "đây không phải biên nhận DistrictSync (không bắt đầu bằng DSYNCRC)",
                    en: "this is not a DistrictSync receipt (it does not start with DSYNCRC)"))
        }
        let version = UInt16(try r.uint(2, "receipt version"))
        guard version == currentVersion else {
            throw CoreError(
                "bad_receipt",
                LocalizedText(
                    vi: "phiên bản biên nhận \(version) không được hỗ trợ; hãy nâng cấp dsync",
                    en: "receipt version \(version) is not supported; upgrade dsync"))
        }
        let id = try r.string("receipt changeset id", max: 64)
        guard id.utf8.count == 64, id.utf8.allSatisfy({ (48...57).contains($0) || (97...102).contains($0) }) else {
            throw CoreError(
                "bad_receipt",
                LocalizedText(
                    vi: "mã tập thay đổi trong biên nhận không phải 64 chữ số thập lục phân viết thường",
                    en: "the receipt's changeset id is not 64 lowercase hex digits"))
        }
        let district = try r.string("receipt district", max: 16)
        let node = try r.string("receipt node id", max: 64)
        let sequence = try r.uint(8, "receipt sequence")
        let rawOutcome = try r.string("receipt outcome", max: 32)
        guard let outcome = Outcome(rawValue: rawOutcome) else {
            throw CoreError(
                "bad_receipt",
                LocalizedText(
                    vi: "kết quả '\(rawOutcome)' trong biên nhận không được hỗ trợ",
                    en: "the receipt's outcome '\(rawOutcome)' is unknown"))
        }
        let time = Int64(bitPattern: try r.uint(8, "receipt time"))
        let hub = try r.string("receipt hub id", max: 128)
        guard r.remaining == 0 else {
            throw CoreError(
                "bad_receipt",
                LocalizedText(
                    vi: "biên nhận còn \(r.remaining) byte sau trường cuối cùng",
                    en: "the receipt has \(r.remaining) bytes after its last field"))
        }
        return Receipt(
            changesetID: id, district: district, nodeID: node, sequence: sequence, outcome: outcome,
            hubTimeMillis: time, hubID: hub)
    }
}
