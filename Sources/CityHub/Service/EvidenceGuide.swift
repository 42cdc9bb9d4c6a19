/// `VERIFY.md` of an evidence bundle: the exact commands, stock `openssl` and `python3` only, that
/// check it without a hub and without DistrictSync.
enum EvidenceGuide {
    static func markdown(_ m: EvidenceManifest) -> String {
        let attime = m.signingTimeSeconds
        let untrusted = m.intermediates > 0 ? " -untrusted chain.pem" : ""
        let chainNote =
            m.intermediates > 0
            ? "`chain.pem` holds the \(m.intermediates) intermediate certificate(s) the changeset carries."
            : "The officer's certificate was issued by the root itself (the changeset carries no intermediate)."
        return """
            # Evidence for changeset \(m.changesetID)

            What this folder proves, with no hub and no DistrictSync:

            - `changeset.dsc` (SHA-256 `\(m.changesetID)`) was signed by the certificate `signer.pem`
              (SHA-256 `\(m.signerFingerprint)`), which chains to the city root `root.pem` and was
              valid and not revoked at the signing time \(m.signingTime) by the CRLs the hub had
              installed when it accepted the changeset (`crls.pem`; issuers: \(m.crlIssuers.joined(separator: "; ")));
            - the hub (`\(m.hubID)`) accepted it at \(m.acceptedAt) from unit \(m.district), node
              `\(m.nodeID)`, sequence \(m.sequence), and signed the receipt `receipt.der`;
            - it is entry \(m.leafIndex) of the city log `\(m.logOrigin)` of \(m.treeSize) entries, whose
              checkpoint `checkpoint.txt` is signed by the log key `log.vkey` (`log-key.pem`).

            Keep the log key from an independent source (an earlier bundle, a witness, the hub's
            published `GET /v1/log/key`) and compare it with `log.vkey`: a bundle proves inclusion in
            the log of *that* key. Run the commands in this folder.

            ## 1. The hub's receipt

            ```sh
            openssl cms -verify -binary -inform DER -in receipt.der -CAfile root.pem -purpose any -out receipt-content.bin
            ```

            It prints `CMS Verification successful`; `receipt-content.bin` is what the hub signed (step 3
            checks that it names this changeset).

            ## 2. The officer's signature, the chain and revocation at the signing time

            ```sh
            openssl cms -verify -binary -inform DER -in changeset.dsc -CAfile root.pem -purpose any -attime \(attime) -out content.bin
            cat root.pem crls.pem > root-and-crls.pem
            openssl verify -attime \(attime) -crl_check -CAfile root-and-crls.pem\(untrusted) -purpose any signer.pem
            ```

            The first prints `CMS Verification successful` (the signature over the exact bytes, the chain
            to the root at the signing time \(attime) = \(m.signingTime)); the last prints `signer.pem: OK`
            (not revoked by the CRLs in force). \(chainNote)

            ## 3. The city log (Python standard library only)

            ```sh
            python3 verify_evidence.py .
            ```

            It recomputes the RFC 6962 leaf from the changeset id, follows `inclusion-proof.json` to the
            root of `checkpoint.txt`, checks the checkpoint's Ed25519 signature against `log.vkey`
            (C2SP signed note) and that the receipt names this changeset; every line says `OK`, or it
            stops with `FAIL` and exits 1.

            The checkpoint signature can also be checked with OpenSSL alone:

            ```sh
            openssl pkeyutl -verify -pubin -inkey log-key.pem -rawin -in checkpoint-body.txt -sigfile checkpoint.sig
            ```

            which prints `Signature Verified Successfully`.

            """
    }
}
