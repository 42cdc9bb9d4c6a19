import DistrictSyncTesting
import Foundation
import Testing

@Suite("Hub storage, identity and hygiene, end to end (the real dsync binary)")
struct HubSecurityCommandTests {
    let dsync = Dsync()

    func node(_ dir: String, name: String, seed: String, twin: String? = nil) throws -> String {
        let pki = try TestPKI.shared()
        let home = dir + "/" + name
        #expect(try dsync.run(["node", "init", home, "--district", "760"]).status == 0)
        let officer = pki.officer(district: "760")
        let set = try dsync.run([
            "node", "set-signer", "--home", home, "--cert", officer.certificate, "--key", officer.key, "--ca",
            pki.rootCertificate,
        ])
        #expect(set.status == 0, Comment(rawValue: set.stderr))
        // A copy made now shares the node id and chain start: its changesets are equivocation.
        if let twin { try FileManager.default.copyItem(atPath: home, toPath: twin) }
        try fill(home, dir: dir + "/gen-" + name, seed: seed)
        return home
    }

    func fill(_ home: String, dir: String, seed: String, runner: Dsync? = nil) throws {
        let gen = try dsync.run([
            "dev", "generate", "--district", "760", "--enterprises", "60", "--years", "2013", "--seed", seed, "--out",
            dir,
        ])
        #expect(gen.status == 0, Comment(rawValue: gen.stderr))
        for kind in ["officers", "businesses"] {
            let r = try (runner ?? dsync).run([
                "node", "import", kind, dir + "/\(kind).csv", "--home", home, "--reference-year", "2013",
            ])
            #expect(r.status == 0, Comment(rawValue: r.stderr))
        }
    }

    func commitAndExport(_ home: String, to usb: String, runner: Dsync? = nil, maxChanges: Int = 15) throws {
        let commit = try (runner ?? dsync).run(["node", "commit", "--home", home, "--max-changes", "\(maxChanges)"])
        #expect(commit.status == 0, Comment(rawValue: commit.stderr))
        let export = try (runner ?? dsync).run(["node", "export", "--home", home, "--out", usb])
        #expect(export.status == 0, Comment(rawValue: export.stderr))
    }

    func hub(_ dir: String) throws -> String {
        let pki = try TestPKI.shared()
        let home = dir + "/hub"
        let r = try dsync.run([
            "hub", "init", home, "--ca", pki.rootCertificate, "--cert", pki.hubCertificate, "--key", pki.hubKey,
            "--crl", pki.crl,
        ])
        #expect(r.status == 0, Comment(rawValue: r.stderr))
        return home
    }

    func audit(_ hub: String) throws -> [[String: Any]] {
        let r = try dsync.run(["hub", "audit", "--home", hub, "--json"])
        return try #require(try Dsync.json(r) as? [[String: Any]], Comment(rawValue: r.stderr))
    }

    /// Starts `dsync args…` for each runner at once (real processes), waits for all, returns the exit codes.
    func concurrently(_ args: [String], count: Int, environment: [String: String], dir: String) throws -> [Int32] {
        var processes: [Process] = []
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        for index in 0..<count {
            let p = Process()
            p.executableURL = URL(fileURLWithPath: Dsync.binary)
            p.arguments = args
            p.environment = Dsync(extra: environment).environment
            // Files, not pipes: a full pipe must not stall a child while the others run.
            FileManager.default.createFile(atPath: dir + "/out-\(index)", contents: nil)
            p.standardOutput = FileHandle(forWritingAtPath: dir + "/out-\(index)")
            p.standardError = FileHandle(forWritingAtPath: dir + "/out-\(index)")
            processes.append(p)
        }
        for p in processes { try p.run() }
        for p in processes { p.waitUntilExit() }
        // A racer may lose every lock wait (exit 2 with hub_busy rows, or 64 when even opening the
        // database was busy); none may crash.
        #expect(processes.allSatisfy { $0.terminationReason == .exit })
        return processes.map(\.terminationStatus)
    }

