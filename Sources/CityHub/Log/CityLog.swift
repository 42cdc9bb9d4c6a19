public import DistrictSyncCore
public import DistrictSyncCrypto
import Foundation
public import SQLiteDB

/// The city's append-only transparency log (issue 16; docs/transparency.md): every accepted
/// changeset's id is a leaf of an RFC 6962 tree, appended in acceptance order inside the accepting
/// transaction; the hub signs checkpoints of it with its own Ed25519 log key as C2SP signed notes.
///
/// Threat C9 (the hub's own storage lies): every leaf read is re-checked against its changeset id,
/// and before a checkpoint is signed the root is recomputed from the stored leaves alone and
/// compared with the root the stored nodes give; any difference is `hub_db_corrupt` and nothing
/// is signed.
public struct CityLog {
    public let store: LogStore

    public init(db: Database) { store = LogStore(db: db) }

    /// The leaf of a changeset: the 32 raw bytes of its id (the SHA-256 of the exact file).
    public static func leafBytes(changesetID: String) throws -> [UInt8] {
        guard changesetID.utf8.count == 64, let bytes = Hex.decode(changesetID) else {
            throw HubError(
                "hub_db_corrupt",
                LocalizedText(
                    vi: "mã tập thay đổi '\(changesetID.prefix(80))' không phải 64 chữ số thập lục phân",
                    en: "changeset id '\(changesetID.prefix(80))' is not 64 hex digits"))
        }
        return bytes
    }

    static func corrupt(_ what: LocalizedText) -> HubError {
        HubError(
            "hub_db_corrupt",
            LocalizedText(
                vi: "nhật ký minh bạch trong cơ sở dữ liệu hub bị hỏng (\(what.vi)); khôi phục hub.db từ bản "
                    + "sao lưu rồi chạy `dsync hub log verify`",
                en:
                    "the transparency log in the hub database is damaged (\(what.en)); restore hub.db from a backup and run "
                    + "`dsync hub log verify`"))
    }

    /// Reads complete subtrees: level 0 from `log_leaves` (each re-checked), higher levels from `log_nodes`.
    public func reader() -> MerkleTree.NodeReader {
        let store = self.store
        return { level, index in
            if level == 0 {
                guard let leaf = try store.leaf(index: index) else {
                    throw Self.corrupt(LocalizedText(vi: "thiếu lá \(index)", en: "leaf \(index) is missing"))
                }
                guard leaf.leafHash == MerkleTree.leafHash(try Self.leafBytes(changesetID: leaf.changesetID)) else {
                    throw Self.corrupt(
                        LocalizedText(
                            vi: "mã băm của lá \(index) không khớp mã tập thay đổi của nó",
                            en: "leaf \(index) does not hash to its changeset id"))
                }
                return leaf.leafHash
            }
            guard let hash = try store.node(level: level, index: index), hash.count == 32 else {
                throw Self.corrupt(
                    LocalizedText(vi: "thiếu nút (\(level), \(index))", en: "node (\(level), \(index)) is missing"))
            }
            return hash
        }
    }

    /// Appends the accepted changeset `id`; returns its leaf index. Call inside the accepting transaction.
    @discardableResult
    public func append(changesetID id: String, at now: Int64) throws -> UInt64 {
        let index = try store.size()
        let leafHash = MerkleTree.leafHash(try Self.leafBytes(changesetID: id))
        let nodes = try MerkleTree.nodesCompleted(byAppending: index, leafHash: leafHash, reader())
        try store.insert(
            LogStore.Leaf(index: index, changesetID: id, leafHash: leafHash, appendedAt: now),
            nodes: Array(nodes.dropFirst()))  // level 0 is the leaf row itself
        return index
    }

    public func size() throws -> UInt64 { try store.size() }

    public func root(size: UInt64) throws -> MerkleTree.Hash { try MerkleTree.root(size: size, reader()) }

