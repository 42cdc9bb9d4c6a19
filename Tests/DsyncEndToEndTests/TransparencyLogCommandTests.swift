import DistrictSyncCore
import DistrictSyncCrypto
import DistrictSyncTesting
import Foundation
import Testing

@Suite("dsync hub log, end to end: checkpoints, proofs, consistency, and a rewritten history caught")
struct TransparencyLogCommandTests {
    let h = HubSecurityCommandTests()
    var dsync: Dsync { h.dsync }

    func checkpoint(_ hub: String, key: NoteVerifierKey) throws -> Checkpoint {
        let r = try dsync.run(["hub", "log", "checkpoint", "--home", hub])
        #expect(r.status == 0, Comment(rawValue: r.stderr))
        let note = try SignedNote.parse(r.stdout)
        #expect(try note.verifiedSignatures(by: key, verify: Ed25519.verify).count == 1)
        return try Checkpoint.parse(note.text)
    }

    @Test("every imported changeset is in a signed checkpoint, proofs verify, the log only grows, hub log verify holds")
    func honestLog() throws {
        let dir = makeTemporaryDirectory("dsync-log-e2e")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let node = try h.node(dir, name: "n", seed: "1")
        try h.commitAndExport(node, to: dir + "/usb1", maxChanges: 40)
        let hub = try h.hub(dir)
        #expect(try dsync.run(["hub", "import", dir + "/usb1", "--home", hub]).status == 0)
        let keyText = try dsync.run(["hub", "log", "key", "--home", hub]).stdout
        let key = try NoteVerifierKey.parse(keyText)
        #expect(key.name == "districtsync/79/log")
        let first = try checkpoint(hub, key: key)
        let ids = try h.audit(hub).filter { $0["outcome"] as? String == "accepted" }.compactMap {
            $0["changesetID"] as? String
        }
        #expect(first.size == UInt64(ids.count))
        #expect(ids.count > 1)
        for id in ids {
            let r = try dsync.run([
                "hub", "log", "proof", "--id", id, "--size", String(first.size), "--home", hub, "--json",
            ])
            let json = try #require(try Dsync.json(r) as? [String: Any], Comment(rawValue: r.stderr))
            let hashes = (json["hashes"] as? [String] ?? []).compactMap { Data(base64Encoded: $0).map { [UInt8]($0) } }
            try MerkleProof.verifyInclusion(
                index: UInt64(json["leaf_index"] as? Int ?? -1), size: first.size,
                leafHash: MerkleTree.leafHash(try #require(Self.bytes(hex: id))), proof: hashes, root: first.root)
        }
        // More work from the node: the next checkpoint extends the first.
        try h.fill(node, dir: dir + "/gen2", seed: "2")
        try h.commitAndExport(node, to: dir + "/usb2", maxChanges: 40)
        #expect(try dsync.run(["hub", "import", dir + "/usb2", "--home", hub]).status == 0)
        let second = try checkpoint(hub, key: key)
        #expect(second.size > first.size)
        let c = try dsync.run([
            "hub", "log", "consistency", "--from", String(first.size), "--to", String(second.size), "--home", hub,
            "--json",
        ])
        let proof = (try #require(try Dsync.json(c) as? [String: Any])["hashes"] as? [String] ?? [])
            .compactMap { Data(base64Encoded: $0).map { [UInt8]($0) } }
        try MerkleProof.verifyConsistency(
            size1: first.size, size2: second.size, root1: first.root, root2: second.root, proof: proof)
        let verify = try dsync.run(["hub", "log", "verify", "--home", hub, "--json"])
        #expect(verify.status == 0, Comment(rawValue: verify.stdout + verify.stderr))
        #expect((try Dsync.json(verify) as? [String: Any])?["checkpoints"] as? Int == 2)
    }

    @Test("a log entry rewritten in hub.db is found by hub log verify (exit 2) and stops further checkpoints")
    func rewrittenHistory() throws {
        let dir = makeTemporaryDirectory("dsync-log-tamper")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let node = try h.node(dir, name: "n", seed: "1")
        try h.commitAndExport(node, to: dir + "/usb", maxChanges: 40)
        let hub = try h.hub(dir)
        #expect(try dsync.run(["hub", "import", dir + "/usb", "--home", hub]).status == 0)
        // Whoever holds the file can bypass the append-only trigger with the sqlite3 tool.
        let sql = Process()
        sql.executableURL = URL(fileURLWithPath: "/usr/bin/sqlite3")
        sql.arguments = [
            hub + "/hub.db",
            "DROP TRIGGER log_leaves_no_update; UPDATE log_leaves SET changeset_id = '\(String(repeating: "ab", count: 32))' WHERE idx = 0;",
        ]
        try sql.run()
        sql.waitUntilExit()
        #expect(sql.terminationStatus == 0)
        let verify = try dsync.run(["hub", "log", "verify", "--home", hub])
        #expect(verify.status == 2, Comment(rawValue: verify.stdout + verify.stderr))
        #expect(verify.stdout.contains("SAI: ") && verify.stdout.contains("lá 0"), Comment(rawValue: verify.stdout))
        let verifyEnglish = try dsync.run(["hub", "log", "verify", "--home", hub, "--lang", "en"])
        #expect(verifyEnglish.status == 2)
        #expect(
            verifyEnglish.stdout.contains("MISMATCH: ") && verifyEnglish.stdout.contains("leaf 0"),
            Comment(rawValue: verifyEnglish.stdout))
        let proof = try dsync.run([
            "hub", "log", "proof", "--id", String(repeating: "ab", count: 32), "--home", hub, "--json",
        ])
        #expect(proof.status != 0)
        #expect(proof.stderr.contains("hub_db_corrupt"), Comment(rawValue: proof.stderr))
    }

    static func bytes(hex: String) -> [UInt8]? {
        var out: [UInt8] = []
        var i = hex.startIndex
        while i < hex.endIndex {
            let j = hex.index(i, offsetBy: 2)
            guard let b = UInt8(hex[i..<j], radix: 16) else { return nil }
            out.append(b)
            i = j
        }
        return out
    }
}
