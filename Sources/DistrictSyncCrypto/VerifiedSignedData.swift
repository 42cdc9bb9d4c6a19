public import Foundation

/// The result of a successful `CMSVerifier.verify`: content you may now parse, and who signed it when.
public struct VerifiedSignedData: Sendable {
    /// The signed content (eContent), exactly as signed: a slice of the verified DER (shares its storage).
    public let contentBytes: ArraySlice<UInt8>
    /// The signed content as an array of its own (a copy of `contentBytes`).
    public var content: [UInt8] { Array(contentBytes) }
    /// The signer's certificate (embedded in the SignedData).
    public let signer: Certificate
    /// The validated chain from the signer (first) to the configured root (last).
    public let chain: [Certificate]
    /// The signed signing-time attribute; the chain was validated at this instant.
    public let signingTime: Date
    /// The digest algorithm's short name, e.g. "SHA256".
    public let digestAlgorithm: String
    /// The signature algorithm's short name, e.g. "ecdsa-with-SHA256", "RSASSA-PSS", "rsaEncryption".
    public let signatureAlgorithm: String
}
