import DistrictSyncCore
import DistrictSyncCrypto
import Hashing
import Testing

@Suite("One SHA-256: FIPS 180-4 vectors, and the core and crypto names give the same digest")
struct SHA256Tests {
    static func hex(_ bytes: [UInt8]) -> String { bytes.map { String(format: "%02x", $0) }.joined() }

    @Test(
        "the FIPS 180-4 / NIST example messages hash to their published digests",
        arguments: [
            ("", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
            ("abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
            (
                "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
                "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"
            ),
        ])
    func vectors(message: String, digest: String) {
        #expect(Self.hex(SHA256Digest.hash(Array(message.utf8))) == digest)
    }

    @Test("a million 'a' hashes to the published digest")
    func millionA() {
        let digest = SHA256Digest.hash([UInt8](repeating: 0x61, count: 1_000_000))
        #expect(Self.hex(digest) == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
    }

    @Test("the core's SHA256 and the crypto target's Digest are the same function on every length 0–300")
    func oneFunction() {
        for n in 0...300 {
            let bytes = (0..<n).map { UInt8(truncatingIfNeeded: $0 &* 37 &+ n) }
            #expect(SHA256.hash(bytes) == Digest.sha256(bytes), "length \(n)")
            #expect(SHA256.hash(bytes) == SHA256Digest.hash(bytes))
        }
    }
}
