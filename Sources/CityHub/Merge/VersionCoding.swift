import DistrictSyncCore

/// Encodes a row's per-column versions (and its existence version) into the `_versions` blob.
///
/// The encoder picks the layout from the versions alone, so the bytes are a pure function of them and
/// the city database is byte-identical whatever the delivery order:
/// - **uniform** (first byte 0x80) when there is an existence version and every column that has a
///   version has that same one — every record one change created: 0x80, the node id (varint length
///   + UTF-8), varint HLC, varint bit mask of the columns set. About 50 bytes for an enterprise.
/// - **palette** (first byte 0x81) otherwise: varint node count, the distinct node ids sorted
///   (length-prefixed), varint version count, the distinct versions sorted by (HLC, node) as
///   (varint node index, varint HLC), then for existence and each column a varint: 0 for "never set",
///   else version index + 1. About 75 bytes for an enterprise edited once.
/// The decoder also reads the **general** layout rows were written in before these two existed
/// (first byte = varint node count ≤ 64; node ids sorted; then for existence and each column 0 or
/// node index + 1 followed by the varint HLC).
enum VersionCoding {
    static let uniformTag: UInt8 = 0x80
    static let paletteTag: UInt8 = 0x81

    static func encode(existence: FieldVersion?, columns: [FieldVersion?]) -> [UInt8] {
        var out: [UInt8] = []
        encode(existence: existence, columns: columns, into: &out)
        return out
    }

    static func encode(existence: FieldVersion?, columns: [FieldVersion?], into out: inout [UInt8]) {
        var palette: [FieldVersion] = []
        func index(_ version: FieldVersion?) -> UInt8 {
            guard let version else { return 0 }
            if let found = palette.firstIndex(of: version) { return UInt8(found + 1) }
            palette.append(version)
            return UInt8(palette.count)
        }
        let existenceIndex = index(existence)
        let columnIndexes = columns.map(index)
        encode(
            PaletteRow(palette: palette, exists: false, existence: existenceIndex, columns: columnIndexes), into: &out)
    }

    /// The one writer of both layouts: uniform when every set column shares the existence version,
    /// else the palette of the versions still referred to (dropped ones are left out), sorted.
    static func encode(_ row: PaletteRow, into out: inout [UInt8]) {
        out.removeAll(keepingCapacity: true)
        var used: UInt64 = 0
        if row.existence != 0 { used |= 1 << UInt64(row.existence - 1) }
        var mask: UInt64 = 0
        for (column, index) in row.columns.enumerated() where index != 0 {
            used |= 1 << UInt64(index - 1)
            if column < 64 { mask |= 1 << UInt64(column) }
        }
        if row.existence != 0, used == 1 << UInt64(row.existence - 1), row.columns.count <= 64 {
            encodeCreated(
                by: row.palette[Int(row.existence) - 1], mask: mask, columnCount: row.columns.count, into: &out)
            return
        }
        var order = row.palette.indices.filter { used & (1 << UInt64($0)) != 0 }
        order.sort { row.palette[$0] < row.palette[$1] }
        var remap = [UInt8](repeating: 0, count: row.palette.count)
        for (position, old) in order.enumerated() { remap[old] = UInt8(position + 1) }
        var nodes: [String] = []
        for old in order where !nodes.contains(row.palette[old].node) { nodes.append(row.palette[old].node) }
        nodes.sort()
        out.append(paletteTag)
        appendVarint(UInt64(nodes.count), to: &out)
        for var node in nodes {
            node.withUTF8 { utf8 in
                appendVarint(UInt64(utf8.count), to: &out)
                out.append(contentsOf: utf8)
            }
        }
        appendVarint(UInt64(order.count), to: &out)
        for old in order {
            appendVarint(UInt64(nodes.firstIndex(of: row.palette[old].node) ?? 0), to: &out)
            appendVarint(row.palette[old].hlc.rawValue, to: &out)
        }
        appendVarint(row.existence == 0 ? 0 : UInt64(remap[Int(row.existence) - 1]), to: &out)
        for index in row.columns { appendVarint(index == 0 ? 0 : UInt64(remap[Int(index) - 1]), to: &out) }
    }

    /// `encode` for a record one change created (existence and the columns in `mask` at `version`,
    /// the rest never set): the uniform layout, written without building the version arrays.
    static func encodeCreated(by version: FieldVersion, mask: UInt64, columnCount: Int, into out: inout [UInt8]) {
        out.removeAll(keepingCapacity: true)
        out.append(uniformTag)
        var node = version.node
        node.withUTF8 { utf8 in
            appendVarint(UInt64(utf8.count), to: &out)
            out.append(contentsOf: utf8)
        }
        appendVarint(version.hlc.rawValue, to: &out)
        appendVarint(mask, to: &out)
    }

    /// Decodes what `encode` wrote (any of the three layouts) for a table of `columnCount` columns.
    static func decode(_ bytes: [UInt8], columnCount: Int) throws(HubError) -> (FieldVersion?, [FieldVersion?]) {
        let row = try decodeRow(bytes, columnCount: columnCount).expanded
        return (row.existence, row.columns)
    }

