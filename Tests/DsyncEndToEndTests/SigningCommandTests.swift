import DistrictSyncTesting
import Foundation
import Testing

@Suite("dsync node commit/export and dsync verify, end to end")
struct SigningCommandTests {
    /// The real clock, as a user runs dsync: the nodes back-fill plan-period districts (`--on`).
    let dsync = Dsync.realClock()

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

    /// A node of 760 with generated data, signer set, committed and exported; returns (home, export dir).
    func committedNode(_ dir: String, maxChanges: Int = 300) throws -> (String, String) {
        let pki = try TestPKI.shared()
        let home = dir + "/node"
        #expect(try dsync.run(["node", "init", home, "--unit", "760", "--on", "2013-06-30"]).status == 0)
        #expect(
            try dsync.run([
                "dev", "generate", "--district", "760", "--enterprises", "200", "--years", "2013-2014", "--out",
                dir + "/gen",
            ]).status == 0)
        for kind in ["officers", "businesses", "surveys"] {
            let r = try dsync.run([
                "node", "import", kind, dir + "/gen/\(kind).csv", "--home", home, "--reference-year", "2013",
            ])
            #expect(r.status == 0, Comment(rawValue: r.stderr))
        }
        let officer = pki.officer(district: "760")
        let set = try dsync.run([
            "node", "set-signer", "--home", home, "--cert", officer.certificate, "--key", officer.key, "--ca",
            pki.rootCertificate,
        ])
        #expect(set.status == 0, Comment(rawValue: set.stderr))
        let commit = try dsync.run(["node", "commit", "--home", home, "--max-changes", String(maxChanges), "--json"])
        #expect(commit.status == 0, Comment(rawValue: commit.stderr))
        let export = try dsync.run(["node", "export", "--home", home, "--out", dir + "/usb"])
        #expect(export.status == 0, Comment(rawValue: export.stderr))
        return (home, dir + "/usb")
    }

    func dscFiles(_ dir: String) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: dir).filter { $0.hasSuffix(".dsc") }.sorted().map {
            dir + "/" + $0
        }
    }

    @Test(
        "commit splits, chains and empties the pending changes; export is repeatable; every file verifies with dsync and openssl"
    )
    func commitExportVerify() throws {
        let dir = makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let pki = try TestPKI.shared()
        let (home, usb) = try committedNode(dir)
        let status = try #require(
            try Dsync.json(try dsync.run(["node", "status", "--home", home, "--json"])) as? [String: Any])
        #expect(status["pending_changes"] as? Int == 0)
        let outbox = try #require(status["outbox"] as? Int)
        #expect(outbox > 1)
        let files = try dscFiles(usb)
        #expect(files.count == outbox)
        let before = try files.map { try Data(contentsOf: URL(fileURLWithPath: $0)) }
        #expect(try dsync.run(["node", "export", "--home", home, "--out", usb]).status == 0)
        #expect(try files.map { try Data(contentsOf: URL(fileURLWithPath: $0)) } == before)

        let verify = try dsync.run(["verify"] + files + ["--ca", pki.rootCertificate, "--crl", pki.crl, "--json"])
        #expect(verify.status == 0, Comment(rawValue: verify.stdout + verify.stderr))
        let outcomes = try #require(try Dsync.json(verify) as? [[String: Any]])
        #expect(Set(outcomes.compactMap { $0["seq"] as? Int }) == Set(1...outbox))

        // The chain: each header's prev_hash is the previous file's SHA-256 id.
        var byseq: [Int: [String: Any]] = [:]
        for f in files {
            let show = try #require(
                try Dsync.json(try dsync.run(["changeset", "show", f, "--json", "--limit", "0"])) as? [String: Any])
            byseq[show["seq"] as? Int ?? 0] = show
        }
        #expect((byseq[1]?["prev_hash"] as? String) == String(repeating: "0", count: 64))
        for seq in 2...outbox { #expect(byseq[seq]?["prev_hash"] as? String == byseq[seq - 1]?["id"] as? String) }

        let attime = String(Int(ISO8601DateFormatter().date(from: "2013-06-30T09:00:00Z")?.timeIntervalSince1970 ?? 0))
        for f in files {
            let rc = try run(
                "/usr/bin/openssl",
                [
                    "cms", "-verify", "-binary", "-inform", "DER", "-in", f, "-CAfile", pki.rootCertificate, "-purpose",
                    "any", "-attime", attime, "-out", "/dev/null",
                ])
            #expect(rc == 0, "openssl cms -verify refused \(f)")
        }
    }

    @Test("content re-signed by the openssl cms -sign CLI with the officer key is accepted by dsync verify")
    func externalSigner() throws {
        let dir = makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let pki = try TestPKI.shared()
        let (_, usb) = try committedNode(dir, maxChanges: 100_000)
        let file = try #require(try dscFiles(usb).first)
        let attime = String(Int(ISO8601DateFormatter().date(from: "2013-06-30T09:00:00Z")?.timeIntervalSince1970 ?? 0))
        #expect(
            try run(
                "/usr/bin/openssl",
                [
                    "cms", "-verify", "-binary", "-inform", "DER", "-in", file, "-CAfile", pki.rootCertificate,
                    "-purpose", "any", "-attime", attime, "-out", dir + "/content.bin",
                ]) == 0)
        // openssl stamps today's date, so sign with the identity valid today and verify at today's date.
        let current = pki.identity("current")
        #expect(
            try run(
                "/usr/bin/openssl",
                [
                    "cms", "-sign", "-binary", "-nodetach", "-md", "sha256", "-cades", "-outform", "DER", "-in",
                    dir + "/content.bin",
                    "-signer", current.certificate, "-inkey", current.key, "-passin", "pass:" + TestPKI.passphrase,
                    "-out", dir + "/ext.dsc",
                ]) == 0)
        let today = Dsync(now: ISO8601DateFormatter().string(from: Date()))
        let r = try today.run(["verify", dir + "/ext.dsc", "--ca", pki.rootCertificate, "--json"])
        let outcome = try #require((try Dsync.json(r) as? [[String: Any]])?.first)
        // The `current` identity is bound to a district by its URI; a content for 760 needs a 760 signer.
        if outcome["valid"] as? Bool == true {
            #expect(outcome["district"] as? String == "760")
        } else {
            #expect(outcome["reason"] as? String == "district_mismatch", Comment(rawValue: r.stdout))
        }
    }

    @Test("dsync verify refuses with crl_stale after the CRL's nextUpdate and crl_untrusted for a foreign CA's CRL")
    func crlRules() throws {
        let dir = makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let pki = try TestPKI.shared()
        let (_, usb) = try committedNode(dir, maxChanges: 100_000)
        let file = try #require(try dscFiles(usb).first)
        func reason(_ tool: Dsync, _ crls: [String]) throws -> String? {
            let r = try tool.run(
                ["verify", file, "--ca", pki.rootCertificate, "--json"] + crls.flatMap { ["--crl", $0] })
            let outcome = try #require(try Dsync.json(r) as? [[String: Any]]).first
            return outcome?["valid"] as? Bool == true ? "valid" : outcome?["reason"] as? String
        }
        // make-pki's CRL is good for 365 days from today; ten years on it is stale.
        let late = Dsync(now: "2040-01-01T00:00:00Z")
        #expect(try reason(late, [pki.crl]) == "crl_stale")
        let graced = try late.run(["verify", file, "--ca", pki.rootCertificate, "--crl", pki.crl, "--crl-grace", "1e9"])
        #expect(graced.status == 0, Comment(rawValue: graced.stdout + graced.stderr))
        #expect(try reason(dsync, [pki.crl]) == "valid")
        #expect(try reason(dsync, [pki.crl, pki.directory + "/test/foreign-ca/crl.pem"]) == "crl_untrusted")
    }

    @Test("a tampered, truncated or foreign-signed changeset is refused with a reason code")
    func refusals() throws {
        let dir = makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let pki = try TestPKI.shared()
        let (_, usb) = try committedNode(dir, maxChanges: 100_000)
        let file = try #require(try dscFiles(usb).first)
        var bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: file)))
        try Data(bytes.prefix(bytes.count / 2)).write(to: URL(fileURLWithPath: dir + "/trunc.dsc"))
        try Data(bytes + [0]).write(to: URL(fileURLWithPath: dir + "/trailing.dsc"))
        bytes[bytes.count / 3] ^= 0x01
        try Data(bytes).write(to: URL(fileURLWithPath: dir + "/flip.dsc"))
        for (name, code) in [("trunc", nil), ("trailing", "trailing_bytes"), ("flip", nil)] as [(String, String?)] {
            let r = try dsync.run(["verify", dir + "/\(name).dsc", "--ca", pki.rootCertificate, "--json"])
            #expect(r.status != 0)
            let outcome = try #require((try Dsync.json(r) as? [[String: Any]])?.first)
            #expect(outcome["valid"] as? Bool == false)
            if let code { #expect(outcome["reason"] as? String == code) }
        }
        let foreign = try dsync.run(["verify", file, "--ca", pki.foreignRootCertificate, "--json"])
        #expect((try Dsync.json(foreign) as? [[String: Any]])?.first?["reason"] as? String == "unknown_ca")
    }

    @Test("a node killed mid-import keeps all of the import or none of it, data and change log together")
    func killMidImport() throws {
        let dir = makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let home = dir + "/node"
        #expect(try dsync.run(["node", "init", home, "--unit", "770", "--on", "2013-06-30"]).status == 0)
        #expect(
            try dsync.run([
                "dev", "generate", "--district", "770", "--enterprises", "20000", "--years", "2013", "--out",
                dir + "/gen",
            ]).status == 0)
        for delay in [0.05, 0.15, 0.3] {
            let p = Process()
            p.executableURL = URL(fileURLWithPath: Dsync.binary)
            p.arguments = ["node", "import", "businesses", dir + "/gen/businesses.csv", "--home", home]
            p.environment = dsync.environment
            p.standardOutput = FileHandle.nullDevice
            p.standardError = FileHandle.nullDevice
            try p.run()
            Thread.sleep(forTimeInterval: delay)
            kill(p.processIdentifier, SIGKILL)
            p.waitUntilExit()
            let s = try #require(
                try Dsync.json(try dsync.run(["node", "status", "--home", home, "--json"])) as? [String: Any])
            let enterprises = try #require(s["enterprises"] as? Int)
            #expect(enterprises == 0 || enterprises == 20000)
            #expect(s["pending_changes"] as? Int == enterprises)
        }
    }
}
