public import DistrictSyncCore

/// An error from key, certificate, CRL or CMS handling, with a stable code for JSON and the hub.
///
/// `reason` is for people: what was wrong, what was expected, and what to do. `openSSLDetail` keeps
/// OpenSSL's own text (reason and data strings) for diagnostics. Neither ever holds key material,
/// passphrases or signed content.
public struct CryptoError: Error, CustomStringConvertible, Sendable, Equatable {
    /// A stable, snake_case error code. The raw values are part of the hub's JSON contract.
    public enum Code: String, Sendable, CaseIterable, Codable {
        /// The bytes are not a CMS SignedData structure we can read.
        case malformedCMS = "malformed_cms"
        /// The DER structure parsed but more bytes follow it.
        case trailingBytes = "trailing_bytes"
        /// The input is larger than the caller's limit; it was not parsed.
        case tooLarge = "too_large"
        /// The signature does not match the content (or the signed attributes).
        case badSignature = "bad_signature"
        /// The signer's chain does not reach a configured root.
        case unknownCA = "unknown_ca"
        /// A certificate in the chain had expired at the signing time.
        case certExpired = "cert_expired"
        /// A certificate in the chain was not yet valid at the signing time.
        case certNotYetValid = "cert_not_yet_valid"
        /// A certificate in the chain is listed in its issuer's CRL.
        case certRevoked = "cert_revoked"
        /// Revocation checking is required but no CRL from the issuer was configured.
        case crlMissing = "crl_missing"
        /// A CRL could not be read, or its signature does not verify with its issuer's key.
        case crlInvalid = "crl_invalid"
        /// The newest CRL of an issuer is past its nextUpdate (beyond the policy's grace period) or has none.
        case crlStale = "crl_stale"
        /// A configured CRL is not signed by any configured root or intermediate (nor the signer's chain).
        case crlUntrusted = "crl_untrusted"
        /// The chain is otherwise invalid (bad CA certificate, path length, bad certificate signature).
        case chainInvalid = "chain_invalid"
        /// The signer certificate is a CA certificate (basicConstraints CA:TRUE).
        case signerIsCA = "signer_is_ca"
        /// The signer certificate lacks keyUsage digitalSignature or nonRepudiation.
        case wrongKeyUsage = "wrong_key_usage"
        /// The SignedData does not embed the signer's certificate.
        case noSignerCert = "no_signer_cert"
        /// The SignedData has zero or more than one signer.
        case multipleSigners = "multiple_signers"
        /// A key or digest algorithm outside the allow-list (RSA ≥ 2048, ECDSA P-256, SHA-256/384/512).
        case unsupportedAlgorithm = "unsupported_algorithm"
        /// An RSASSA-PSS signature whose parameters are not SHA-256, MGF1 with SHA-256, salt 32, trailer 1.
        case unsupportedPSSParameters = "unsupported_pss_parameters"
        /// A mandatory signed attribute (content-type, message-digest, signing-time) is missing or wrong.
        case missingSignedAttributes = "missing_signed_attributes"
        /// The signing time is later than the verifier's clock allows.
        case signingTimeInFuture = "signing_time_in_future"
        /// The private key could not be decrypted with the given passphrase.
        case wrongPassphrase = "wrong_passphrase"
        /// The private key does not belong to the certificate.
        case keyCertMismatch = "key_cert_mismatch"
        /// The key file is not a PEM private key we can read.
        case badKeyFile = "bad_key_file"
        /// The private key file can be read or written by its group or by others (`chmod 600` it).
        case keyPermissions = "key_permissions"
        /// The certificate file is not a PEM bundle or DER certificate we can read.
        case badCertificateFile = "bad_certificate_file"
        /// A file could not be read or written.
        case ioError = "io_error"
        /// OpenSSL failed in a way none of the other codes describe.
        case internalError = "internal_error"
    }

    /// The stable machine-readable code.
    public let code: Code
    /// What was wrong, what was expected, and what to do, in English (`text.en`).
    public let reason: String
    /// The reason in Vietnamese and English (English twice when the raise site gave English only).
    public let text: LocalizedText
    /// OpenSSL's reason and data strings, when OpenSSL reported the failure.
    public let openSSLDetail: String?

    /// Makes an error with an English reason only (its Vietnamese text is the English one).
    public init(_ code: Code, _ reason: String, openSSLDetail: String? = nil) {
        self.init(code, LocalizedText(vi: reason, en: reason), openSSLDetail: openSSLDetail)
    }

    /// Makes an error whose reason is given in both languages; prefer the internal OpenSSL helper
    /// when OpenSSL reported the failure.
    public init(_ code: Code, _ text: LocalizedText, openSSLDetail: String? = nil) {
        self.code = code
        self.reason = text.en
        self.text = text
        self.openSSLDetail = openSSLDetail
    }

    /// The reason in `language`.
    public func reason(in language: Language) -> String { text.text(language) }

    /// `code: reason` and, when present, `(OpenSSL: detail)`.
    public var description: String {
        if let openSSLDetail, !openSSLDetail.isEmpty {
            return "\(code.rawValue): \(reason) (OpenSSL: \(openSSLDetail))"
        }
        return "\(code.rawValue): \(reason)"
    }
}
