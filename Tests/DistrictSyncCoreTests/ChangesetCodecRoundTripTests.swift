import DistrictSyncCore
import SyntheticData
import Testing

@Suite("Changeset codec: what is encoded decodes to the same header and changes, byte-for-byte stable")
struct ChangesetCodecRoundTripTests {
    @Test(
        "a changeset round-trips with every header field and change intact",
        arguments: [
            ChangesetHeader.PayloadEncoding.raw, .deflate,
        ])
    func roundTrip(encoding: ChangesetHeader.PayloadEncoding) throws {
        var header = Fixtures.header(encoding: encoding, sequence: 7)
        header.previousHash = (0..<32).map { UInt8($0 * 7 % 256) }
        let changes = Fixtures.vectorChanges
        let decoded = try ChangesetCodec.decode(ChangesetCodec.encode(header: header, changes: changes))
        #expect(decoded.changes == changes)
        let h = decoded.header
        #expect(h.formatVersion == 1)
        #expect(h.cityID == "79")
        #expect(h.districtCode == "760")
        #expect(h.nodeID == "node-760-a")
        #expect(h.sequence == 7)
        #expect(h.previousHash == header.previousHash)
        #expect(h.schemaVersion == SyncedTable.schemaVersion)
        #expect(h.schemaFingerprint == SyncedTable.schemaFingerprint)
        #expect(h.createdMillis == header.createdMillis)
        #expect(h.payloadEncoding == encoding)
        #expect(h.hlcMin == changes[0].hlc)
        #expect(h.hlcMax == changes[1].hlc)
        #expect(h.changeCount == 2)
        #expect(h.counts.first { $0.table == .enterprises }?.upserts == 1)
        #expect(h.counts.first { $0.table == .surveys }?.deletes == 1)
    }

    @Test("decodeHeader reads the header alone and agrees with a full decode")
    func headerOnly() throws {
        let content = try ChangesetCodec.encode(
            header: Fixtures.header(encoding: .deflate), changes: Fixtures.vectorChanges)
        #expect(try ChangesetCodec.decodeHeader(content) == ChangesetCodec.decode(content).header)
    }

    @Test(
        "encoding twice gives identical bytes, and so do equal changes built afresh",
        arguments: [
            ChangesetHeader.PayloadEncoding.raw, .deflate,
        ])
    func deterministic(encoding: ChangesetHeader.PayloadEncoding) throws {
        let header = Fixtures.header(encoding: encoding)
        let first = try ChangesetCodec.encode(header: header, changes: Fixtures.vectorChanges)
        #expect(try ChangesetCodec.encode(header: header, changes: Fixtures.vectorChanges) == first)
        // Same fields given in another order: Change sorts them, so the bytes cannot differ.
        var fresh = Fixtures.vectorChanges
        fresh[0] = Change(
            table: fresh[0].table, key: fresh[0].key, operation: .upsert, fields: fresh[0].fields.reversed(),
            hlc: fresh[0].hlc)
        #expect(try ChangesetCodec.encode(header: header, changes: fresh) == first)
    }

    @Test("re-encoding a decoded changeset reproduces the original bytes")
    func reencodeIsIdentity() throws {
        let content = try ChangesetCodec.encode(
            header: Fixtures.header(encoding: .deflate), changes: Fixtures.vectorChanges)
        let decoded = try ChangesetCodec.decode(content)
        #expect(try ChangesetCodec.encode(header: decoded.header, changes: decoded.changes) == content)
    }

    @Test("an empty changeset round-trips with a zero clock range")
    func empty() throws {
        let decoded = try ChangesetCodec.decode(ChangesetCodec.encode(header: Fixtures.header(), changes: []))
        #expect(decoded.changes.isEmpty)
        #expect(decoded.header.hlcMin == .zero)
        #expect(decoded.header.hlcMax == .zero)
    }

    @Test("the codec writes exactly the layout the format document describes")
    func matchesDocumentedLayout() throws {
        let content = try ChangesetCodec.encode(
            header: Fixtures.header(encoding: .raw), changes: Fixtures.vectorChanges)
        let header = try ChangesetCodec.decodeHeader(content)
        let payloadStart = content.count - Int(header.storedPayloadLength)
        #expect(SpecWriter.content(header, storedPayload: Array(content[payloadStart...])) == content)
    }

    @Test("200 random changesets from a seeded generator round-trip exactly")
    func randomRoundTrips() throws {
        let seed: UInt64 = 0x5EED_2011_2471
        var rng = SplitMix64(seed: seed)
        for round in 0..<200 {
            let changes = RandomChanges.changes(count: Int.random(in: 0...12, using: &rng), using: &rng)
            let encoding: ChangesetHeader.PayloadEncoding = Bool.random(using: &rng) ? .raw : .deflate
            let content = try ChangesetCodec.encode(header: Fixtures.header(encoding: encoding), changes: changes)
            let decoded = try ChangesetCodec.decode(content)
            #expect(decoded.changes == changes, "seed \(seed) round \(round)")
            #expect(try ChangesetCodec.encode(header: decoded.header, changes: decoded.changes) == content)
        }
    }
}
