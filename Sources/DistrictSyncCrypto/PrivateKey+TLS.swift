internal import COpenSSL

extension PrivateKey {
    /// Hands the key to `body` as unencrypted PKCS#8 DER, in memory only, and wipes the buffer after.
    ///
    /// For TLS libraries that need the key bytes (the hub's HTTPS listener, the node's client
    /// certificate): the decrypted key is never written to a file.
    public func withUnencryptedPKCS8DER<T>(_ body: ([UInt8]) throws -> T) throws -> T {
        OpenSSLErrors.clear()
        let bio = try MemoryBIO()
        guard i2d_PKCS8PrivateKey_bio(bio.pointer, pointer, nil, nil, 0, nil, nil) == 1 else {
            throw OpenSSLErrors.error(.internalError, "could not serialise the private key for TLS")
        }
        var der = bio.bytes()
        defer { for index in der.indices { der[index] = 0 } }
        return try body(der)
    }
}

extension Certificate {
    /// True when extendedKeyUsage lists serverAuth (the hub's certificate; officers' never do).
    public var hasServerAuthUsage: Bool {
        let flags = X509_get_extension_flags(pointer)
        guard flags & UInt32(EXFLAG_XKUSAGE) != 0 else { return false }
        return X509_get_extended_key_usage(pointer) & UInt32(XKU_SSL_SERVER) != 0
    }
}
