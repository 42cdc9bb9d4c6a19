internal import Deflate

/// Reads a changeset content's changes one at a time, checking each exactly as strictly as the whole
/// decoder does (it *is* the decoder: `ChangesetCodec.decode` collects what this yields).
///
/// The content is borrowed, never copied; a DEFLATE payload is inflated in pieces into a window of
/// a few MiB, so memory does not grow with the changeset. The current change's key and text values
/// are byte ranges in `withBytes`'s buffer, valid until the next call to `next()`.
///
/// `next()` returns false only after the last change *and* the closing checks passed: no bytes after
/// the last change, the payload as long as declared, the header's per-table counts and clock range
/// equal to the changes'. A consumer that writes as it reads must therefore finish the loop before
/// it commits anything.
public final class ChangeStream {
    /// One field of the current change. `kind` 0 is NULL, 1 an integer (`int`), 2 text (`start`,
    /// `count` in the bytes of `withBytes`).
    public struct Field: Sendable {
        public let column: Int
        public let kind: UInt8
        public let int: Int64
        public let start: Int
        public private(set) var count = 0
    }

    public let header: ChangesetHeader

    /// The current change (valid after `next()` returned true).
    public private(set) var table: SyncedTable = .officers
    public private(set) var operation: Change.Operation = .upsert
    public private(set) var hlc = HLCTimestamp.zero
    public private(set) var keyStart = 0
    public private(set) var keyCount = 0
    public private(set) var fields: [Field] = []
    /// 0-based index of the current change.
    public private(set) var index = -1
    /// How many changes the payload announces.
    public private(set) var count = 0

    private let content: ArraySlice<UInt8>
    private let storedStart: Int  // offset of the stored payload from content.startIndex
    private let inflater: Inflater?
    private var window: [UInt8] = []
    private var windowEnd = 0
    /// Parse position: an offset from content.startIndex (raw) or into `window` (DEFLATE).
    private var position: Int
    private var end: Int
    private var finished = false
    private var previousHLC: Int64 = 0
    private var tally = [(upserts: UInt32, deletes: UInt32)](repeating: (0, 0), count: 256)
    private var lowest = HLCTimestamp(rawValue: .max)
    private var highest = HLCTimestamp.zero
    private var needing = ""
    /// Whether each value is checked against its column's `ValueDomain` (the hub's entry: values a
    /// node never writes are refused with `out_of_range` / `unknown_value`).
    private let checkingValues: Bool

    static let windowSize = 1 << 20
    /// A change is at most a few hundred KiB (every text ≤ 64 KiB, ≤ 32 columns); the window may grow to this.
    static let maxWindow = 8 << 20

