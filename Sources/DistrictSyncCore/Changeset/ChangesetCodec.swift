internal import Deflate

/// The deterministic binary encoding of a changeset's signed content (docs/changeset-format.md).
///
/// Layout: magic `DSYNCCS` + 0x00, u16 format version, u32 header length, the header, then the
/// payload (raw or raw-DEFLATE). Same header and changes → same bytes. The decoder is strict: it
/// refuses unknown versions, truncation, trailing bytes, non-canonical varints, unknown tables and
/// columns, unsorted or repeated columns, and any header field that disagrees with the payload.
public enum ChangesetCodec {
    public static let magic: [UInt8] = Array("DSYNCCS".utf8) + [0]
    /// Upper bound on a decoded payload; a header announcing more is refused before inflating.
    public static let maxPayloadBytes = 512 * 1024 * 1024
    static let maxKeyBytes = ChangesetRules.maxKeyBytes
    static let maxDeflateRatio: UInt64 = 1032
    static let maxTextBytes = ChangesetRules.maxTextBytes

    /// A decoded changeset content.
    public struct Decoded: Sendable {
        public let header: ChangesetHeader
        public let changes: [Change]
    }

    /// Encodes `changes` under `header`, filling in counts, HLC range and payload lengths.
    ///
    /// Throws a `CoreError` with the decoder's code for anything `decode` would refuse (an empty or
    /// over-long key, a delete with fields, unsorted or repeated columns, a value of the wrong type,
    /// over-long or non-NFC text, over-long header strings), so a node never signs an undecodable changeset.
    public static func encode(header: ChangesetHeader, changes: [Change]) throws -> [UInt8] {
        try ChangesetRules.checkHeader(header)
        guard changes.count <= Int(UInt32.max) else {
            throw CoreError(
                "too_large",
                LocalizedText(
                    vi: "\(changes.count) thay đổi không thể nằm trong một tập thay đổi; hãy chia thành nhiều lần ghi",
                    en: "\(changes.count) changes do not fit one changeset; split them"))
        }
        var header = header
        var payload = ByteWriter()
        payload.bytes.reserveCapacity(changes.count * 160)
        var counts: [SyncedTable: (UInt32, UInt32)] = [:]
        var previousHLC: Int64 = 0
        var hlcMin = HLCTimestamp(rawValue: .max)
        var hlcMax = HLCTimestamp.zero
        payload.varint(UInt64(changes.count))
        for (index, change) in changes.enumerated() {
            try ChangesetRules.check(change, index: index)
            payload.u8(change.table.rawValue)
            payload.u8(change.operation.rawValue)
            payload.string(change.key)
            // HLCs are delta-coded against the previous change: consecutive edits share most bits.
            let hlc = Int64(bitPattern: change.hlc.rawValue)
            payload.zigzag(hlc &- previousHLC)
            previousHLC = hlc
            hlcMin = min(hlcMin, change.hlc)
            hlcMax = max(hlcMax, change.hlc)
            payload.varint(UInt64(change.fields.count))
            for field in change.fields {
                payload.u8(UInt8(field.column))
                switch field.value {
                case .null: payload.u8(0)
                case .int(let v):
                    payload.u8(1)
                    payload.zigzag(v)
                case .text(let s):
                    payload.u8(2)
                    payload.string(s)
                }
            }
            var c = counts[change.table] ?? (0, 0)
            if change.operation == .upsert { c.0 += 1 } else { c.1 += 1 }
            counts[change.table] = c
        }
        header.counts = SyncedTable.tables(ofSchema: header.schemaVersion).map { t in
            ChangesetHeader.TableCount(table: t, upserts: counts[t]?.0 ?? 0, deletes: counts[t]?.1 ?? 0)
        }
        header.hlcMin = changes.isEmpty ? .zero : hlcMin
        header.hlcMax = hlcMax
        guard payload.bytes.count <= maxPayloadBytes else {
            throw CoreError(
                "too_large",
                LocalizedText(
                    vi:
                        "phần dữ liệu sẽ dài \(payload.bytes.count) byte; giới hạn là \(maxPayloadBytes) byte; hãy ghi thành nhiều phần nhỏ hơn",
                    en:
                        "the payload would be \(payload.bytes.count) bytes; the limit is \(maxPayloadBytes); commit in smaller parts"
                )
            )
        }
        header.payloadLength = UInt64(payload.bytes.count)
        let stored: [UInt8]
        switch header.payloadEncoding {
        case .raw: stored = payload.bytes
        case .deflate: stored = try Deflate.compress(payload.bytes)
        }
        header.storedPayloadLength = UInt64(stored.count)
        let headerBytes = encodeHeader(header)
        var out = ByteWriter()
        out.raw(magic)
        out.u16(header.formatVersion)
        out.u32(UInt32(headerBytes.count))
        out.raw(headerBytes)
        out.raw(stored)
        return out.bytes
    }

