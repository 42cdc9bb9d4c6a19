import DistrictSyncTesting
import Foundation
import Testing

/// The city log on a USB delivery (issue 16 Build 4): `node export` hands the hub the checkpoint
/// the node kept, `hub import --receipts` writes the log beside the receipts, and `node ack`
/// checks it as `node sync` does — signature, consistency, inclusion of every acknowledged
/// changeset — so a hub that shows a USB district another history is caught too.
@Suite("node ack checks the city log a receipts folder carries")
struct USBLogCommandTests {
    let delivery = DeliveryCommandTests()
    var dsync: Dsync { delivery.dsync }

    func run(_ args: [String]) throws -> Dsync.Result {
        let r = try dsync.run(args + ["--lang", "en"])
        return r
    }

    /// One more enterprise, committed and exported to `usb`.
    func addAndExport(_ node: String, dir: String, usb: String, tax: String = "0100109106") throws {
        try """
        tax_code,name,address,ward,sector,employees,capital_vnd,revenue_vnd,category
        \(tax),Công ty TNHH Minh Phát,12 An Dương Vương,Phường 8,trade_services,12,1000000000,2000000000,other

        """.write(toFile: dir + "/more.csv", atomically: true, encoding: .utf8)
        let r = try run(["node", "import", "businesses", dir + "/more.csv", "--home", node, "--reference-year", "2013"])
        #expect(r.status == 0, Comment(rawValue: r.stderr))
        try delivery.commitAndExport(node, to: usb)
    }

    @Test("two USB round trips: each ack verifies the log, the second by a consistency proof from the kept checkpoint")
    func roundTrips() throws {
        let dir = makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let node = try delivery.committedNode(dir, name: "a")
        let hub = try delivery.hub(dir)
        _ = try delivery.importAll(hub, dir + "/usb-a", receipts: dir + "/r1")
        #expect(FileManager.default.fileExists(atPath: dir + "/r1/log/checkpoint.txt"))
        let first = try run(["node", "ack", dir + "/r1", "--home", node])
        #expect(first.status == 0, Comment(rawValue: first.stdout + first.stderr))
        #expect(
            first.stdout.contains("City log in \(dir)/r1: signature, consistency and"), Comment(rawValue: first.stdout))
        let kept = try String(contentsOfFile: node + "/log/checkpoint.txt", encoding: .utf8)

        try addAndExport(node, dir: dir, usb: dir + "/usb-a2")
        #expect(try String(contentsOfFile: dir + "/usb-a2/node-checkpoint.txt", encoding: .utf8) == kept)
        _ = try delivery.importAll(hub, dir + "/usb-a2", receipts: dir + "/r2")
        let consistency = try FileManager.default.contentsOfDirectory(atPath: dir + "/r2/log").filter {
            $0.hasPrefix("consistency-")
        }
        #expect(consistency.count == 1, "\(consistency)")
        let second = try run(["node", "ack", dir + "/r2", "--home", node, "--json"])
        #expect(second.status == 0, Comment(rawValue: second.stderr))
        #expect(try String(contentsOfFile: node + "/log/checkpoint.txt", encoding: .utf8) != kept)
        #expect(!FileManager.default.fileExists(atPath: node + "/log/evidence"))
    }

    @Test(
        "a second hub under the same log key that shows another history is log_inconsistent on ack, with evidence kept")
    func splitView() throws {
        let dir = makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let node = try delivery.committedNode(dir, name: "a")
        let other = try delivery.committedNode(dir, name: "b", district: "774", seed: "2")
        let hub = try delivery.hub(dir)
        _ = try delivery.importAll(hub, dir + "/usb-a", receipts: dir + "/r1")
        #expect(try run(["node", "ack", dir + "/r1", "--home", node]).status == 0)

        // The same hub certificate and log key, another order of history: b's changesets first.
        let pki = try TestPKI.shared()
        let twin = dir + "/twin"
        let made = try run([
            "hub", "init", twin, "--ca", pki.rootCertificate, "--cert", pki.hubCertificate, "--key", pki.hubKey,
            "--crl", pki.crl,
        ])
        #expect(made.status == 0, Comment(rawValue: made.stderr))
        for name in ["log-key.pem", "log.vkey"] {
            try FileManager.default.removeItem(atPath: twin + "/" + name)
            try FileManager.default.copyItem(atPath: hub + "/" + name, toPath: twin + "/" + name)
        }
        _ = try delivery.importAll(twin, dir + "/usb-b", receipts: dir + "/rb")
        _ = other
        try addAndExport(node, dir: dir, usb: dir + "/usb-a2")
        _ = try delivery.importAll(twin, dir + "/usb-a", receipts: dir + "/rt1")
        _ = try delivery.importAll(twin, dir + "/usb-a2", receipts: dir + "/rt2")
        let ack = try run(["node", "ack", dir + "/rt2", "--home", node])
        #expect(ack.status != 0)
        #expect(ack.stderr.contains("log_inconsistent"), Comment(rawValue: ack.stderr))
        let evidence = try FileManager.default.contentsOfDirectory(atPath: node + "/log/evidence")
        #expect(evidence.count == 1)
    }

    @Test("a receipts folder whose inclusion proof was altered is log_inconsistent on ack")
    func alteredProof() throws {
        let dir = makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let node = try delivery.committedNode(dir, name: "a")
        let hub = try delivery.hub(dir)
        _ = try delivery.importAll(hub, dir + "/usb-a", receipts: dir + "/r1")
        let log = dir + "/r1/log"
        let proofName = try #require(
            try FileManager.default.contentsOfDirectory(atPath: log).sorted().first { $0.hasSuffix(".proof.json") })
        let text = try String(contentsOfFile: log + "/" + proofName, encoding: .utf8)
        var proof = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        let size = try #require(proof["tree_size"] as? Int)
        #expect(size >= 2)
        proof["leaf_index"] = ((proof["leaf_index"] as? Int ?? 0) + 1) % size  // another entry's place
        let altered = String(decoding: try JSONSerialization.data(withJSONObject: proof), as: UTF8.self)
        #expect(altered != text)
        try altered.write(toFile: log + "/" + proofName, atomically: true, encoding: .utf8)
        let ack = try run(["node", "ack", dir + "/r1", "--home", node])
        #expect(ack.status != 0)
        #expect(ack.stderr.contains("log_inconsistent"), Comment(rawValue: ack.stderr))
    }
}
