import DistrictNode
import DistrictSyncCore
import DistrictSyncCrypto
import DistrictSyncStore
import DistrictSyncTesting
import Foundation
import SQLiteDB
import Testing

@testable import CityHub

@Suite("File import and the hub home")
struct ImportAndHomeTests {
    @Test("folder import reads only regular *.dsc files, never symlinks, and refuses oversized files unread")
    func folderImport() throws {
        let f = try HubFixture()
        defer { f.remove() }
        let dir = f.home.path + "/inbox"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let one = try f.changeset(
            district: "760", node: "n1", seq: 1, previous: nil,
            changes: [HubFixture.enterprise("0100109106", district: "760", name: "A", hlc: 1)])
        try Data(one).write(to: URL(fileURLWithPath: dir + "/a.dsc"))
        try Data(one).write(to: URL(fileURLWithPath: dir + "/notes.txt"))
        try FileManager.default.createSymbolicLink(atPath: dir + "/link.dsc", withDestinationPath: dir + "/a.dsc")
        let importer = FileImporter(service: f.service, maxBytes: f.service.settings.maxChangesetBytes)
        let files = try importer.collect([dir])
        #expect(files == [dir + "/a.dsc"])
        #expect(importer.importFile(files[0]).outcome == .accepted)
        let small = FileImporter(service: f.service, maxBytes: 10)
        let big = small.importFile(files[0])
        #expect(big.outcome == .rejected && big.reason == "too_large")
    }

    @Test("a node's export folder is imported in the chain order of its manifest, so nothing waits as held")
    func manifestOrder() throws {
        let f = try HubFixture()
        defer { f.remove() }
        let dir = f.home.path + "/usb"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let one = try f.changeset(
            district: "760", node: "n1", seq: 1, previous: nil,
            changes: [HubFixture.enterprise("0100109106", district: "760", name: "A", hlc: 1)])
        let two = try f.changeset(
            district: "760", node: "n1", seq: 2, previous: sha(one),
            changes: [HubFixture.enterprise("0100109106", district: "760", name: "B", hlc: 2)])
        // Names sort seq 2 first; the manifest says seq 1 comes first.
        try Data(one).write(to: URL(fileURLWithPath: dir + "/b.dsc"))
        try Data(two).write(to: URL(fileURLWithPath: dir + "/a.dsc"))
        try Data(one).write(to: URL(fileURLWithPath: dir + "/z.dsc"))
        let manifest =
            #"{"changesets": [{"file": "b.dsc", "seq": 1}, {"file": "a.dsc", "seq": 2}, "#
            + #"{"file": "../outside.dsc", "seq": 0}]}"#
        try Data(manifest.utf8).write(to: URL(fileURLWithPath: dir + "/manifest.json"))
        let importer = FileImporter(service: f.service, maxBytes: f.service.settings.maxChangesetBytes)
        let files = try importer.collect([dir])
        #expect(files == [dir + "/b.dsc", dir + "/a.dsc", dir + "/z.dsc"])
        #expect(files.map { importer.importFile($0).outcome } == [.accepted, .accepted, .duplicate])
    }

    @Test(
        "the city tables carry no secondary index on the hub, and a hub created before schema 3 loses them on open, data kept"
    )
    func noSecondaryIndexes() throws {
        let f = try HubFixture()
        defer { f.remove() }
        let synced = "('officers', 'trainings', 'enterprises', 'surveys')"
        let indexes =
            "SELECT count(*) FROM sqlite_master WHERE type = 'index' AND tbl_name IN \(synced) "
            + "AND name NOT LIKE 'sqlite_autoindex_%'"
        #expect(try f.count(indexes) == 0)
        let first = try f.changeset(
            district: "760", node: "n", seq: 1, previous: nil,
            changes: [HubFixture.enterprise("0100109106", district: "760", name: "x", hlc: 1)])
        #expect(f.service.submit(bytes: first, source: "t").outcome == .accepted)
        // Put the database back to schema 2, as a hub of session 2 left it.
        try Self.undoSchema5And6(f.service.db)
        try f.service.db.execute(SyncedSchema.indexes)
        try f.service.db.execute("DELETE FROM schema_migrations WHERE version >= 3; PRAGMA user_version = 2")
        #expect(try f.count(indexes) == 4)
        let reopened = try HubService(home: f.home, clock: FixedWallClock(millis: HubFixture.now), hubKey: nil)
        #expect(try reopened.db.scalar(indexes)?.int64 == 0)
        #expect(try reopened.db.scalar("SELECT count(*) FROM enterprises")?.int64 == 1)
    }

