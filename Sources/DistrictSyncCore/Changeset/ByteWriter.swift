import Foundation  // memcmp

/// Appends big-endian integers, LEB128 varints and length-prefixed UTF-8 to a byte buffer.
struct ByteWriter {
    var bytes: [UInt8] = []

    mutating func u8(_ v: UInt8) { bytes.append(v) }
    mutating func u16(_ v: UInt16) { for s in [8, 0] { bytes.append(UInt8(truncatingIfNeeded: v >> UInt16(s))) } }
    mutating func u32(_ v: UInt32) {
        for s in stride(from: 24, through: 0, by: -8) { bytes.append(UInt8(truncatingIfNeeded: v >> UInt32(s))) }
    }
    mutating func u64(_ v: UInt64) {
        for s in stride(from: 56, through: 0, by: -8) { bytes.append(UInt8(truncatingIfNeeded: v >> UInt64(s))) }
    }
    mutating func varint(_ value: UInt64) {
        var v = value
        while v >= 0x80 {
            bytes.append(UInt8(truncatingIfNeeded: v) | 0x80)
            v >>= 7
        }
        bytes.append(UInt8(v))
    }
    mutating func zigzag(_ v: Int64) { varint(UInt64(bitPattern: (v << 1) ^ (v >> 63))) }
    mutating func string(_ s: String) {
        let utf8 = s.utf8
        varint(UInt64(utf8.count))
        bytes.append(contentsOf: utf8)
    }
    mutating func raw(_ b: [UInt8]) { bytes.append(contentsOf: b) }
}

/// Reads what `ByteWriter` writes, refusing to run past the end or past stated limits.
struct ByteReader {
    let bytes: [UInt8]
    var offset: Int

    init(_ bytes: [UInt8], offset: Int = 0) {
        self.bytes = bytes
        self.offset = offset
    }

    var remaining: Int { bytes.count - offset }

    static func truncated(_ what: String) -> CoreError {
        CoreError(
            "truncated",
            LocalizedText(
                vi:
                    "tập thay đổi kết thúc giữa chừng ở \(FieldLabel.vi(what)); tệp bị cắt cụt hoặc hỏng, hãy lấy lại tệp gốc",
                en: "the changeset ends inside the \(what); the file is truncated or corrupt"))
    }

    mutating func u8(_ what: String) throws(CoreError) -> UInt8 {
        guard offset < bytes.count else { throw Self.truncated(what) }
        defer { offset += 1 }
        return bytes[offset]
    }
    mutating func fixed(_ n: Int, _ what: String) throws(CoreError) -> [UInt8] {
        guard n >= 0, remaining >= n else { throw Self.truncated(what) }
        defer { offset += n }
        return Array(bytes[offset..<offset + n])
    }
    mutating func uint(_ n: Int, _ what: String) throws(CoreError) -> UInt64 {
        guard remaining >= n else { throw Self.truncated(what) }
        var v: UInt64 = 0
        for i in 0..<n { v = v << 8 | UInt64(bytes[offset + i]) }
        offset += n
        return v
    }
    mutating func varint(_ what: String) throws(CoreError) -> UInt64 {
        var result: UInt64 = 0
        var shift: UInt64 = 0
        while true {
            let b = try u8(what)
            if shift == 63 && b > 1 {
                throw CoreError(
                    "bad_payload",
                    LocalizedText(
                        vi: "số varint bị tràn ở \(FieldLabel.vi(what))", en: "varint overflow in the \(what)"))
            }
            result |= UInt64(b & 0x7f) << shift
            if b & 0x80 == 0 {
                // Canonical form only: a trailing zero byte would give two encodings of one value.
                if b == 0 && shift > 0 {
                    throw CoreError(
                        "bad_payload",
                        LocalizedText(
                            vi: "số varint ở \(FieldLabel.vi(what)) không ở dạng chuẩn",
                            en: "non-canonical varint in the \(what)"))
                }
                return result
            }
            shift += 7
            if shift > 63 {
                throw CoreError(
                    "bad_payload",
                    LocalizedText(
                        vi: "số varint ở \(FieldLabel.vi(what)) quá dài", en: "varint too long in the \(what)"))
            }
        }
    }
    mutating func zigzag(_ what: String) throws(CoreError) -> Int64 {
        let u = try varint(what)
        return Int64(bitPattern: u >> 1) ^ -Int64(bitPattern: u & 1)
    }
    mutating func string(_ what: String, max: Int) throws(CoreError) -> String {
        let n = try varint(what)
        guard n <= UInt64(max) else {
            throw CoreError(
                "bad_payload",
                LocalizedText(
                    vi: "\(FieldLabel.vi(what)) dài \(n) byte; giới hạn là \(max) byte",
                    en: "the \(what) is \(n) bytes; the limit is \(max)"))
        }
        guard remaining >= Int(n) else { throw Self.truncated(what) }
        // Straight from the buffer, no intermediate array (the decoder's hot path). String(decoding:) takes
        // the runtime's specialised UTF-8 path, where String(validating:) went through generic metadata
        // lookups (a third of a 10,000-change verify, BENCHMARKS.md); it repairs invalid input with
        // U+FFFD, so the result is valid UTF-8 exactly when its bytes are the input's.
        let decoded: String? = bytes.withUnsafeBufferPointer { buffer in
            let raw = UnsafeBufferPointer(rebasing: buffer[offset..<offset + Int(n)])
            var text = String(decoding: raw, as: UTF8.self)
            let intact = text.withUTF8 { decoded in
                guard decoded.count == raw.count else { return false }
                guard let a = decoded.baseAddress, let b = raw.baseAddress else { return true }
                return memcmp(a, b, raw.count) == 0
            }
            return intact ? text : nil
        }
        guard let s = decoded else {
            throw CoreError(
                "bad_payload",
                LocalizedText(
                    vi: "\(FieldLabel.vi(what)) không phải văn bản UTF-8 hợp lệ", en: "the \(what) is not valid UTF-8"))
        }
        offset += Int(n)
        return s
    }
}
