import DistrictSyncTesting
import Foundation
import Testing

/// A district node (760, back-filling 2013) with a PKI of its own made by `scripts/make-pki`, for the
/// tests that revoke its officer's certificate part-way (threat T15). Everything on the real clock.
struct RevocationScenario {
    let dsync = Dsync.realClock()
    let dir: String
    let pki: String
    let node: String
    let root = TestPKI.repositoryRoot
    let env = "DSYNC_KEY_PASSPHRASE=\(TestPKI.passphrase)"
    var officer: String { pki + "/districts/760/officer.pem" }

    /// Makes the PKI and the node, with the district's officer as its signer.
    init() throws {
        dir = makeTemporaryDirectory()
        pki = dir + "/pki"
        node = dir + "/node"
        let made = try EvidenceBundleCommandTests.shell(
            "\(env) \(root)/scripts/make-pki \(pki) --districts 760", in: dir)
        #expect(made.status == 0, Comment(rawValue: made.output))
        _ = try step(["node", "init", node, "--unit", "760", "--on", "2013-06-30"])
        _ = try step([
            "node", "set-signer", "--home", node, "--cert", officer, "--key", pki + "/districts/760/officer.key",
            "--ca", pki + "/ca/root.pem",
        ])
    }

    func remove() { try? FileManager.default.removeItem(atPath: dir) }

    /// Runs dsync in English, expecting success.
    @discardableResult
    func step(_ args: [String]) throws -> Dsync.Result {
        let r = try dsync.run(args + ["--lang", "en"])
        #expect(r.status == 0, "\(args): \(r.stdout) \(r.stderr)")
        return r
    }

    /// Imports one enterprise (a new one, or new values for an existing tax code) on the node.
    func business(_ tax: String, name: String = "Công ty TNHH Minh Phát") throws {
        try """
        tax_code,name,address,ward,sector,employees,capital_vnd,revenue_vnd,category
        \(tax),\(name),12 An Dương Vương,Phường 8,trade_services,12,1000000000,2000000000,other

        """.write(toFile: dir + "/b.csv", atomically: true, encoding: .utf8)
        try step(["node", "import", "businesses", dir + "/b.csv", "--home", node, "--reference-year", "2013"])
    }

    /// A hub of this PKI with the given CRL file.
    func hub(_ name: String, crl: String) throws -> String {
        let home = dir + "/" + name
        try step([
            "hub", "init", home, "--ca", pki + "/ca/root.pem", "--cert", pki + "/hub/hub.pem", "--key",
            pki + "/hub/hub.key", "--crl", crl,
        ])
        return home
    }

    /// Revokes the officer's certificate in a later second than now (CRLs carry whole seconds, so the
    /// revocation date is after everything done so far) and writes the new `ca/crl.pem`.
    func revokeOfficer() throws {
        let before = Date().timeIntervalSince1970
        while Date().timeIntervalSince1970 < before.rounded(.down) + 1.05 { usleep(50_000) }
        let revoked = try EvidenceBundleCommandTests.shell(
            "\(env) \(root)/scripts/pki-revoke \(pki) \(officer) --reason keyCompromise", in: dir)
        #expect(revoked.status == 0, Comment(rawValue: revoked.output))
    }
}