    @Test(
        "the hub's city tables are rowid tables; a hub created before schema 4 is converted on open with its rows and city hash"
    )
    func rowidTables() throws {
        let f = try HubFixture()
        defer { f.remove() }
        let withoutRowID =
            "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND sql LIKE '%WITHOUT ROWID%' "
            + "AND name IN ('officers', 'trainings', 'enterprises', 'surveys')"
        #expect(try f.count(withoutRowID) == 0)
        let first = try f.changeset(
            district: "760", node: "n", seq: 1, previous: nil,
            changes: [
                HubFixture.enterprise("0100109106", district: "760", name: "x", hlc: 1),
                HubFixture.delete(.enterprises, "0100233488", hlc: 2),
            ])
        #expect(f.service.submit(bytes: first, source: "t").outcome == .accepted)
        let hash = try f.cityHash()
        // Rebuild the tables as schema 3 had them (WITHOUT ROWID), rows kept, then reopen.
        try Self.undoSchema5And6(f.service.db)
        for table in SyncedTable.tables(ofSchema: 1) {
            let old = table.name + "_old"
            try f.service.db.execute(
                SyncedSchema.createTable(
                    table, extraColumns: ["_exists INTEGER NOT NULL", "_versions BLOB NOT NULL"], name: old)
                    + " INSERT INTO \(old) SELECT * FROM \(table.name); DROP TABLE \(table.name); "
                    + "ALTER TABLE \(old) RENAME TO \(table.name);")
        }
        try f.service.db.execute("DELETE FROM schema_migrations WHERE version >= 4; PRAGMA user_version = 3")
        #expect(try f.count(withoutRowID) == 4)
        let reopened = try HubService(home: f.home, clock: FixedWallClock(millis: HubFixture.now), hubKey: nil)
        #expect(try reopened.db.scalar(withoutRowID)?.int64 == 0)
        #expect(try CityDump.hash(reopened.db) == hash)
        #expect(try reopened.db.scalar("SELECT count(*) FROM enterprises")?.int64 == 2)
    }

    /// Takes a hub database back to schema 4: no transfers table, no row checksums.
    static func undoSchema5And6(_ db: Database) throws {
        try db.execute("DROP TABLE transfers; DROP TABLE survey_figures")
        for table in SyncedTable.tables(ofSchema: 1) {
            try db.execute("ALTER TABLE \(table.name) DROP COLUMN _check")
        }
        try db.execute("DELETE FROM schema_migrations WHERE version >= 5; PRAGMA user_version = 4")
    }

    @Test("a hub database of schema 4 gains row checksums on open, and hub check passes on it")
    func checksumMigration() throws {
        let f = try HubFixture()
        defer { f.remove() }
        let first = try f.changeset(
            district: "760", node: "n", seq: 1, previous: nil,
            changes: [
                HubFixture.enterprise("0100109106", district: "760", name: "x", hlc: 1),
                HubFixture.delete(.enterprises, "0100233488", hlc: 2),
            ])
        #expect(f.service.submit(bytes: first, source: "t").outcome == .accepted)
        let hash = try f.cityHash()
        try Self.undoSchema5And6(f.service.db)
        let reopened = try HubService(home: f.home, clock: FixedWallClock(millis: HubFixture.now), hubKey: nil)
        #expect(try CityDump.hash(reopened.db) == hash)
        let check = try reopened.check()
        #expect(check.ok && check.damagedRows == 0 && check.recomputedHash == hash)
    }

