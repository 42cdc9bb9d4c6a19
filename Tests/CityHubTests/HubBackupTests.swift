import DistrictSyncCore
import DistrictSyncCrypto
import DistrictSyncStore
import DistrictSyncTesting
import Foundation
import SQLiteDB
import Testing

@testable import CityHub

@Suite("hub backup and restore: one file, every byte checked, the city hash kept")
struct HubBackupTests {
    static func accepted(_ f: HubFixture) throws -> [UInt8] {
        let first = try f.changeset(
            district: "760", node: "n1", seq: 1, previous: nil,
            changes: [HubFixture.enterprise("0100109106", district: "760", name: "A", hlc: 1)])
        #expect(f.service.submit(bytes: first, source: "t").outcome == .accepted)
        return first
    }

    @Test("a restored hub has the source's dump hash and accepted count, and accepts the next changeset")
    func roundTrip() throws {
        let f = try HubFixture()
        defer { f.remove() }
        let first = try Self.accepted(f)
        let dir = FileManager.default.temporaryDirectory.path + "/backup-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let manifest = try HubBackup.create(home: f.home, out: dir + "/hub.backup", nowMillis: HubFixture.now)
        #expect(manifest.claims["dump_hash"] == (try f.cityHash()))
        #expect(manifest.claims["accepted"] == "1")
        let attributes = try FileManager.default.attributesOfItem(atPath: dir + "/hub.backup")
        #expect((attributes[.posixPermissions] as? Int) == 0o600)
        // A second backup never overwrites the first.
        #expect(throws: StoreError.self) {
            try HubBackup.create(home: f.home, out: dir + "/hub.backup", nowMillis: HubFixture.now)
        }

