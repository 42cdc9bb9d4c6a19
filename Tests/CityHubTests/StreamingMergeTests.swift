import CityHub
import DistrictSyncCrypto
import DistrictSyncTesting
import Foundation
import Testing

@testable import DistrictSyncCore

/// The hub decodes changes while it merges them. These are the cases where that could go wrong: a
/// changeset that is fine for hundreds of changes and bad at its end must still change nothing.
@Suite("Streaming merge: a changeset found bad at its end changes nothing")
struct StreamingMergeTests {
    static func enterprises(_ count: Int, district: String = "760", from: Int = 0) -> [Change] {
        (from..<from + count).map { i in
            HubFixture.enterprise("03\(100_000_000 + i)", district: district, name: "Công ty \(i)", hlc: UInt64(i + 1))
        }
    }

    /// Signs `content` as the district's officer would.
    static func sign(_ f: HubFixture, _ content: [UInt8], district: String = "760") throws -> [UInt8] {
        let (cert, key) = try f.signer(f.pki.officer(district: district))
        return try CMSSigner.sign(
            content: content, certificate: cert, key: key,
            signingTime: Date(timeIntervalSince1970: Double(HubFixture.now - 3_600_000) / 1000))
    }

    static func header(node: String = "n1", seq: UInt64 = 1, previous: [UInt8]? = nil) -> ChangesetHeader {
        ChangesetHeader(
            cityID: "79", districtCode: "760", nodeID: node, sequence: seq,
            previousHash: previous ?? ChangesetHeader.zeroHash, hlcMin: .zero, hlcMax: .zero, counts: [],
            createdMillis: HubFixture.now - 3_600_000, payloadEncoding: .raw)
    }

    func expectNothingMerged(_ f: HubFixture, _ bytes: [UInt8], reason: String) throws {
        let before = try f.cityHash()
        let outcome = f.submitAgreeing(bytes, source: "t")
        #expect(outcome.outcome == .rejected, "\(outcome)")
        #expect(outcome.reason == reason, "\(outcome)")
        #expect(try f.cityHash() == before)
        #expect(try f.count("SELECT count(*) FROM accepted") == 0)
        #expect(try f.count("SELECT count(*) FROM node_heads") == 0)
        #expect(try f.count("SELECT count(*) FROM audit_log WHERE outcome = 'rejected' AND reason = '\(reason)'") == 1)
    }

    @Test("invalid UTF-8 in the last of 2,000 changes: rejected as bad_payload, none of the 1,999 merged")
    func badLastChange() throws {
        let f = try HubFixture()
        defer { f.remove() }
        var content = try ChangesetCodec.encode(header: Self.header(), changes: Self.enterprises(2_000))
        // The last byte of a raw payload is the last change's name; 0xFF is never valid UTF-8.
        content[content.count - 1] = 0xFF
        try expectNothingMerged(f, try Self.sign(f, content), reason: "bad_payload")
        #expect(try f.count("SELECT count(*) FROM enterprises") == 0)
    }

    @Test("a header whose counts disagree, found after the last change: rejected as header_mismatch, nothing merged")
    func countsFoundAtTheEnd() throws {
        let f = try HubFixture()
        defer { f.remove() }
        let content = try ChangesetCodec.encode(header: Self.header(), changes: Self.enterprises(1_500))
        var declared = try ChangesetCodec.decodeHeader(content)
        let index = try #require(declared.counts.firstIndex { $0.table == .enterprises })
        declared.counts[index].upserts += 1
        // Same payload under a header that declares one more upsert: re-encode the header in place.
        let forged = try Self.replaceHeader(content, with: declared)
        try expectNothingMerged(f, try Self.sign(f, forged), reason: "header_mismatch")
        #expect(try f.count("SELECT count(*) FROM enterprises") == 0)
    }

