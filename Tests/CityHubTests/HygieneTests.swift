import DistrictSyncCore
import DistrictSyncCrypto
import DistrictSyncTesting
import Foundation
import Testing

@testable import CityHub

#if canImport(Glibc)
    import Glibc
#endif

@Suite("Hub hygiene: bounded rejected/, refused orphan databases, no links followed, formula-safe CSV")
struct HygieneTests {
    @Test("an oversized rejected body keeps only its first bytes, and rejected/ never grows past its quota")
    func rejectedQuota() throws {
        let dir = makeTemporaryDirectory("dsync-rejected")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let store = RejectedStore(directory: dir, keepBytes: 1000, quotaBytes: 2500)
        let small = [UInt8](repeating: 1, count: 500)
        let big = [UInt8](repeating: 2, count: 100_000)
        #expect(store.keep(id: hexString(SHA256.hash(small)), bytes: small) == .whole)
        #expect(store.keep(id: hexString(SHA256.hash(big)), bytes: big) == .head)
        let head = dir + "/" + hexString(SHA256.hash(big)) + ".head"
        #expect((try? Data(contentsOf: URL(fileURLWithPath: head)))?.count == 1000)
        #expect(store.keep(id: hexString(SHA256.hash(big)), bytes: big) == .alreadyKept)
        // 1,500 bytes used: one more head fits, the next does not.
        let third = [UInt8](repeating: 3, count: 5000)
        let fourth = [UInt8](repeating: 4, count: 5000)
        #expect(store.keep(id: hexString(SHA256.hash(third)), bytes: third) == .head)
        #expect(store.keep(id: hexString(SHA256.hash(fourth)), bytes: fourth) == .overQuota)
        #expect(store.usedBytes() <= 2500)
        // Names come only from a SHA-256 id.
        #expect(store.keep(id: "../escape", bytes: small) == .failed)
    }

    @Test("a rejected garbage changeset is audited with its hash, but rejected/ holds only its first bytes")
    func rejectedGarbageThroughSubmit() throws {
        let f = try HubFixture()
        defer { f.remove() }
        var settings = try f.home.loadSettings()
        settings.rejectedKeepBytes = 4096
        try f.home.save(settings)
        let service = try HubService(
            home: f.home, clock: FixedWallClock(millis: HubFixture.now),
            hubKey: try PrivateKey.load(path: f.pki.hubKey, passphrase: Array(TestPKI.passphrase.utf8)))
        let garbage = [UInt8](repeating: 0x41, count: 300_000)
        let outcome = service.submit(bytes: garbage, source: "test")
        #expect(outcome.outcome == .rejected)
        let names = try FileManager.default.contentsOfDirectory(atPath: f.home.rejectedDirectory)
        #expect(names == [outcome.id + ".head"])
        let kept = try Data(contentsOf: URL(fileURLWithPath: f.home.rejectedDirectory + "/" + names[0]))
        #expect(kept.count == 4096)
        #expect(
            try f.count("SELECT count(*) FROM audit_log WHERE detail LIKE '%first 4096 of 300000 bytes kept%'") == 1)
    }

    @Test(
        "hub init refuses a folder that already holds a hub.db or any SQLite database",
        arguments: ["hub.db", "old.sqlite"])
    func initRefusesOrphanDatabase(name: String) throws {
        let pki = try TestPKI.shared()
        let dir = makeTemporaryDirectory("dsync-orphan")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        // An orphan database: the header SQLite writes at offset 0.
        try Data(Array("SQLite format 3\u{0}".utf8) + [UInt8](repeating: 0, count: 100)).write(
            to: URL(fileURLWithPath: dir + "/" + name))
        #expect {
            try HubHome.create(
                at: dir, caFiles: [pki.rootCertificate], certificate: pki.hubCertificate, key: pki.hubKey,
                crlFiles: [pki.crl], passphrase: Array(TestPKI.passphrase.utf8))
        } throws: { ($0 as? HubError)?.code == "database_exists" }
        #expect(!FileManager.default.fileExists(atPath: dir + "/hub.json"))
    }

    @Test("without the accepted bytes an equivocation is the hub's fault store_missing, never a silent replay")
    func missingStoredCopy() throws {
        let f = try HubFixture()
        defer { f.remove() }
        let first = try f.changeset(
            district: "760", node: "n-760-a", seq: 1, previous: nil,
            changes: [HubFixture.enterprise("0100109106", district: "760", name: "A", hlc: 1)])
        let accepted = f.service.submit(bytes: first, source: "test")
        #expect(accepted.outcome == .accepted)
        let other = try f.changeset(
            district: "760", node: "n-760-a", seq: 1, previous: nil,
            changes: [HubFixture.enterprise("0100109106", district: "760", name: "B", hlc: 2)])
        try FileManager.default.removeItem(atPath: f.home.store.path(id: accepted.id))
        let outcome = f.service.submit(bytes: other, source: "test")
        #expect(outcome.outcome == .rejected)
        #expect(outcome.reason == "store_missing", "\(outcome)")
        #expect(HubError.isHubFault(outcome.reason))
        // With the bytes back, the same file is the equivocation it is.
        try f.home.store.put(id: accepted.id, bytes: first)
        let fork = f.service.submit(bytes: other, source: "test")
        #expect(fork.outcome == .quarantined && fork.reason == "fork", "\(fork)")
    }

    @Test("folder import never follows a link swapped in after the check (O_NOFOLLOW) nor reads another file")
    func noFollow() throws {
        let dir = makeTemporaryDirectory("dsync-nofollow")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let secret = dir + "/outside.dsc"
        try Data("outside the folder".utf8).write(to: URL(fileURLWithPath: secret))
        let link = dir + "/swapped.dsc"
        #expect(symlink(secret, link) == 0)
        let viaLink = FileImporter.readChecked(link, expected: 18, limit: 1000, identity: nil)
        #expect((try? viaLink.get()) == nil)
        if case .failure(let error) = viaLink { #expect(error.code == "not_regular_file") }
        // A regular file whose device/inode differ from what lstat saw (a rename swapped in) is refused.
        let other = FileImporter.FileIdentity(device: 0, inode: 1)
        let swapped = FileImporter.readChecked(secret, expected: 18, limit: 1000, identity: other)
        if case .failure(let error) = swapped {
            #expect(error.code == "not_regular_file")
        } else {
            Issue.record("a file with another inode was read")
        }
        let same = FileImporter.FileIdentity(try FileManager.default.attributesOfItem(atPath: secret))
        #expect((try? FileImporter.readChecked(secret, expected: 18, limit: 1000, identity: same).get())?.count == 18)
    }

    @Test(
        "CSV cells that a spreadsheet would run as formulas get a leading quote; plain numbers stay numbers",
        arguments: [
            ("=HYPERLINK(\"x\")", "'=HYPERLINK(\"x\")"), ("+1+1", "'+1+1"), ("-1+cmd", "'-1+cmd"),
            ("@SUM(A1)", "'@SUM(A1)"),
            ("\tx", "'\tx"), ("\rx", "'\rx"), ("-3", "-3"), ("-2.5", "-2.5"), ("12", "12"), ("Quận 1", "Quận 1"),
            ("-", "'-"),
        ])
    func csvFormulas(cell: String, expected: String) {
        #expect(ReportCSV.neutralised(cell) == expected)
    }
}