    /// The audit path of changeset `id` in the tree of `size` leaves (default: the whole log).
    public func inclusionProof(changesetID id: String, size: UInt64? = nil) throws -> (
        index: UInt64, size: UInt64, hashes: [MerkleTree.Hash]
    ) {
        let total = try store.size()
        let treeSize = size ?? total
        guard treeSize <= total else {
            throw HubError(
                "log_inconsistent",
                LocalizedText(
                    vi: "nhật ký có \(total) mục, không phải \(treeSize); hãy yêu cầu kích thước ≤ \(total)",
                    en: "the log has \(total) entries, not \(treeSize); ask for size ≤ \(total)"))
        }
        guard let leaf = try store.leaf(changesetID: id) else {
            throw HubError(
                "unknown_changeset",
                LocalizedText(
                    vi: "tập thay đổi \(id) không có trong nhật ký của thành phố (nhật ký chỉ ghi các tập thay "
                        + "đổi đã được tiếp nhận)",
                    en: "changeset \(id) is not in the city log (only accepted changesets are)"))
        }
        guard leaf.index < treeSize else {
            throw HubError(
                "log_inconsistent",
                LocalizedText(
                    vi: "tập thay đổi \(id) là mục thứ \(leaf.index), nằm sau cây gồm \(treeSize) mục",
                    en: "changeset \(id) is entry \(leaf.index), after the tree of \(treeSize) entries"))
        }
        let leafHash = MerkleTree.leafHash(try Self.leafBytes(changesetID: id))
        guard leaf.leafHash == leafHash else {
            throw Self.corrupt(
                LocalizedText(
                    vi: "mã băm của lá \(leaf.index) không khớp mã tập thay đổi của nó",
                    en: "leaf \(leaf.index) does not hash to its changeset id"))
        }
        let read = reader()
        let hashes = try MerkleTree.inclusionProof(index: leaf.index, size: treeSize, read)
        // No proof leaves the hub unless it leads to the hub's own root: the signed one at this size
        // when there is one (computed from the leaves), else the nodes' (a damaged node is caught here).
        let root = try store.checkpoint(size: treeSize)?.root ?? MerkleTree.root(size: treeSize, read)
        do {
            try MerkleProof.verifyInclusion(
                index: leaf.index, size: treeSize, leafHash: leafHash, proof: hashes, root: root)
        } catch {
            throw Self.corrupt(
                LocalizedText(
                    vi: "bằng chứng bao hàm của mục \(leaf.index) không dẫn tới gốc",
                    en: "the inclusion proof of entry \(leaf.index) does not lead to the root"))
        }
        return (leaf.index, treeSize, hashes)
    }

    /// That the first `from` entries are a prefix of the first `to`.
    public func consistencyProof(from: UInt64, to: UInt64) throws -> [MerkleTree.Hash] {
        let total = try store.size()
        guard from <= to, to <= total, from > 0 else {
            throw HubError(
                "bad_option",
                LocalizedText(
                    vi: "bằng chứng nhất quán cần 0 < from ≤ to ≤ \(total) (kích thước của nhật ký); giá trị "
                        + "nhận được: \(from), \(to)",
                    en: "a consistency proof needs 0 < from ≤ to ≤ \(total) (the log's size); got \(from), \(to)"))
        }
        let read = reader()
        let hashes = try MerkleTree.consistencyProof(from: from, to: to, read)
        let (root1, root2) = (try MerkleTree.root(size: from, read), try MerkleTree.root(size: to, read))
        do {
            try MerkleProof.verifyConsistency(size1: from, size2: to, root1: root1, root2: root2, proof: hashes)
        } catch {
            throw Self.corrupt(
                LocalizedText(
                    vi: "bằng chứng nhất quán từ \(from) đến \(to) không dẫn tới các gốc",
                    en: "the consistency proof from \(from) to \(to) does not lead to the roots"))
        }
        return hashes
    }

    /// The root recomputed from the stored leaves only (each re-checked), ignoring `log_nodes`.
    public func recomputedLevels() throws -> [[MerkleTree.Hash]] {
        var hashes: [MerkleTree.Hash] = []
        try store.forEachLeaf { leaf in
            guard leaf.index == UInt64(hashes.count) else {
                throw Self.corrupt(LocalizedText(vi: "thiếu lá \(hashes.count)", en: "leaf \(hashes.count) is missing"))
            }
            guard leaf.leafHash == MerkleTree.leafHash(try Self.leafBytes(changesetID: leaf.changesetID)) else {
                throw Self.corrupt(
                    LocalizedText(
                        vi: "mã băm của lá \(leaf.index) không khớp mã tập thay đổi của nó",
                        en: "leaf \(leaf.index) does not hash to its changeset id"))
            }
            hashes.append(leaf.leafHash)
        }
        return MerkleTree.levels(of: hashes)
    }

    /// Signs a checkpoint of the whole log now, or returns the stored one when the size is unchanged
    /// and it is younger than `resignAfterMillis` (a log that stays the same size is still re-signed
    /// now and then, so a reader can tell a quiet log from a frozen one: T7). The root is recomputed
    /// from the leaves and must equal the stored nodes' root (C9).
    public func signCheckpoint(
        origin: String, key: PrivateKey, keyName: String, now: Int64, resignAfterMillis: Int64 = 3_600_000
    ) throws -> String {
        let size = try store.size()
        if let latest = try store.latestCheckpoint(), latest.size == size, now - latest.signedAt < resignAfterMillis {
            return latest.note
        }
        let levels = try recomputedLevels()
        let recomputed = try MerkleTree.root(size: size, MerkleTree.reader(levels))
        guard recomputed == (try root(size: size)) else {
            throw Self.corrupt(
                LocalizedText(
                    vi: "các nút đã lưu cho ra một gốc khác với gốc tính từ các lá",
                    en: "the stored nodes give another root than the leaves"))
        }
        if let latest = try store.latestCheckpoint() {
            // The log only grows: the last signed root must be the root of that prefix.
            guard latest.size <= size,
                (try MerkleTree.root(size: latest.size, MerkleTree.reader(levels))) == latest.root
            else {
                throw Self.corrupt(
                    LocalizedText(
                        vi: "nhật ký không còn nối tiếp điểm kiểm tra kích thước \(latest.size)",
                        en: "the log no longer extends the checkpoint of size \(latest.size)"))
            }
        }
        let checkpoint = Checkpoint(origin: origin, size: size, root: recomputed, timestampMillis: now)
        guard let publicKey = key.ed25519PublicKey else {
            throw HubError(
                "no_hub_key",
                LocalizedText(vi: "khóa của nhật ký không phải khóa Ed25519", en: "the log key is not an Ed25519 key"))
        }
        let verifier = NoteVerifierKey(name: keyName, publicKey: publicKey)
        let signature = try key.signEd25519(Array(checkpoint.text.utf8))
        let note = SignedNote(
            text: checkpoint.text,
            signatures: [SignedNote.Signature(name: keyName, keyID: verifier.keyID, signature: signature)]
        ).serialized
        try store.insert(LogStore.StoredCheckpoint(size: size, root: recomputed, signedAt: now, note: note))
        return note
    }

