import DistrictSyncCore
import Foundation

/// Checks a validated chain against CRLs ourselves, instead of X509_V_FLAG_CRL_CHECK: a CRL is usually
/// issued after the signing time, and OpenSSL would then call it not yet valid. A revoked certificate is
/// refused whatever its revocation date, because a compromised key can backdate signatures — unless a
/// log the verifier trusts proves the data existed before the revocation (`existedBefore`, T15): a
/// signature that was already in the city log cannot have been made with a key stolen later.
///
/// Three rules besides revocation itself (docs/changeset-format.md, "Revocation"):
/// - every configured CRL must be signed by a configured root or intermediate, or a CA of the chain
///   (`crl_untrusted`): a CRL nobody vouches for is a configuration error, not something to skip;
/// - a CRL naming an issuer of the chain must verify with that issuer's key (`crl_invalid`);
/// - the newest CRL of each issuer must be fresh at the verifier's clock: past its nextUpdate plus the
///   policy's grace period it is `crl_stale`, because a stale list cannot show a recent revocation.
struct RevocationChecker {
    let crls: [CertificateRevocationList]
    let requireCRL: Bool
    let now: Date
    let grace: TimeInterval
    var existedBefore: Date? = nil

    /// Checks every certificate except the root (last) against the newest valid CRL of its issuer.
    func check(_ chain: [Certificate], trusted: [Certificate]) throws(CryptoError) {
        try checkIssuers(of: crls, candidates: trusted + chain.filter(\.isCA))
        for index in chain.indices.dropLast() {
            try check(chain[index], issuer: chain[index + 1])
        }
    }

    private func checkIssuers(
        of crls: [CertificateRevocationList], candidates: [Certificate]
    ) throws(CryptoError) {
        for crl in crls where !candidates.contains(where: { crl.isSigned(by: $0) }) {
            throw CryptoError(
                .crlUntrusted,
                LocalizedText(
                    vi: "danh sách thu hồi (CRL) của '\(crl.issuer)' không do CA nào đã cấu hình ký; "
                        + "chỉ dùng CRL của các CA thành phố (certs/ca/crl.pem) hoặc thêm CA đó bằng --ca",
                    en: "the CRL from '\(crl.issuer)' is not signed by any configured CA; "
                        + "give only CRLs of the city CAs (certs/ca/crl.pem) or add that CA with --ca"))
        }
    }

    private func check(_ certificate: Certificate, issuer: Certificate) throws(CryptoError) {
        let named = crls.filter { $0.names(issuerOf: certificate) }
        let valid = named.filter { $0.isSigned(by: issuer) }
        if !named.isEmpty && valid.isEmpty {
            throw CryptoError(
                .crlInvalid,
                LocalizedText(
                    vi:
                        "danh sách thu hồi (CRL) của '\(issuer.subject)' không khớp với khoá của tổ chức cấp đó; hãy lấy CRL chính thức",
                    en:
                        "the CRL for issuer '\(issuer.subject)' does not verify with that issuer's key; fetch a genuine CRL"
                ))
        }
        guard let newest = valid.max(by: { $0.lastUpdate < $1.lastUpdate }) else {
            if requireCRL {
                throw CryptoError(
                    .crlMissing,
                    LocalizedText(
                        vi:
                            "chưa cấu hình danh sách thu hồi (CRL) nào của '\(issuer.subject)', trong khi việc kiểm tra thu hồi cần có; "
                            + "hãy thêm tệp crl.pem của CA",
                        en: "no CRL from '\(issuer.subject)' is configured, and revocation checking requires one; "
                            + "add the CA's crl.pem"))
            }
            return
        }
        // CRLs carry their issue time in whole seconds: two issued in the same second (a revocation
        // right after the CA made its first list) tie, and any of the tied lists naming the
        // certificate revokes it — never pick the older one by accident.
        let newestLists = valid.filter { $0.lastUpdate == newest.lastUpdate }
        let revokedBy = newestLists.compactMap { $0.revocationDate(serialHex: certificate.serialHex) }
        if let earliest = revokedBy.min(), existedBefore.map({ earliest <= $0 }) ?? true {
            throw CryptoError(
                .certRevoked,
                LocalizedText(
                    vi:
                        "chứng thư số '\(certificate.subject)' (số hiệu \(certificate.serialHex)) đã bị CA của nó thu hồi "
                        + "lúc \(earliest)"
                        + (existedBefore.map {
                            "; nhật ký thành phố chỉ chứng minh dữ liệu đã có từ \($0), không sớm hơn lúc thu hồi"
                        } ?? ""),
                    en:
                        "the certificate '\(certificate.subject)' (serial \(certificate.serialHex)) is revoked by its CA "
                        + "as of \(earliest)"
                        + (existedBefore.map {
                            "; the city log shows the data only from \($0), not before the revocation"
                        } ?? "")
                ))
        }
        // Checked after revocation: a stale list that already names the signer is still proof enough.
        if newest.isStale(at: now, grace: grace) {
            let due = newest.nextUpdate.map { "was due to be replaced at \($0)" } ?? "states no nextUpdate"
            let dueVi = newest.nextUpdate.map { "đã đến hạn thay thế từ \($0)" } ?? "không ghi nextUpdate"
            throw CryptoError(
                .crlStale,
                LocalizedText(
                    vi: "danh sách thu hồi (CRL) mới nhất của '\(issuer.subject)' \(dueVi), đồng hồ hiện là \(now) "
                        + "(thời gian gia hạn \(Int(grace)) giây); hãy cài tệp crl.pem mới từ CA thành phố (certs/README.md, "
                        + "\"Refreshing the CRL\")",
                    en: "the newest CRL from '\(issuer.subject)' \(due) and the clock is \(now) "
                        + "(grace \(Int(grace)) s); install a fresh crl.pem from the city CA (certs/README.md, "
                        + "\"Refreshing the CRL\")"))
        }
    }
}