    static func encodeHeader(_ h: ChangesetHeader) -> [UInt8] {
        var w = ByteWriter()
        w.string(h.cityID)
        w.string(h.districtCode)
        w.string(h.nodeID)
        w.u64(h.sequence)
        w.raw(h.previousHash)
        w.u32(h.schemaVersion)
        w.raw(h.schemaFingerprint)
        w.u64(h.hlcMin.rawValue)
        w.u64(h.hlcMax.rawValue)
        w.u8(UInt8(h.counts.count))
        for c in h.counts {
            w.u8(c.table.rawValue)
            w.u32(c.upserts)
            w.u32(c.deletes)
        }
        w.u64(UInt64(bitPattern: h.createdMillis))
        w.u8(h.payloadEncoding.rawValue)
        w.u64(h.payloadLength)
        w.u64(h.storedPayloadLength)
        return w.bytes
    }

    /// Decodes only the header (cheap: nothing is inflated).
    public static func decodeHeader(_ content: [UInt8]) throws(CoreError) -> ChangesetHeader {
        try readHeader(content).header
    }

    static func readHeader(_ content: [UInt8]) throws(CoreError) -> (header: ChangesetHeader, payloadOffset: Int) {
        var r = ByteReader(content)
        guard try r.fixed(magic.count, "magic") == magic else {
            throw CoreError(
                "bad_magic",
                LocalizedText(
                    vi: "đây không phải tập thay đổi DistrictSync (nội dung không bắt đầu bằng DSYNCCS)",
                    en: "this is not a DistrictSync changeset (the content does not start with DSYNCCS)"))
        }
        let version = UInt16(try r.uint(2, "format version"))
        guard ChangesetHeader.supportedFormatVersions.contains(version) else {
            throw CoreError(
                "unknown_format_version",
                LocalizedText(
                    vi: "phiên bản định dạng tập thay đổi \(version) không được bản dsync này hỗ trợ (hỗ trợ "
                        + "\(ChangesetHeader.supportedFormatVersions)); hãy nâng cấp dsync để đọc tệp",
                    en: "changeset format version \(version) is not supported by this dsync (supports "
                        + "\(ChangesetHeader.supportedFormatVersions)); upgrade dsync to read it"))
        }
        let headerLength = Int(try r.uint(4, "header length"))
        guard headerLength <= 4096, headerLength <= r.remaining else { throw ByteReader.truncated("header") }
        let headerEnd = r.offset + headerLength
        let city = try r.string("city id", max: ChangesetRules.maxCityBytes)
        let district = try r.string("district code", max: ChangesetRules.maxDistrictBytes)
        let node = try r.string("node id", max: ChangesetRules.maxNodeBytes)
        try ChangesetRules.checkNFC(city, what: "city id")
        try ChangesetRules.checkNFC(district, what: "district code")
        try ChangesetRules.checkNFC(node, what: "node id")
        let sequence = try r.uint(8, "sequence")
        // Sequences are SQLite integers at the hub and in every node: 1 … 2^63 − 1 (issue 12, Why 1).
        guard sequence <= ChangesetHeader.maxSequence else {
            throw CoreError(
                "out_of_range",
                LocalizedText(
                    vi: "số thứ tự \(sequence) vượt quá số lớn nhất mà một nút ghi (\(ChangesetHeader.maxSequence))",
                    en: "the sequence \(sequence) is above the largest a node writes (\(ChangesetHeader.maxSequence))"))
        }
        let previous = try r.fixed(32, "previous hash")
        let schemaVersion = UInt32(try r.uint(4, "schema version"))
        let fingerprint = try r.fixed(32, "schema fingerprint")
        let hlcMin = HLCTimestamp(rawValue: try r.uint(8, "hlc range"))
        let hlcMax = HLCTimestamp(rawValue: try r.uint(8, "hlc range"))
        let tableCount = Int(try r.u8("table counts"))
        var counts: [ChangesetHeader.TableCount] = []
        for _ in 0..<tableCount {
            let raw = try r.u8("table counts")
            guard let table = SyncedTable(rawValue: raw), table.exists(inSchema: schemaVersion) else {
                throw CoreError(
                    "unknown_table",
                    LocalizedText(
                        vi: "phần đầu đếm bảng số \(raw), bảng này không có trong lược đồ phiên bản \(schemaVersion)",
                        en: "the header counts table #\(raw), unknown to schema version \(schemaVersion)"))
            }
            guard !counts.contains(where: { $0.table == table }) else {
                throw CoreError(
                    "header_mismatch",
                    LocalizedText(
                        vi: "phần đầu đếm bảng \(table.name) hai lần", en: "the header counts table \(table.name) twice"
                    ))
            }
            counts.append(
                .init(
                    table: table, upserts: UInt32(try r.uint(4, "table counts")),
                    deletes: UInt32(try r.uint(4, "table counts"))))
        }
        let created = Int64(bitPattern: try r.uint(8, "created time"))
        let encodingRaw = try r.u8("payload encoding")
        guard let encoding = ChangesetHeader.PayloadEncoding(rawValue: encodingRaw) else {
            throw CoreError(
                "bad_payload",
                LocalizedText(
                    vi: "cách mã hoá phần dữ liệu \(encodingRaw) không được hỗ trợ",
                    en: "unknown payload encoding \(encodingRaw)"))
        }
        let payloadLength = try r.uint(8, "payload length")
        let storedLength = try r.uint(8, "payload length")
        guard r.offset == headerEnd else {
            throw CoreError(
                "header_mismatch",
                LocalizedText(
                    vi: "phần đầu dài \(headerLength) byte nhưng các trường của nó chiếm \(r.offset - 14) byte",
                    en: "the header is \(headerLength) bytes but its fields take \(r.offset - 14)"))
        }
        var header = ChangesetHeader(
            cityID: city, districtCode: district, nodeID: node, sequence: sequence, previousHash: previous,
            hlcMin: hlcMin, hlcMax: hlcMax, counts: counts, createdMillis: created, payloadEncoding: encoding,
            payloadLength: payloadLength, storedPayloadLength: storedLength)
        header.formatVersion = version
        header.schemaVersion = schemaVersion
        header.schemaFingerprint = fingerprint
        return (header, headerEnd)
    }

