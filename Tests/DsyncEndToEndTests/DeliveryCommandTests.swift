import DistrictSyncTesting
import Foundation
import Testing

@Suite("Receipts back to the node (dsync node ack) and a replacement node (--resume-from-hub), end to end")
struct DeliveryCommandTests {
    /// The real clock, as a user runs dsync: the nodes back-fill plan-period districts (`--on`).
    let dsync = Dsync.realClock()

    /// A node of `district` with generated data, signer set (with the city CA), committed and exported.
    func committedNode(_ dir: String, name: String, district: String = "760", seed: String = "1") throws -> String {
        let pki = try TestPKI.shared()
        let home = dir + "/" + name
        let i = try dsync.run(["node", "init", home, "--unit", district, "--on", "2013-06-30"])
        #expect(i.status == 0, Comment(rawValue: i.stderr))
        try fill(home, dir: dir + "/gen-" + name, district: district, seed: seed)
        let officer = pki.officer(district: district)
        let set = try dsync.run([
            "node", "set-signer", "--home", home, "--cert", officer.certificate, "--key", officer.key, "--ca",
            pki.rootCertificate,
        ])
        #expect(set.status == 0, Comment(rawValue: set.stderr))
        try commitAndExport(home, to: dir + "/usb-" + name)
        return home
    }

    func fill(_ home: String, dir: String, district: String, seed: String) throws {
        let gen = try dsync.run([
            "dev", "generate", "--district", district, "--enterprises", "60", "--years", "2013", "--seed", seed,
            "--out", dir,
        ])
        #expect(gen.status == 0, Comment(rawValue: gen.stderr))
        for kind in ["officers", "businesses"] {
            let r = try dsync.run([
                "node", "import", kind, dir + "/\(kind).csv", "--home", home, "--reference-year", "2013",
            ])
            #expect(r.status == 0, Comment(rawValue: r.stderr))
        }
    }

    func commitAndExport(_ home: String, to usb: String) throws {
        let commit = try dsync.run(["node", "commit", "--home", home, "--max-changes", "40"])
        #expect(commit.status == 0, Comment(rawValue: commit.stderr))
        let export = try dsync.run(["node", "export", "--home", home, "--out", usb])
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

    func status(_ home: String) throws -> [String: Any] {
        try #require(try Dsync.json(try dsync.run(["node", "status", "--home", home, "--json"])) as? [String: Any])
    }

    func ack(_ home: String, _ args: [String], using runner: Dsync? = nil) throws -> (Int32, [[String: Any]]) {
        let r = try (runner ?? dsync).run(["node", "ack", "--home", home, "--json"] + args)
        return (r.status, try #require(try Dsync.json(r) as? [[String: Any]], Comment(rawValue: r.stderr)))
    }

    func importAll(_ hubHome: String, _ usb: String, receipts: String) throws -> [[String: Any]] {
        let r = try dsync.run(["hub", "import", usb, "--home", hubHome, "--receipts", receipts, "--json"])
        #expect(r.status == 0, Comment(rawValue: r.stdout + r.stderr))
        return try #require(try Dsync.json(r) as? [[String: Any]])
    }

    @Test("receipts from hub import mark every changeset delivered; acknowledging again changes nothing")
    func ackMarksDelivered() throws {
        let dir = makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let node = try committedNode(dir, name: "q1")
        let before = try status(node)
        let outbox = try #require(before["outbox"] as? Int)
        #expect(outbox > 1)
        #expect(before["delivered"] as? Int == 0 && before["undelivered"] as? Int == outbox)
        let hubHome = try hub(dir)
        let rows = try importAll(hubHome, dir + "/usb-q1", receipts: dir + "/receipts")
        #expect(rows.allSatisfy { $0["outcome"] as? String == "accepted" })

        let (code, first) = try ack(node, [dir + "/receipts"])
        #expect(code == 0)
        #expect(first.count == outbox && first.allSatisfy { $0["outcome"] as? String == "delivered" })
        let after = try status(node)
        #expect(after["delivered"] as? Int == outbox && after["undelivered"] as? Int == 0)

        let (again, second) = try ack(node, [dir + "/receipts"])
        #expect(again == 0)
        #expect(second.allSatisfy { $0["outcome"] as? String == "already_delivered" })
        #expect(try status(node)["delivered"] as? Int == outbox)
        // Export now has nothing left to hand over.
        let export = try dsync.run(["node", "export", "--home", node, "--out", dir + "/usb-again", "--json"])
        #expect((try Dsync.json(export) as? [Any])?.isEmpty == true)
    }

    @Test("a foreign, forged, tampered or other node's receipt is refused with a reason and changes nothing")
    func ackRefusals() throws {
        let dir = makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let pki = try TestPKI.shared()
        let node = try committedNode(dir, name: "q1")
        let other = try committedNode(dir, name: "q1b", seed: "2")
        let hubHome = try hub(dir)
        _ = try importAll(hubHome, dir + "/usb-q1", receipts: dir + "/receipts")
        let receipts = try FileManager.default.contentsOfDirectory(atPath: dir + "/receipts").sorted()
        let genuine = dir + "/receipts/" + (try #require(receipts.first))

        // Trusting another root: the hub's signature does not chain to it.
        let (foreignCode, foreign) = try ack(node, [genuine, "--ca", pki.foreignRootCertificate])
        #expect(foreignCode == 2)
        #expect(foreign.first?["outcome"] as? String == "refused")
        #expect(foreign.first?["reason"] as? String == "unknown_ca", "\(foreign)")

        // Flipped byte inside the signed receipt.
        var bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: genuine)))
        bytes[bytes.count / 2] ^= 0x01
        try Data(bytes).write(to: URL(fileURLWithPath: dir + "/flip.receipt"))
        let (_, flipped) = try ack(node, [dir + "/flip.receipt"])
        #expect(flipped.first?["outcome"] as? String == "refused" && flipped.first?["reason"] as? String != nil)

        // The same receipt content re-signed by an officer (chains to the city root, but is not the hub).
        let extract = Process()
        extract.executableURL = URL(fileURLWithPath: "/usr/bin/openssl")
        extract.arguments = [
            "cms", "-verify", "-binary", "-inform", "DER", "-in", genuine, "-noverify", "-out", dir + "/content.bin",
        ]
        extract.standardError = FileHandle.nullDevice
        try extract.run()
        extract.waitUntilExit()
        #expect(extract.terminationStatus == 0)
        let current = pki.identity("current")
        let sign = Process()
        sign.executableURL = URL(fileURLWithPath: "/usr/bin/openssl")
        sign.arguments = [
            "cms", "-sign", "-binary", "-nodetach", "-md", "sha256", "-cades", "-outform", "DER", "-in",
            dir + "/content.bin", "-signer", current.certificate, "-inkey", current.key, "-passin",
            "pass:" + TestPKI.passphrase, "-out", dir + "/forged.receipt",
        ]
        try sign.run()
        sign.waitUntilExit()
        #expect(sign.terminationStatus == 0)
        let today = Dsync(now: ISO8601DateFormatter().string(from: Date()))
        let (forgedCode, forged) = try ack(node, [dir + "/forged.receipt"], using: today)
        #expect(forgedCode == 2)
        #expect(forged.first?["reason"] as? String == "not_hub_signer", "\(forged)")

        // A genuine receipt handed to the wrong node of the same district.
        let (wrongCode, wrong) = try ack(other, [genuine])
        #expect(wrongCode == 2)
        #expect(wrong.first?["reason"] as? String == "wrong_node", "\(wrong)")

        #expect(try status(node)["delivered"] as? Int == 0)
        #expect(try status(other)["delivered"] as? Int == 0)
    }