    @Test("a damaged hub database is refused on open with hub_db_corrupt, and left as it was")
    func corruptDatabase() throws {
        let f = try HubFixture()
        defer { f.remove() }
        f.service.db.close()
        let path = f.home.databasePath
        try? FileManager.default.removeItem(atPath: path + "-wal")
        try? FileManager.default.removeItem(atPath: path + "-shm")
        var bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
        for i in 0..<min(bytes.count, 100) { bytes[i] = 0x41 }
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        #expect {
            _ = try f.home.openDatabase()
        } throws: { ($0 as? HubError)?.code == "hub_db_corrupt" }
        #expect([UInt8](try Data(contentsOf: URL(fileURLWithPath: path))) == bytes)
    }

    @Test("a CRL not signed by a trust anchor is refused")
    func untrustedCRL() throws {
        let f = try HubFixture()
        defer { f.remove() }
        let foreign = f.pki.directory + "/test/foreign-ca/crl.pem"
        if FileManager.default.fileExists(atPath: foreign) {
            #expect { try f.service.addCRL(path: foreign) } throws: { ($0 as? HubError)?.code == "crl_untrusted" }
        }
        try f.service.addCRL(path: f.pki.crl)
    }

    @Test("receipts decode strictly: trailing bytes and unknown outcomes are refused")
    func receiptStrict() throws {
        let receipt = Receipt(
            changesetID: String(repeating: "ab", count: 32), district: "760", nodeID: "n", sequence: 3,
            outcome: .accepted, hubTimeMillis: 5, hubID: "hub")
        #expect(try Receipt.decode(receipt.encode()) == receipt)
        #expect(throws: CoreError.self) { try Receipt.decode(receipt.encode() + [0]) }
        #expect(throws: CoreError.self) { try Receipt.decode(Array(receipt.encode().dropLast())) }
    }
}

@Suite("Hub CRL installation and database damage")
struct HubSafetyTests {
    /// A CRL made by `openssl ca -gencrl` from a copy of the CA folder `caDirectory`, with the given lastUpdate.
    static func makeCRL(caDirectory: String, lastUpdate: String, into dir: String) throws -> String {
        let copy = dir + "/ca-copy-\(UUID().uuidString)"
        try FileManager.default.copyItem(atPath: caDirectory, toPath: copy)
        let config = copy + "/openssl.cnf"
        let text = try String(contentsOfFile: config, encoding: .utf8)
            .replacingOccurrences(of: "dir = \(caDirectory)\n", with: "dir = \(copy)\n")
        try text.write(toFile: config, atomically: true, encoding: .utf8)
        let out = copy + "/made.pem"
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/openssl")
        p.arguments = [
            "ca", "-batch", "-config", config, "-passin", "pass:" + TestPKI.passphrase, "-gencrl", "-crl_lastupdate",
            lastUpdate, "-crldays", "30", "-out", out,
        ]
        var environment = ProcessInfo.processInfo.environment
        environment["DSYNC_SAN"] = "URI:urn:districtsync:district:000"
        p.environment = environment
        p.standardError = FileHandle.nullDevice
        p.standardOutput = FileHandle.nullDevice
        try p.run()
        p.waitUntilExit()
        guard p.terminationStatus == 0 else { throw HubError("test_setup", "openssl ca -gencrl failed in \(copy)") }
        return out
    }

