import DistrictSyncCore
import DistrictSyncCrypto
import Foundation
import Testing

@testable import CityHub

@Suite("hub serve publishes the city log: checkpoint, key, inclusion and consistency proofs")
struct LogRouteTests {
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
            let proof = try JSONDecoder().decode(LogInclusionBody.self, from: Data(reply.body))
            let leaf = MerkleTree.leafHash(try CityLog.leafBytes(changesetID: id))
            try MerkleProof.verifyInclusion(
                index: proof.leafIndex, size: proof.treeSize, leafHash: leaf, proof: Self.hashes(proof.hashes),
                root: after.root)
        }
        let c = try await f.withClient { try await $0.get("/v1/log/proof/consistency?from=3&to=5") }
        let consistency = try JSONDecoder().decode(LogConsistencyBody.self, from: Data(c.body))
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

@Suite("A node checks the city log on every sync: it refuses a hub that shows it another history")
struct NodeLogCheckTests {
    @Test("an honest hub: the node verifies, keeps and extends its checkpoint across syncs")
    func honest() async throws {
        let f = try SyncFixture()
        try await f.start()
        let node = try f.makeNode(changesets: 2)
        let first = try await f.sync(node)
        #expect(first.synced)
        #expect(first.log == "verified")
        #expect(first.logSize == 2)
        let other = try f.makeNode(district: "770", changesets: 3, seed: 3)
        #expect(try await f.sync(other).logSize == 5)
        let again = try await f.sync(node)
        #expect(again.log == "verified", "\(again)")
        #expect(again.logSize == 5)
        let kept = try #require(try f.session(node).keptCheckpoint())
        #expect(try Checkpoint.parse(try SignedNote.parse(kept).text).size == 5)
        await f.stop()
    }

    @Test(
        "split view: a second hub with the same key and changesets in another order is log_inconsistent, with evidence")
    func splitView() async throws {
        let a = try SyncFixture()
        try await a.start()
        let n1 = try a.makeNode(changesets: 2)
        let n2 = try a.makeNode(district: "770", changesets: 2, seed: 2)
        #expect(try await a.sync(n1).log == "verified")
        #expect(try await a.sync(n2).log == "verified")
        // The same hub key and log key, the same changesets, accepted in another order: another history.
        let b = try SyncFixture(logKeyOf: a.home)
        for node in [n2, n1] {
            for entry in try a.session(node).store.outbox(undeliveredOnly: false) {
                #expect(b.service.submit(bytes: entry.file, source: "t").outcome == .accepted)
            }
        }
        try await b.start()
        let report = try await a.sync(n1, url: b.url)
        #expect(report.log == "log_inconsistent", "\(report)")
        #expect(report.error?.code == "log_inconsistent")
        #expect(!report.synced)
        let evidence = try a.session(n1).home.path + "/log/evidence"
        let folders = try FileManager.default.contentsOfDirectory(atPath: evidence)
        #expect(folders.count == 1)
        let folder = evidence + "/" + (folders.first ?? "")
        #expect(FileManager.default.fileExists(atPath: folder + "/kept-checkpoint.txt"))
        #expect(FileManager.default.fileExists(atPath: folder + "/shown-checkpoint.txt"))
        // The checkpoint kept is still the one the first hub signed when n1 synced (2 entries).
        let kept = try #require(try a.session(n1).keptCheckpoint())
        #expect(try Checkpoint.parse(try SignedNote.parse(kept).text).size == 2)
        await b.stop()
        await a.stop()
    }

    @Test("a hub with another log key than the one the node pinned is log_inconsistent")
    func otherKey() async throws {
        let a = try SyncFixture()
        try await a.start()
        let node = try a.makeNode(changesets: 1)
        #expect(try await a.sync(node).log == "verified")
        let b = try SyncFixture()
        try await b.start()
        let report = try await a.sync(node, url: b.url)
        #expect(report.error?.code == "log_inconsistent", "\(report)")
        await b.stop()
        await a.stop()
    }
}

@Suite("What a log client checks of each new checkpoint (LogView)")
struct LogViewTests {
    static func checkpoint(_ size: UInt64, _ root: UInt8, at t: Int64? = 1_000) -> Checkpoint {
        Checkpoint(origin: "o", size: size, root: [UInt8](repeating: root, count: 32), timestampMillis: t)
    }

    @Test("nothing kept trusts the first; a smaller tree, another root at one size or another origin is refused")
    func extends() throws {
        try LogView.checkExtends(kept: nil, new: Self.checkpoint(3, 1), proof: [])
        try LogView.checkExtends(kept: Self.checkpoint(3, 1), new: Self.checkpoint(3, 1), proof: [])
        #expect(throws: CoreError.self) {
            try LogView.checkExtends(kept: Self.checkpoint(3, 1), new: Self.checkpoint(2, 1), proof: [])
        }
        #expect(throws: CoreError.self) {
            try LogView.checkExtends(kept: Self.checkpoint(3, 1), new: Self.checkpoint(3, 2), proof: [])
        }
        #expect(throws: CoreError.self) {
            try LogView.checkExtends(kept: Self.checkpoint(3, 1), new: Self.checkpoint(5, 2), proof: [])
        }
        var other = Self.checkpoint(3, 1)
        other.origin = "p"
        #expect(throws: CoreError.self) { try LogView.checkExtends(kept: Self.checkpoint(3, 1), new: other, proof: []) }
    }

    @Test("a checkpoint older than the allowed age is log_stale; one without a timestamp too")
    func fresh() throws {
        try LogView.checkFresh(Self.checkpoint(1, 1, at: 1_000), now: 1_000 + 3_600_000, maxAgeMillis: 3_600_000)
        let stale = #expect(throws: CoreError.self) {
            try LogView.checkFresh(Self.checkpoint(1, 1, at: 1_000), now: 1_001 + 3_600_000, maxAgeMillis: 3_600_000)
        }
        #expect(stale?.code == "log_stale")
        #expect(throws: CoreError.self) {
            try LogView.checkFresh(Self.checkpoint(1, 1, at: nil), now: 0, maxAgeMillis: 1)
        }
    }
}
