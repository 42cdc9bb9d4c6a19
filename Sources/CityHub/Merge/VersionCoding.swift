import DistrictSyncCore

/// Encodes a row's per-column versions (and its existence version) into the `_versions` blob.
///
/// Two layouts, chosen by the versions alone (so the bytes are a pure function of them and the city
/// database is byte-identical whatever the delivery order):
/// - **uniform** (byte 0x80 first) when there is an existence version and every column that has a
///   version has that same one — every record one change created, most records of a city: 0x80,
///   the node id (varint length + UTF-8), varint HLC, varint bit mask of the columns set. About 50
///   bytes instead of 180 for an enterprise.
/// - **general** otherwise: varint node count (≤ 64, so never 0x80), the distinct node ids sorted
///   (length-prefixed UTF-8), then for the existence version and each column in order: varint 0 for
///   "never set", else varint (node index + 1) followed by the varint HLC.
/// The decoder reads both (rows written before the uniform layout existed stay readable).
enum VersionCoding {
    static let uniformTag: UInt8 = 0x80

    static func encode(existence: FieldVersion?, columns: [FieldVersion?]) -> [UInt8] {
        var out: [UInt8] = []
        if let existence, columns.count <= 64 {
            var mask: UInt64 = 0
            var uniform = true
            for (index, version) in columns.enumerated() {
                guard let version else { continue }
                if version != existence {
                    uniform = false
                    break
                }
                mask |= 1 << UInt64(index)
            }
            if uniform {
                encodeCreated(by: existence, mask: mask, columnCount: columns.count, into: &out)
                return out
            }
        }
        var nodes: [String] = []
        if let existence { nodes.append(existence.node) }
        for case let version? in columns where !nodes.contains(version.node) { nodes.append(version.node) }
        nodes.sort()
        out.reserveCapacity(16 + columns.count * 9)
        appendVarint(UInt64(nodes.count), to: &out)
        for node in nodes {
            appendVarint(UInt64(node.utf8.count), to: &out)
            out.append(contentsOf: node.utf8)
        }
        func put(_ version: FieldVersion?) {
            guard let version, let index = nodes.firstIndex(of: version.node) else { return out.append(0) }
            appendVarint(UInt64(index + 1), to: &out)
            appendVarint(version.hlc.rawValue, to: &out)
        }
        put(existence)
        for version in columns { put(version) }
        return out
    }

    /// `encode` for a record one change created (existence and the columns in `mask` at `version`,
    /// the rest never set): always the uniform layout, written without building the version arrays.
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

    /// Decodes what `encode` wrote for a table of `columnCount` columns.
    static func decode(_ bytes: [UInt8], columnCount: Int) throws(HubError) -> (FieldVersion?, [FieldVersion?]) {
        var offset = 0
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
            throw HubError("hub_db_corrupt", "a row's _versions blob is damaged; run `dsync hub status` and restore")
        }
        if bytes.first == uniformTag {
            offset = 1
            let n = Int(try varint())
            guard n <= bytes.count - offset else { throw HubError("hub_db_corrupt", "a row's _versions blob is short") }
            let node = String(decoding: bytes[offset..<offset + n], as: UTF8.self)
            offset += n
            let version = FieldVersion(hlc: HLCTimestamp(rawValue: try varint()), node: node)
            let mask = try varint()
            guard offset == bytes.count, columnCount >= 64 || mask >> UInt64(columnCount) == 0 else {
                throw HubError("hub_db_corrupt", "a row's _versions blob is damaged")
            }
            let columns = (0..<columnCount).map { mask & (1 << UInt64($0)) != 0 ? version : nil }
            return (version, columns)
        }
        let count = Int(try varint())
        guard count <= 64 else { throw HubError("hub_db_corrupt", "a row's _versions blob names too many nodes") }
        var nodes: [String] = []
        for _ in 0..<count {
            let n = Int(try varint())
            guard n <= bytes.count - offset else { throw HubError("hub_db_corrupt", "a row's _versions blob is short") }
            nodes.append(String(decoding: bytes[offset..<offset + n], as: UTF8.self))
            offset += n
        }
        func get() throws(HubError) -> FieldVersion? {
            let index = Int(try varint())
            if index == 0 { return nil }
            guard index <= nodes.count else { throw HubError("hub_db_corrupt", "a row's _versions blob is damaged") }
            return FieldVersion(hlc: HLCTimestamp(rawValue: try varint()), node: nodes[index - 1])
        }
        let existence = try get()
        var columns: [FieldVersion?] = []
        columns.reserveCapacity(columnCount)
        for _ in 0..<columnCount { columns.append(try get()) }
        return (existence, columns)
    }

    private static func appendVarint(_ value: UInt64, to out: inout [UInt8]) {
        var v = value
        while v >= 0x80 {
            out.append(UInt8(truncatingIfNeeded: v) | 0x80)
            v >>= 7
        }
        out.append(UInt8(v))
    }
}
