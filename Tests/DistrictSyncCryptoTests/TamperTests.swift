import DistrictSyncCrypto
import Foundation
import Testing

@Suite("Altered bytes never verify")
struct TamperTests {
    static let fixture: [UInt8] = {
        do {
            return try Fixtures.signed(by: Fixtures.officer())
        } catch {
            return []
        }
    }()

    @Test("every single-bit flip of a signed fixture is rejected")
    func everyBitFlip() throws {
        let der = Self.fixture
        #expect(der.count > 500 && der.count < 2000)
        let policy = try Fixtures.policy()
        var accepted: [Int] = []
        for bit in 0..<(der.count * 8) {
            var copy = der
            copy[bit / 8] ^= UInt8(1 << (bit % 8))
            if (try? CMSVerifier.verify(der: copy, policy: policy, now: Fixtures.now, maxBytes: 1 << 20)) != nil {
                accepted.append(bit)
            }
        }
        #expect(accepted.isEmpty, "bit flips accepted at \(accepted)")
    }

    @Test("every truncation is rejected")
    func everyTruncation() throws {
        let der = Self.fixture
        let policy = try Fixtures.policy()
        for length in 0..<der.count {
            #expect(throws: CryptoError.self) {
                try CMSVerifier.verify(
                    der: Array(der.prefix(length)), policy: policy, now: Fixtures.now, maxBytes: 1 << 20)
            }
        }
    }

    @Test("bytes after the DER structure are rejected as trailing_bytes", arguments: [[0x00], [0x30, 0x00], [0xff]])
    func trailingBytes(extra: [UInt8]) throws {
        #expect(Fixtures.code { _ = try Fixtures.verify(Self.fixture + extra) } == .trailingBytes)
    }

    @Test("an input over the size limit is refused before parsing")
    func tooLarge() throws {
        let garbage = [UInt8](repeating: 0xff, count: 4097)
        let policy = try Fixtures.policy()
        #expect(
            Fixtures.code {
                _ = try CMSVerifier.verify(der: garbage, policy: policy, now: Fixtures.now, maxBytes: 4096)
            }
                == .tooLarge)
    }

    @Test("verification runs concurrently from many tasks")
    func concurrent() async throws {
        let der = Self.fixture
        let policy = try Fixtures.policy()
        try await withThrowingTaskGroup(of: Int.self) { group in
            for _ in 0..<32 {
                group.addTask {
                    try CMSVerifier.verify(der: der, policy: policy, now: Fixtures.now, maxBytes: 1 << 20).content.count
                }
            }
            for try await count in group { #expect(count == Fixtures.content.count) }
        }
    }
}
