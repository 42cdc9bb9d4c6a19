import DistrictSyncTesting
import Foundation
import Testing

/// `dsync hub evidence ID --out DIR` (issue 16 Build 6): the bundle is checked here with nothing but
/// the commands its own VERIFY.md prints — stock `openssl` and `python3` — and every tampered copy
/// is refused by them.
@Suite("An evidence bundle proves a changeset with stock openssl and python3 alone")
struct EvidenceBundleCommandTests {
    let delivery = DeliveryCommandTests()
    var dsync: Dsync { delivery.dsync }

    /// Runs `command` with /bin/sh in `directory`; status and both outputs together. The output goes
    /// to a file, not a pipe: a pipe read interrupted by a signal (EINTR) stops Foundation's
    /// `readDataToEndOfFile` with a fatal error.
    static func shell(_ command: String, in directory: String) throws -> (status: Int32, output: String) {
        let log = NSTemporaryDirectory() + "dsync-shell-\(UUID().uuidString).txt"
        defer { try? FileManager.default.removeItem(atPath: log) }
        FileManager.default.createFile(atPath: log, contents: nil)
        let handle = try #require(FileHandle(forWritingAtPath: log))
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", command]
        process.currentDirectoryURL = URL(fileURLWithPath: directory)
        var env = ProcessInfo.processInfo.environment
        env["PATH"] = "/usr/bin:/bin"  // stock tools only: no dsync on the path
        process.environment = env
        process.standardOutput = handle
        process.standardError = handle
        try process.run()
        process.waitUntilExit()
        try handle.close()
        return (process.terminationStatus, try String(contentsOfFile: log, encoding: .utf8))
    }

