import DistrictSyncCrypto
import DistrictSyncTesting
import Foundation
import SQLiteDB
import Testing

@testable import CityHub
@testable import DistrictSyncCore

/// Issue 12, the hub-authority half: what one district's valid key could do to the hub and to other
/// districts before, each refused with its reason code now (docs/threat-model.md).
@Suite("No input can crash the hub: integers from outside are range-checked once, in the decoder")
struct SequenceRangeTests {
    /// A changeset signed by 760's officer whose header says `sequence` (the encoder refuses to write
    /// one above 2^63 − 1, so the header is replaced under the signature, as an attacker would).
    static func forged(_ f: HubFixture, sequence: UInt64) throws -> [UInt8] {
        var header = ChangesetHeader(
            cityID: "79", districtCode: "760", nodeID: "evil", sequence: 1, previousHash: ChangesetHeader.zeroHash,
            hlcMin: .zero, hlcMax: .zero, counts: [], createdMillis: HubFixture.now - 3_600_000)
        let changes = [HubFixture.enterprise("0100109106", district: "760", name: "A", hlc: 1)]
        let content = try ChangesetCodec.encode(header: header, changes: changes)
        header = try ChangesetCodec.decodeHeader(content)
        header.sequence = sequence
        let (cert, key) = try f.signer(f.pki.officer(district: "760"))
        return try CMSSigner.sign(
            content: try StreamingMergeTests.replaceHeader(content, with: header), certificate: cert, key: key,
            signingTime: Date(timeIntervalSince1970: Double(HubFixture.now - 3_600_000) / 1000))
    }

    @Test(
        "a header sequence of 2^63 or 2^64 − 1 is refused out_of_range instead of trapping the hub",
        arguments: [UInt64(1) << 63, UInt64.max])
    func hugeSequence(sequence: UInt64) throws {
        let f = try HubFixture()
        defer { f.remove() }
        let before = try f.cityHash()
        let outcome = f.submitAgreeing(try Self.forged(f, sequence: sequence), source: "t")
        #expect(outcome.outcome == .rejected && outcome.reason == "out_of_range")
        #expect(try f.cityHash() == before)
        #expect(try f.count("SELECT count(*) FROM audit_log WHERE reason = 'out_of_range'") == 1)
    }

    @Test("a folder whose first file has sequence 2^63 imports the rest of the folder")
    func folderGoesOn() throws {
        let f = try HubFixture()
        defer { f.remove() }
        let dir = f.home.path + "/usb"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        try Data(try Self.forged(f, sequence: 1 << 63)).write(to: URL(fileURLWithPath: dir + "/a.dsc"))
        let good = try f.changeset(
            district: "770", node: "n770", seq: 1, previous: nil,
            changes: [HubFixture.enterprise("0100233488", district: "770", name: "B", hlc: 1)])
        try Data(good).write(to: URL(fileURLWithPath: dir + "/b.dsc"))
        let importer = FileImporter(service: f.service, maxBytes: f.service.settings.maxChangesetBytes)
        let outcomes = try importer.collect([dir]).map { importer.importFile($0) }
        #expect(outcomes.map(\.outcome) == [.rejected, .accepted])
        #expect(outcomes.first?.reason == "out_of_range")
    }