    @Test(
        "four concurrent imports of one folder: each changeset accepted once, every stored file kept, forks still caught"
    )
    func concurrentImports() throws {
        let dir = makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let home = try node(dir, name: "n", seed: "1", twin: dir + "/twin")
        // Small changesets: many of them, so many chances for the lock race.
        try commitAndExport(home, to: dir + "/usb", maxChanges: 4)
        let hubHome = try hub(dir)
        // A 1 ms lock wait makes processes that lose the race fail with hub_busy: the path that used
        // to delete the stored copy another process had just accepted.
        for round in 0..<3 {
            let codes = try concurrently(
                ["hub", "import", dir + "/usb", "--home", hubHome, "--json"], count: 4,
                environment: ["DSYNC_HUB_BUSY_TIMEOUT_MS": "1"], dir: dir + "/r\(round)")
            #expect(codes.allSatisfy { [0, 2, 64].contains($0) }, "\(codes)")
        }
        // A calm import settles whatever every racer lost to hub_busy.
        let settle = try dsync.run(["hub", "import", dir + "/usb", "--home", hubHome, "--json"])
        #expect(settle.status == 0, Comment(rawValue: settle.stdout + settle.stderr))
        let files = try FileManager.default.contentsOfDirectory(atPath: dir + "/usb").filter { $0.hasSuffix(".dsc") }
        #expect(files.count > 3)

        let rows = try audit(hubHome)
        let accepted = rows.filter { $0["outcome"] as? String == "accepted" }.compactMap {
            $0["changesetID"] as? String
        }
        #expect(accepted.count == files.count, "accepted \(accepted.count) of \(files.count)")
        #expect(Set(accepted).count == accepted.count, "a changeset was accepted twice")
        for id in accepted {
            let stored = hubHome + "/store/" + id.prefix(2) + "/" + id + ".dsc"
            #expect(FileManager.default.fileExists(atPath: stored), "stored copy of \(id) is missing")
        }

        // Equivocation after the race: the twin signs different content for seq 1.
        try fill(dir + "/twin", dir: dir + "/gen-twin", seed: "7")
        try commitAndExport(dir + "/twin", to: dir + "/usb-twin")
        let twinFiles = try FileManager.default.contentsOfDirectory(atPath: dir + "/usb-twin")
            .filter { $0.hasSuffix(".dsc") }.sorted()
        let first = dir + "/usb-twin/" + (try #require(twinFiles.first))
        let fork = try dsync.run(["hub", "import", first, "--home", hubHome, "--json"])
        let forkRows = try #require(try Dsync.json(fork) as? [[String: Any]])
        #expect(forkRows.first?["outcome"] as? String == "quarantined", "\(forkRows)")
        #expect(forkRows.first?["reason"] as? String == "fork")
        #expect(try audit(hubHome).contains { ($0["detail"] as? String)?.hasPrefix("ALERT fork") == true })

        // A later acceptance forces the as-of report to rebuild from the stored bytes.
        let later = Dsync(now: "2013-07-20T09:00:00Z")
        let other = try node(dir, name: "m", seed: "3")
        try commitAndExport(other, to: dir + "/usb-m", runner: later)
        let lateImport = try later.run(["hub", "import", dir + "/usb-m", "--home", hubHome])
        #expect(lateImport.status == 0, Comment(rawValue: lateImport.stdout + lateImport.stderr))
        let report = try later.run([
            "hub", "report", "coverage", "--home", hubHome, "--as-of", "2013-07-01", "--known-at", "2013-07-01",
            "--format", "json",
        ])
        #expect(!report.stderr.contains("store_missing"), Comment(rawValue: report.stderr))
        let json = try #require(try Dsync.json(report) as? [String: Any], Comment(rawValue: report.stderr))
        #expect(json["accepted_changesets"] as? Int == files.count)
    }

    @Test("node ack refuses a receipt re-signed by another serverAuth certificate of the city CA (not_hub_signer)")
    func pinnedHubOnAck() throws {
        let dir = makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let pki = try TestPKI.shared()
        let home = try node(dir, name: "n", seed: "1")
        try commitAndExport(home, to: dir + "/usb")
        let hubHome = try hub(dir)
        let imported = try dsync.run(["hub", "import", dir + "/usb", "--home", hubHome, "--receipts", dir + "/rc"])
        #expect(imported.status == 0, Comment(rawValue: imported.stderr))
        let receipts = try FileManager.default.contentsOfDirectory(atPath: dir + "/rc").sorted()
        let genuine = dir + "/rc/" + (try #require(receipts.first))
        // The same receipt content, re-signed with stock openssl by a second "hub" certificate of the city CA.
        let content = dir + "/content.bin"
        #expect(
            try openssl([
                "cms", "-verify", "-noverify", "-binary", "-inform", "DER", "-in", genuine, "-out", content,
            ]) == 0)
        let rogue = pki.identity("rogue-hub")
        let forged = dir + "/forged.receipt"
        #expect(
            try openssl([
                "cms", "-sign", "-binary", "-nodetach", "-md", "sha256", "-outform", "DER", "-in", content, "-signer",
                rogue.certificate, "-inkey", rogue.key, "-passin", "env:DSYNC_KEY_PASSPHRASE", "-out", forged,
            ]) == 0)
        let setHub = try dsync.run([
            "node", "set-hub", "--home", home, "--url", "https://127.0.0.1:8443", "--ca", pki.rootCertificate,
            "--hub-cert", pki.hubCertificate,
        ])
        #expect(setHub.status == 0, Comment(rawValue: setHub.stderr))
        // The openssl CLI stamps today's signing time: acknowledge on today's clock.
        let today = Dsync(now: ISO8601DateFormatter().string(from: Date()))
        let refused = try today.run(["node", "ack", "--home", home, "--json", forged])
        #expect(refused.status == 2, Comment(rawValue: refused.stdout + refused.stderr))
        let rows = try #require(try Dsync.json(refused) as? [[String: Any]])
        #expect(rows.first?["reason"] as? String == "not_hub_signer", "\(rows)")
        let ok = try today.run(["node", "ack", "--home", home, "--json", genuine])
        #expect(ok.status == 0, Comment(rawValue: ok.stdout + ok.stderr))
        // A replacement node pins the hub too: a head checked against another pin is refused, and
        // without --hub-cert the head's signer becomes the pin.
        let head = try dsync.run(["hub", "head", "--district", "760", "--home", hubHome, "--out", dir + "/head.der"])
        #expect(head.status == 0, Comment(rawValue: head.stderr))
        let wrong = try dsync.run([
            "node", "init", dir + "/replacement-1", "--district", "760", "--resume-from-hub", dir + "/head.der", "--ca",
            pki.rootCertificate, "--hub-cert", rogue.certificate,
        ])
        #expect(wrong.status != 0)
        #expect(wrong.stderr.contains("not_hub_signer"), Comment(rawValue: wrong.stderr))
        #expect(!FileManager.default.fileExists(atPath: dir + "/replacement-1"))
        let resumed = try dsync.run([
            "node", "init", dir + "/replacement-2", "--district", "760", "--resume-from-hub", dir + "/head.der", "--ca",
            pki.rootCertificate,
        ])
        #expect(resumed.status == 0, Comment(rawValue: resumed.stderr))
        let config = try String(contentsOfFile: dir + "/replacement-2/node.json", encoding: .utf8)
        #expect(config.contains("\"hub_certificate\""), Comment(rawValue: config))
        let pinnedPEM = try String(contentsOfFile: dir + "/replacement-2/hub-cert.pem", encoding: .utf8)
        #expect(pinnedPEM.contains("BEGIN CERTIFICATE"))
        // set-hub refuses to pin something that is not a hub certificate.
        let officer = pki.officer(district: "760")
        let wrongPin = try dsync.run([
            "node", "set-hub", "--home", home, "--url", "https://127.0.0.1:8443", "--hub-cert", officer.certificate,
        ])
        #expect(wrongPin.status != 0)
        #expect(wrongPin.stderr.contains("not_hub_signer"))
    }

