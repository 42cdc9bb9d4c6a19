import Foundation

/// Checks a validated chain against CRLs ourselves, instead of X509_V_FLAG_CRL_CHECK: a CRL is usually
/// issued after the signing time, and OpenSSL would then call it not yet valid. A revoked certificate is
/// refused whatever its revocation date, because a compromised key can backdate signatures.
struct RevocationChecker {
    let crls: [CertificateRevocationList]
    let requireCRL: Bool

    /// Checks every certificate except the root (last) against the newest valid CRL of its issuer.
    func check(_ chain: [Certificate]) throws(CryptoError) {
        for index in chain.indices.dropLast() {
            try check(chain[index], issuer: chain[index + 1])
        }
    }

    private func check(_ certificate: Certificate, issuer: Certificate) throws(CryptoError) {
        let named = crls.filter { $0.names(issuerOf: certificate) }
        let valid = named.filter { $0.isSigned(by: issuer) }
        if !named.isEmpty && valid.isEmpty {
            throw CryptoError(
                .crlInvalid,
                "the CRL for issuer '\(issuer.subject)' does not verify with that issuer's key; fetch a genuine CRL")
        }
        guard let newest = valid.max(by: { $0.lastUpdate < $1.lastUpdate }) else {
            if requireCRL {
                throw CryptoError(
                    .crlMissing,
                    "no CRL from '\(issuer.subject)' is configured, and revocation checking requires one; "
                        + "add the CA's crl.pem")
            }
            return
        }
        if newest.isRevoked(serialHex: certificate.serialHex) {
            throw CryptoError(
                .certRevoked,
                "the certificate '\(certificate.subject)' (serial \(certificate.serialHex)) is revoked by its CA")
        }
    }
}