    @Test("hub crl add refuses a CRL of a foreign issuer and one older than the installed one, and keeps the old")
    func crlRefusals() throws {
        let f = try HubFixture()
        defer { f.remove() }
        let before = try f.home.loadSettings().crls
        let foreign = try Self.makeCRL(
            caDirectory: f.pki.directory + "/test/foreign-ca", lastUpdate: "20130101000000Z", into: f.home.path)
        #expect { try f.service.addCRL(path: foreign) } throws: {
            let e = $0 as? HubError
            return e?.code == "crl_untrusted" && e?.message.contains("trust anchors") == true
        }
        let older = try Self.makeCRL(
            caDirectory: f.pki.directory + "/ca", lastUpdate: "20120101000000Z", into: f.home.path)
        #expect { try f.service.addCRL(path: older) } throws: {
            let e = $0 as? HubError
            return e?.code == "crl_older" && e?.message.contains("before the installed one") == true
        }
        #expect(try f.home.loadSettings().crls == before)
        #expect(try f.count("SELECT count(*) FROM audit_log WHERE outcome = 'crl_installed'") == 0)
        // A newer CRL of the same root (issued now) is installed.
        let newer = try Self.makeCRL(
            caDirectory: f.pki.directory + "/ca", lastUpdate: Self.crlTime(Date()), into: f.home.path)
        try f.service.addCRL(path: newer)
        #expect(try f.home.loadSettings().crls.count == before.count + 1)
    }

    /// `openssl ca -crl_lastupdate` time text (UTC, YYYYMMDDHHMMSSZ).
    static func crlTime(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyyMMddHHmmss"
        return formatter.string(from: date) + "Z"
    }

    @Test("hub crl add refuses a CRL dated after the clock plus the skew as crl_from_future; a correct one installs")
    func crlFromFuture() throws {
        let f = try HubFixture()
        defer { f.remove() }
        let before = try f.home.loadSettings().crls
        // Dated a year ahead: installed, it would be "newest" for a year and every correct CRL older.
        let future = try Self.makeCRL(
            caDirectory: f.pki.directory + "/ca", lastUpdate: Self.crlTime(Date().addingTimeInterval(365 * 86_400)),
            into: f.home.path)
        #expect { try f.service.addCRL(path: future) } throws: { ($0 as? HubError)?.code == "crl_from_future" }
        #expect(try f.home.loadSettings().crls == before)
        // `hub init --crl` is the same door.
        #expect {
            try HubHome.create(
                at: f.home.path + "-init", caFiles: [f.pki.rootCertificate], certificate: f.pki.hubCertificate,
                key: f.pki.hubKey, crlFiles: [future], passphrase: Array(TestPKI.passphrase.utf8))
        } throws: { ($0 as? HubError)?.code == "crl_from_future" }
        try? FileManager.default.removeItem(atPath: f.home.path + "-init")
        let current = try Self.makeCRL(
            caDirectory: f.pki.directory + "/ca", lastUpdate: Self.crlTime(Date()), into: f.home.path)
        try f.service.addCRL(path: current)
        #expect(try f.home.loadSettings().crls.count == before.count + 1)
    }

    @Test("a truncated hub database is refused on open with hub_db_corrupt, and nothing is written")
    func truncatedDatabase() throws {
        let f = try HubFixture()
        defer { f.remove() }
        let one = try f.changeset(
            district: "760", node: "n1", seq: 1, previous: nil,
            changes: (0..<400).map {
                HubFixture.enterprise(String(format: "01001%05d", $0), district: "760", name: "A", hlc: UInt64($0))
            })
        #expect(f.service.submit(bytes: one, source: "t").outcome == .accepted)
        f.service.db.close()
        let path = f.home.databasePath
        _ = try Database(path: path).execute("PRAGMA wal_checkpoint(TRUNCATE)")
        try? FileManager.default.removeItem(atPath: path + "-wal")
        try? FileManager.default.removeItem(atPath: path + "-shm")
        let full = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
        #expect(full.count > 8192)
        let cut = Array(full.prefix(full.count / 2))
        try Data(cut).write(to: URL(fileURLWithPath: path))
        #expect {
            _ = try HubService(home: f.home, clock: FixedWallClock(millis: HubFixture.now), hubKey: nil)
        } throws: {
            let e = $0 as? HubError
            return e?.code == "hub_db_corrupt" && e?.message.contains("nothing was written") == true
        }
        #expect([UInt8](try Data(contentsOf: URL(fileURLWithPath: path))) == cut)
        #expect(
            !FileManager.default.fileExists(atPath: path + "-wal")
                || (try? Data(contentsOf: URL(fileURLWithPath: path + "-wal")).count) == 0)
    }

    @Test("a signed chain head decodes strictly and names the node's last accepted sequence and hash")
    func chainHead() throws {
        let f = try HubFixture()
        defer { f.remove() }
        let one = try f.changeset(
            district: "760", node: "n1", seq: 1, previous: nil,
            changes: [HubFixture.enterprise("0100109106", district: "760", name: "A", hlc: 9)])
        #expect(f.service.submit(bytes: one, source: "t").outcome == .accepted)
        let head = try f.service.head(district: "760")
        #expect(head.nodeID == "n1" && head.seq == 1 && head.hash == hexString(sha(one)) && head.hlcMax > 0)
        let der = try f.service.signedHead(head)
        let trust = try HubTrust.load(caPaths: [f.pki.rootCertificate])
        let decoded = try NodeSession.verifyChainHead(
            der, trust: trust, reference: HubTrust.reference(nodeMillis: HubFixture.now), cityID: "79", district: "760")
        #expect(decoded.nodeID == "n1" && decoded.sequence == 1 && decoded.hash == head.hash)
        #expect(decoded.hlcMax == head.hlcMax)
        #expect(throws: CoreError.self) { try ChainHead.decode(decoded.encode() + [0]) }
        #expect(throws: CoreError.self) { try ChainHead.decode(Array(decoded.encode().dropLast())) }
        #expect { try f.service.head(district: "770") } throws: { ($0 as? HubError)?.code == "unknown_node" }
    }
}