    /// Values a node never writes, each in an otherwise valid changeset of 760's officer.
    static let neverWritten: [(String, Change, String)] = {
        let hlc = HLCTimestamp(physicalMillis: HubFixture.now - 7_200_000, counter: 0)
        func enterprise(_ column: Int, _ value: FieldValue) -> Change {
            Change(
                table: .enterprises, key: "0100109106", operation: .upsert,
                fields: [FieldChange(column: 0, value: .text("760")), FieldChange(column: column, value: value)],
                hlc: hlc)
        }
        let columns = SyncedTable.enterprises.columns
        func index(_ name: String) -> Int { columns.firstIndex { $0.name == name } ?? 0 }
        return [
            ("capital Int64.max", enterprise(index("capital_vnd"), .int(.max)), "out_of_range"),
            ("negative revenue", enterprise(index("revenue_vnd"), .int(-1)), "out_of_range"),
            ("employees Int64.min", enterprise(index("employees"), .int(.min)), "out_of_range"),
            ("size year Int64.max", enterprise(index("size_year"), .int(.max)), "out_of_range"),
            ("unknown status", enterprise(index("status"), .text("bankrupt")), "unknown_value"),
            ("unknown category", enterprise(index("category"), .text("x")), "unknown_value"),
            (
                "survey year Int64.max",
                Change(
                    table: .surveys, key: "0100109106/2013", operation: .upsert,
                    fields: [FieldChange(column: 0, value: .text("760")), FieldChange(column: 2, value: .int(.max))],
                    hlc: hlc), "out_of_range"
            ),
            (
                "unknown email use",
                Change(
                    table: .surveys, key: "0100109106/2013", operation: .upsert,
                    fields: [
                        FieldChange(column: 0, value: .text("760")), FieldChange(column: 3, value: .text("always")),
                    ], hlc: hlc), "unknown_value"
            ),
            (
                "software out of order",
                Change(
                    table: .surveys, key: "0100109106/2013", operation: .upsert,
                    fields: [
                        FieldChange(column: 0, value: .text("760")), FieldChange(column: 7, value: .text("erp;hr")),
                    ], hlc: hlc), "unknown_value"
            ),
        ]
    }()

    @Test("a value a node never writes is refused with a reason code", arguments: 0..<9)
    func neverWrittenValue(case index: Int) throws {
        let (name, change, reason) = Self.neverWritten[index]
        let f = try HubFixture()
        defer { f.remove() }
        let before = try f.cityHash()
        let file = try f.changeset(district: "760", node: "n1", seq: 1, previous: nil, changes: [change])
        let outcome = f.submitAgreeing(file, source: name)
        #expect(outcome.outcome == .rejected && outcome.reason == reason, "\(name): \(outcome.reason ?? "-")")
        #expect(try f.cityHash() == before)
    }
}

@Suite("Ownership is explicit: a unit changes only records it created, and never blocks their owner")
struct OwnershipTests {
    static func survey(_ taxCode: String, year: Int64, district: String, hlc: UInt64) -> Change {
        Change(
            table: .surveys, key: "\(taxCode)/\(year)", operation: .upsert,
            fields: [
                FieldChange(column: 0, value: .text(district)), FieldChange(column: 1, value: .text(taxCode)),
                FieldChange(column: 2, value: .int(year)), FieldChange(column: 3, value: .text("regular")),
            ],
            hlc: HLCTimestamp(physicalMillis: HubFixture.now - 7_200_000 + Int64(hlc), counter: 0))
    }

