import SyntheticData
import Testing

@testable import DistrictSyncCore

@Suite("Change stream: big payloads are read piecewise, exactly as strictly as a whole decode")
struct ChangeStreamTests {
    static func header(_ encoding: ChangesetHeader.PayloadEncoding = .deflate) -> ChangesetHeader {
        var h = Fixtures.header()
        h.payloadEncoding = encoding
        return h
    }

    /// Changes with long, varied text, so a 1 MiB window cuts through keys, lengths and values.
    static func bulky(_ count: Int, textBytes: Int) -> [Change] {
        (0..<count).map { i in
            let filler = String(repeating: "Phường Bến Nghé \(i) ", count: max(1, textBytes / 24))
            let serial = String(i)
            return Change(
                table: .enterprises, key: "03" + String(repeating: "0", count: 8 - serial.count) + serial,
                operation: i % 9 == 8 ? .delete : .upsert,
                fields: i % 9 == 8
                    ? []
                    : [
                        FieldChange(column: 0, value: .text("760")),
                        FieldChange(column: 1, value: .text(filler)),
                        FieldChange(column: 5, value: .int(Int64(i) * 1_000_003 - 7)),
                    ],
                hlc: HLCTimestamp(physicalMillis: 1_372_550_400_000 + Int64(i), counter: UInt16(i % 3)))
        }
    }

    @Test(
        "changes cut by the window's edge, and thousands across many windows, decode to exactly what was encoded",
        arguments: [ChangesetHeader.PayloadEncoding.deflate, .raw])
    func piecewiseRoundTrip(encoding: ChangesetHeader.PayloadEncoding) throws {
        for (count, textBytes) in [(40, 60_000), (30_000, 100)] {
            let changes = Self.bulky(count, textBytes: textBytes)
            let content = try ChangesetCodec.encode(header: Self.header(encoding), changes: changes)
            let stream = try ChangeStream(content: content[...])
            var read: [Change] = []
            while try stream.next() { read.append(stream.change()) }
            #expect(read == changes)
            #expect(try stream.next() == false)
            #expect(stream.bufferedBytes <= ChangeStream.maxWindow)
        }
    }

    @Test("a 20 MB payload is read through a window of at most a few MiB")
    func boundedWindow() throws {
        let changes = Self.bulky(4_000, textBytes: 5_000)
        let content = try ChangesetCodec.encode(header: Self.header(), changes: changes)
        let header = try ChangesetCodec.decodeHeader(content)
        #expect(header.payloadLength > 19_000_000)
        let stream = try ChangeStream(content: content[...])
        var count = 0
        while try stream.next() { count += 1 }
        #expect(count == changes.count)
        #expect(stream.bufferedBytes <= 2 << 20)
    }

    @Test("a header count that disagrees is found after the last change, before next() says the end")
    func closingChecks() throws {
        let changes = Self.bulky(50, textBytes: 10)
        var content = try ChangesetCodec.encode(header: Self.header(.raw), changes: changes)
        // The enterprises upsert count sits in the header's table counts; bump it.
        let h = try ChangesetCodec.decodeHeader(content)
        var bumped = h
        let index = bumped.counts.firstIndex { $0.table == .enterprises }!
        bumped.counts[index].upserts += 1
        let old = ChangesetCodec.encodeHeader(h)
        let new = ChangesetCodec.encodeHeader(bumped)
        content.replaceSubrange(14..<(14 + old.count), with: new)
        let stream = try ChangeStream(content: content[...])
        var seen = 0
        let error = #expect(throws: CoreError.self) {
            while try stream.next() { seen += 1 }
        }
        #expect(error?.code == "header_mismatch")
        #expect(seen == changes.count)
    }

    @Test("UTF-8 classification agrees with Swift's validation on 30,000 seeded byte strings")
    func utf8AgreesWithSwift() {
        var random = SeededGenerator(seed: 0x5EED)
        func next() -> UInt64 { random.next() }
        // Bytes around every boundary of UTF-8's table 3-7.
        let interesting: [UInt8] = [
            0x00, 0x41, 0x7F, 0x80, 0x8F, 0x90, 0x9F, 0xA0, 0xBF, 0xC0, 0xC1, 0xC2, 0xCB, 0xCC, 0xDF, 0xE0, 0xE1,
            0xB8, 0xBB, 0xBC, 0xEC, 0xED, 0xEE, 0xEF, 0xF0, 0xF1, 0xF3, 0xF4, 0xF5, 0xFF,
        ]
        var mismatches: [[UInt8]] = []
        for _ in 0..<30_000 {
            let length = Int(next() % 7)
            let bytes = (0..<length).map { _ in interesting[Int(next() % UInt64(interesting.count))] }
            let swiftValid = String(validating: bytes, as: UTF8.self) != nil
            let verdict = bytes.withUnsafeBytes { TextBytes.classify($0) }
            if (verdict != .invalid) != swiftValid { mismatches.append(bytes) }
            if verdict == .surelyNFC, let text = String(validating: bytes, as: UTF8.self) {
                if !VietnameseText.nfc(text).utf8.elementsEqual(text.utf8) { mismatches.append(bytes) }
            }
        }
        #expect(mismatches.isEmpty, "first disagreements: \(mismatches.prefix(5))")
    }

    @Test("Vietnamese text in NFC passes, its decomposed spelling is refused as not_nfc")
    func nfcRule() throws {
        let composed = Array("Nguyễn Thị Thu Hà, Phường Bến Nghé".utf8)
        let decomposed = Array("Nguye\u{0302}\u{0303}n".utf8)
        #expect(composed.withUnsafeBytes { TextBytes.classify($0) } == .surelyNFC)
        try composed.withUnsafeBytes { try TextBytes.check($0, what: "text value") }
        let error = #expect(throws: CoreError.self) {
            try decomposed.withUnsafeBytes { try TextBytes.check($0, what: "text value") }
        }
        #expect(error?.code == "not_nfc")
    }
}
