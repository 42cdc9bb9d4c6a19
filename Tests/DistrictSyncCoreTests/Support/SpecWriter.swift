import DistrictSyncCore

/// An independent writer of the changeset content layout, written from docs/changeset-format.md
/// rather than from the codec, so tests can build contents the encoder would never produce
/// (bad versions, lying headers, hand-made payloads) and check the codec against the document.
struct SpecWriter {
    var bytes: [UInt8] = []

    mutating func u8(_ v: UInt8) { bytes.append(v) }
    mutating func bigEndian<T: FixedWidthInteger>(_ v: T) {
        for i in (0..<(T.bitWidth / 8)).reversed() { bytes.append(UInt8(truncatingIfNeeded: v >> (i * 8))) }
    }
    mutating func varint(_ value: UInt64) {
        var v = value
        while v >= 0x80 {
            bytes.append(UInt8(v & 0x7f) | 0x80)
            v >>= 7
        }
        bytes.append(UInt8(v))
    }
    mutating func zigzag(_ v: Int64) { varint(UInt64(bitPattern: (v << 1) ^ (v >> 63))) }
    mutating func string(_ s: String) {
        varint(UInt64(s.utf8.count))
        bytes.append(contentsOf: s.utf8)
    }

    /// The header bytes exactly as the document lists them.
    static func header(_ h: ChangesetHeader) -> [UInt8] {
        var w = SpecWriter()
        w.string(h.cityID)
        w.string(h.districtCode)
        w.string(h.nodeID)
        w.bigEndian(h.sequence)
        w.bytes += h.previousHash
        w.bigEndian(h.schemaVersion)
        w.bytes += h.schemaFingerprint
        w.bigEndian(h.hlcMin.rawValue)
        w.bigEndian(h.hlcMax.rawValue)
        w.u8(UInt8(h.counts.count))
        for c in h.counts {
            w.u8(c.table.rawValue)
            w.bigEndian(c.upserts)
            w.bigEndian(c.deletes)
        }
        w.bigEndian(h.createdMillis)
        w.u8(h.payloadEncoding.rawValue)
        w.bigEndian(h.payloadLength)
        w.bigEndian(h.storedPayloadLength)
        return w.bytes
    }

    /// A whole content: magic, version, header length, header, stored payload.
    static func content(_ h: ChangesetHeader, storedPayload: [UInt8], version: UInt16 = 1) -> [UInt8] {
        let headerBytes = header(h)
        var w = SpecWriter()
        w.bytes = Array("DSYNCCS".utf8) + [0]
        w.bigEndian(version)
        w.bigEndian(UInt32(headerBytes.count))
        return w.bytes + headerBytes + storedPayload
    }

    /// A header for a raw payload of `payload.count` bytes with the given counts and clock range.
    static func rawHeader(
        payloadCount: Int, counts: [SyncedTable: (UInt32, UInt32)] = [:], hlc: HLCTimestamp = .zero
    ) -> ChangesetHeader {
        var h = Fixtures.header(encoding: .raw)
        h.counts = SyncedTable.tables(ofSchema: h.schemaVersion).map {
            .init(table: $0, upserts: counts[$0]?.0 ?? 0, deletes: counts[$0]?.1 ?? 0)
        }
        h.hlcMin = hlc
        h.hlcMax = hlc
        h.payloadLength = UInt64(payloadCount)
        h.storedPayloadLength = UInt64(payloadCount)
        return h
    }

    /// One enterprise upsert at `hlc` whose fields are given as raw bytes after the field count.
    static func enterprisePayload(fieldCount: UInt64, fieldBytes: [UInt8], hlc: HLCTimestamp) -> [UInt8] {
        var w = SpecWriter()
        w.varint(1)
        w.u8(SyncedTable.enterprises.rawValue)
        w.u8(Change.Operation.upsert.rawValue)
        w.string("0314409058")
        w.zigzag(Int64(bitPattern: hlc.rawValue))
        w.varint(fieldCount)
        return w.bytes + fieldBytes
    }

    /// Offset of the first header byte after the three strings, for targeted corruption.
    static func offsetAfterStrings(_ h: ChangesetHeader) -> Int {
        14 + [h.cityID, h.districtCode, h.nodeID].reduce(0) { $0 + 1 + $1.utf8.count }
    }
}