    /// Every line of VERIFY.md's ```sh blocks, in order.
    static func commands(_ guide: String) -> [String] {
        var inBlock = false
        var lines: [String] = []
        for line in guide.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) {
            if line.hasPrefix("```") {
                inBlock = line == "```sh"
                continue
            }
            if inBlock && !line.isEmpty { lines.append(line) }
        }
        return lines
    }

    /// A hub that accepted two units' changesets; the id of the first accepted one.
    func acceptedCity(_ dir: String) throws -> (hub: String, id: String) {
        _ = try delivery.committedNode(dir, name: "a", district: "760", seed: "1")
        _ = try delivery.committedNode(dir, name: "b", district: "774", seed: "2")
        let hub = try delivery.hub(dir)
        let rows =
            try delivery.importAll(hub, dir + "/usb-a", receipts: dir + "/receipts-a")
            + delivery.importAll(hub, dir + "/usb-b", receipts: dir + "/receipts-b")
        #expect(rows.count >= 4 && rows.allSatisfy { $0["outcome"] as? String == "accepted" }, "\(rows)")
        return (hub, try #require(rows[1]["id"] as? String))
    }

    @Test(
        "every command VERIFY.md prints succeeds on the bundle: receipt, signature at signing time, CRL, log proof, checkpoint signature"
    )
    func verifiesWithStockTools() throws {
        let dir = makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let (hub, id) = try acceptedCity(dir)
        let out = dir + "/evidence"
        let r = try dsync.run(["hub", "evidence", id, "--home", hub, "--out", out, "--json"])
        #expect(r.status == 0, Comment(rawValue: r.stderr))
        let manifest = try #require(
            try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: out + "/evidence.json")))
                as? [String: Any])
        #expect(manifest["changeset_id"] as? String == id && manifest["district"] as? String == "760")
        #expect(manifest["leaf_index"] as? Int == 1 && (manifest["tree_size"] as? Int ?? 0) >= 4)
        let script = try String(contentsOfFile: out + "/verify_evidence.py", encoding: .utf8)
        #expect(script.split(separator: "\n").count < 150)
        #expect(!script.contains("import dsync") && !script.contains("subprocess"))

        let commands = Self.commands(try String(contentsOfFile: out + "/VERIFY.md", encoding: .utf8))
        #expect(commands.count == 6, "\(commands)")
        var transcript = ""
        for command in commands {
            let step = try Self.shell(command, in: out)
            #expect(step.status == 0, "\(command): \(step.output)")
            transcript += step.output
        }
        #expect(transcript.components(separatedBy: "CMS Verification successful").count == 3, "\(transcript)")
        #expect(transcript.contains("signer.pem: OK"))
        #expect(transcript.contains("OK   all checks passed"))
        #expect(transcript.contains("Signature Verified Successfully"))
    }

    @Test(
        "tampered bundles are refused by the bundle's own checker: proof hashes, index, size, root, key, changeset, receipt"
    )
    func tamperedRefused() throws {
        let dir = makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let (hub, id) = try acceptedCity(dir)
        let good = dir + "/good"
        #expect(try dsync.run(["hub", "evidence", id, "--home", hub, "--out", good]).status == 0)
        #expect(
            try Self.shell(
                "openssl cms -verify -binary -inform DER -in receipt.der -CAfile root.pem -purpose any -out receipt-content.bin",
                in: good
            ).status == 0)
        #expect(try Self.shell("python3 verify_evidence.py .", in: good).status == 0)

        let fm = FileManager.default
        let proofText = try String(contentsOfFile: good + "/inclusion-proof.json", encoding: .utf8)
        let proof = try #require(try JSONSerialization.jsonObject(with: Data(proofText.utf8)) as? [String: Any])
        let hashes = try #require(proof["hashes"] as? [String])
        #expect(!hashes.isEmpty)
        func json(_ object: [String: Any]) throws -> String {
            String(decoding: try JSONSerialization.data(withJSONObject: object), as: UTF8.self)
        }
        func flipped(_ base64: String, bit: Int) -> String {
            var bytes = [UInt8](Data(base64Encoded: base64) ?? Data())
            #expect(!bytes.isEmpty, "not base64: \(base64)")
            if !bytes.isEmpty { bytes[bit / 8 % bytes.count] ^= UInt8(1 << (bit % 8)) }
            return Data(bytes).base64EncodedString()
        }
        var mutants: [(String, String, String)] = []  // (what, file, new content)
        for (i, h) in hashes.enumerated() {
            for bit in [0, 77, 255] {
                var m = proof
                var hs = hashes
                hs[i] = flipped(h, bit: bit)
                m["hashes"] = hs
                mutants.append(("hash \(i) bit \(bit)", "inclusion-proof.json", try json(m)))
            }
        }
        var truncated = proof
        truncated["hashes"] = Array(hashes.dropLast())
        mutants.append(("truncated proof", "inclusion-proof.json", try json(truncated)))
        var extended = proof
        extended["hashes"] = hashes + [hashes[0]]
        mutants.append(("extended proof", "inclusion-proof.json", try json(extended)))
        for (key, delta) in [("leaf_index", 1), ("leaf_index", -1), ("tree_size", 1), ("tree_size", -1)] {
            var m = proof
            m[key] = (proof[key] as? Int ?? 0) + delta
            mutants.append(("\(key) \(delta)", "inclusion-proof.json", try json(m)))
        }
        let note = try String(contentsOfFile: good + "/checkpoint.txt", encoding: .utf8)
        var noteLines = note.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        noteLines[2] = flipped(noteLines[2], bit: 3)
        mutants.append(("checkpoint root", "checkpoint.txt", noteLines.joined(separator: "\n")))
        let key = try String(contentsOfFile: good + "/log.vkey", encoding: .utf8)
        let parts = key.trimmingCharacters(in: .whitespacesAndNewlines).split(separator: "+", maxSplits: 2).map(
            String.init)
        mutants.append(
            ("another log key", "log.vkey", parts[0] + "+" + parts[1] + "+" + flipped(parts[2], bit: 20) + "\n"))
        for (what, file, content) in mutants {
            let copy = dir + "/m"
            try? fm.removeItem(atPath: copy)
            try fm.copyItem(atPath: good, toPath: copy)
            try content.write(toFile: copy + "/" + file, atomically: true, encoding: .utf8)
            let run = try Self.shell("python3 verify_evidence.py .", in: copy)
            #expect(run.status != 0 && run.output.contains("FAIL"), "\(what) was not refused: \(run.output)")
        }

        // A changed byte of the changeset: refused by the checker and by openssl.
        let copy = dir + "/dsc"
        try fm.copyItem(atPath: good, toPath: copy)
        var dsc = [UInt8](try Data(contentsOf: URL(fileURLWithPath: copy + "/changeset.dsc")))
        dsc[dsc.count / 2] ^= 0x01
        try Data(dsc).write(to: URL(fileURLWithPath: copy + "/changeset.dsc"))
        #expect(try Self.shell("python3 verify_evidence.py .", in: copy).status != 0)
        #expect(
            try Self.shell(
                "openssl cms -verify -binary -inform DER -in changeset.dsc -CAfile root.pem -purpose any -out c.bin",
                in: copy
            ).status != 0)
        // Another changeset's receipt content.
        let other = dir + "/receipt"
        try fm.copyItem(atPath: good, toPath: other)
        var content = [UInt8](try Data(contentsOf: URL(fileURLWithPath: other + "/receipt-content.bin")))
        content[12] = content[12] == 0x30 ? 0x31 : 0x30  // a digit of the changeset id in the receipt
        try Data(content).write(to: URL(fileURLWithPath: other + "/receipt-content.bin"))
        #expect(try Self.shell("python3 verify_evidence.py .", in: other).output.contains("FAIL"))
    }

    @Test("an unknown id and a folder that already holds files are refused, and nothing is written")
    func refusals() throws {
        let dir = makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let (hub, id) = try acceptedCity(dir)
        let unknown = try dsync.run([
            "hub", "evidence", String(repeating: "ab", count: 32), "--home", hub, "--out", dir + "/x", "--lang", "en",
        ])
        #expect(unknown.status != 0 && unknown.stderr.contains("unknown_changeset"), Comment(rawValue: unknown.stderr))
        #expect(!FileManager.default.fileExists(atPath: dir + "/x"))
        try FileManager.default.createDirectory(atPath: dir + "/full", withIntermediateDirectories: true)
        try "keep".write(toFile: dir + "/full/note.txt", atomically: true, encoding: .utf8)
        let full = try dsync.run(["hub", "evidence", id, "--home", hub, "--out", dir + "/full", "--lang", "en"])
        #expect(full.status != 0 && full.stderr.contains("target_exists"), Comment(rawValue: full.stderr))
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir + "/full") == ["note.txt"])
    }
}