    /// Reads the header and the change count; throws what the whole decoder would for them.
    /// With `checkingValues`, every value is also checked against its column's `ValueDomain`.
    public init(content: ArraySlice<UInt8>, checkingValues: Bool = false) throws(CoreError) {
        self.content = content
        self.checkingValues = checkingValues
        let prefix = Array(content.prefix(ChangesetCodec.magic.count + 6 + 4096))
        let (header, payloadOffset) = try ChangesetCodec.readHeader(prefix)
        self.header = header
        storedStart = payloadOffset
        let storedCount = content.count - payloadOffset
        guard UInt64(storedCount) == header.storedPayloadLength else {
            if UInt64(storedCount) < header.storedPayloadLength { throw ByteReader.truncated("payload") }
            throw CoreError(
                "trailing_bytes",
                LocalizedText(
                    vi:
                        "nội dung còn \(UInt64(storedCount) - header.storedPayloadLength) byte sau phần dữ liệu đã khai báo",
                    en:
                        "the content has \(UInt64(storedCount) - header.storedPayloadLength) bytes after the declared payload"
                ))
        }
        guard header.payloadLength <= UInt64(ChangesetCodec.maxPayloadBytes) else {
            throw CoreError(
                "too_large",
                LocalizedText(
                    vi:
                        "phần dữ liệu khai báo \(header.payloadLength) byte; giới hạn là \(ChangesetCodec.maxPayloadBytes) byte",
                    en:
                        "the payload declares \(header.payloadLength) bytes; the limit is \(ChangesetCodec.maxPayloadBytes)"
                ))
        }
        switch header.payloadEncoding {
        case .raw:
            guard UInt64(storedCount) == header.payloadLength else {
                throw CoreError(
                    "header_mismatch",
                    LocalizedText(
                        vi: "độ dài phần dữ liệu chưa nén không khớp với phần đầu",
                        en: "raw payload length disagrees with the header"))
            }
            inflater = nil
            position = payloadOffset
            end = content.count
        case .deflate:
            // DEFLATE cannot expand more than 1032:1 (zlib technical notes), so a larger claim is a lie;
            // refusing it here keeps a tiny file from making the inflater run for the claimed size.
            guard header.payloadLength <= header.storedPayloadLength * ChangesetCodec.maxDeflateRatio + 64 else {
                throw CoreError(
                    "too_large",
                    LocalizedText(
                        vi:
                            "phần dữ liệu khai báo \(header.payloadLength) byte nhưng \(header.storedPayloadLength) byte đã nén "
                            + "không thể giải nén ra nhiều như vậy",
                        en:
                            "the payload declares \(header.payloadLength) bytes but \(header.storedPayloadLength) compressed "
                            + "bytes cannot inflate to that much"))
            }
            do {
                inflater = try Inflater(limit: Int(header.payloadLength))
            } catch {
                throw CoreError(
                    "bad_payload",
                    LocalizedText(
                        vi: "không giải nén được phần dữ liệu: \(error)",
                        en: "the compressed payload does not inflate: \(error)"))
            }
            window = [UInt8](repeating: 0, count: min(Self.windowSize, Int(header.payloadLength) + 1))
            position = 0
            end = 0
        }
        var announced: UInt64?
        while true {
            var cursor = position
            let limit = end
            announced = try withBytes { b throws(CoreError) in try Self.varint(b, &cursor, limit, "change count") }
            if announced != nil {
                position = cursor
                break
            }
            guard try refill() else { throw ByteReader.truncated("change count") }
        }
        // Each change takes at least 5 bytes, so a count beyond that is a lie, not a reason to allocate.
        guard let announced, announced <= header.payloadLength / 5 + 1 else {
            throw CoreError(
                "header_mismatch",
                LocalizedText(
                    vi: "phần dữ liệu khai báo \(announced ?? 0) thay đổi trong \(header.payloadLength) byte",
                    en: "the payload claims \(announced ?? 0) changes in \(header.payloadLength) bytes"))
        }
        count = Int(announced)
    }

    /// Bytes of inflated payload held in memory (the window; 0 for an uncompressed payload, read in place).
    public var bufferedBytes: Int { window.count }

    /// Calls `body` with the buffer the current change's byte ranges refer to.
    public func withBytes<R, E: Error>(_ body: (UnsafeRawBufferPointer) throws(E) -> R) throws(E) -> R {
        let result: Result<R, E>
        if inflater == nil {
            result = content.withUnsafeBytes { b in Result { () throws(E) -> R in try body(b) } }
        } else {
            result = window.withUnsafeBytes { b in Result { () throws(E) -> R in try body(b) } }
        }
        return try result.get()
    }

    /// `withBytes` for callers in other modules (not generic, so nothing is looked up per call).
    public func withCurrentBytes(_ body: (UnsafeRawBufferPointer) throws -> Void) throws {
        if inflater == nil {
            try content.withUnsafeBytes { try body($0) }
        } else {
            try window.withUnsafeBytes { try body($0) }
        }
    }

