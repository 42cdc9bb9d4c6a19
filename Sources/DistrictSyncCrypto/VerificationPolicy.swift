public import Foundation

/// What a verifier trusts: the configured roots only (never the system store), plus revocation rules.
///
/// A value type so the hub can build one per sync session and share it between tasks.
public struct VerificationPolicy: Sendable {
    /// Trust anchors. More than one is allowed (city root plus government roots).
    public var roots: [Certificate]
    /// Untrusted intermediates that may complete a chain (the CMS may also carry some).
    public var intermediates: [Certificate]
    /// CRLs from any of the CAs; the newest one whose signature verifies with the issuer's key is used.
    public var crls: [CertificateRevocationList]
    /// Check the signer and intermediates against the CRLs.
    public var checkRevocation: Bool
    /// With `checkRevocation`, refuse when no CRL from a certificate's issuer is available (`crl_missing`).
    public var requireCRL: Bool
    /// How long after a CRL's nextUpdate it may still be relied on (`crl_stale` beyond that). Zero by
    /// default: the hub refreshes its CRLs before they lapse, so a stale one is an operator error to fix.
    public var crlGracePeriod: TimeInterval
    /// Proof from a log the verifier trusts that the signed data existed at this time (T15: the
    /// city log had it in a checkpoint signed then). A certificate revoked strictly after it does not
    /// refuse the data; one revoked at or before it still does. Nil (the default): a revoked
    /// certificate is refused whatever its revocation date.
    public var existedBefore: Date?

    /// A policy; revocation is checked and required by default, as the hub does.
    public init(
        roots: [Certificate], intermediates: [Certificate] = [], crls: [CertificateRevocationList] = [],
        checkRevocation: Bool = true, requireCRL: Bool = true, crlGracePeriod: TimeInterval = 0
    ) {
        self.crlGracePeriod = crlGracePeriod
        self.roots = roots
        self.intermediates = intermediates
        self.crls = crls
        self.checkRevocation = checkRevocation
        self.requireCRL = requireCRL
        self.existedBefore = nil
    }
}

/// The trust configuration under the name other targets may expect.
public typealias TrustStore = VerificationPolicy
