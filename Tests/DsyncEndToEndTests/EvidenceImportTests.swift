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
        let world = try RevocationScenario()
        defer { world.remove() }
        let (dir, pki, node) = (world.dir, world.pki, world.node)
        func step(_ args: [String]) throws -> Dsync.Result { try world.step(args) }
        func hub(_ name: String, crl: String) throws -> String { try world.hub(name, crl: crl) }
        var batch = 0
        func business(_ tax: String) throws {
            batch += 1
            try world.business(tax, name: "Công ty TNHH Minh Phát \(batch)")
            _ = try step(["node", "commit", "--home", node])
        }
        try business("0100109106")
        try business("0301234562")
        _ = try step(["node", "export", "--home", node, "--out", dir + "/usb1"])
        try FileManager.default.copyItem(atPath: pki + "/ca/crl.pem", toPath: dir + "/crl-before.pem")
        let city = try hub("city-hub", crl: dir + "/crl-before.pem")
        let accepted = try rows(try step(["hub", "import", dir + "/usb1", "--home", city, "--json"]))
        #expect(accepted.count == 2 && accepted.allSatisfy { $0["outcome"] as? String == "accepted" })
        let ids = accepted.compactMap { $0["id"] as? String }

        try world.revokeOfficer()

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