    /// Moves to the next change; false after the last one, once the closing checks passed.
    public func next() throws(CoreError) -> Bool {
        if finished { return false }
        if index + 1 == count {
            try close()
            finished = true
            return false
        }
        while true {
            let start = position
            let limit = end
            let stop = try withBytes { b throws(CoreError) in try parse(b, start, limit) }
            if stop >= 0 {
                position = stop
                index += 1
                let t = Int(table.rawValue)
                if operation == .upsert { tally[t].upserts &+= 1 } else { tally[t].deletes &+= 1 }
                if hlc < lowest { lowest = hlc }
                if hlc > highest { highest = hlc }
                return true
            }
            guard try refill() else { throw ByteReader.truncated(needing) }
        }
    }

    /// The current change as a value (allocates its strings).
    public func change() -> Change {
        withBytes { b in
            let key = String(
                decoding: UnsafeRawBufferPointer(rebasing: b[keyStart..<keyStart + keyCount]), as: UTF8.self)
            let values = fields.map { f in
                FieldChange(column: f.column, value: Self.value(f, in: b))
            }
            return Change(table: table, key: key, operation: operation, orderedFields: values, hlc: hlc)
        }
    }

    /// A field's value (allocates a `String` for text).
    public static func value(_ f: Field, in b: UnsafeRawBufferPointer) -> FieldValue {
        switch f.kind {
        case 1: .int(f.int)
        case 2: .text(String(decoding: UnsafeRawBufferPointer(rebasing: b[f.start..<f.start + f.count]), as: UTF8.self))
        default: .null
        }
    }

    // MARK: Reading

    /// Inflates more bytes into the window, keeping the unread part; false when there are none.
    private func refill() throws(CoreError) -> Bool {
        guard let inflater, !inflater.finished else { return false }
        if position > 0 {
            let keep = end - position
            window.withUnsafeMutableBytes { w in
                guard let base = w.baseAddress else { return }
                base.copyMemory(from: base + position, byteCount: keep)
            }
            end = keep
            position = 0
        }
        if end == window.count {
            guard window.count < Self.maxWindow else {
                throw CoreError(
                    "bad_payload",
                    LocalizedText(
                        vi: "thay đổi số \(index + 2) dài quá \(Self.maxWindow) byte",
                        en: "change #\(index + 2) is longer than \(Self.maxWindow) bytes"))
            }
            window.append(contentsOf: repeatElement(0, count: window.count))
        }
        let from = storedStart
        let limit = end
        let outcome: Result<Int, Deflate.Failure> = content.withUnsafeBytes { c in
            window.withUnsafeMutableBytes { w in
                Result { () throws(Deflate.Failure) -> Int in
                    try inflater.inflate(
                        from: UnsafeRawBufferPointer(rebasing: c[from...]),
                        into: UnsafeMutableRawBufferPointer(rebasing: w[limit...]))
                }
            }
        }
        let written: Int
        do {
            written = try outcome.get()
        } catch {
            throw CoreError(
                "bad_payload",
                LocalizedText(
                    vi: "không giải nén được phần dữ liệu: \(error)",
                    en: "the compressed payload does not inflate: \(error)"))
        }
        end += written
        return written > 0 || end > position
    }