/// Revocation over time (threat T15) as an auditor sees it: a changeset accepted before its
/// officer's certificate was revoked keeps its proof, because the bundle carries the CRLs the hub
/// relied on when it accepted it; one signed with the revoked key afterwards is refused.
@Suite("Evidence of a changeset accepted before its signer was revoked still verifies")
struct EvidenceAfterRevocationTests {
    let dsync = Dsync.realClock()

    @Test(
        "revoked after acceptance: the bundle's CRL is the one in force then, openssl verify says OK; a later changeset is cert_revoked"
    )
    func revokedLater() throws {
        let world = try RevocationScenario()
        defer { world.remove() }
        let (dir, pki, node) = (world.dir, world.pki, world.node)
        try world.business("0100109106")
        try world.step(["node", "commit", "--home", node])
        try world.step(["node", "export", "--home", node, "--out", dir + "/usb1"])
        let hub = try world.hub("hub", crl: pki + "/ca/crl.pem")
        let first = try world.step(["hub", "import", dir + "/usb1", "--home", hub, "--json"])
        let rows = try #require(try Dsync.json(first) as? [[String: Any]])
        let id = try #require(rows.first?["id"] as? String)
        #expect(rows.first?["outcome"] as? String == "accepted")

        try world.revokeOfficer()
        try world.step(["hub", "crl", "add", pki + "/ca/crl.pem", "--home", hub])

        try world.business("0301234562")
        try world.step(["node", "commit", "--home", node])
        try world.step(["node", "export", "--home", node, "--out", dir + "/usb2"])
        let second = try dsync.run(["hub", "import", dir + "/usb2", "--home", hub, "--json"])
        let later = try #require(try Dsync.json(second) as? [[String: Any]])
        #expect(later.contains { $0["reason"] as? String == "cert_revoked" }, "\(later)")

        let out = dir + "/evidence"
        try world.step(["hub", "evidence", id, "--home", hub, "--out", out])
        var transcript = ""
        for command in EvidenceBundleCommandTests.commands(
            try String(contentsOfFile: out + "/VERIFY.md", encoding: .utf8))
        {
            let r = try EvidenceBundleCommandTests.shell(command, in: out)
            #expect(r.status == 0, "\(command): \(r.output)")
            transcript += r.output
        }
        #expect(transcript.contains("signer.pem: OK") && transcript.contains("OK   all checks passed"))
        // The CRL of today does list the certificate: the bundle's CRL is the earlier one.
        let today = try EvidenceBundleCommandTests.shell(
            "cat root.pem \(pki)/ca/crl.pem > today.pem && openssl verify -crl_check -CAfile today.pem -purpose any signer.pem",
            in: out)
        #expect(today.status != 0 && today.output.contains("revoked"), Comment(rawValue: today.output))
    }
}