    @Test("760 tombstoning 770's tax code before 770 delivers does not make 770's changesets refused")
    func preemptiveTombstone() throws {
        let f = try HubFixture()
        defer { f.remove() }
        let attack = try f.changeset(
            district: "760", node: "evil", seq: 1, previous: nil,
            changes: [HubFixture.delete(.enterprises, "0100233488", hlc: 50)])
        _ = f.submitAgreeing(attack, source: "760")
        let first = try f.changeset(
            district: "770", node: "n770", seq: 1, previous: nil,
            changes: [HubFixture.enterprise("0100233488", district: "770", name: "B", hlc: 1)])
        #expect(f.submitAgreeing(first, source: "770").outcome == .accepted)
        let second = try f.changeset(
            district: "770", node: "n770", seq: 2, previous: sha(first),
            changes: [OwnershipTests.survey("0100233488", year: 2013, district: "770", hlc: 2)])
        #expect(f.submitAgreeing(second, source: "770").outcome == .accepted)
        #expect(
            try f.count(
                "SELECT count(*) FROM enterprises WHERE tax_code = '0100233488' AND district = '770' AND _exists = 1")
                == 1)
        // And once 770 owns it, 760's tombstone is foreign.
        let again = try f.changeset(
            district: "760", node: "evil", seq: 2, previous: sha(attack),
            changes: [HubFixture.delete(.enterprises, "0100233488", hlc: 60)])
        let refused = f.submitAgreeing(again, source: "760")
        #expect(refused.outcome == .rejected && refused.reason == "foreign_record")
    }

    @Test("survey answers for another unit's enterprise or a tax code that exists nowhere are unknown_enterprise")
    func foreignAnswers() throws {
        let f = try HubFixture()
        defer { f.remove() }
        let owner = try f.changeset(
            district: "770", node: "n770", seq: 1, previous: nil,
            changes: [HubFixture.enterprise("0100233488", district: "770", name: "B", hlc: 1)])
        #expect(f.submitAgreeing(owner, source: "770").outcome == .accepted)
        let before = try f.cityHash()
        let foreign = try f.changeset(
            district: "760", node: "evil", seq: 1, previous: nil,
            changes: [OwnershipTests.survey("0100233488", year: 2013, district: "760", hlc: 5)])
        let a = f.submitAgreeing(foreign, source: "760")
        #expect(a.outcome == .rejected && a.reason == "unknown_enterprise")
        let nowhere = try f.changeset(
            district: "760", node: "evil", seq: 1, previous: nil,
            changes: [OwnershipTests.survey("0314409058", year: 2013, district: "760", hlc: 6)])
        let b = f.submitAgreeing(nowhere, source: "760")
        #expect(b.outcome == .rejected && b.reason == "unknown_enterprise")
        #expect(try f.cityHash() == before)
        // The owner's answer, and an enterprise created earlier in the same changeset, are fine.
        let own = try f.changeset(
            district: "760", node: "n760", seq: 1, previous: nil,
            changes: [
                HubFixture.enterprise("0314409058", district: "760", name: "C", hlc: 7),
                OwnershipTests.survey("0314409058", year: 2013, district: "760", hlc: 8),
            ])
        #expect(f.submitAgreeing(own, source: "760").outcome == .accepted)
    }

    @Test("hub transfer moves an enterprise: the new owner may change it, the old owner is foreign_record")
    func transfer() throws {
        let f = try HubFixture()
        defer { f.remove() }
        let created = try f.changeset(
            district: "760", node: "n760", seq: 1, previous: nil,
            changes: [
                HubFixture.enterprise("0100233488", district: "760", name: "B", hlc: 1),
                OwnershipTests.survey("0100233488", year: 2013, district: "760", hlc: 2),
            ])
        #expect(f.submitAgreeing(created, source: "760").outcome == .accepted)
        let result = try f.service.transfer(
            taxCode: "0100233488", from: "760", to: "770", reason: "moved to Tân Bình", source: "test")
        #expect(result.surveysMoved == 1)
        #expect(try f.count("SELECT count(*) FROM transfers") == 1)
        #expect(try f.count("SELECT count(*) FROM audit_log WHERE outcome = 'transferred'") == 1)
        #expect(try f.count("SELECT count(*) FROM surveys WHERE district = '770'") == 1)
        let update = try f.changeset(
            district: "770", node: "n770", seq: 1, previous: nil,
            changes: [HubFixture.enterprise("0100233488", district: "770", name: "B2", hlc: 10)])
        #expect(f.submitAgreeing(update, source: "770").outcome == .accepted)
        let old = try f.changeset(
            district: "760", node: "n760", seq: 2, previous: sha(created),
            changes: [HubFixture.enterprise("0100233488", district: "760", name: "B3", hlc: 11)])
        let refused = f.submitAgreeing(old, source: "760")
        #expect(refused.outcome == .rejected && refused.reason == "foreign_record")
        #expect(throws: HubError.self) {
            try f.service.transfer(taxCode: "0100233488", from: "760", to: "771", reason: "again", source: "test")
        }
        // The recomputed state (changesets and the transfer, replayed) is the live one.
        let check = try f.service.check()
        #expect(check.ok && check.transfers == 1 && check.changesets == 2)
    }
}

