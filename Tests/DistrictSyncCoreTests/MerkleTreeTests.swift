import DistrictSyncCore
import Foundation
import Testing

@Suite("The log's Merkle tree is RFC 6962's: known roots, and every proof it makes verifies")
struct MerkleTreeTests {
    static func hex(_ s: String) -> [UInt8] {
        var out: [UInt8] = []
        var i = s.startIndex
        while i < s.endIndex {
            let j = s.index(i, offsetBy: 2)
            out.append(UInt8(s[i..<j], radix: 16) ?? 0)
            i = j
        }
        return out
    }

    /// transparency-dev/merkle `testonly.LeafInputs()` and the RFC 6962 roots of every prefix.
    static let leaves = [
        "", "00", "10", "2021", "3031", "40414243", "5051525354555657", "606162636465666768696a6b6c6d6e6f",
    ]
    .map(hex)
    static let roots = [
        "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
        "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
        "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
        "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
        "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
        "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
        "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
        "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
        "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328",
    ].map(hex)

    /// A tree of `n` leaves (leaf i = the 8-byte big-endian i) built by appending, as the hub does.
    static func appended(_ n: Int) throws -> [[MerkleTree.Hash]] {
        var levels: [[MerkleTree.Hash]] = []
        for i in 0..<n {
            let leaf = MerkleTree.leafHash((0..<8).map { UInt8((UInt64(i) >> (56 - 8 * UInt64($0))) & 0xff) })
            for node in try MerkleTree.nodesCompleted(byAppending: UInt64(i), leafHash: leaf, MerkleTree.reader(levels))
            {
                while levels.count <= node.level { levels.append([]) }
                #expect(levels[node.level].count == Int(node.index))
                levels[node.level].append(node.hash)
            }
        }
        return levels
    }

    @Test("the roots of every prefix of the reference leaves are RFC 6962's, the empty tree's included")
    func knownRoots() throws {
        let hashes = Self.leaves.map(MerkleTree.leafHash)
        for size in 0...8 {
            let levels = MerkleTree.levels(of: Array(hashes.prefix(size)))
            #expect(
                try MerkleTree.root(size: UInt64(size), MerkleTree.reader(levels)) == Self.roots[size], "size \(size)")
        }
        // A larger tree read through the complete subtrees gives each prefix's root too.
        let all = MerkleTree.levels(of: hashes)
        for size in 0...8 {
            #expect(try MerkleTree.root(size: UInt64(size), MerkleTree.reader(all)) == Self.roots[size])
        }
    }

    @Test("appending leaf by leaf stores exactly the complete subtrees levels(of:) computes")
    func appendMatchesLevels() throws {
        let levels = try Self.appended(37)
        let leaves = levels[0]
        let reference = MerkleTree.levels(of: leaves)
        #expect(levels.count == reference.count)
        for l in levels.indices { #expect(levels[l] == reference[l], "level \(l)") }
    }

    @Test("every inclusion proof of trees up to 40 leaves verifies, and fails for another leaf, index or root")
    func inclusion() throws {
        let levels = try Self.appended(40)
        let read = MerkleTree.reader(levels)
        for size in UInt64(1)...40 {
            let root = try MerkleTree.root(size: size, read)
            for index in 0..<size {
                let proof = try MerkleTree.inclusionProof(index: index, size: size, read)
                let leaf = levels[0][Int(index)]
                try MerkleProof.verifyInclusion(index: index, size: size, leafHash: leaf, proof: proof, root: root)
                let other = levels[0][Int((index + 1) % 40)]
                #expect(throws: CoreError.self) {
                    try MerkleProof.verifyInclusion(index: index, size: size, leafHash: other, proof: proof, root: root)
                }
                if size > 1 {
                    #expect(throws: CoreError.self) {
                        try MerkleProof.verifyInclusion(
                            index: (index + 1) % size, size: size, leafHash: leaf, proof: proof, root: root)
                    }
                }
                #expect(throws: CoreError.self) {
                    try MerkleProof.verifyInclusion(
                        index: index, size: size, leafHash: leaf, proof: proof, root: MerkleTree.emptyRoot)
                }
            }
        }
    }

    @Test("every consistency proof between trees up to 40 leaves verifies, and fails against another root")
    func consistency() throws {
        let levels = try Self.appended(40)
        let read = MerkleTree.reader(levels)
        for size2 in UInt64(1)...40 {
            let root2 = try MerkleTree.root(size: size2, read)
            for size1 in UInt64(1)...size2 {
                let root1 = try MerkleTree.root(size: size1, read)
                let proof = try MerkleTree.consistencyProof(from: size1, to: size2, read)
                try MerkleProof.verifyConsistency(size1: size1, size2: size2, root1: root1, root2: root2, proof: proof)
                if size1 > 0 && size1 < size2 {
                    #expect(throws: CoreError.self) {
                        try MerkleProof.verifyConsistency(
                            size1: size1, size2: size2, root1: root2, root2: root1, proof: proof)
                    }
                }
            }
        }
    }

    /// Mutants of valid proofs (the transparency-dev mutation families): each hash bit-flipped,
    /// the proof truncated, extended, garbage-prefixed, reordered, the sizes changed, the roots swapped.
    @Test("over 500 mutants of valid inclusion and consistency proofs are all rejected")
    func mutants() throws {
        let levels = try Self.appended(33)
        let read = MerkleTree.reader(levels)
        var rejected = 0
        func mustFail(_ location: SourceLocation = #_sourceLocation, _ body: () throws -> Void) {
            do {
                try body()
                Issue.record("a mutant verified", sourceLocation: location)
            } catch { rejected += 1 }
        }
        for (index, size) in [(0, 33), (5, 8), (7, 8), (16, 33), (32, 33), (12, 29), (3, 5)] as [(UInt64, UInt64)] {
            let proof = try MerkleTree.inclusionProof(index: index, size: size, read)
            let root = try MerkleTree.root(size: size, read)
            let leaf = levels[0][Int(index)]
            for i in proof.indices {
                for bit in [0, 3, 7, 64, 100, 200, 255] {
                    var m = proof
                    m[i][bit / 8] ^= UInt8(1 << (bit % 8))
                    mustFail {
                        try MerkleProof.verifyInclusion(index: index, size: size, leafHash: leaf, proof: m, root: root)
                    }
                }
            }
            let variants: [[MerkleTree.Hash]] = [
                Array(proof.dropLast()), proof + [leaf], [leaf] + proof, Array(proof.reversed()),
                proof.map { Array($0.dropLast()) },
            ].filter { $0 != proof }
            for m in variants {
                mustFail {
                    try MerkleProof.verifyInclusion(index: index, size: size, leafHash: leaf, proof: m, root: root)
                }
            }
            for (i2, s2) in [(index ^ 1, size), (index, size * 2)] where i2 < s2 {
                mustFail {
                    try MerkleProof.verifyInclusion(index: i2, size: s2, leafHash: leaf, proof: proof, root: root)
                }
            }
        }
        for (size1, size2) in [(1, 8), (3, 8), (4, 33), (7, 33), (16, 33), (31, 32), (5, 6), (13, 29)]
            as [(UInt64, UInt64)]
        {
            let proof = try MerkleTree.consistencyProof(from: size1, to: size2, read)
            let root1 = try MerkleTree.root(size: size1, read)
            let root2 = try MerkleTree.root(size: size2, read)
            for i in proof.indices {
                for bit in [0, 9, 31, 128, 160, 222, 254] {
                    var m = proof
                    m[i][bit / 8] ^= UInt8(1 << (bit % 8))
                    mustFail {
                        try MerkleProof.verifyConsistency(
                            size1: size1, size2: size2, root1: root1, root2: root2, proof: m)
                    }
                }
            }
            let variants: [[MerkleTree.Hash]] = [
                [], Array(proof.dropLast()), proof + [root1], [root1] + proof, Array(proof.reversed()),
            ]
            .filter { $0 != proof }
            for m in variants {
                mustFail {
                    try MerkleProof.verifyConsistency(size1: size1, size2: size2, root1: root1, root2: root2, proof: m)
                }
            }
            mustFail {
                try MerkleProof.verifyConsistency(size1: size1, size2: size2, root1: root2, root2: root1, proof: proof)
            }
            mustFail {
                try MerkleProof.verifyConsistency(size1: size2, size2: size1, root1: root2, root2: root1, proof: proof)
            }
            for (a, b) in [(size1 + 1, size2), (size1 ^ 2, size2), (size1, size2 * 2)]
            where a <= b && (a, b) != (size1, size2) {
                mustFail {
                    try MerkleProof.verifyConsistency(size1: a, size2: b, root1: root1, root2: root2, proof: proof)
                }
            }
        }
        #expect(rejected >= 500, "only \(rejected) mutants were tried")
    }
}

