import CityHub
import DistrictSyncCore
import DistrictSyncCrypto
import Foundation
import SQLiteDB
import Testing

@Suite("The city log: appended per accepted changeset, proofs from the store, checkpoints only over a sound tree")
struct CityLogTests {
    static func id(_ i: Int) -> String {
        Digest.hex(Digest.sha256(Array("changeset \(i)".utf8)))
    }

    static func log(entries: Int) throws -> (Database, CityLog) {
        let db = try Database(path: ":memory:")
        try db.execute(LogStore.schema)
        let log = CityLog(db: db)
        for i in 0..<entries { try log.append(changesetID: id(i), at: 1_000 + Int64(i)) }
        return (db, log)
    }

    @Test("the log's root is the RFC 6962 root of the ids' raw bytes, and every stored proof verifies")
    func proofs() throws {
        let (_, log) = try Self.log(entries: 21)
        let leafHashes = try (0..<21).map { MerkleTree.leafHash(try CityLog.leafBytes(changesetID: Self.id($0))) }
        #expect(try log.size() == 21)
        for size in UInt64(1)...21 {
            let root = try log.root(size: size)
            #expect(
                root
                    == (try MerkleTree.root(
                        size: size, MerkleTree.reader(MerkleTree.levels(of: Array(leafHashes.prefix(Int(size))))))))
            for i in 0..<Int(size) {
                let proof = try log.inclusionProof(changesetID: Self.id(i), size: size)
                #expect(proof.index == UInt64(i))
                try MerkleProof.verifyInclusion(
                    index: proof.index, size: size, leafHash: leafHashes[i], proof: proof.hashes, root: root)
            }
            let latest = try log.root(size: 21)
            try MerkleProof.verifyConsistency(
                size1: size, size2: 21, root1: root, root2: latest, proof: try log.consistencyProof(from: size, to: 21))
        }
        #expect(
            (#expect(throws: HubError.self) { try log.inclusionProof(changesetID: Self.id(99)) })?.code
                == "unknown_changeset")
        #expect(
            (#expect(throws: HubError.self) { try log.inclusionProof(changesetID: Self.id(20), size: 20) })?.code
                == "log_inconsistent")
    }

    @Test("a checkpoint is a C2SP signed note of the size, the root and the time, verified by the log key")
    func checkpoints() throws {
        let (_, log) = try Self.log(entries: 5)
        let key = try PrivateKey.generateEd25519()
        let verifier = NoteVerifierKey(name: "districtsync/79/log", publicKey: try #require(key.ed25519PublicKey))
        let text = try log.signCheckpoint(origin: "districtsync/79/log", key: key, keyName: verifier.name, now: 42_000)
        let note = try SignedNote.parse(text)
        #expect(try note.verifiedSignatures(by: verifier, verify: Ed25519.verify).count == 1)
        let body = try Checkpoint.parse(note.text)
        #expect(body.size == 5)
        #expect(body.root == (try log.root(size: 5)))
        #expect(body.timestampMillis == 42_000)
        // The same size gives the same checkpoint; a grown log a new one consistent with it.
        #expect(
            try log.signCheckpoint(origin: "districtsync/79/log", key: key, keyName: verifier.name, now: 99_000) == text
        )
        for i in 5..<9 { try log.append(changesetID: Self.id(i), at: 2_000) }
        let later = try Checkpoint.parse(
            try SignedNote.parse(
                try log.signCheckpoint(origin: "districtsync/79/log", key: key, keyName: verifier.name, now: 100_000)
            ).text)
        #expect(later.size == 9)
        try MerkleProof.verifyConsistency(
            size1: 5, size2: 9, root1: body.root, root2: later.root, proof: try log.consistencyProof(from: 5, to: 9))
        let report = try log.verify(verifierKey: verifier)
        #expect(report.problems.isEmpty)
        #expect(report.checkpoints == 2)
        #expect(report.size == 9)
    }

    @Test("the log refuses updates and deletes of its leaves")
    func appendOnly() throws {
        let (db, _) = try Self.log(entries: 3)
        #expect(throws: SQLiteError.self) { try db.execute("DELETE FROM log_leaves WHERE idx = 1") }
        #expect(throws: SQLiteError.self) { try db.execute("UPDATE log_leaves SET changeset_id = 'x' WHERE idx = 1") }
    }

    @Test("a leaf changed on disk makes proofs, verification and signing fail; nothing is signed")
    func tamperedLeaf() throws {
        let (db, log) = try Self.log(entries: 8)
        let key = try PrivateKey.generateEd25519()
        let verifier = NoteVerifierKey(name: "log", publicKey: try #require(key.ed25519PublicKey))
        _ = try log.signCheckpoint(origin: "log", key: key, keyName: "log", now: 1)
        // What someone with the file can do: bypass the trigger and rewrite a leaf.
        try db.execute("DROP TRIGGER log_leaves_no_update")
        try db.execute("UPDATE log_leaves SET changeset_id = ? WHERE idx = 3", [.text(Self.id(77))])
        #expect(
            (#expect(throws: HubError.self) { try log.inclusionProof(changesetID: Self.id(77)) })?.code
                == "hub_db_corrupt")
        try log.append(changesetID: Self.id(8), at: 9)
        #expect(
            (#expect(throws: HubError.self) { try log.signCheckpoint(origin: "log", key: key, keyName: "log", now: 2) })?
                .code == "hub_db_corrupt")
        #expect(try LogStore(db: db).allCheckpoints().count == 1)
        #expect(!(try log.verify(verifierKey: verifier).problems.isEmpty))
    }

    @Test("a stored interior node changed on disk is found by verify, stops signing, and its proofs are refused")
    func tamperedNode() throws {
        let (db, log) = try Self.log(entries: 7)
        try db.execute(
            "UPDATE log_nodes SET hash = ? WHERE level = 1 AND idx = 2", [.blob([UInt8](repeating: 9, count: 32))])
        let key = try PrivateKey.generateEd25519()
        #expect(
            (#expect(throws: HubError.self) { try log.signCheckpoint(origin: "log", key: key, keyName: "log", now: 2) })?
                .code == "hub_db_corrupt")
        // Entry 5's path goes around the damaged node, so its proof disagrees with the nodes' root.
        #expect(
            (#expect(throws: HubError.self) { try log.inclusionProof(changesetID: Self.id(5)) })?.code
                == "hub_db_corrupt")
        let problems = try log.verify(verifierKey: nil).problems
        #expect(problems == ["node (1, 2) differs from the hash of its leaves"])
    }

    @Test("a checkpoint signed by another key or over another root is reported by verify")
    func foreignCheckpoint() throws {
        let (db, log) = try Self.log(entries: 4)
        let key = try PrivateKey.generateEd25519()
        let other = try PrivateKey.generateEd25519()
        _ = try log.signCheckpoint(origin: "log", key: other, keyName: "log", now: 1)
        let verifier = NoteVerifierKey(name: "log", publicKey: try #require(key.ed25519PublicKey))
        #expect(try log.verify(verifierKey: verifier).problems.count == 1)
        try db.execute("UPDATE log_checkpoints SET root = ? WHERE size = 4", [.blob([UInt8](repeating: 1, count: 32))])
        #expect(try log.verify(verifierKey: verifier).problems.count == 3)
    }
}
