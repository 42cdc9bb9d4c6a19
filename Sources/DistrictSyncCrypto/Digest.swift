internal import Hashing

/// Message digests (OpenSSL's SHA-256 through `Hashing`), and a fast lowercase hex encoder.
public enum Digest {
    /// SHA-256 of `bytes`: the codebase's one SHA-256 (`Hashing.SHA256Digest`, OpenSSL EVP).
    public static func sha256(_ bytes: [UInt8]) -> [UInt8] { SHA256Digest.hash(bytes) }

    /// Lowercase hex of `bytes` ("00ff…").
    public static func hex(_ bytes: [UInt8]) -> String {
        let digits: [UInt8] = Array("0123456789abcdef".utf8)
        return String(unsafeUninitializedCapacity: bytes.count * 2) { buffer in
            var index = 0
            for byte in bytes {
                buffer[index] = digits[Int(byte >> 4)]
                buffer[index + 1] = digits[Int(byte & 0x0f)]
                index += 2
            }
            return index
        }
    }
}