@Suite("The transparency-dev/merkle verification vectors (Vectors/merkle)")
struct MerkleVectorTests {
    struct InclusionCase: Decodable {
        let leafIdx: UInt64
        let treeSize: UInt64
        let root: Data
        let leafHash: Data
        let proof: [Data]?
        let desc: String
        let wantErr: Bool
    }

    struct ConsistencyCase: Decodable {
        let size1: UInt64
        let size2: UInt64
        let root1: Data
        let root2: Data
        let proof: [Data]?
        let desc: String
        let wantErr: Bool
    }

    static func files(_ kind: String) -> [String] {
        let dir = Fixtures.repoRoot.appendingPathComponent("Tests/DistrictSyncCoreTests/Vectors/merkle/\(kind)").path
        return (FileManager.default.enumerator(atPath: dir)?.compactMap { $0 as? String } ?? [])
            .filter { $0.hasSuffix(".json") }.sorted().map { dir + "/" + $0 }
    }

    @Test("every inclusion vector verifies or fails as it says")
    func inclusion() throws {
        let files = Self.files("inclusion")
        #expect(files.count > 50)
        for file in files {
            let c = try JSONDecoder().decode(InclusionCase.self, from: try Data(contentsOf: URL(fileURLWithPath: file)))
            let result = Result { () throws(CoreError) in
                try MerkleProof.verifyInclusion(
                    index: c.leafIdx, size: c.treeSize, leafHash: [UInt8](c.leafHash),
                    proof: (c.proof ?? []).map { [UInt8]($0) }, root: [UInt8](c.root))
            }
            if c.wantErr {
                #expect(throws: CoreError.self, "\(file): \(c.desc)") { try result.get() }
            } else {
                #expect(throws: Never.self, "\(file): \(c.desc)") { try result.get() }
            }
        }
    }

    @Test("every consistency vector verifies or fails as it says")
    func consistency() throws {
        let files = Self.files("consistency")
        #expect(files.count > 50)
        for file in files {
            let c = try JSONDecoder().decode(
                ConsistencyCase.self, from: try Data(contentsOf: URL(fileURLWithPath: file)))
            let result = Result { () throws(CoreError) in
                try MerkleProof.verifyConsistency(
                    size1: c.size1, size2: c.size2, root1: [UInt8](c.root1), root2: [UInt8](c.root2),
                    proof: (c.proof ?? []).map { [UInt8]($0) })
            }
            if c.wantErr {
                #expect(throws: CoreError.self, "\(file): \(c.desc)") { try result.get() }
            } else {
                #expect(throws: Never.self, "\(file): \(c.desc)") { try result.get() }
            }
        }
    }
}
