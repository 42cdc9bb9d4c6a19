import DistrictSyncTesting
import Foundation
import Testing

/// Revocation over time (threat T15) for a second hub: it starts from the newer CRL, and still takes
/// the changesets the city hub accepted before the revocation when they come with their evidence.
@Suite("hub import-evidence: a second hub takes changesets accepted before their signer was revoked")
struct EvidenceImportTests {
    let dsync = Dsync.realClock()

    func rows(_ r: Dsync.Result) throws -> [[String: Any]] {
        try #require(try Dsync.json(r) as? [[String: Any]], Comment(rawValue: r.stdout + r.stderr))
    }

    @Test(
        "accepted before the revocation: imported on evidence; signed or accepted after it, a wrong log key or a forged proof: refused, nothing changed"
    )
    func importAfterRevocation() throws {
        let dir = makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let root = TestPKI.repositoryRoot
        let env = "DSYNC_KEY_PASSPHRASE=\(TestPKI.passphrase)"
        let pki = dir + "/pki"
        let made = try EvidenceBundleCommandTests.shell(
            "\(env) \(root)/scripts/make-pki \(pki) --districts 760", in: dir)
        #expect(made.status == 0, Comment(rawValue: made.output))
        func step(_ args: [String]) throws -> Dsync.Result {
            let r = try dsync.run(args + ["--lang", "en"])
            #expect(r.status == 0, "\(args): \(r.stdout) \(r.stderr)")
            return r
        }
        let node = dir + "/node"
        _ = try step(["node", "init", node, "--unit", "760", "--on", "2013-06-30"])
        var batch = 0
        func business(_ tax: String) throws {
            batch += 1
            try """
            tax_code,name,address,ward,sector,employees,capital_vnd,revenue_vnd,category
            \(tax),Công ty TNHH Minh Phát \(batch),12 An Dương Vương,Phường 8,trade_services,12,1000000000,2000000000,other

            """.write(toFile: dir + "/b.csv", atomically: true, encoding: .utf8)
            _ = try step(["node", "import", "businesses", dir + "/b.csv", "--home", node, "--reference-year", "2013"])
            _ = try step(["node", "commit", "--home", node])
        }
        let officer = pki + "/districts/760/officer.pem"
        _ = try step([
            "node", "set-signer", "--home", node, "--cert", officer, "--key", pki + "/districts/760/officer.key",
            "--ca", pki + "/ca/root.pem",
        ])
        try business("0100109106")
        try business("0301234562")
        _ = try step(["node", "export", "--home", node, "--out", dir + "/usb1"])
        func hub(_ name: String, crl: String) throws -> String {
            let home = dir + "/" + name
            _ = try step([
                "hub", "init", home, "--ca", pki + "/ca/root.pem", "--cert", pki + "/hub/hub.pem", "--key",
                pki + "/hub/hub.key", "--crl", crl,
            ])
            return home
        }
        try FileManager.default.copyItem(atPath: pki + "/ca/crl.pem", toPath: dir + "/crl-before.pem")
        let city = try hub("city-hub", crl: dir + "/crl-before.pem")
        let accepted = try rows(try step(["hub", "import", dir + "/usb1", "--home", city, "--json"]))
        #expect(accepted.count == 2 && accepted.allSatisfy { $0["outcome"] as? String == "accepted" })
        let ids = accepted.compactMap { $0["id"] as? String }

        // CRLs carry whole seconds: revoke in a later second than the acceptance.
        let acceptedAt = Date().timeIntervalSince1970
        while Date().timeIntervalSince1970 < acceptedAt.rounded(.down) + 1.05 { usleep(50_000) }
        let revoked = try EvidenceBundleCommandTests.shell(
            "\(env) \(root)/scripts/pki-revoke \(pki) \(officer) --reason keyCompromise", in: dir)
        #expect(revoked.status == 0, Comment(rawValue: revoked.output))

        // The stolen key signs on: a changeset the city hub, still on the old CRL, accepts after the
        // revocation — its evidence must not help it anywhere that knows of the revocation.
        try business("0100109106")
        _ = try step(["node", "export", "--home", node, "--out", dir + "/usb2"])
        let late = try rows(try step(["hub", "import", dir + "/usb2", "--home", city, "--json"]))
        let lateID = try #require(late.first { $0["outcome"] as? String == "accepted" }?["id"] as? String)
        for (n, id) in (ids + [lateID]).enumerated() {
            _ = try step(["hub", "evidence", id, "--home", city, "--out", dir + "/evidence-\(n + 1)"])
        }
        let cityKey = city + "/log.vkey"

        // A second hub from today's CRL: the plain files are refused, the signer is revoked.
        let second = try hub("second-hub", crl: pki + "/ca/crl.pem")
        let plain = try rows(try dsync.run(["hub", "import", dir + "/usb1", "--home", second, "--json"]))
        #expect(plain.allSatisfy { $0["reason"] as? String == "cert_revoked" }, "\(plain)")
        let emptyHash = try step(["hub", "dump-hash", "--home", second]).stdout

        // Evidence that does not hold changes nothing: another log's key, a proof for another entry.
        let wrongKey = try dsync.run([
            "hub", "import-evidence", dir + "/evidence-1", "--log-key", second + "/log.vkey", "--home", second,
            "--json",
        ])
        #expect(wrongKey.status != 0)
        #expect(try rows(wrongKey).first?["reason"] as? String == "bad_checkpoint", Comment(rawValue: wrongKey.stdout))
        let forged = dir + "/forged"
        try FileManager.default.copyItem(atPath: dir + "/evidence-1", toPath: forged)
        try FileManager.default.removeItem(atPath: forged + "/inclusion-proof.json")
        try FileManager.default.copyItem(
            atPath: dir + "/evidence-2/inclusion-proof.json", toPath: forged + "/inclusion-proof.json")
        let forgedRun = try dsync.run([
            "hub", "import-evidence", forged, "--log-key", cityKey, "--home", second, "--json",
        ])
        #expect(try rows(forgedRun).first?["reason"] as? String == "bad_evidence", Comment(rawValue: forgedRun.stdout))
        let noKey = try dsync.run(["hub", "import-evidence", dir + "/evidence-1", "--home", second])
        #expect(noKey.status != 0 && noKey.stderr.contains("--log-key"), Comment(rawValue: noKey.stderr))
        #expect(try step(["hub", "dump-hash", "--home", second]).stdout == emptyHash)

        // The genuine bundles, given out of order: both accepted before the revocation go in, in chain
        // order; the one accepted after the revocation is cert_revoked.
        let imported = try dsync.run([
            "hub", "import-evidence", dir + "/evidence-3", dir + "/evidence-2", dir + "/evidence-1", "--log-key",
            cityKey, "--home", second, "--json",
        ])
        #expect(imported.status != 0, "the late bundle fails the run")
        let outcome = Dictionary(
            try rows(imported).compactMap { r in (r["id"] as? String).map { ($0, r) } }, uniquingKeysWith: { a, _ in a }
        )
        #expect(ids.allSatisfy { outcome[$0]?["outcome"] as? String == "accepted" }, "\(outcome)")
        #expect(outcome[lateID]?["outcome"] as? String == "rejected")
        #expect(outcome[lateID]?["reason"] as? String == "cert_revoked")
        let audit = try step(["hub", "audit", "--home", second, "--outcome", "accepted", "--json"]).stdout
        #expect(audit.contains("accepted on evidence"), Comment(rawValue: audit))

        // The second hub now holds exactly what the city hub had accepted before the revocation.
        let reference = try hub("reference-hub", crl: dir + "/crl-before.pem")
        _ = try step(["hub", "import", dir + "/usb1", "--home", reference, "--json"])
        #expect(
            try step(["hub", "dump-hash", "--home", second]).stdout
                == (try step(["hub", "dump-hash", "--home", reference]).stdout))
    }
}