    /// After the last change: nothing left over, the declared length, the header's counts and clocks.
    private func close() throws(CoreError) {
        var extra = end - position
        if let inflater {
            while !inflater.finished {
                position = end
                guard try refill() else { break }
                extra += end - position
            }
            if extra == 0 && UInt64(inflater.produced) != header.payloadLength {
                throw CoreError(
                    "bad_payload",
                    LocalizedText(
                        vi: "không giải nén được phần dữ liệu: phần dữ liệu dài \(inflater.produced) byte, phần đầu "
                            + "khai báo \(header.payloadLength) byte",
                        en: "the compressed payload does not inflate: payload is \(inflater.produced) bytes, header "
                            + "declares \(header.payloadLength)"))
            }
        }
        guard extra == 0 else {
            throw CoreError(
                "trailing_bytes",
                LocalizedText(
                    vi: "phần dữ liệu còn \(extra) byte sau thay đổi cuối cùng",
                    en: "the payload has \(extra) bytes after its last change"))
        }
        for t in SyncedTable.allCases {
            let declared = header.counts.first { $0.table == t }
            let actual = tally[Int(t.rawValue)]
            guard (declared?.upserts ?? 0) == actual.upserts, (declared?.deletes ?? 0) == actual.deletes else {
                throw CoreError(
                    "header_mismatch",
                    LocalizedText(
                        vi:
                            "phần đầu đếm \(declared?.upserts ?? 0)+\(declared?.deletes ?? 0) thay đổi cho bảng \(t.name); "
                            + "phần dữ liệu có \(actual.upserts)+\(actual.deletes)",
                        en:
                            "the header counts \(declared?.upserts ?? 0)+\(declared?.deletes ?? 0) changes to \(t.name); "
                            + "the payload has \(actual.upserts)+\(actual.deletes)"))
            }
        }
        if count > 0 {
            guard header.hlcMin == lowest, header.hlcMax == highest else {
                throw CoreError(
                    "header_mismatch",
                    LocalizedText(
                        vi: "khoảng đồng hồ trong phần đầu không khớp với các thay đổi",
                        en: "the header's clock range disagrees with the changes"))
            }
        }
    }