        let restored = try HubBackup.restore(file: dir + "/hub.backup", into: dir + "/restored")
        #expect(restored.dumpHash == (try f.cityHash()))
        #expect(restored.accepted == 1)
        let service = try HubService(
            home: HubHome(path: dir + "/restored"), clock: FixedWallClock(millis: HubFixture.now),
            hubKey: try PrivateKey.load(path: f.pki.hubKey, passphrase: Array(TestPKI.passphrase.utf8)))
        let next = try f.changeset(
            district: "760", node: "n1", seq: 2, previous: sha(first),
            changes: [HubFixture.enterprise("0100233488", district: "760", name: "B", hlc: 2)])
        #expect(f.service.submit(bytes: next, source: "t").outcome == .accepted)
        let again = service.submit(bytes: next, source: "t")
        #expect(again.outcome == .accepted, "\(again.reason ?? "-")")
        #expect(try CityDump.hash(service.db) == (try f.cityHash()))
    }

    @Test(
        "a backup taken while changesets keep merging restores an accepted prefix exactly, and the restored hub accepts the rest"
    )
    func backupDuringLiveMerges() throws {
        let f = try HubFixture()
        defer { f.remove() }
        let count = 60
        var chain: [[UInt8]] = []
        for seq in 1...count {
            let code = Self.taxCodes[seq - 1]
            chain.append(
                try f.changeset(
                    district: "760", node: "n1", seq: UInt64(seq), previous: chain.last.map(sha),
                    changes: [HubFixture.enterprise(code, district: "760", name: "DN \(seq)", hlc: UInt64(seq))]))
        }
        let dir = FileManager.default.temporaryDirectory.path + "/backup-live-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }

        // The merges run on their own connection and thread, as `hub serve`'s merge queue does.
        let started = DispatchSemaphore(value: 0)
        let finished = DispatchSemaphore(value: 0)
        let homePath = f.home.path
        let key = f.pki.hubKey
        let outcomes = Outcomes()
        let bytes = chain
        Thread.detachNewThread {
            defer { finished.signal() }
            guard
                let service = try? HubService(
                    home: HubHome(path: homePath), clock: FixedWallClock(millis: HubFixture.now),
                    hubKey: try PrivateKey.load(path: key, passphrase: Array(TestPKI.passphrase.utf8)))
            else {
                started.signal()
                return
            }
            for (i, file) in bytes.enumerated() {
                outcomes.append(service.submit(bytes: file, source: "live").outcome)
                if i == 9 { _ = started.signal() }
            }
        }
        started.wait()
        let manifest = try HubBackup.create(home: f.home, out: dir + "/hub.backup", nowMillis: HubFixture.now)
        finished.wait()
        #expect(outcomes.all == Array(repeating: .accepted, count: count))
        let prefix = try #require(Int(manifest.claims["accepted"] ?? ""))
        #expect(prefix >= 10 && prefix <= count)

        // The backup is exactly the city after the first `prefix` changesets: a hub fed only those agrees.
        let reference = try HubFixture(pki: f.pki)
        defer { reference.remove() }
        for file in chain.prefix(prefix) {
            #expect(reference.service.submit(bytes: file, source: "t").outcome == .accepted)
        }
        let restored = try HubBackup.restore(file: dir + "/hub.backup", into: dir + "/restored")
        #expect(restored.accepted == prefix)
        #expect(restored.dumpHash == (try reference.cityHash()))
        #expect(manifest.claims["dump_hash"] == restored.dumpHash)

        // The restored hub takes the rest of the chain and ends where the live hub ended.
        let service = try HubService(
            home: HubHome(path: dir + "/restored"), clock: FixedWallClock(millis: HubFixture.now),
            hubKey: try PrivateKey.load(path: f.pki.hubKey, passphrase: Array(TestPKI.passphrase.utf8)))
        for file in chain.dropFirst(prefix) { #expect(service.submit(bytes: file, source: "t").outcome == .accepted) }
        #expect(try CityDump.hash(service.db) == (try f.cityHash()))
    }

    /// Valid HCMC tax codes (check digit per the MST rule), one per changeset of the live test.
    static let taxCodes: [String] = {
        var codes: [String] = []
        var serial = 1_000
        while codes.count < 60 {
            let prefix = Array("03" + String(format: "%07d", serial)).compactMap { Int(String($0)) }
            if let check = TaxCode.checkDigit(forPrefix: prefix) {
                codes.append(prefix.map(String.init).joined() + "\(check)")
            }
            serial += 1
        }
        return codes
    }()

    /// Outcomes appended by the merge thread, read after it finished.
    final class Outcomes: @unchecked Sendable {
        private let lock = NSLock()
        private var items: [SubmissionOutcome.Kind] = []
        func append(_ item: SubmissionOutcome.Kind) { lock.withLock { items.append(item) } }
        var all: [SubmissionOutcome.Kind] { lock.withLock { items } }
    }

    @Test("a flipped byte in a stored file makes the restore fail backup_damaged and leave nothing behind")
    func damagedBackup() throws {
        let f = try HubFixture()
        defer { f.remove() }
        _ = try Self.accepted(f)
        let dir = FileManager.default.temporaryDirectory.path + "/backup-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        _ = try HubBackup.create(home: f.home, out: dir + "/hub.backup", nowMillis: HubFixture.now)
        let db = try Database(path: dir + "/hub.backup", mode: .readWrite)
        try db.execute(
            "UPDATE sqlar SET data = CAST(zeroblob(length(data)) AS BLOB) WHERE name LIKE 'store/%'")
        db.close()
        let error = #expect(throws: StoreError.self) {
            try HubBackup.restore(file: dir + "/hub.backup", into: dir + "/restored")
        }
        #expect(error?.code == "backup_damaged")
        #expect(!FileManager.default.fileExists(atPath: dir + "/restored"))
    }

    @Test("a restore refuses a folder that is not empty, and a node backup as a hub backup")
    func refusals() throws {
        let f = try HubFixture()
        defer { f.remove() }
        let dir = FileManager.default.temporaryDirectory.path + "/backup-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir + "/full", withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try Data("x".utf8).write(to: URL(fileURLWithPath: dir + "/full/keep.txt"))
        _ = try HubBackup.create(home: f.home, out: dir + "/hub.backup", nowMillis: HubFixture.now)
        let notEmpty = #expect(throws: StoreError.self) {
            try HubBackup.restore(file: dir + "/hub.backup", into: dir + "/full")
        }
        #expect(notEmpty?.code == "restore_target_not_empty")
        #expect(FileManager.default.fileExists(atPath: dir + "/full/keep.txt"))
        let wrongKind = #expect(throws: StoreError.self) {
            try NodeBackup.restore(file: dir + "/hub.backup", into: dir + "/node")
        }
        #expect(wrongKind?.code == "bad_backup_file")
    }
}