    /// Decodes and cross-checks a whole changeset content (`ChangeStream` read to the end).
    public static func decode(_ content: [UInt8]) throws(CoreError) -> Decoded {
        try decode(content[...])
    }

    /// Decodes and cross-checks a whole changeset content held in a slice (no copy of it is made).
    public static func decode(_ content: ArraySlice<UInt8>) throws(CoreError) -> Decoded {
        let stream = try ChangeStream(content: content)
        var changes: [Change] = []
        changes.reserveCapacity(min(stream.count, 1 << 20))
        while try stream.next() { changes.append(stream.change()) }
        return Decoded(header: stream.header, changes: changes)
    }
}

extension ChangesetCodec {
    /// Encodes one change's field list (as stored in a node's change log).
    public static func encodeFields(_ fields: [FieldChange]) -> [UInt8] {
        var w = ByteWriter()
        w.varint(UInt64(fields.count))
        for field in fields {
            w.u8(UInt8(field.column))
            switch field.value {
            case .null: w.u8(0)
            case .int(let v):
                w.u8(1)
                w.zigzag(v)
            case .text(let s):
                w.u8(2)
                w.string(s)
            }
        }
        return w.bytes
    }

    /// Decodes what `encodeFields` wrote.
    public static func decodeFields(_ bytes: [UInt8]) throws(CoreError) -> [FieldChange] {
        var r = ByteReader(bytes)
        let n = try r.varint("field count")
        var fields: [FieldChange] = []
        for _ in 0..<n {
            let column = Int(try r.u8("column"))
            let tag = try r.u8("value tag")
            switch tag {
            case 0: fields.append(FieldChange(column: column, value: .null))
            case 1: fields.append(FieldChange(column: column, value: .int(try r.zigzag("integer"))))
            case 2: fields.append(FieldChange(column: column, value: .text(try r.string("text", max: maxTextBytes))))
            default:
                throw CoreError(
                    "bad_payload",
                    LocalizedText(
                        vi: "nhãn kiểu giá trị \(tag) trong một bản ghi thay đổi không được hỗ trợ",
                        en: "unknown value tag \(tag) in a change record"))
            }
        }
        return fields
    }
}
