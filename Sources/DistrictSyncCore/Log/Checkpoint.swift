import Foundation

/// A C2SP `tlog-checkpoint` body: the log's origin, its size and its root, plus extension lines.
/// DistrictSync adds one extension line, `timestamp <unix milliseconds>`, so a reader can tell how
/// old a checkpoint is (threats C8, T7); it is covered by the signature like the rest.
public struct Checkpoint: Sendable, Hashable {
    public var origin: String
    public var size: UInt64
    public var root: MerkleTree.Hash
    /// When the hub signed it (Unix milliseconds), from the `timestamp` extension line.
    public var timestampMillis: Int64?
    /// Extension lines other than the timestamp, kept in order.
    public var otherExtensions: [String]

    public init(
        origin: String, size: UInt64, root: MerkleTree.Hash, timestampMillis: Int64?, otherExtensions: [String] = []
    ) {
        self.origin = origin
        self.size = size
        self.root = root
        self.timestampMillis = timestampMillis
        self.otherExtensions = otherExtensions
    }

    /// The body text the log key signs (every line ends with a newline).
    public var text: String {
        var lines = [origin, String(size), Data(root).base64EncodedString()]
        if let timestampMillis { lines.append("timestamp \(timestampMillis)") }
        lines += otherExtensions
        return lines.joined(separator: "\n") + "\n"
    }

    /// Parses a checkpoint body strictly: a non-empty origin, a decimal size without leading zeros,
    /// a 32-byte root in standard base64, and non-empty extension lines.
    public static func parse(_ text: String) throws(CoreError) -> Checkpoint {
        func fail(_ vi: String, _ en: String) -> CoreError {
            CoreError("bad_checkpoint", LocalizedText(vi: "điểm kiểm (checkpoint): \(vi)", en: "checkpoint: \(en)"))
        }
        guard text.hasSuffix("\n") else {
            throw fail("văn bản không kết thúc bằng ký tự xuống dòng", "the text does not end with a newline")
        }
        let lines = text.dropLast().split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        guard lines.count >= 3 else {
            throw fail("có ít hơn ba dòng (nguồn gốc, kích thước, gốc)", "fewer than three lines (origin, size, root)")
        }
        guard !lines[0].isEmpty else { throw fail("dòng nguồn gốc trống", "the origin line is empty") }
        guard let size = UInt64(lines[1]), String(size) == lines[1] else {
            throw fail(
                "kích thước '\(lines[1])' không phải số thập phân", "the size '\(lines[1])' is not a decimal number")
        }
        guard let root = Data(base64Encoded: lines[2]), root.count == 32, root.base64EncodedString() == lines[2]
        else { throw fail("gốc không phải 32 byte ở dạng base64 chuẩn", "the root is not 32 bytes in standard base64") }
        var timestamp: Int64?
        var others: [String] = []
        for line in lines.dropFirst(3) {
            guard !line.isEmpty else { throw fail("có một dòng mở rộng trống", "an empty extension line") }
            if line.hasPrefix("timestamp "), timestamp == nil, let t = Int64(line.dropFirst(10)), t >= 0 {
                timestamp = t
            } else {
                others.append(line)
            }
        }
        return Checkpoint(
            origin: lines[0], size: size, root: [UInt8](root), timestampMillis: timestamp, otherExtensions: others)
    }
}
