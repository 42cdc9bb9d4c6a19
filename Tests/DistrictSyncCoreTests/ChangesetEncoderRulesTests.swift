import DistrictSyncCore
import Testing

/// A change the decoder would refuse, and the code both sides must give.
struct BadChange: CustomTestStringConvertible, Sendable {
    let name: String
    let change: Change
    let code: String
    var testDescription: String { "\(name) → \(code)" }
}

@Suite("The encoder refuses what the decoder refuses, and text must be NFC on both sides")
struct ChangesetEncoderRulesTests {
    static let hlc = HLCTimestamp(physicalMillis: 1_356_998_400_000, counter: 0)
    static let name = Fixtures.column(.enterprises, "name")
    static let employees = Fixtures.column(.enterprises, "employees")
    /// "Phát" spelled with a combining acute accent (NFD): canonically equal to the NFC spelling.
    static let decomposed = "Công ty Minh Pha\u{301}t"

    static func enterprise(key: String = "0314409058", _ fields: [FieldChange], op: Change.Operation = .upsert)
        -> Change
    {
        var change = Change(table: .enterprises, key: key, operation: op, fields: [], hlc: hlc)
        change.fields = fields  // bypass the initialiser's sorting, as a careless caller could
        return change
    }

    static let badChanges: [BadChange] = [
        .init(name: "empty key", change: enterprise(key: "", []), code: "bad_payload"),
        .init(
            name: "key over 256 bytes", change: enterprise(key: String(repeating: "7", count: 257), []),
            code: "bad_payload"),
        .init(name: "non-NFC key", change: enterprise(key: "Pha\u{301}t", []), code: "not_nfc"),
        .init(
            name: "delete with fields",
            change: enterprise([FieldChange(column: employees, value: .int(1))], op: .delete), code: "bad_payload"),
        .init(
            name: "repeated column",
            change: enterprise([.init(column: employees, value: .int(1)), .init(column: employees, value: .int(2))]),
            code: "bad_column"),
        .init(
            name: "columns out of order",
            change: enterprise([.init(column: employees, value: .int(1)), .init(column: name, value: .text("A"))]),
            code: "bad_column"),
        .init(
            name: "column outside the table", change: enterprise([.init(column: 200, value: .null)]), code: "bad_column"
        ),
        .init(name: "negative column", change: enterprise([.init(column: -1, value: .null)]), code: "bad_column"),
        .init(
            name: "text in an INTEGER column", change: enterprise([.init(column: employees, value: .text("42"))]),
            code: "bad_column"),
        .init(
            name: "integer in a TEXT column", change: enterprise([.init(column: name, value: .int(42))]),
            code: "bad_column"),
        .init(
            name: "text over 64 KiB",
            change: enterprise([.init(column: name, value: .text(String(repeating: "a", count: 65_537)))]),
            code: "bad_payload"),
        .init(
            name: "non-NFC text", change: enterprise([.init(column: name, value: .text(decomposed))]), code: "not_nfc"),
    ]

    @Test("encoding a change the decoder would refuse throws the decoder's code", arguments: badChanges)
    func encoderRefuses(bad: BadChange) {
        let changes = Fixtures.vectorChanges + [bad.change]
        #expect {
            try ChangesetCodec.encode(header: Fixtures.header(), changes: changes)
        } throws: { ($0 as? CoreError)?.code == bad.code }
    }

    @Test(
        "header strings that are too long or not NFC cannot be encoded",
        arguments: [
            ("district", String(repeating: "7", count: 17), "bad_payload"),
            ("node", String(repeating: "n", count: 65), "bad_payload"),
            ("city", String(repeating: "7", count: 65), "bad_payload"),
            ("node", "nút-Pha\u{301}t", "not_nfc"),
        ])
    func badHeaderStrings(field: String, value: String, code: String) {
        var header = Fixtures.header()
        switch field {
        case "district": header.districtCode = value
        case "node": header.nodeID = value
        default: header.cityID = value
        }
        #expect {
            try ChangesetCodec.encode(header: header, changes: Fixtures.vectorChanges)
        } throws: { ($0 as? CoreError)?.code == code }
    }

    @Test("a previous hash that is not 32 bytes cannot be encoded")
    func shortPreviousHash() {
        var header = Fixtures.header()
        header.previousHash = [1, 2, 3]
        #expect {
            try ChangesetCodec.encode(header: header, changes: Fixtures.vectorChanges)
        } throws: { ($0 as? CoreError)?.code == "header_mismatch" }
    }

    @Test("the NFC spelling of the same name encodes and round-trips byte for byte")
    func nfcAccepted() throws {
        let nfc = "Công ty Minh Phát"
        let change = Self.enterprise([.init(column: Self.name, value: .text(nfc))])
        let content = try ChangesetCodec.encode(header: Fixtures.header(), changes: [change])
        let decoded = try ChangesetCodec.decode(content)
        #expect(decoded.changes.first?.fields.first?.value.text?.utf8.elementsEqual(nfc.utf8) == true)
    }

    @Test("a payload carrying decomposed (NFD) text is refused as not_nfc by the decoder")
    func decoderRefusesNFD() {
        var fields = SpecWriter()
        fields.u8(UInt8(Self.name))
        fields.u8(2)
        fields.string(Self.decomposed)
        let payload = SpecWriter.enterprisePayload(fieldCount: 1, fieldBytes: fields.bytes, hlc: Self.hlc)
        let header = SpecWriter.rawHeader(payloadCount: payload.count, counts: [.enterprises: (1, 0)], hlc: Self.hlc)
        #expect {
            try ChangesetCodec.decode(SpecWriter.content(header, storedPayload: payload))
        } throws: { error in
            let error = error as? CoreError
            return error?.code == "not_nfc" && error?.message.contains("NFC") == true
        }
    }

    @Test(
        "invalid UTF-8 in a text value is refused as bad_payload",
        arguments: [[UInt8(0xC3)], [0xFF], [0xED, 0xA0, 0x80], [0xE0, 0x80, 0x80], [0x41, 0xC3, 0x28]])
    func invalidUTF8(raw: [UInt8]) {
        var fields = SpecWriter()
        fields.u8(UInt8(Self.name))
        fields.u8(2)
        fields.varint(UInt64(raw.count))
        fields.bytes += raw
        let payload = SpecWriter.enterprisePayload(fieldCount: 1, fieldBytes: fields.bytes, hlc: Self.hlc)
        let header = SpecWriter.rawHeader(payloadCount: payload.count, counts: [.enterprises: (1, 0)], hlc: Self.hlc)
        #expect {
            try ChangesetCodec.decode(SpecWriter.content(header, storedPayload: payload))
        } throws: { ($0 as? CoreError)?.code == "bad_payload" }
    }

    @Test("a header whose node id is decomposed is refused as not_nfc by the decoder")
    func decoderRefusesNFDHeader() {
        var header = SpecWriter.rawHeader(payloadCount: 1)
        header.nodeID = "nút-Pha\u{301}t"
        #expect {
            try ChangesetCodec.decode(SpecWriter.content(header, storedPayload: [0]))
        } throws: { ($0 as? CoreError)?.code == "not_nfc" }
    }
}
