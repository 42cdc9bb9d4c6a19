public import Foundation

/// What a SignedData claims, read WITHOUT verifying anything (for `dsync changeset show`).
public struct InspectedSignedData: Sendable {
    /// The attached content, unverified.
    public let content: [UInt8]
    /// The embedded certificates that the SignerInfos identify, unverified.
    public let signerCertificates: [Certificate]
    /// The first signer's signing-time attribute, if present; unverified.
    public let signingTime: Date?
    /// Every certificate the SignedData carries (signers and intermediates), unverified.
    public let embeddedCertificates: [Certificate]
}

/// Reads a CMS SignedData without verifying it. Never use the result to make a trust decision.
public enum CMSInspector {
    /// Parses `der` strictly (no trailing bytes, attached content) and returns its unverified claims.
    public static func inspect(der: [UInt8]) throws(CryptoError) -> InspectedSignedData {
        let message = try CMSMessage.parse(der: der)
        let infos = message.signerInfos
        let embedded = message.certificates
        return InspectedSignedData(
            content: message.content,
            signerCertificates: infos.compactMap { message.signerCertificate(of: $0, among: embedded) },
            signingTime: infos.first.flatMap { SignerInfo(pointer: $0).signingTime }, embeddedCertificates: embedded)
    }
}