    /// What is wrong with a stored checkpoint's note, if anything: unreadable, another size or root
    /// in its text, or no valid signature by the log key.
    static func noteProblems(_ c: LogStore.StoredCheckpoint, verifierKey: NoteVerifierKey?) -> [LocalizedText] {
        let note: SignedNote
        let body: Checkpoint
        do {
            note = try SignedNote.parse(c.note)
            body = try Checkpoint.parse(note.text)
        } catch {
            return [
                LocalizedText(
                    vi: "điểm kiểm tra kích thước \(c.size): \(error.text.vi)",
                    en: "checkpoint of size \(c.size): \(error.message)")
            ]
        }
        var problems: [LocalizedText] = []
        if body.size != c.size || body.root != c.root {
            problems.append(
                LocalizedText(
                    vi:
                        "điểm kiểm tra kích thước \(c.size): nội dung của nó ghi kích thước \(body.size) hoặc một gốc khác",
                    en: "checkpoint of size \(c.size): its text names size \(body.size) or another root"))
        }
        if let verifierKey, ((try? note.verifiedSignatures(by: verifierKey, verify: Ed25519.verify)) ?? []).isEmpty {
            problems.append(
                LocalizedText(
                    vi: "điểm kiểm tra kích thước \(c.size) không có chữ ký hợp lệ nào của \(verifierKey.name)",
                    en: "checkpoint of size \(c.size) has no valid signature by \(verifierKey.name)"))
        }
        return problems
    }

    /// What `hub log verify` found.
    public struct Verification: Sendable, Hashable {
        public var size: UInt64
        public var root: MerkleTree.Hash
        public var checkpoints: Int
        /// Each problem in both languages.
        public var problemTexts: [LocalizedText]
        /// Each problem in English (the `--json` contract).
        public var problems: [String] { problemTexts.map(\.en) }
    }

    /// Recomputes the whole tree from the stored leaves and checks every stored node and every stored
    /// checkpoint (its root at its size, its text, its signature by `verifierKey`).
    public func verify(verifierKey: NoteVerifierKey?) throws -> Verification {
        let levels: [[MerkleTree.Hash]]
        do { levels = try recomputedLevels() } catch let e as HubError {
            return Verification(size: 0, root: [], checkpoints: 0, problemTexts: [e.text])
        }
        var problems: [LocalizedText] = []
        for (level, hashes) in levels.enumerated() where level > 0 {
            for (i, hash) in hashes.enumerated() where (try store.node(level: level, index: UInt64(i))) != hash {
                problems.append(
                    LocalizedText(
                        vi: "nút (\(level), \(i)) khác với mã băm tính từ các lá của nó",
                        en: "node (\(level), \(i)) differs from the hash of its leaves"))
            }
        }
        let size = UInt64(levels.first?.count ?? 0)
        let read = MerkleTree.reader(levels)
        let checkpoints = try store.allCheckpoints()
        for c in checkpoints {
            guard c.size <= size else {
                problems.append(
                    LocalizedText(
                        vi: "điểm kiểm tra kích thước \(c.size) lớn hơn nhật ký (\(size))",
                        en: "checkpoint of size \(c.size) is larger than the log (\(size))"))
                continue
            }
            if (try MerkleTree.root(size: c.size, read)) != c.root {
                problems.append(
                    LocalizedText(
                        vi: "điểm kiểm tra kích thước \(c.size) đã ký một gốc mà các lá không cho ra",
                        en: "checkpoint of size \(c.size) signed a root the leaves do not give"))
            }
            problems += Self.noteProblems(c, verifierKey: verifierKey)
        }
        return Verification(
            size: size, root: try MerkleTree.root(size: size, read), checkpoints: checkpoints.count,
            problemTexts: problems)
    }
}

/// Lowercase hexadecimal.
enum Hex {
    static func decode(_ text: String) -> [UInt8]? {
        var out: [UInt8] = []
        out.reserveCapacity(text.utf8.count / 2)
        var high: UInt8?
        for c in text.utf8 {
            let v: UInt8
            switch c {
            case 48...57: v = c - 48
            case 97...102: v = c - 87
            default: return nil
            }
            if let h = high {
                out.append(h << 4 | v)
                high = nil
            } else {
                high = v
            }
        }
        return high == nil ? out : nil
    }
}
