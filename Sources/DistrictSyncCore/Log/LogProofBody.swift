import Foundation

/// The JSON of an inclusion proof, as `GET /v1/log/proof/inclusion` and `dsync hub log proof --json`
/// write it and `node sync` reads it: `{"leaf_index", "tree_size", "hashes": [base64…]}`.
public struct LogInclusionBody: Codable, Sendable, Hashable {
    public var leafIndex: UInt64
    public var treeSize: UInt64
    public var hashes: [String]

    enum CodingKeys: String, CodingKey {
        case leafIndex = "leaf_index"
        case treeSize = "tree_size"
        case hashes
    }

    public init(leafIndex: UInt64, treeSize: UInt64, hashes: [MerkleTree.Hash]) {
        self.leafIndex = leafIndex
        self.treeSize = treeSize
        self.hashes = hashes.map { Data($0).base64EncodedString() }
    }

    /// The hashes as bytes; nil when one is not base64.
    public var hashBytes: [MerkleTree.Hash]? { LogConsistencyBody.decode(hashes) }
}

/// The JSON of a consistency proof: `{"from", "to", "hashes": [base64…]}`.
public struct LogConsistencyBody: Codable, Sendable, Hashable {
    public var from: UInt64
    public var to: UInt64
    public var hashes: [String]

    public init(from: UInt64, to: UInt64, hashes: [MerkleTree.Hash]) {
        self.from = from
        self.to = to
        self.hashes = hashes.map { Data($0).base64EncodedString() }
    }

    public var hashBytes: [MerkleTree.Hash]? { Self.decode(hashes) }

    static func decode(_ base64: [String]) -> [MerkleTree.Hash]? {
        var out: [MerkleTree.Hash] = []
        for text in base64 {
            guard let data = Data(base64Encoded: text) else { return nil }
            out.append([UInt8](data))
        }
        return out
    }
}