@Suite("Trusted time: certificates are judged at the hub's acceptance time, signing times must be plausible")
struct TrustedTimeTests {
    @Test("a certificate expired before the hub received the changeset is refused despite a backdated signing time")
    func expiredBackdated() throws {
        let f = try HubFixture()
        defer { f.remove() }
        let signing = Int64(1_288_000_000_000)  // 2010-10-25: inside the expired certificate's 2009–2010
        let file = try f.changeset(
            district: "760", node: "n1", seq: 1, previous: nil,
            changes: [
                Change(
                    table: .enterprises, key: "0100109106", operation: .upsert,
                    fields: [FieldChange(column: 0, value: .text("760"))],
                    hlc: HLCTimestamp(physicalMillis: signing - 60_000, counter: 0))
            ], signer: f.pki.identity("expired"), signingMillis: signing)
        let outcome = f.submitAgreeing(file, source: "t")
        #expect(outcome.outcome == .rejected && outcome.reason == "cert_expired")
    }

    @Test("a signing time older than the newest change it signs is signing_time_implausible")
    func olderThanChanges() throws {
        let f = try HubFixture()
        defer { f.remove() }
        // Changes from two hours ago signed "a day ago".
        let file = try f.changeset(
            district: "760", node: "n1", seq: 1, previous: nil,
            changes: [HubFixture.enterprise("0100109106", district: "760", name: "A", hlc: 1)],
            signingMillis: HubFixture.now - 86_400_000)
        let outcome = f.submitAgreeing(file, source: "t")
        #expect(outcome.outcome == .rejected && outcome.reason == "signing_time_implausible")
    }

    @Test("a signing time older than signingTimeWindowDays is refused; a USB delay inside it is accepted")
    func window() throws {
        let f = try HubFixture()
        defer { f.remove() }
        #expect(f.service.settings.signingTimeWindowMillis == 90 * 86_400_000)
        func file(node: String, daysAgo: Int64) throws -> [UInt8] {
            let signing = HubFixture.now - daysAgo * 86_400_000
            return try f.changeset(
                district: "760", node: node, seq: 1, previous: nil,
                changes: [
                    Change(
                        table: .enterprises, key: "01001091\(node.suffix(2))", operation: .upsert,
                        fields: [FieldChange(column: 0, value: .text("760"))],
                        hlc: HLCTimestamp(physicalMillis: signing - 60_000, counter: 0))
                ], signingMillis: signing)
        }
        let late = f.submitAgreeing(try file(node: "n-06", daysAgo: 120), source: "t")
        #expect(late.outcome == .rejected && late.reason == "signing_time_implausible")
        #expect(f.submitAgreeing(try file(node: "n-07", daysAgo: 30), source: "t").outcome == .accepted)
    }
}

@Suite("Self-checking storage: every city row is verified on read, and hub check recomputes the state")
struct SelfCheckingStorageTests {
    @Test("a flipped byte in a city row is hub_db_corrupt for the dump hash, reports and hub check")
    func flippedByte() throws {
        let f = try HubFixture()
        let path = f.home.databasePath
        defer { f.remove() }
        let file = try f.changeset(
            district: "760", node: "n1", seq: 1, previous: nil,
            changes: [HubFixture.enterprise("0100109106", district: "760", name: "Công ty Minh Phát QQQQ", hlc: 1)])
        #expect(f.submitAgreeing(file, source: "t").outcome == .accepted)
        #expect(try f.service.check().ok)
        f.service.db.close()
        var bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
        let needle = Array("QQQQ".utf8)
        let at = try #require(
            (0...(bytes.count - needle.count)).first { bytes[$0..<($0 + needle.count)].elementsEqual(needle) })
        bytes[at + 1] ^= 0x01  // Q → P: still valid text, so only the checksum can tell
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        let service = try HubService(home: f.home, clock: FixedWallClock(millis: HubFixture.now), hubKey: nil)
        #expect(throws: HubError.self) { try CityDump.hash(service.db) }
        do {
            _ = try CityDump.hash(service.db)
        } catch let error as HubError {
            #expect(error.code == "hub_db_corrupt")
        }
        let check = try service.check()
        #expect(!check.ok && check.damagedRows == 1)
        do {
            try CityIntegrity.verify(service.db)
            Issue.record("verify passed a damaged row")
        } catch let error as HubError {
            #expect(error.code == "hub_db_corrupt")
        }
    }
}