    @Test("another district's record as the last of 1,000 changes: rejected as foreign_record, nothing merged")
    func foreignAtTheEnd() throws {
        let f = try HubFixture()
        defer { f.remove() }
        let changes = Self.enterprises(999) + Self.enterprises(1, district: "770", from: 5_000)
        let bytes = try f.changeset(district: "760", node: "n1", seq: 1, previous: nil, changes: changes)
        try expectNothingMerged(f, bytes, reason: "foreign_record")
        #expect(try f.count("SELECT count(*) FROM enterprises") == 0)
    }

    @Test("a changeset that would be held is read whole first: with a foreign record it is rejected, not held")
    func heldIsCheckedWhole() throws {
        let f = try HubFixture()
        defer { f.remove() }
        let first = try f.changeset(district: "760", node: "n1", seq: 1, previous: nil, changes: Self.enterprises(3))
        let bad = try f.changeset(
            district: "760", node: "n1", seq: 2, previous: sha(first),
            changes: Self.enterprises(50, from: 10) + Self.enterprises(1, district: "770", from: 900))
        let outcome = f.submitAgreeing(bad, source: "t")
        #expect(outcome.outcome == .rejected && outcome.reason == "foreign_record", "\(outcome)")
        #expect(try f.count("SELECT count(*) FROM held") == 0)
        #expect(f.submitAgreeing(first, source: "t").outcome == .accepted)
        #expect(try f.count("SELECT count(*) FROM enterprises") == 3)
    }

    @Test("setting district to NULL on a stored record is refused as foreign_record")
    func nullDistrict() throws {
        let f = try HubFixture()
        defer { f.remove() }
        let first = try f.changeset(district: "760", node: "n1", seq: 1, previous: nil, changes: Self.enterprises(1))
        #expect(f.submitAgreeing(first, source: "t").outcome == .accepted)
        let orphan = Change(
            table: .enterprises, key: "03100000000", operation: .upsert, fields: [FieldChange(column: 0, value: .null)],
            hlc: HLCTimestamp(physicalMillis: HubFixture.now - 60_000, counter: 0))
        let before = try f.cityHash()
        let outcome = f.service.submit(
            bytes: try f.changeset(district: "760", node: "n1", seq: 2, previous: sha(first), changes: [orphan]),
            source: "t")
        #expect(outcome.outcome == .rejected && outcome.reason == "foreign_record", "\(outcome)")
        #expect(try f.cityHash() == before)
    }

    @Test("updates of stored records write the newer fields and keep the others, across 20,000 stored records")
    func bigUpdate() throws {
        let f = try HubFixture()
        defer { f.remove() }
        let created = Self.enterprises(20_000)
        let first = try f.changeset(district: "760", node: "n1", seq: 1, previous: nil, changes: created)
        #expect(f.submitAgreeing(first, source: "t").outcome == .accepted)
        let renamed = created.enumerated().map { (i, c) in
            Change(
                table: .enterprises, key: c.key, operation: .upsert,
                fields: [FieldChange(column: 5, value: .int(Int64(i)))],
                hlc: HLCTimestamp(physicalMillis: HubFixture.now - 600_000, counter: 0))
        }
        let second = try f.changeset(district: "760", node: "n1", seq: 2, previous: sha(first), changes: renamed)
        #expect(f.submitAgreeing(second, source: "t").outcome == .accepted)
        #expect(
            try f.count("SELECT count(*) FROM enterprises WHERE name LIKE 'Công ty %' AND employees IS NOT NULL")
                == 20_000)
        #expect(try f.count("SELECT sum(employees) FROM enterprises") == Int64(20_000 * 19_999 / 2))
    }

    /// The same content under another header of the same length (the table counts are fixed-width):
    /// magic (8), version (2), header length (4), then the header.
    static func replaceHeader(_ content: [UInt8], with header: ChangesetHeader) throws -> [UInt8] {
        let length = Int(content[10]) << 24 | Int(content[11]) << 16 | Int(content[12]) << 8 | Int(content[13])
        let encoded = ChangesetCodec.encodeHeader(header)
        try #require(encoded.count == length)
        return Array(content[0..<14]) + encoded + Array(content[(14 + length)...])
    }
}
