import DistrictSyncCore
import Testing

/// A targeted corruption of a valid raw content and the error code it must produce.
struct Corruption: CustomTestStringConvertible, Sendable {
    let name: String
    /// Offset relative to the end of the three header strings (see SpecWriter.offsetAfterStrings).
    let offset: Int
    let xor: UInt8
    let code: String
    var testDescription: String { "\(name) → \(code)" }
}

@Suite("Changeset codec is strict: anything but a well-formed content is refused with a stable code")
struct ChangesetCodecStrictnessTests {
    let content: [UInt8]

    init() throws {
        content = try ChangesetCodec.encode(header: Fixtures.header(encoding: .raw), changes: Fixtures.vectorChanges)
    }

    @Test(
        "every truncation of an encoded content is refused",
        arguments: [
            ChangesetHeader.PayloadEncoding.raw, .deflate,
        ])
    func everyTruncation(encoding: ChangesetHeader.PayloadEncoding) throws {
        let full = try ChangesetCodec.encode(
            header: Fixtures.header(encoding: encoding), changes: Fixtures.vectorChanges)
        for length in 0..<full.count {
            #expect(throws: CoreError.self, "prefix of \(length) bytes") {
                try ChangesetCodec.decode(Array(full.prefix(length)))
            }
        }
    }

    /// Table counts in the header (every table of the current schema), 9 bytes each from offset 93.
    static let counted = SyncedTable.tables(ofSchema: SyncedTable.schemaVersion).count

    static let corruptions: [Corruption] = [
        .init(name: "enterprise upsert count", offset: 93 + 2 * 9 + 4, xor: 0x01, code: "header_mismatch"),
        .init(name: "survey delete count", offset: 93 + 3 * 9 + 8, xor: 0x02, code: "header_mismatch"),
        .init(name: "officer upsert count", offset: 93 + 0 * 9 + 4, xor: 0x01, code: "header_mismatch"),
        .init(name: "clock range minimum", offset: 83, xor: 0x01, code: "header_mismatch"),
        .init(name: "clock range maximum", offset: 91, xor: 0x01, code: "header_mismatch"),
        .init(name: "table id in counts becomes unknown", offset: 93, xor: 0x08, code: "unknown_table"),
        .init(name: "table id in counts repeats another", offset: 93 + 9, xor: 0x03, code: "header_mismatch"),
        .init(name: "payload encoding unknown", offset: 93 + counted * 9 + 8, xor: 0x04, code: "bad_payload"),
        .init(name: "decoded payload length", offset: 93 + counted * 9 + 16, xor: 0x01, code: "header_mismatch"),
        .init(name: "stored payload length 256 larger", offset: 93 + counted * 9 + 23, xor: 0x01, code: "truncated"),
        .init(name: "number of table counts", offset: 92, xor: 0x04, code: "header_mismatch"),
    ]

    @Test("a single corrupted byte in a checked header field is caught", arguments: corruptions)
    func headerCorruption(c: Corruption) throws {
        var bytes = content
        bytes[SpecWriter.offsetAfterStrings(Fixtures.header()) + c.offset] ^= c.xor
        #expect { try ChangesetCodec.decode(bytes) } throws: { ($0 as? CoreError)?.code == c.code }
    }

    @Test("a header length that disagrees with the fields is refused", arguments: [UInt8(0x01), 0xFF])
    func headerLengthCorruption(xor: UInt8) {
        var bytes = content
        bytes[13] ^= xor
        #expect(throws: CoreError.self) { try ChangesetCodec.decode(bytes) }
    }

    @Test("bytes after the declared payload are refused as trailing_bytes")
    func trailingBytes() {
        #expect { try ChangesetCodec.decode(content + [0]) } throws: { ($0 as? CoreError)?.code == "trailing_bytes" }
    }

    @Test("a content that does not start with the magic is refused as bad_magic", arguments: [0, 6, 7])
    func badMagic(index: Int) {
        var bytes = content
        bytes[index] ^= 0x20
        #expect { try ChangesetCodec.decode(bytes) } throws: { ($0 as? CoreError)?.code == "bad_magic" }
    }

    @Test("an unknown format version is refused before the header is read", arguments: [UInt16(0), 2, 0xFFFF])
    func unknownVersion(version: UInt16) throws {
        let header = try ChangesetCodec.decodeHeader(content)
        let stored = Array(content.suffix(Int(header.storedPayloadLength)))
        let bytes = SpecWriter.content(header, storedPayload: stored, version: version)
        #expect {
            try ChangesetCodec.decode(bytes)
        } throws: { ($0 as? CoreError)?.code == "unknown_format_version" }
    }

    @Test("a value of the wrong type for its column is refused as bad_column")
    func wrongType() {
        let hlc = HLCTimestamp(physicalMillis: 1_356_998_400_000, counter: 0)
        let employees = UInt8(Fixtures.column(.enterprises, "employees"))
        // Tag 2 (text, empty) for the INTEGER column `employees`.
        let payload = SpecWriter.enterprisePayload(fieldCount: 1, fieldBytes: [employees, 2, 0], hlc: hlc)
        let header = SpecWriter.rawHeader(payloadCount: payload.count, counts: [.enterprises: (1, 0)], hlc: hlc)
        #expect {
            try ChangesetCodec.decode(SpecWriter.content(header, storedPayload: payload))
        } throws: { ($0 as? CoreError)?.code == "bad_column" }
    }

    @Test(
        "columns out of order, repeated or outside the table are refused as bad_column",
        arguments: [
            [UInt8(1), 0, 0, 0], [0, 0, 0, 0], [0, 0, 200, 0],
        ])
    func badColumnOrder(fieldBytes: [UInt8]) {
        let hlc = HLCTimestamp(physicalMillis: 1_356_998_400_000, counter: 0)
        let payload = SpecWriter.enterprisePayload(fieldCount: 2, fieldBytes: fieldBytes, hlc: hlc)
        let header = SpecWriter.rawHeader(payloadCount: payload.count, counts: [.enterprises: (1, 0)], hlc: hlc)
        #expect {
            try ChangesetCodec.decode(SpecWriter.content(header, storedPayload: payload))
        } throws: { ($0 as? CoreError)?.code == "bad_column" }
    }

    @Test("the well-formed neighbour of those payloads decodes, so the refusals are about the columns")
    func wellFormedNeighbour() throws {
        let hlc = HLCTimestamp(physicalMillis: 1_356_998_400_000, counter: 0)
        let payload = SpecWriter.enterprisePayload(fieldCount: 2, fieldBytes: [0, 0, 1, 0], hlc: hlc)
        let header = SpecWriter.rawHeader(payloadCount: payload.count, counts: [.enterprises: (1, 0)], hlc: hlc)
        let decoded = try ChangesetCodec.decode(SpecWriter.content(header, storedPayload: payload))
        #expect(
            decoded.changes.first?.fields == [FieldChange(column: 0, value: .null), .init(column: 1, value: .null)])
    }

    @Test("a non-canonical varint (a padded zero) is refused", arguments: [[UInt8(0x80), 0x00], [0x80, 0x80, 0x00]])
    func nonCanonicalVarint(payload: [UInt8]) {
        let header = SpecWriter.rawHeader(payloadCount: payload.count)
        #expect {
            try ChangesetCodec.decode(SpecWriter.content(header, storedPayload: payload))
        } throws: { ($0 as? CoreError)?.code == "bad_payload" }
    }

    @Test("a delete that carries fields is refused")
    func deleteWithFields() {
        var w = SpecWriter()
        w.varint(1)
        w.u8(SyncedTable.surveys.rawValue)
        w.u8(Change.Operation.delete.rawValue)
        w.string("0314409058/2013")
        w.zigzag(5)
        w.bytes += [1, 0, 0]
        let header = SpecWriter.rawHeader(
            payloadCount: w.bytes.count, counts: [.surveys: (0, 1)], hlc: HLCTimestamp(rawValue: 5))
        #expect {
            try ChangesetCodec.decode(SpecWriter.content(header, storedPayload: w.bytes))
        } throws: { ($0 as? CoreError)?.code == "bad_payload" }
    }

    @Test(
        "a header claiming a payload beyond the limit is refused as too_large",
        arguments: [
            UInt64(ChangesetCodec.maxPayloadBytes) + 1, .max,
        ])
    func hugeClaimBeyondLimit(claim: UInt64) throws {
        let stored: [UInt8] = [0x03, 0x00]  // raw DEFLATE of nothing
        var header = SpecWriter.rawHeader(payloadCount: stored.count)
        header.payloadEncoding = .deflate
        header.payloadLength = claim
        #expect {
            try ChangesetCodec.decode(SpecWriter.content(header, storedPayload: stored))
        } throws: { ($0 as? CoreError)?.code == "too_large" }
    }

    @Test("a header claiming far more than its compressed bytes can inflate to is refused before inflating")
    func hugeClaimWithinLimit() throws {
        // DEFLATE expands at most about 1032:1, so 2 stored bytes can never become 400 MB.
        let stored: [UInt8] = [0x03, 0x00]
        var header = SpecWriter.rawHeader(payloadCount: stored.count)
        header.payloadEncoding = .deflate
        header.payloadLength = 400_000_000
        #expect {
            try ChangesetCodec.decode(SpecWriter.content(header, storedPayload: stored))
        } throws: { ($0 as? CoreError)?.code == "too_large" }
    }

    @Test("a payload claiming more changes than its bytes can hold is refused")
    func changeCountLie() {
        var w = SpecWriter()
        w.varint(1_000_000)
        let header = SpecWriter.rawHeader(payloadCount: w.bytes.count)
        #expect {
            try ChangesetCodec.decode(SpecWriter.content(header, storedPayload: w.bytes))
        } throws: { ($0 as? CoreError)?.code == "header_mismatch" }
    }
}
