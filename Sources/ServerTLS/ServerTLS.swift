public import DistrictSyncCore
public import DistrictSyncCrypto
public import NIOSSL

/// The TLS server configuration both HTTPS servers build the same way (`dsync hub serve` and
/// `dsync node ui --allow-remote`): a PEM certificate (+ chain) and its private key, already
/// decrypted by `PrivateKey.load` with the CLI's passphrase rules, handed to NIO SSL in memory (the
/// key never touches disk unencrypted). TLS 1.2 at least.
public enum ServerTLS {
    /// The configuration for `certificatePath` (its first certificate is the leaf) and `key`,
    /// which must belong to it (`key_cert_mismatch`); `chainPath` adds intermediates after the
    /// leaf; with `clientRoots`, a client certificate chaining to them is required (mutual TLS).
    public static func configuration(
        certificatePath: String, chainPath: String? = nil, key: PrivateKey, clientRoots: [Certificate]? = nil
    ) throws -> TLSConfiguration {
        let certificates = try Certificate.loadAll(path: certificatePath)
        guard let leaf = certificates.first else {
            throw CoreError(
                "bad_certificate_file",
                LocalizedText(
                    vi: "\(certificatePath) không chứa chứng thư số nào", en: "\(certificatePath) holds no certificate")
            )
        }
        guard key.matches(leaf) else {
            throw CoreError(
                "key_cert_mismatch",
                LocalizedText(
                    vi: "--tls-key không thuộc --tls-cert \(certificatePath); ghi đúng cặp chứng " + "thư và khóa",
                    en: "the --tls-key does not belong to the --tls-cert \(certificatePath); give the pair"))
        }
        var chain = certificates
        if let chainPath { chain += try Certificate.loadAll(path: chainPath) }
        let nioChain = try chain.map { try NIOSSLCertificate(bytes: $0.der, format: .der) }
        let nioKey = try key.withUnencryptedPKCS8DER { try NIOSSLPrivateKey(bytes: $0, format: .der) }
        var tls = TLSConfiguration.makeServerConfiguration(
            certificateChain: nioChain.map { .certificate($0) }, privateKey: .privateKey(nioKey))
        tls.minimumTLSVersion = .tlsv12
        if let clientRoots {
            tls.certificateVerification = .noHostnameVerification
            tls.trustRoots = .certificates(try clientRoots.map { try NIOSSLCertificate(bytes: $0.der, format: .der) })
            tls.sendCANameList = true
        }
        return tls
    }
}
