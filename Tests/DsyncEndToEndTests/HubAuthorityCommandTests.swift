import DistrictSyncTesting
import Foundation
import Testing

@Suite("dsync hub transfer and hub check, end to end (the real binary)")
struct HubAuthorityCommandTests {
    let dsync = Dsync(now: "2013-09-01T10:00:00Z")

    func step(_ r: Dsync.Result, _ what: String) throws {
        #expect(r.status == 0, "\(what): \(r.stderr)")
        if r.status != 0 { throw CancellationError() }
    }

    /// A hub holding one changeset of district 774: two enterprises and one survey answer.
    func makeHub() throws -> (dir: String, hub: String) {
        let pki = try TestPKI.shared()
        let dir = makeTemporaryDirectory("dsync-authority-e2e")
        let node = dir + "/n774"
        try step(dsync.run(["node", "init", node, "--district", "774"]), "node init")
        try """
        tax_code,name,address,ward,sector,employees,capital_vnd,revenue_vnd,category
        0100109106,Công ty TNHH Minh Phát,12 An Dương Vương,Phường 8,trade_services,12,1000000000,2000000000,other
        0100233488,Công ty TNHH Hòa Bình,3 Trần Hưng Đạo,Phường 1,trade_services,8,500000000,900000000,other

        """.write(toFile: dir + "/b.csv", atomically: true, encoding: .utf8)
        try """
        tax_code,year,email_use,website,ecommerce_site,edi,software,b2b,b2c,cashless,e_bill_payment,consumer_e_channel
        0100109106,2013,regular,regular,own,no,accounting,yes,no,n/a,n/a,n/a

        """.write(toFile: dir + "/s.csv", atomically: true, encoding: .utf8)
        try step(
            dsync.run(["node", "import", "businesses", dir + "/b.csv", "--home", node, "--reference-year", "2013"]),
            "import businesses")
        try step(dsync.run(["node", "import", "surveys", dir + "/s.csv", "--home", node]), "import surveys")
        let officer = pki.officer(district: "774")
        try step(
            dsync.run([
                "node", "set-signer", "--home", node, "--cert", officer.certificate, "--key", officer.key, "--ca",
                pki.rootCertificate,
            ]), "set-signer")
        try step(dsync.run(["node", "commit", "--home", node]), "commit")
        try step(dsync.run(["node", "export", "--home", node, "--out", dir + "/usb"]), "export")
        let hub = dir + "/hub"
        try step(
            dsync.run([
                "hub", "init", hub, "--ca", pki.rootCertificate, "--cert", pki.hubCertificate, "--key", pki.hubKey,
                "--crl", pki.crl,
            ]), "hub init")
        try step(dsync.run(["hub", "import", dir + "/usb", "--home", hub]), "hub import")
        return (dir, hub)
    }

    @Test("hub check passes on an honest hub and after a transfer; the transfer moves the answers and is audited")
    func transferAndCheck() throws {
        let (dir, hub) = try makeHub()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let check = try dsync.run(["hub", "check", "--home", hub, "--json"])
        #expect(check.status == 0, "\(check.stderr)")
        let before = try #require(try Dsync.json(check) as? [String: Any])
        #expect(before["ok"] as? Bool == true && before["changesets"] as? Int == 1)
        let moved = try dsync.run([
            "hub", "transfer", "--tax-code", "0100109106", "--from", "774", "--to", "775", "--reason",
            "relocated to Quận 6", "--home", hub, "--json",
        ])
        #expect(moved.status == 0, "\(moved.stderr)")
        let result = try #require(try Dsync.json(moved) as? [String: Any])
        #expect(result["surveys_moved"] as? Int == 1 && result["to"] as? String == "775")
        let wrong = try dsync.run([
            "hub", "transfer", "--tax-code", "0100109106", "--from", "774", "--to", "776", "--reason", "again",
            "--home", hub,
        ])
        #expect(wrong.status != 0 && wrong.stderr.contains("wrong_owner"))
        let audit = try dsync.run(["hub", "audit", "--home", hub, "--outcome", "transferred", "--json"])
        #expect(audit.status == 0 && audit.stdout.contains("relocated to Quận 6"), "\(audit.stdout)")
        let after = try dsync.run(["hub", "check", "--home", hub])
        #expect(after.status == 0, "\(after.stdout)\(after.stderr)")
    }

    @Test("a flipped byte in a city row: dump-hash fails hub_db_corrupt and hub check exits 2")
    func flippedByte() throws {
        let (dir, hub) = try makeHub()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = hub + "/hub.db"
        var bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
        let needle = Array("Minh Phát".utf8)
        let at = try #require(
            (0...(bytes.count - needle.count)).first { bytes[$0..<($0 + needle.count)].elementsEqual(needle) })
        bytes[at] ^= 0x01  // M → L
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        let hash = try dsync.run(["hub", "dump-hash", "--home", hub])
        #expect(hash.status != 0 && hash.stderr.contains("hub_db_corrupt"), "\(hash.stdout)\(hash.stderr)")
        let check = try dsync.run(["hub", "check", "--home", hub, "--json"])
        #expect(check.status == 2, "\(check.stdout)\(check.stderr)")
        let json = try #require(try Dsync.json(check) as? [String: Any])
        #expect(json["ok"] as? Bool == false && json["damaged_rows"] as? Int == 1)
    }
}
