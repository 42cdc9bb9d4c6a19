import CityHub
import DistrictSyncCrypto
import DistrictSyncTesting
import Foundation
import Testing

@testable import DistrictSyncCore

@Suite("A sequence of 2^63 or more POSTed to hub serve is refused, and the service goes on")
struct SequenceRangeHTTPTests {
    /// 760's officer signs a changeset whose header says `sequence` (spliced in under the signature:
    /// the encoder refuses to write it).
    static func forged(_ f: SyncFixture, sequence: UInt64) throws -> [UInt8] {
        var header = ChangesetHeader(
            cityID: "79", districtCode: "760", nodeID: "evil", sequence: 1, previousHash: ChangesetHeader.zeroHash,
            hlcMin: .zero, hlcMax: .zero, counts: [], createdMillis: SyncFixture.nodeNow)
        let change = Change(
            table: .enterprises, key: "0100109106", operation: .upsert,
            fields: [FieldChange(column: 0, value: .text("760"))],
            hlc: HLCTimestamp(physicalMillis: SyncFixture.nodeNow - 60_000, counter: 0))
        let content = try ChangesetCodec.encode(header: header, changes: [change])
        header = try ChangesetCodec.decodeHeader(content)
        header.sequence = sequence
        let length = Int(content[10]) << 24 | Int(content[11]) << 16 | Int(content[12]) << 8 | Int(content[13])
        let spliced = Array(content[0..<14]) + ChangesetCodec.encodeHeader(header) + Array(content[(14 + length)...])
        let (certPath, keyPath) = f.pki.officer(district: "760")
        return try CMSSigner.sign(
            content: spliced, certificate: try Certificate.loadAll(path: certPath)[0],
            key: try PrivateKey.load(path: keyPath, passphrase: SyncFixture.passphrase),
            signingTime: Date(timeIntervalSince1970: Double(SyncFixture.nodeNow) / 1000))
    }

    @Test("POSTs of sequence 2^63 and 2^64 − 1 get 422 out_of_range; the hub still answers and merges")
    func hugeSequencePosted() async throws {
        let f = try SyncFixture()
        try await f.start()
        for sequence in [UInt64(1) << 63, UInt64.max] {
            let body = try Self.forged(f, sequence: sequence)
            let reply = try await f.withClient { try await $0.post("/v1/changesets", body: body) }
            #expect(reply.status == 422)
            let json = try #require(try JSONSerialization.jsonObject(with: Data(reply.body)) as? [String: Any])
            #expect(json["reason"] as? String == "out_of_range")
        }
        let health = try await f.withClient { try await $0.get("/healthz") }
        #expect(health.status == 200)
        #expect(try f.count("SELECT count(*) FROM audit_log WHERE reason = 'out_of_range'") == 2)
        await f.stop()
    }
}
