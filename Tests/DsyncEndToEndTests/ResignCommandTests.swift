import DistrictSyncCore
import DistrictSyncCrypto
import DistrictSyncTesting
import Foundation
import Testing

@Suite("node resign: changesets refused for a revoked certificate are signed again under the renewed one")
struct ResignCommandTests {
    let dsync = Dsync.realClock()
    let delivery = DeliveryCommandTests()

    func ok(_ args: [String]) throws -> Dsync.Result {
        let r = try dsync.run(args)
        #expect(r.status == 0, Comment(rawValue: args.joined(separator: " ") + "\n" + r.stdout + r.stderr))
        return r
    }

    func changes(of file: [UInt8]) throws -> (header: ChangesetHeader, changes: [Change]) {
        let decoded = try ChangesetCodec.decode(try CMSInspector.inspect(der: file).content)
        return (decoded.header, decoded.changes)
    }

    @Test(
        "the refused tail keeps its numbers and exact changes, is re-linked and re-signed, the old files are kept, and the hub accepts it"
    )
    func resignAfterRevocation() throws {
        let dir = makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let pki = try TestPKI.shared()
        let home = try delivery.committedNode(dir, name: "n760")
        let hub = try delivery.hub(dir)
        let first = try delivery.importAll(hub, dir + "/usb-n760", receipts: dir + "/r1")
        #expect(!first.isEmpty && first.allSatisfy { $0["outcome"] as? String == "accepted" }, "\(first)")
        _ = try ok(["node", "ack", dir + "/r1", "--home", home])
        let delivered = first.count

        // The officer signs two more changesets with a certificate the city has revoked (a lost laptop's).
        let revoked = pki.identity("revoked")
        _ = try ok(["node", "set-signer", "--home", home, "--cert", revoked.certificate, "--key", revoked.key])
        let businesses = try String(contentsOfFile: dir + "/gen-n760/businesses.csv", encoding: .utf8)
        let taxCodes = businesses.split(separator: "\n").dropFirst().prefix(2).map { String($0.prefix(10)) }
        for (n, tax) in taxCodes.enumerated() {
            _ = try ok([
                "node", "business", "update", tax, "--home", home, "--employees", "\(71 + n)", "--reference-year",
                "2013",
            ])
        }
        _ = try ok(["node", "commit", "--home", home, "--max-changes", "1"])
        _ = try ok(["node", "export", "--home", home, "--out", dir + "/usb-revoked"])
        let refused = try dsync.run([
            "hub", "import", dir + "/usb-revoked", "--home", hub, "--receipts", dir + "/r2", "--json",
        ])
        let refusedRows = try #require(try Dsync.json(refused) as? [[String: Any]], Comment(rawValue: refused.stderr))
        #expect(
            refusedRows.contains { $0["reason"] as? String == "cert_revoked" }
                && !refusedRows.contains { $0["outcome"] as? String == "accepted" }, "\(refusedRows)")
        let head = try exported(dir + "/usb-n760")
        #expect(head.count == delivered)
        let tail = try exported(dir + "/usb-revoked")
        #expect(tail.map(\.seq) == [Int64(delivered + 1), Int64(delivered + 2)])

        // Not without the confirmation; then under the renewed certificate.
        let unconfirmed = try dsync.run(["node", "resign", "--home", home])
        #expect(unconfirmed.status != 0 && unconfirmed.stderr.contains("[confirm_needed]"))
        // A certificate that is not valid now signs nothing and changes nothing.
        let expired = pki.identity("expired")
        _ = try ok(["node", "set-signer", "--home", home, "--cert", expired.certificate, "--key", expired.key])
        let stale = try dsync.run(["node", "resign", "--home", home, "--refused-by-hub"])
        #expect(stale.status != 0 && stale.stderr.contains("[cert_expired]"), Comment(rawValue: stale.stderr))
        _ = try ok(["node", "export", "--home", home, "--out", dir + "/usb-unchanged"])
        #expect(try exported(dir + "/usb-unchanged").map(\.id) == tail.map(\.id))
        let renewed = pki.officer(district: "760")
        _ = try ok(["node", "set-signer", "--home", home, "--cert", renewed.certificate, "--key", renewed.key])
        let resigned = try #require(
            try Dsync.json(try ok(["node", "resign", "--home", home, "--refused-by-hub", "--json"]))
                as? [[String: Any]])
        #expect(resigned.map { $0["seq"] as? Int } == tail.map { Int($0.seq) })
        #expect(resigned.map { $0["old_id"] as? String } == tail.map(\.id))

        _ = try ok(["node", "export", "--home", home, "--out", dir + "/usb-resigned"])
        let after = try exported(dir + "/usb-resigned")
        // The delivered head is untouched (only the tail is exported); the tail has new ids, each
        // chained to the new id before it.
        #expect(after.count == 2)
        var previous = try #require(head.last).id
        for (old, new) in zip(tail, after) {
            #expect(new.seq == old.seq && new.id != old.id)
            #expect(Digest.hex(Digest.sha256(new.file)) == new.id)
            let o = try changes(of: old.file)
            let n = try changes(of: new.file)
            #expect(n.changes == o.changes, "the same changes, with the clock stamps they were made with")
            #expect(n.header.sequence == o.header.sequence && n.header.createdMillis == o.header.createdMillis)
            #expect(Digest.hex(n.header.previousHash) == previous)
            previous = new.id
            // The replaced file is kept, byte for byte.
            let kept = FileManager.default.contents(atPath: home + "/resigned/\(old.id).dsc")
            #expect(kept.map { [UInt8]($0) } == old.file)
            let signer = try #require(try CMSInspector.inspect(der: new.file).signerCertificates.first)
            let expected = try #require(try Certificate.loadAll(path: renewed.certificate).first)
            #expect(signer.sha256Fingerprint == expected.sha256Fingerprint)
        }

        let again = try delivery.importAll(hub, dir + "/usb-resigned", receipts: dir + "/r3")
        let byID = Dictionary(again.compactMap { r in (r["id"] as? String).map { ($0, r) } }) { a, _ in a }
        for new in after {
            #expect(byID[new.id]?["outcome"] as? String == "accepted", "\(again)")
        }
        _ = try ok(["node", "ack", dir + "/r3", "--home", home])
        _ = try ok(["node", "export", "--home", home, "--out", dir + "/usb-after"])
        #expect(try exported(dir + "/usb-after").isEmpty, "every changeset has its receipt")

        // Nothing left to sign again.
        let none = try #require(
            try Dsync.json(try ok(["node", "resign", "--home", home, "--refused-by-hub", "--json"])) as? [Any])
        #expect(none.isEmpty)
    }

    struct Entry {
        let seq: Int64
        let id: String
        let file: [UInt8]
    }

    /// The changesets a `node export` wrote to `dir` (every undelivered one), from its manifest.
    func exported(_ dir: String) throws -> [Entry] {
        let manifest = try #require(FileManager.default.contents(atPath: dir + "/manifest.json"))
        let object = try #require(try JSONSerialization.jsonObject(with: manifest) as? [String: Any])
        let rows = try #require(object["changesets"] as? [[String: Any]])
        return try rows.map { row in
            let id = try #require(row["id"] as? String)
            let file = try #require(row["file"] as? String)
            return Entry(
                seq: Int64(try #require(row["seq"] as? Int)), id: id,
                file: [UInt8](try #require(FileManager.default.contents(atPath: dir + "/" + file))))
        }
    }
}
