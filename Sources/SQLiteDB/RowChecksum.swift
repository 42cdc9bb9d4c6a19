internal import CSQLite

/// `dsync_row_check(v1, v2, …)`: a 64-bit checksum of its arguments' types and exact values, an SQL
/// function registered on every connection (deterministic and innocuous, so it may appear in
/// schema-free statements, triggers and migrations).
///
/// The hub stores it beside every city row and recomputes it on read, so a flipped bit in a row is
/// an error instead of a silently different city state (issue 12, Build 4). It guards against
/// accidental damage, not against someone who can write the file (they can recompute it): it is a
/// fast non-cryptographic hash, 8 bytes at a time, so the merge pays well under a microsecond a row.
public enum RowChecksum {
    /// The SQL function's name.
    public static let functionName = "dsync_row_check"

    /// The checksum of values, the same as the SQL function computes over the same arguments.
    public static func of(_ values: [SQLValue]) -> Int64 {
        var h = Hasher64()
        for value in values {
            switch value {
            case .null: h.add(tag: 0, length: 0)
            case .integer(let v):
                h.add(tag: 1, length: 8)
                h.add(word: UInt64(bitPattern: v))
            case .real(let v):
                h.add(tag: 2, length: 8)
                h.add(word: v.bitPattern)
            case .text(let s):
                var s = s
                s.withUTF8 { h.add(tag: 3, bytes: UnsafeRawBufferPointer($0)) }
            case .blob(let b):
                b.withUnsafeBytes { h.add(tag: 4, bytes: $0) }
            }
        }
        return Int64(bitPattern: h.finish())
    }

    static func register(_ handle: OpaquePointer) -> Int32 {
        sqlite3_create_function_v2(
            handle, functionName, -1, SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS, nil,
            { context, argc, argv in
                var h = Hasher64()
                for i in 0..<Int(argc) {
                    let value = argv?[i]
                    switch sqlite3_value_type(value) {
                    case SQLITE_INTEGER:
                        h.add(tag: 1, length: 8)
                        h.add(word: UInt64(bitPattern: sqlite3_value_int64(value)))
                    case SQLITE_FLOAT:
                        h.add(tag: 2, length: 8)
                        h.add(word: sqlite3_value_double(value).bitPattern)
                    case SQLITE_TEXT:
                        let base = UnsafeRawPointer(sqlite3_value_text(value))
                        let count = Int(sqlite3_value_bytes(value))
                        h.add(tag: 3, bytes: UnsafeRawBufferPointer(start: count > 0 ? base : nil, count: count))
                    case SQLITE_BLOB:
                        let base = sqlite3_value_blob(value)
                        let count = Int(sqlite3_value_bytes(value))
                        h.add(tag: 4, bytes: UnsafeRawBufferPointer(start: count > 0 ? base : nil, count: count))
                    default:
                        h.add(tag: 0, length: 0)
                    }
                }
                sqlite3_result_int64(context, Int64(bitPattern: h.finish()))
            }, nil, nil, nil)
    }
}

/// A small multiply–xorshift hash over 64-bit words (every byte and every length counts).
struct Hasher64 {
    private var state: UInt64 = 0x9E37_79B9_7F4A_7C15

    @inline(__always)
    mutating func add(word: UInt64) {
        state = (state ^ word) &* 0xBF58_476D_1CE4_E5B9
        state ^= state >> 31
    }

    @inline(__always)
    mutating func add(tag: UInt64, length: Int) {
        add(word: tag << 56 | UInt64(length))
    }

    mutating func add(tag: UInt64, bytes: UnsafeRawBufferPointer) {
        add(tag: tag, length: bytes.count)
        var i = 0
        let n = bytes.count
        while i + 8 <= n {
            add(word: UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: i, as: UInt64.self)))
            i += 8
        }
        if i < n {
            var last: UInt64 = 0
            var shift: UInt64 = 0
            while i < n {
                last |= UInt64(bytes[i]) << shift
                shift += 8
                i += 1
            }
            add(word: last)
        }
    }

    func finish() -> UInt64 {
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
