import CityHub
import DistrictSyncCore
import DistrictSyncCrypto
import Foundation
import Testing

@Suite("hub serve publishes the city log: checkpoint, key, inclusion and consistency proofs")
struct LogRouteTests {
    struct InclusionReply: Decodable {
        let leaf_index: UInt64
        let tree_size: UInt64
        let hashes: [String]
    }

    struct ConsistencyReply: Decodable {
        let from: UInt64
        let to: UInt64
        let hashes: [String]
    }

    static func hashes(_ base64: [String]) -> [[UInt8]] {
        base64.compactMap { Data(base64Encoded: $0).map { [UInt8]($0) } }
    }

    @Test(
        "after a sync every accepted changeset is in the log, provable against the signed checkpoint; the log only grew"
    )
    func routes() async throws {
        let f = try SyncFixture()
        try await f.start()
        let first = try f.makeNode(changesets: 3)
        #expect(try await f.sync(first).synced)
        let key = try NoteVerifierKey.parse(
            String(decoding: try await f.withClient { try await $0.get("/v1/log/key") }.body, as: UTF8.self))
        #expect(key.name == "districtsync/79/log")
        func checkpoint() async throws -> Checkpoint {
            let reply = try await f.withClient { try await $0.get("/v1/log/checkpoint") }
            #expect(reply.status == 200)
            let note = try SignedNote.parse(String(decoding: reply.body, as: UTF8.self))
            #expect(try note.verifiedSignatures(by: key, verify: Ed25519.verify).count == 1)
            return try Checkpoint.parse(note.text)
        }
        let before = try await checkpoint()
        #expect(before.size == 3)
        #expect(before.origin == "districtsync/79/log")

        let second = try f.makeNode(district: "770", changesets: 2, seed: 2)
        #expect(try await f.sync(second).synced)
        let after = try await checkpoint()
        #expect(after.size == 5)
        let ids = try f.service.db.query("SELECT id FROM accepted ORDER BY rowid").compactMap { $0[0].string }
        #expect(ids.count == 5)
        for id in ids {
            let reply = try await f.withClient { try await $0.get("/v1/log/proof/inclusion?id=\(id)&size=5") }
            #expect(reply.status == 200)
            let proof = try JSONDecoder().decode(InclusionReply.self, from: Data(reply.body))
            let leaf = MerkleTree.leafHash(try CityLog.leafBytes(changesetID: id))
            try MerkleProof.verifyInclusion(
                index: proof.leaf_index, size: proof.tree_size, leafHash: leaf, proof: Self.hashes(proof.hashes),
                root: after.root)
        }
        let c = try await f.withClient { try await $0.get("/v1/log/proof/consistency?from=3&to=5") }
        let consistency = try JSONDecoder().decode(ConsistencyReply.self, from: Data(c.body))
        try MerkleProof.verifyConsistency(
            size1: 3, size2: 5, root1: before.root, root2: after.root, proof: Self.hashes(consistency.hashes))
        // What does not exist is 404; what is malformed 400.
        let unknown = String(repeating: "ab", count: 32)
        #expect(try await f.withClient { try await $0.get("/v1/log/proof/inclusion?id=\(unknown)") }.status == 404)
        #expect(try await f.withClient { try await $0.get("/v1/log/proof/inclusion?id=xyz") }.status == 400)
        #expect(try await f.withClient { try await $0.get("/v1/log/proof/consistency?from=9&to=5") }.status == 400)
        await f.stop()
    }
}
