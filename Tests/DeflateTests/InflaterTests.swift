import Deflate
import Testing

@Suite("Deflate: raw DEFLATE in and out, with the size limit as the defence against a bomb")
struct InflaterTests {
    @Test("the inflater gives the same bytes in 1-byte pieces and refuses truncation, trailing bytes and excess")
    func inflater() throws {
        let plain = (0..<50_000).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ $0 >> 7) }
        let packed = try Deflate.compress(plain)
        func run(_ input: [UInt8], limit: Int, piece: Int) throws -> [UInt8] {
            let inflater = try Inflater(limit: limit)
            var out: [UInt8] = []
            var buffer = [UInt8](repeating: 0, count: piece)
            while !inflater.finished {
                let n = try input.withUnsafeBytes { i in
                    try buffer.withUnsafeMutableBytes { try inflater.inflate(from: i, into: $0) }
                }
                out += buffer[0..<n]
            }
            return out
        }
        #expect(try run(packed, limit: plain.count, piece: 1) == plain)
        #expect(try run(packed, limit: plain.count, piece: 65_536) == plain)
        #expect(throws: Deflate.Failure.self) { try run(Array(packed.dropLast(10)), limit: plain.count, piece: 4096) }
        #expect(throws: Deflate.Failure.self) { try run(packed + [0], limit: plain.count, piece: 4096) }
        #expect(throws: Deflate.Failure.self) { try run(packed, limit: plain.count - 1, piece: 4096) }
    }

    @Test(
        "a whole payload decompresses to its declared size; a wrong size, a corrupt stream or trailing bytes are refused"
    )
    func wholeDecompress() throws {
        let plain = Array("Phường Bến Thành, Quận 1 — ".utf8) + (0..<20_000).map { UInt8($0 % 251) }
        let packed = try Deflate.compress(plain)
        #expect(packed.count < plain.count)
        #expect(try Deflate.decompress(packed, expectedSize: plain.count, limit: plain.count) == plain)
        // A declared size above the limit is refused before anything is inflated.
        #expect(throws: Deflate.Failure.self) {
            try Deflate.decompress(packed, expectedSize: plain.count, limit: plain.count - 1)
        }
        // The stream holds more than declared: no silent cut.
        #expect(throws: Deflate.Failure.self) {
            try Deflate.decompress(packed, expectedSize: plain.count - 1, limit: plain.count)
        }
        #expect(throws: Deflate.Failure.self) {
            try Deflate.decompress(packed, expectedSize: plain.count + 1, limit: plain.count + 1)
        }
        #expect(throws: Deflate.Failure.self) {
            try Deflate.decompress(packed + [0, 1], expectedSize: plain.count, limit: plain.count)
        }
        var flipped = packed
        flipped[flipped.count / 2] ^= 0xFF
        let corrupt = try? Deflate.decompress(flipped, expectedSize: plain.count, limit: plain.count)
        #expect(corrupt != plain)
    }

    @Test("a bomb (100 MB of zeros in a few hundred KB) is stopped at the limit, never inflated whole")
    func bomb() throws {
        let zeros = [UInt8](repeating: 0, count: 100 * 1024 * 1024)
        let packed = try Deflate.compress(zeros, level: 9)
        #expect(packed.count < 1_000_000)
        let inflater = try Inflater(limit: 1 << 20)
        var buffer = [UInt8](repeating: 0, count: 64 * 1024)
        var produced = 0
        #expect(throws: Deflate.Failure.self) {
            while !inflater.finished {
                produced += try packed.withUnsafeBytes { i in
                    try buffer.withUnsafeMutableBytes { try inflater.inflate(from: i, into: $0) }
                }
            }
        }
        #expect(produced <= (1 << 20) + 1)
    }
}