    @Test("a replacement node resumes from the hub's signed head and its changesets are accepted in the same chain")
    func resumeFromHub() throws {
        let dir = makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let pki = try TestPKI.shared()
        let old = try committedNode(dir, name: "lost")
        let oldStatus = try status(old)
        let nodeID = try #require(oldStatus["node_id"] as? String)
        let lastSeq = try #require(oldStatus["last_seq"] as? Int)
        let hubHome = try hub(dir)
        _ = try importAll(hubHome, dir + "/usb-lost", receipts: dir + "/receipts-lost")

        let head = try dsync.run(["hub", "head", "--district", "760", "--home", hubHome, "--out", dir + "/head.der"])
        #expect(head.status == 0, Comment(rawValue: head.stderr))

        // Wrong district, or a tampered file: refused before any home is created.
        let wrong = try dsync.run([
            "node", "init", dir + "/bad", "--district", "770", "--on", "2013-06-30", "--resume-from-hub",
            dir + "/head.der", "--ca",
            pki.rootCertificate,
        ])
        #expect(wrong.status != 0 && wrong.stderr.contains("district_mismatch"), Comment(rawValue: wrong.stderr))
        var bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: dir + "/head.der")))
        bytes[bytes.count / 2] ^= 0x01
        try Data(bytes).write(to: URL(fileURLWithPath: dir + "/head-flip.der"))
        let flipped = try dsync.run([
            "node", "init", dir + "/bad", "--district", "760", "--on", "2013-06-30", "--resume-from-hub",
            dir + "/head-flip.der", "--ca",
            pki.rootCertificate,
        ])
        #expect(flipped.status != 0)
        #expect(!FileManager.default.fileExists(atPath: dir + "/bad"))

        let fresh = dir + "/replacement"
        let r = try dsync.run([
            "node", "init", fresh, "--district", "760", "--on", "2013-06-30", "--resume-from-hub", dir + "/head.der",
            "--ca",
            pki.rootCertificate,
        ])
        #expect(r.status == 0, Comment(rawValue: r.stderr))
        let resumed = try status(fresh)
        #expect(resumed["node_id"] as? String == nodeID)
        #expect(resumed["last_seq"] as? Int == lastSeq)

        try fill(fresh, dir: dir + "/gen-fresh", district: "760", seed: "3")
        let officer = pki.officer(district: "760")
        let set = try dsync.run([
            "node", "set-signer", "--home", fresh, "--cert", officer.certificate, "--key", officer.key,
        ])
        #expect(set.status == 0, Comment(rawValue: set.stderr))
        try commitAndExport(fresh, to: dir + "/usb-fresh")
        let rows = try importAll(hubHome, dir + "/usb-fresh", receipts: dir + "/receipts-fresh")
        // Files are imported in name order, so a later one may wait (held) until its predecessor is in.
        #expect(
            !rows.isEmpty && rows.allSatisfy { ["accepted", "held"].contains($0["outcome"] as? String) }, "\(rows)")
        #expect(Set(rows.compactMap { $0["seq"] as? Int }).min() == lastSeq + 1)
        let hubStatus = try #require(
            try Dsync.json(try dsync.run(["hub", "status", "--home", hubHome, "--json"])) as? [[String: Any]])
        #expect(hubStatus.first?["lastSeq"] as? Int == lastSeq + rows.count, "\(hubStatus)")
        #expect(hubStatus.first?["held"] as? Int == 0 && hubStatus.first?["nodes"] as? Int == 1)

        // The CA recorded at init verifies the new node's receipts.
        let (code, acked) = try ack(fresh, [dir + "/receipts-fresh"])
        #expect(code == 0 && acked.count == rows.count)
        #expect(try status(fresh)["undelivered"] as? Int == 0)
    }
}
