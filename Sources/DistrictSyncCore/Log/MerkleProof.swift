/// Verification of RFC 6962 / RFC 9162 inclusion and consistency proofs, as a client or auditor
/// does it: from the proof, the sizes and the roots alone. Every failure is `log_inconsistent`
/// with what did not hold.
public enum MerkleProof {
    static func fail(_ vi: String, _ en: String) -> CoreError {
        CoreError("log_inconsistent", LocalizedText(vi: vi, en: en))
    }

    /// The number of proof hashes below and above the point where the leaf's path leaves the
    /// right border of the tree (RFC 9162 §2.1.3.2 restated as in transparency-dev/merkle).
    static func decompose(_ index: UInt64, _ size: UInt64) -> (inner: Int, border: Int) {
        let inner = 64 - (index ^ (size - 1)).leadingZeroBitCount
        let border = (index >> UInt64(inner)).nonzeroBitCount
        return (inner, border)
    }

    static func chainInner(_ seed: MerkleTree.Hash, _ proof: ArraySlice<MerkleTree.Hash>, _ index: UInt64)
        -> MerkleTree.Hash
    {
        var h = seed
        for (i, p) in proof.enumerated() {
            h = (index >> UInt64(i)) & 1 == 0 ? MerkleTree.nodeHash(h, p) : MerkleTree.nodeHash(p, h)
        }
        return h
    }

    static func chainInnerRight(_ seed: MerkleTree.Hash, _ proof: ArraySlice<MerkleTree.Hash>, _ index: UInt64)
        -> MerkleTree.Hash
    {
        var h = seed
        for (i, p) in proof.enumerated() where (index >> UInt64(i)) & 1 == 1 { h = MerkleTree.nodeHash(p, h) }
        return h
    }

    static func chainBorderRight(_ seed: MerkleTree.Hash, _ proof: ArraySlice<MerkleTree.Hash>) -> MerkleTree.Hash {
        proof.reduce(seed) { MerkleTree.nodeHash($1, $0) }
    }

    static func checkHashes(_ proof: [MerkleTree.Hash]) throws(CoreError) {
        for (i, h) in proof.enumerated() where h.count != 32 {
            throw fail(
                "mã băm số \(i) của bằng chứng dài \(h.count) byte, không phải 32 byte",
                "proof hash \(i) is \(h.count) bytes, not 32")
        }
    }

    /// The root that `proof` gives for leaf `index` of a tree of `size` leaves.
    public static func rootFromInclusion(
        index: UInt64, size: UInt64, leafHash: MerkleTree.Hash, proof: [MerkleTree.Hash]
    ) throws(CoreError) -> MerkleTree.Hash {
        guard index < size else {
            throw fail(
                "chỉ số lá \(index) không nằm trong cây có \(size) lá",
                "leaf index \(index) is not inside a tree of \(size) leaves")
        }
        guard leafHash.count == 32 else {
            throw fail(
                "mã băm của lá dài \(leafHash.count) byte, không phải 32 byte",
                "the leaf hash is \(leafHash.count) bytes, not 32")
        }
        try checkHashes(proof)
        let (inner, border) = decompose(index, size)
        guard proof.count == inner + border else {
            throw fail(
                "bằng chứng bao hàm cho lá \(index) của cây \(size) lá phải có \(inner + border) mã băm, không phải \(proof.count)",
                "an inclusion proof for leaf \(index) of \(size) has \(inner + border) hashes, not \(proof.count)")
        }
        let h = chainInner(leafHash, proof[0..<inner], index)
        return chainBorderRight(h, proof[inner...])
    }

    /// Checks that leaf `leafHash` is at `index` of the tree of `size` leaves whose root is `root`.
    public static func verifyInclusion(
        index: UInt64, size: UInt64, leafHash: MerkleTree.Hash, proof: [MerkleTree.Hash], root: MerkleTree.Hash
    ) throws(CoreError) {
        let computed = try rootFromInclusion(index: index, size: size, leafHash: leafHash, proof: proof)
        guard computed == root else {
            throw fail(
                "bằng chứng bao hàm của lá \(index) không dẫn tới gốc của cây có \(size) lá",
                "the inclusion proof of leaf \(index) does not lead to the root of the tree of \(size)")
        }
    }

    /// Checks that the tree of `size1` leaves with root `root1` is a prefix of the tree of `size2`
    /// leaves with root `root2`: the log only appended in between.
    public static func verifyConsistency(
        size1: UInt64, size2: UInt64, root1: MerkleTree.Hash, root2: MerkleTree.Hash, proof: [MerkleTree.Hash]
    ) throws(CoreError) {
        guard size1 <= size2 else {
            throw fail(
                "cây đã thu nhỏ từ \(size1) xuống \(size2) lá", "the tree shrank from \(size1) to \(size2) leaves")
        }
        // Every tree extends the empty one: there is nothing to prove, and a client that holds no
        // checkpoint yet has nothing to compare (RFC 9162 §2.1.4 defines proofs for 0 < size1).
        guard size1 > 0 else {
            throw fail(
                "không có bằng chứng nhất quán nào bắt đầu từ cây rỗng",
                "no consistency proof starts from the empty tree")
        }
        if size1 == size2 {
            guard proof.isEmpty else {
                throw fail(
                    "bằng chứng giữa hai kích thước bằng nhau phải rỗng", "a proof between equal sizes must be empty")
            }
            guard root1 == root2 else {
                throw fail(
                    "có hai gốc khác nhau cho cùng kích thước \(size1)",
                    "two different roots for the same size \(size1)")
            }
            return
        }
        guard root1.count == 32, root2.count == 32 else {
            throw fail("có một gốc không dài 32 byte", "a root is not 32 bytes")
        }
        guard !proof.isEmpty else {
            throw fail(
                "bằng chứng nhất quán từ \(size1) tới \(size2) bị rỗng",
                "an empty consistency proof from \(size1) to \(size2)")
        }
        try checkHashes(proof)
        var (inner, border) = decompose(size1 - 1, size2)
        let shift = size1.trailingZeroBitCount
        inner -= shift
        var seed = proof[0]
        var start = 1
        if size1 == 1 << UInt64(shift) {
            seed = root1
            start = 0
        }
        guard proof.count == start + inner + border else {
            throw fail(
                "bằng chứng nhất quán từ \(size1) tới \(size2) phải có \(start + inner + border) mã băm, không phải \(proof.count)",
                "a consistency proof from \(size1) to \(size2) has \(start + inner + border) hashes, not \(proof.count)"
            )
        }
        let rest = proof[start...]
        let mask = (size1 - 1) >> UInt64(shift)
        let innerPart = rest.prefix(inner)
        let borderPart = rest.dropFirst(inner)
        let h1 = chainBorderRight(chainInnerRight(seed, innerPart, mask), borderPart)
        guard h1 == root1 else {
            throw fail(
                "bằng chứng nhất quán không dẫn tới gốc cũ của kích thước \(size1)",
                "the consistency proof does not lead to the old root of size \(size1)")
        }
        let h2 = chainBorderRight(chainInner(seed, innerPart, mask), borderPart)
        guard h2 == root2 else {
            throw fail(
                "bằng chứng nhất quán không dẫn tới gốc mới của kích thước \(size2)",
                "the consistency proof does not lead to the new root of size \(size2)")
        }
    }
}
