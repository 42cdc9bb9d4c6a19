/// The RFC 6962 §2.1 Merkle tree of the city's transparency log (no padding, domain separation):
/// a leaf hashes as SHA-256(0x00 ‖ leaf), an interior node as SHA-256(0x01 ‖ left ‖ right), and
/// the tree of n leaves splits at the largest power of two below n.
///
/// The tree is read through its complete subtrees: `node(level, index)` is the hash of the perfect
/// subtree of 2^level leaves starting at leaf index × 2^level (level 0: the leaf hashes). A store
/// keeps exactly those (`nodesCompleted` says which an append creates), so a root or a proof costs
/// O(log² n) lookups, never a pass over every leaf.
public enum MerkleTree {
    public typealias Hash = [UInt8]
    /// Reads the hash of a complete subtree (level, index); throws when the store lacks it.
    public typealias NodeReader = (_ level: Int, _ index: UInt64) throws -> Hash

    /// SHA-256 of the empty string: the root of the empty tree.
    public static let emptyRoot: Hash = SHA256.hash([])

    /// SHA-256(0x00 ‖ leaf).
    public static func leafHash(_ leaf: [UInt8]) -> Hash { SHA256.hash([0] + leaf) }

    /// SHA-256(0x01 ‖ left ‖ right).
    public static func nodeHash(_ left: Hash, _ right: Hash) -> Hash { SHA256.hash([1] + left + right) }

    /// The largest power of two strictly below `n` (n ≥ 2).
    static func split(_ n: UInt64) -> UInt64 {
        var k: UInt64 = 1
        while k << 1 < n { k <<= 1 }
        return k
    }

    /// MTH of the leaves in `start..<end`; `start` is aligned to the subtrees it is cut into.
    static func hash(_ start: UInt64, _ end: UInt64, _ node: NodeReader) throws -> Hash {
        let n = end - start
        if n == 0 { return emptyRoot }
        // A perfect, aligned range is one stored node.
        if n & (n - 1) == 0, start % n == 0 { return try node(n.trailingZeroBitCount, start / n) }
        let k = split(n)
        return nodeHash(try hash(start, start + k, node), try hash(start + k, end, node))
    }

    /// The root of the first `size` leaves.
    public static func root(size: UInt64, _ node: NodeReader) throws -> Hash { try hash(0, size, node) }

    /// RFC 6962 §2.1.1 PATH(index, D[0:size]): the audit path of one leaf, leaf to root.
    public static func inclusionProof(index: UInt64, size: UInt64, _ node: NodeReader) throws -> [Hash] {
        precondition(index < size, "inclusion proof of a leaf outside the tree")
        func path(_ m: UInt64, _ start: UInt64, _ end: UInt64) throws -> [Hash] {
            let n = end - start
            if n == 1 { return [] }
            let k = split(n)
            if m < k { return try path(m, start, start + k) + [hash(start + k, end, node)] }
            return try path(m - k, start + k, end) + [hash(start, start + k, node)]
        }
        return try path(index, 0, size)
    }

    /// RFC 6962 §2.1.2 PROOF(from, D[0:to]): that the first `from` leaves are a prefix of the first `to`.
    public static func consistencyProof(from m: UInt64, to size: UInt64, _ node: NodeReader) throws -> [Hash] {
        precondition(m <= size, "consistency proof from a larger tree")
        if m == 0 || m == size { return [] }
        func subproof(_ m: UInt64, _ start: UInt64, _ end: UInt64, _ b: Bool) throws -> [Hash] {
            let n = end - start
            if m == n { return b ? [] : [try hash(start, end, node)] }
            let k = split(n)
            if m <= k { return try subproof(m, start, start + k, b) + [hash(start + k, end, node)] }
            return try subproof(m - k, start + k, end, false) + [hash(start, start + k, node)]
        }
        return try subproof(m, 0, size, true)
    }

    /// The complete subtrees that appending leaf `index` (with `leafHash`) completes, lowest first:
    /// the leaf itself, then each parent whose right child it finishes. `node` reads existing ones.
    public static func nodesCompleted(
        byAppending index: UInt64, leafHash: Hash, _ node: NodeReader
    ) throws -> [(level: Int, index: UInt64, hash: Hash)] {
        var out = [(level: 0, index: index, hash: leafHash)]
        var level = 0
        var i = index
        var current = leafHash
        while i & 1 == 1 {
            current = nodeHash(try node(level, i - 1), current)
            level += 1
            i >>= 1
            out.append((level, i, current))
        }
        return out
    }

    /// Every complete subtree of `leafHashes`, by level: `levels[l][i]` is node (l, i). For tests,
    /// `hub log verify` (which recomputes the whole tree from the stored leaves) and small trees.
    public static func levels(of leafHashes: [Hash]) -> [[Hash]] {
        var levels = [leafHashes]
        while let last = levels.last, last.count > 1 {
            levels.append(stride(from: 0, to: last.count - 1, by: 2).map { nodeHash(last[$0], last[$0 + 1]) })
        }
        return levels
    }

    /// A reader over `levels(of:)`.
    public static func reader(_ levels: [[Hash]]) -> NodeReader {
        { level, index in
            guard level < levels.count, index < UInt64(levels[level].count) else {
                throw CoreError(
                    "log_inconsistent",
                    LocalizedText(
                        vi: "nhật ký không có nút ở mức \(level), chỉ số \(index)",
                        en: "the log has no node at level \(level), index \(index)"))
            }
            return levels[level][Int(index)]
        }
    }
}
