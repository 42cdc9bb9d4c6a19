internal import Hashing

/// SHA-256 for the core's inputs (the schema fingerprint, the Merkle tree, deterministic ids):
/// the one implementation, OpenSSL's, through the `Hashing` target (`DistrictSyncCrypto.Digest`
/// calls the same function). Until session 7 this was a hand-written FIPS 180-4 copy.
public enum SHA256 {
    /// The SHA-256 digest of `message`.
    public static func hash(_ message: [UInt8]) -> [UInt8] { SHA256Digest.hash(message) }
}

/// Lowercase hexadecimal of bytes.
public func hexString(_ bytes: [UInt8]) -> String {
    let digits = Array("0123456789abcdef".utf8)
    var out = [UInt8]()
    out.reserveCapacity(bytes.count * 2)
    for b in bytes {
        out.append(digits[Int(b >> 4)])
        out.append(digits[Int(b & 0x0f)])
    }
    return String(decoding: out, as: UTF8.self)
}
