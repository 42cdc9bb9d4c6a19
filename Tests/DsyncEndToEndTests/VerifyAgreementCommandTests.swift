import DistrictSyncTesting
import Foundation
import Testing

/// `dsync verify` and the hub run one verifier (ChangesetVerification): the same bad file gets the
/// same reason code from `dsync verify --json` and from `hub import --json`.
@Suite("dsync verify and hub import give the same reason for the same bad file")
struct VerifyAgreementCommandTests {
    let dsync = Dsync.realClock()

    func step(_ r: Dsync.Result, _ what: String) throws {
        #expect(r.status == 0, "\(what): \(r.stderr)")
        if r.status != 0 { throw CancellationError() }
    }

    func run(_ tool: String, _ args: [String]) throws -> Int32 {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: tool)
        p.arguments = args
        p.standardOutput = FileHandle.nullDevice
        p.standardError = FileHandle.nullDevice
        try p.run()
        p.waitUntilExit()
        return p.terminationStatus
    }

    @Test(
        "tampered, truncated, re-signed by another unit, unbound, revoked and foreign files: one reason each, on both sides"
    )
    func sameReasonOnBothSides() throws {
        let pki = try TestPKI.shared()
        let dir = makeTemporaryDirectory("dsync-agreement-e2e")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let home = dir + "/node"
        try step(dsync.run(["node", "init", home, "--unit", "760", "--on", "2013-06-30"]), "node init")
        try """
        tax_code,name,address,ward,sector,employees,capital_vnd,revenue_vnd,category
        0100109106,Công ty TNHH Minh Phát,12 An Dương Vương,Phường 8,trade_services,12,1000000000,2000000000,other

        """.write(toFile: dir + "/b.csv", atomically: true, encoding: .utf8)
        try step(dsync.run(["node", "import", "businesses", dir + "/b.csv", "--home", home]), "import")
        let officer = pki.officer(district: "760")
        try step(
            dsync.run([
                "node", "set-signer", "--home", home, "--cert", officer.certificate, "--key", officer.key, "--ca",
                pki.rootCertificate,
            ]), "set-signer")
        try step(dsync.run(["node", "commit", "--home", home]), "commit")
        try step(dsync.run(["node", "export", "--home", home, "--out", dir + "/usb"]), "export")
        let good = try #require(
            try FileManager.default.contentsOfDirectory(atPath: dir + "/usb").first { $0.hasSuffix(".dsc") })
        let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: dir + "/usb/" + good)))
        let bad = dir + "/bad"
        try FileManager.default.createDirectory(atPath: bad, withIntermediateDirectories: true)
        var flipped = bytes
        flipped[bytes.count / 2] ^= 0x10
        try Data(flipped).write(to: URL(fileURLWithPath: bad + "/flipped.dsc"))
        try Data(bytes[..<(bytes.count * 2 / 3)]).write(to: URL(fileURLWithPath: bad + "/truncated.dsc"))
        // The same content signed by others with the openssl CLI (it stamps today's time).
        #expect(
            try run(
                "/usr/bin/openssl",
                [
                    "cms", "-verify", "-binary", "-inform", "DER", "-in", dir + "/usb/" + good, "-CAfile",
                    pki.rootCertificate, "-purpose", "any", "-out", dir + "/content.bin",
                ]) == 0)
        let signers = [
            "other-unit": pki.officer(district: "770"), "unbound": pki.identity("government"),
            "revoked": pki.identity("revoked"), "foreign": pki.identity("foreign-officer"),
        ]
        for (name, identity) in signers {
            #expect(
                try run(
                    "/usr/bin/openssl",
                    [
                        "cms", "-sign", "-binary", "-nodetach", "-md", "sha256", "-cades", "-outform", "DER", "-in",
                        dir + "/content.bin", "-signer", identity.certificate, "-inkey", identity.key, "-passin",
                        "pass:" + TestPKI.passphrase, "-out", bad + "/\(name).dsc",
                    ]) == 0, "openssl cms -sign as \(name)")
        }
        let files = try FileManager.default.contentsOfDirectory(atPath: bad).sorted().map { bad + "/" + $0 }
        #expect(files.count == 6)

        let verify = try dsync.run(["verify", "--ca", pki.rootCertificate, "--crl", pki.crl, "--json"] + files)
        #expect(verify.status != 0)
        let verified = try #require(try Dsync.json(verify) as? [[String: Any]], Comment(rawValue: verify.stderr))
        var verifyReasons: [String: String] = [:]
        for row in verified {
            #expect(row["valid"] as? Bool == false, "\(row)")
            verifyReasons[row["file"] as? String ?? ""] = row["reason"] as? String
        }

        let hub = dir + "/hub"
        try step(
            dsync.run([
                "hub", "init", hub, "--ca", pki.rootCertificate, "--cert", pki.hubCertificate, "--key", pki.hubKey,
                "--crl", pki.crl,
            ]), "hub init")
        let imported = try dsync.run(["hub", "import", bad, "--home", hub, "--json"])
        let rows = try #require(try Dsync.json(imported) as? [[String: Any]], Comment(rawValue: imported.stderr))
        var hubReasons: [String: String] = [:]
        for row in rows {
            #expect(row["outcome"] as? String == "rejected", "\(row)")
            hubReasons[row["file"] as? String ?? ""] = row["reason"] as? String
        }
        #expect(hubReasons.count == 6)
        #expect(verifyReasons == hubReasons)
        #expect(hubReasons[bad + "/other-unit.dsc"] == "district_mismatch")
        #expect(hubReasons[bad + "/unbound.dsc"] == "district_unbound")
        #expect(hubReasons[bad + "/revoked.dsc"] == "cert_revoked")
        #expect(hubReasons[bad + "/flipped.dsc"] != nil && hubReasons[bad + "/truncated.dsc"] != nil)
    }
}