    /// `decodeRow` of an array (tests, the dump), with a fresh name table.
    static func decodeRow(_ bytes: [UInt8], columnCount: Int) throws(HubError) -> PaletteRow {
        let result: Result<PaletteRow, HubError> = bytes.withUnsafeBytes { raw in
            Result { () throws(HubError) in
                try decodeRow(raw, columnCount: columnCount, names: NodeNames(), exists: false)
            }
        }
        return try result.get()
    }

    /// Decodes into a `PaletteRow` (`exists` comes from the row's `_exists`); node ids come from
    /// `names`, so equal ids share one `String` (no allocation per row).
    static func decodeRow(
        _ bytes: UnsafeRawBufferPointer, columnCount: Int, names: NodeNames, exists: Bool
    ) throws(HubError) -> PaletteRow {
        var offset = 0
        func damaged() -> HubError {
            HubError(
                "hub_db_corrupt",
                LocalizedText(
                    vi: "khối _versions của một dòng bị hỏng; chạy `dsync hub status` rồi khôi " + "phục",
                    en: "a row's _versions blob is damaged; run `dsync hub status` and restore"))
        }
        func varint() throws(HubError) -> UInt64 {
            var result: UInt64 = 0
            var shift: UInt64 = 0
            while offset < bytes.count, shift < 64 {
                let b = bytes[offset]
                offset += 1
                result |= UInt64(b & 0x7f) << shift
                if b & 0x80 == 0 { return result }
                shift += 7
            }
            throw damaged()
        }
        func node() throws(HubError) -> String {
            let n = Int(try varint())
            guard n <= bytes.count - offset else { throw damaged() }
            defer { offset += n }
            return names.name(UnsafeRawBufferPointer(rebasing: bytes[offset..<offset + n]))
        }
        guard columnCount < 64 else { throw damaged() }
        switch bytes.first {
        case uniformTag:
            offset = 1
            let id = try node()
            let version = FieldVersion(hlc: HLCTimestamp(rawValue: try varint()), node: id)
            let mask = try varint()
            guard offset == bytes.count, mask >> UInt64(columnCount) == 0 else { throw damaged() }
            return PaletteRow(
                palette: [version], exists: exists, existence: 1,
                columns: (0..<columnCount).map { mask & (1 << UInt64($0)) != 0 ? 1 : 0 })
        case paletteTag:
            offset = 1
            let nodeCount = Int(try varint())
            guard nodeCount <= 64 else { throw damaged() }
            var nodes: [String] = []
            for _ in 0..<nodeCount { nodes.append(try node()) }
            let paletteCount = Int(try varint())
            guard paletteCount <= columnCount + 1 else { throw damaged() }
            var palette: [FieldVersion] = []
            palette.reserveCapacity(paletteCount + 1)
            for _ in 0..<paletteCount {
                let index = Int(try varint())
                guard index < nodes.count else { throw damaged() }
                palette.append(FieldVersion(hlc: HLCTimestamp(rawValue: try varint()), node: nodes[index]))
            }
            func get() throws(HubError) -> UInt8 {
                let index = try varint()
                guard index <= UInt64(palette.count) else { throw damaged() }
                return UInt8(index)
            }
            let existence = try get()
            var columns: [UInt8] = []
            columns.reserveCapacity(columnCount)
            for _ in 0..<columnCount { columns.append(try get()) }
            guard offset == bytes.count else { throw damaged() }
            return PaletteRow(palette: palette, exists: exists, existence: existence, columns: columns)
        default:
            let count = Int(try varint())
            guard count <= 64 else {
                throw HubError(
                    "hub_db_corrupt",
                    LocalizedText(
                        vi: "khối _versions của một dòng ghi quá nhiều nút",
                        en: "a row's _versions blob names too many nodes"))
            }
            var nodes: [String] = []
            for _ in 0..<count { nodes.append(try node()) }
            var palette: [FieldVersion] = []
            func get() throws(HubError) -> UInt8 {
                let index = Int(try varint())
                if index == 0 { return 0 }
                guard index <= nodes.count else { throw damaged() }
                let version = FieldVersion(hlc: HLCTimestamp(rawValue: try varint()), node: nodes[index - 1])
                if let found = palette.firstIndex(of: version) { return UInt8(found + 1) }
                palette.append(version)
                return UInt8(palette.count)
            }
            let existence = try get()
            var columns: [UInt8] = []
            columns.reserveCapacity(columnCount)
            for _ in 0..<columnCount { columns.append(try get()) }
            return PaletteRow(palette: palette, exists: exists, existence: existence, columns: columns)
        }
    }

    static func appendVarint(_ value: UInt64, to out: inout [UInt8]) {
        var v = value
        while v >= 0x80 {
            out.append(UInt8(truncatingIfNeeded: v) | 0x80)
            v >>= 7
        }
        out.append(UInt8(v))
    }
}

/// Node ids seen while decoding `_versions` blobs, so one id is one `String` (a city has a few dozen).
final class NodeNames {
    private var known: [(bytes: [UInt8], name: String)] = []

    init(seed: [String] = []) {
        for name in seed { known.append((Array(name.utf8), name)) }
    }

    func name(_ bytes: UnsafeRawBufferPointer) -> String {
        for entry in known where entry.bytes.count == bytes.count && entry.bytes.elementsEqual(bytes) {
            return entry.name
        }
        let name = String(decoding: bytes, as: UTF8.self)
        if known.count < 256 { known.append((Array(bytes), name)) }
        return name
    }
}