    /// Parses one change starting at `start`; returns where it ends, or -1 when the bytes run out
    /// before it does (`needing` then names what was cut).
    private func parse(_ b: UnsafeRawBufferPointer, _ start: Int, _ end: Int) throws(CoreError) -> Int {
        let number = index + 2  // 1-based number of the change being read
        var p = start
        guard p + 2 <= end else {
            needing = p < end ? "change operation" : "change table"
            return -1
        }
        guard let table = SyncedTable(rawValue: b[p]) else {
            throw CoreError(
                "unknown_table",
                LocalizedText(
                    vi: "thay đổi số \(number) ghi bảng số \(b[p]), bảng này không tồn tại",
                    en: "change #\(number) names unknown table #\(b[p])"))
        }
        guard table.exists(inSchema: header.schemaVersion) else {
            throw CoreError(
                "unknown_table",
                LocalizedText(
                    vi:
                        "thay đổi số \(number) ghi bảng \(table.name), bảng này không có trong lược đồ phiên bản \(header.schemaVersion)",
                    en:
                        "change #\(number) names table \(table.name), which schema version \(header.schemaVersion) does not have"
                )
            )
        }
        guard let operation = Change.Operation(rawValue: b[p + 1]) else {
            throw CoreError(
                "bad_payload",
                LocalizedText(
                    vi: "thay đổi số \(number) có thao tác \(b[p + 1]) không được hỗ trợ",
                    en: "change #\(number) has unknown operation \(b[p + 1])"))
        }
        p += 2
        guard let keyLength = try Self.varint(b, &p, end, "record key") else { return needMore("record key") }
        guard keyLength <= UInt64(ChangesetRules.maxKeyBytes) else {
            throw CoreError(
                "bad_payload",
                LocalizedText(
                    vi: "khoá bản ghi dài \(keyLength) byte; giới hạn là \(ChangesetRules.maxKeyBytes) byte",
                    en: "the record key is \(keyLength) bytes; the limit is \(ChangesetRules.maxKeyBytes)"))
        }
        guard end - p >= Int(keyLength) else { return needMore("record key") }
        let keyStart = p
        let key = UnsafeRawBufferPointer(rebasing: b[p..<p + Int(keyLength)])
        p += Int(keyLength)
        guard let delta = try Self.varint(b, &p, end, "change clock") else { return needMore("change clock") }
        guard let fieldCount = try Self.varint(b, &p, end, "field count") else { return needMore("field count") }
        // Validate only what is complete: a key cut by the window end is re-read whole after a refill.
        if keyLength == 0 {
            throw CoreError(
                "bad_payload",
                LocalizedText(
                    vi: "thay đổi số \(number) có khoá bản ghi trống", en: "change #\(number) has an empty key"))
        }
        try TextBytes.check(key, what: "record key")
        try ChangesetRules.checkFieldCount(fieldCount, operation: operation, table: table, change: number - 1)
        let columns = table.columns
        fields.removeAll(keepingCapacity: true)
        var last = -1
        for _ in 0..<Int(fieldCount) {
            guard p + 2 <= end else { return needMore(p < end ? "value tag" : "column index") }
            let column = Int(b[p])
            try ChangesetRules.checkColumn(column, after: last, table: table, change: number - 1)
            last = column
            let tag = b[p + 1]
            p += 2
            switch (tag, columns[column].type) {
            case (0, _):
                fields.append(Field(column: column, kind: 0, int: 0, start: 0, count: 0))
            case (1, .int):
                guard let raw = try Self.varint(b, &p, end, "integer value") else { return needMore("integer value") }
                let value = Int64(bitPattern: raw >> 1) ^ -Int64(bitPattern: raw & 1)
                if checkingValues { try ValueDomain.check(int: value, table: table, column: column, change: number) }
                fields.append(Field(column: column, kind: 1, int: value, start: 0, count: 0))
            case (2, .text):
                guard let length = try Self.varint(b, &p, end, "text value") else { return needMore("text value") }
                guard length <= UInt64(ChangesetRules.maxTextBytes) else {
                    throw CoreError(
                        "bad_payload",
                        LocalizedText(
                            vi: "giá trị văn bản dài \(length) byte; giới hạn là \(ChangesetRules.maxTextBytes) byte",
                            en: "the text value is \(length) bytes; the limit is \(ChangesetRules.maxTextBytes)"))
                }
                guard end - p >= Int(length) else { return needMore("text value") }
                let text = UnsafeRawBufferPointer(rebasing: b[p..<p + Int(length)])
                try TextBytes.check(text, what: "text value")
                if checkingValues { try ValueDomain.check(text: text, table: table, column: column, change: number) }
                fields.append(Field(column: column, kind: 2, int: 0, start: p, count: Int(length)))
                p += Int(length)
            default:
                throw CoreError(
                    "bad_column",
                    LocalizedText(
                        vi: "thay đổi số \(number) ghi cho cột \(columns[column].name) một giá trị sai kiểu",
                        en: "change #\(number) gives column \(columns[column].name) a value of the wrong type"))
            }
        }
        let zig = Int64(bitPattern: delta >> 1) ^ -Int64(bitPattern: delta & 1)
        previousHLC = previousHLC &+ zig
        self.table = table
        self.operation = operation
        self.keyStart = keyStart
        self.keyCount = Int(keyLength)
        self.hlc = HLCTimestamp(rawValue: UInt64(bitPattern: previousHLC))
        return p
    }

    private func needMore(_ what: String) -> Int {
        needing = what
        return -1
    }

    /// A canonical LEB128 varint, or nil when the bytes end inside it.
    @inline(__always)
    static func varint(_ b: UnsafeRawBufferPointer, _ p: inout Int, _ end: Int, _ what: String) throws(CoreError)
        -> UInt64?
    {
        var result: UInt64 = 0
        var shift: UInt64 = 0
        var i = p
        while true {
            guard i < end else { return nil }
            let byte = b[i]
            i += 1
            if shift == 63 && byte > 1 {
                throw CoreError(
                    "bad_payload",
                    LocalizedText(
                        vi: "số varint bị tràn ở \(FieldLabel.vi(what))", en: "varint overflow in the \(what)"))
            }
            result |= UInt64(byte & 0x7f) << shift
            if byte & 0x80 == 0 {
                // Canonical form only: a trailing zero byte would give two encodings of one value.
                if byte == 0 && shift > 0 {
                    throw CoreError(
                        "bad_payload",
                        LocalizedText(
                            vi: "số varint ở \(FieldLabel.vi(what)) không ở dạng chuẩn",
                            en: "non-canonical varint in the \(what)"))
                }
                p = i
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
}
