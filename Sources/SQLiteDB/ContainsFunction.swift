internal import CSQLite

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// `dsync_contains(needle, haystack1, haystack2, …)`: 1 when the UTF-8 bytes of `needle` occur in
/// any haystack, else 0; NULL when `needle` is NULL (NULL haystacks never match). An SQL function
/// registered on every connection (deterministic and innocuous).
///
/// It is what `instr(h, n) > 0` answers for text (a substring of valid UTF-8 bytes is a substring
/// of its characters), at a fraction of the cost: `instr` counts characters on the way and compares
/// at every position, where this looks for the first byte with `memchr` and compares only there.
/// The node's enterprise search runs it over every row of its list (issue 15, item 7).
public enum ContainsFunction {
    /// The SQL function's name.
    public static let functionName = "dsync_contains"

    /// Whether `needle` occurs in `haystack` (byte-wise), as the SQL function decides it.
    static func occurs(_ needle: UnsafeRawBufferPointer, in haystack: UnsafeRawBufferPointer) -> Bool {
        let n = needle.count
        if n == 0 { return true }
        guard haystack.count >= n, let h = haystack.baseAddress, let p = needle.baseAddress else { return false }
        let first = Int32(p.load(as: UInt8.self))
        var start = h
        let lastStart = h + (haystack.count - n)
        while start <= lastStart {
            guard let hit = memchr(start, first, lastStart - start + 1) else { return false }
            if memcmp(hit, p, n) == 0 { return true }
            start = UnsafeRawPointer(hit) + 1
        }
        return false
    }

    static func register(_ handle: OpaquePointer) -> Int32 {
        sqlite3_create_function_v2(
            handle, functionName, -1, SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS, nil,
            { context, argc, argv in
                guard argc >= 1, let argv, sqlite3_value_type(argv[0]) != SQLITE_NULL else {
                    sqlite3_result_null(context)
                    return
                }
                // sqlite3_value_text first, then sqlite3_value_bytes: the byte count of that text.
                let needleBase = UnsafeRawPointer(sqlite3_value_text(argv[0]))
                let needle = UnsafeRawBufferPointer(start: needleBase, count: Int(sqlite3_value_bytes(argv[0])))
                var found = false
                for i in 1..<Int(max(argc, 1)) where !found {
                    let value = argv[i]
                    if sqlite3_value_type(value) == SQLITE_NULL { continue }
                    let base = UnsafeRawPointer(sqlite3_value_text(value))
                    let haystack = UnsafeRawBufferPointer(start: base, count: Int(sqlite3_value_bytes(value)))
                    found = ContainsFunction.occurs(needle, in: haystack)
                }
                sqlite3_result_int(context, found ? 1 : 0)
            }, nil, nil, nil)
    }
}
