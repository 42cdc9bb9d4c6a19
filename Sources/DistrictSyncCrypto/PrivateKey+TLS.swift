internal import COpenSSL
import DistrictSyncCore

extension PrivateKey {
    /// Hands the key to `body` as unencrypted PKCS#8 DER, in memory only, and wipes the buffer after.
    ///
    /// For TLS libraries that need the key bytes (the hub's HTTPS listener, the node's client
    /// certificate): the decrypted key is never written to a file.
    public func withUnencryptedPKCS8DER<T>(_ body: ([UInt8]) throws -> T) throws -> T {
        OpenSSLErrors.clear()
        let bio = try MemoryBIO()
        guard i2d_PKCS8PrivateKey_bio(bio.pointer, pointer, nil, nil, 0, nil, nil) == 1 else {
            throw OpenSSLErrors.error(
                .internalError,
                LocalizedText(
                    vi: "không tuần tự hoá được khoá bí mật cho TLS", en: "could not serialise the private key for TLS")
            )
        }
        var der = bio.bytes()
        defer { for index in der.indices { der[index] = 0 } }
        return try body(der)
    }
}