    @Test("control characters in file names are escaped in the human output of hub import")
    func controlCharactersEscaped() throws {
        let dir = makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let hubHome = try hub(dir)
        let usb = dir + "/usb"
        try FileManager.default.createDirectory(atPath: usb, withIntermediateDirectories: true)
        let name = "evil\u{1B}[2J\r\nFAKE accepted\u{202E}cod.dsc"
        try Data("not a changeset".utf8).write(to: URL(fileURLWithPath: usb + "/" + name))
        let r = try dsync.run(["hub", "import", usb, "--home", hubHome, "--lang", "en"])
        #expect(r.status == 2)
        let out = r.stdout + r.stderr
        #expect(!out.contains("\u{1B}") && !out.contains("\r") && !out.contains("\u{202E}"))
        #expect(!out.contains("\nFAKE"))
        #expect(out.contains("\\u001B[2J\\u000D\\u000AFAKE"))
    }

    @Test("hub init refuses a folder with an orphan hub.db, and a key file others can read")
    func initRefusals() throws {
        let dir = makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let pki = try TestPKI.shared()
        let orphan = dir + "/orphan"
        try FileManager.default.createDirectory(atPath: orphan, withIntermediateDirectories: true)
        let first = try dsync.run([
            "hub", "init", dir + "/first", "--ca", pki.rootCertificate, "--cert", pki.hubCertificate, "--key",
            pki.hubKey,
        ])
        #expect(first.status == 0, Comment(rawValue: first.stderr))
        try FileManager.default.copyItem(atPath: dir + "/first/hub.db", toPath: orphan + "/hub.db")
        let adopt = try dsync.run([
            "hub", "init", orphan, "--ca", pki.rootCertificate, "--cert", pki.hubCertificate, "--key", pki.hubKey,
        ])
        #expect(adopt.status != 0)
        #expect(adopt.stderr.contains("database_exists"), Comment(rawValue: adopt.stderr))
        // A world-readable copy of the hub key is refused, with the fix in the message.
        let loose = dir + "/hub.key"
        try FileManager.default.copyItem(atPath: pki.hubKey, toPath: loose)
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: loose)
        let r = try dsync.run([
            "hub", "init", dir + "/second", "--ca", pki.rootCertificate, "--cert", pki.hubCertificate, "--key", loose,
        ])
        #expect(r.status != 0)
        #expect(r.stderr.contains("key_permissions") && r.stderr.contains("chmod 600"), Comment(rawValue: r.stderr))
        // The node refuses it the same way.
        let home = dir + "/node"
        #expect(try dsync.run(["node", "init", home, "--district", "760"]).status == 0)
        let officer = pki.officer(district: "760")
        let looseOfficer = dir + "/officer.key"
        try FileManager.default.copyItem(atPath: officer.key, toPath: looseOfficer)
        try FileManager.default.setAttributes([.posixPermissions: 0o640], ofItemAtPath: looseOfficer)
        let set = try dsync.run([
            "node", "set-signer", "--home", home, "--cert", officer.certificate, "--key", looseOfficer,
        ])
        #expect(set.status != 0)
        #expect(set.stderr.contains("key_permissions"), Comment(rawValue: set.stderr))
    }

    @Test("a passphrase file ending in CR LF works for the hub and the node alike; a two-line file is refused")
    func passphraseFiles() throws {
        let dir = makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let pki = try TestPKI.shared()
        let crlf = dir + "/pass-crlf"
        try Data((TestPKI.passphrase + "\r\n").utf8).write(to: URL(fileURLWithPath: crlf))
        let twoLines = dir + "/pass-two"
        try Data((TestPKI.passphrase + "\nsomething else\n").utf8).write(to: URL(fileURLWithPath: twoLines))
        var environment = Dsync().environment
        environment.removeValue(forKey: "DSYNC_KEY_PASSPHRASE")
        var bare = Dsync()
        bare.environment = environment
        let hubInit = try bare.run([
            "hub", "init", dir + "/hub", "--ca", pki.rootCertificate, "--cert", pki.hubCertificate, "--key", pki.hubKey,
            "--passphrase-file", crlf,
        ])
        #expect(hubInit.status == 0, Comment(rawValue: hubInit.stderr))
        let home = dir + "/node"
        #expect(try bare.run(["node", "init", home, "--district", "760"]).status == 0)
        let officer = pki.officer(district: "760")
        let set = try bare.run([
            "node", "set-signer", "--home", home, "--cert", officer.certificate, "--key", officer.key,
            "--passphrase-file", crlf,
        ])
        #expect(set.status == 0, Comment(rawValue: set.stderr))
        let refused = try bare.run([
            "hub", "init", dir + "/hub2", "--ca", pki.rootCertificate, "--cert", pki.hubCertificate, "--key",
            pki.hubKey, "--passphrase-file", twoLines,
        ])
        #expect(refused.status != 0)
        #expect(refused.stderr.contains("bad_passphrase_file"), Comment(rawValue: refused.stderr))
    }

    func openssl(_ arguments: [String]) throws -> Int32 {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/openssl")
        p.arguments = arguments
        p.environment = dsync.environment
        p.standardOutput = FileHandle.nullDevice
        p.standardError = FileHandle.nullDevice
        try p.run()
        p.waitUntilExit()
        return p.terminationStatus
    }
}
