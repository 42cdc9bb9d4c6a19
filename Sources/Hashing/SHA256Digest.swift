internal import COpenSSL

/// The codebase's one SHA-256: OpenSSL's (EVP), in its own tiny target so the pure core can hash
/// (schema fingerprint, Merkle tree, deterministic ids) without importing the crypto target, and
/// every changeset id, content-store name and log leaf comes from the same function.
public enum SHA256Digest {
    /// SHA-256 of `bytes`, computed in one EVP call over the array's storage (no copies).
    public static func hash(_ bytes: [UInt8]) -> [UInt8] {
        var output = [UInt8](repeating: 0, count: 32)
        var length: UInt32 = 0
        let ok = bytes.withUnsafeBytes { input in
            output.withUnsafeMutableBufferPointer { out in
                EVP_Digest(input.baseAddress, input.count, out.baseAddress, &length, EVP_sha256(), nil)
            }
        }
        // EVP_Digest with the built-in SHA-256 fails only on allocation failure.
        precondition(ok == 1 && length == 32, "EVP_Digest(SHA-256) failed")
        return output
    }
}
