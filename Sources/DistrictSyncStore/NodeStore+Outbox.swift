public import DistrictSyncCore
public import SQLiteDB

/// A signed changeset in the node's outbox.
public struct OutboxEntry: Sendable, Equatable {
    public let sequence: Int64
    /// SHA-256 (hex) of the exact signed file: the changeset id.
    public let id: String
    public let previousHash: String
    public let file: [UInt8]
    public let changeCount: Int
    public let createdMillis: Int64
    public let deliveredMillis: Int64?
    public let receipt: [UInt8]?

    public init(
        sequence: Int64, id: String, previousHash: String, file: [UInt8], changeCount: Int, createdMillis: Int64,
        deliveredMillis: Int64? = nil, receipt: [UInt8]? = nil
    ) {
        self.sequence = sequence
        self.id = id
        self.previousHash = previousHash
        self.file = file
        self.changeCount = changeCount
        self.createdMillis = createdMillis
        self.deliveredMillis = deliveredMillis
        self.receipt = receipt
    }
}

extension NodeStore {
    static let outboxColumns = "seq, id, prev_hash, file, change_count, created_at, delivered_at, receipt"

    func entries(_ sql: String, _ params: [SQLValue] = []) throws -> [OutboxEntry] {
        try database.query("SELECT \(Self.outboxColumns) FROM changesets \(sql)", params).map { r in
            OutboxEntry(
                sequence: r[0].int64 ?? 0, id: r[1].string ?? "", previousHash: r[2].string ?? "",
                file: r[3].bytes ?? [], changeCount: Int(r[4].int64 ?? 0), createdMillis: r[5].int64 ?? 0,
                deliveredMillis: r[6].int64, receipt: r[7].bytes)
        }
    }

    /// The newest changeset in the chain, if any.
    public func lastChangeset() throws -> OutboxEntry? { try entries("ORDER BY seq DESC LIMIT 1").first }

    /// Every changeset, or only those without a verified receipt, in chain order.
    public func outbox(undeliveredOnly: Bool) throws -> [OutboxEntry] {
        try entries(undeliveredOnly ? "WHERE delivered_at IS NULL ORDER BY seq" : "ORDER BY seq")
    }

    public func changeset(id: String) throws -> OutboxEntry? { try entries("WHERE id = ?", [.text(id)]).first }

    /// Stores a signed changeset and marks the changes it packs as committed. Call inside a
    /// transaction that also read those changes, so nothing can slip in between.
    public func appendChangeset(_ entry: OutboxEntry, changeSeqs: ClosedRange<Int64>) throws {
        try database.execute(
            "INSERT INTO changesets (\(Self.outboxColumns)) VALUES (?, ?, ?, ?, ?, ?, NULL, NULL)",
            [
                .integer(entry.sequence), .text(entry.id), .text(entry.previousHash), .blob(entry.file),
                .integer(Int64(entry.changeCount)), .integer(entry.createdMillis),
            ])
        try database.execute(
            "UPDATE changes SET changeset_seq = ? WHERE changeset_seq IS NULL AND seq BETWEEN ? AND ?",
            [.integer(entry.sequence), .integer(changeSeqs.lowerBound), .integer(changeSeqs.upperBound)])
        guard database.changes == entry.changeCount else {
            throw StoreError(
                "commit_mismatch",
                LocalizedText(
                    vi:
                        "tập thay đổi \(entry.sequence) gói \(entry.changeCount) thay đổi nhưng có \(database.changes) thay đổi đang chờ; chưa có gì được ghi",
                    en:
                        "changeset \(entry.sequence) packs \(entry.changeCount) changes but \(database.changes) were pending; nothing was committed"
                )
            )
        }
    }

    /// Records a verified receipt; returns false when the changeset was already delivered.
    @discardableResult
    public func markDelivered(id: String, receipt: [UInt8], atMillis: Int64) throws -> Bool {
        try database.execute(
            "UPDATE changesets SET delivered_at = ?, receipt = ? WHERE id = ? AND delivered_at IS NULL",
            [.integer(atMillis), .blob(receipt), .text(id)])
        return database.changes == 1
    }

    /// Where this node's chain starts when it continues another laptop's chain (`node init
    /// --resume-from-hub`): the hub's last accepted sequence and changeset id. Nil for a fresh chain.
    public func chainBase() throws -> (sequence: Int64, hash: String)? {
        guard let seq = try meta("chain_base_seq").flatMap({ Int64($0) }), let hash = try meta("chain_base_hash")
        else { return nil }
        return (seq, hash)
    }

    /// Records the chain base; refused once this node has made a changeset of its own.
    public func setChainBase(sequence: Int64, hash: String) throws {
        try database.transaction(.immediate) {
            guard try lastChangeset() == nil else {
                throw StoreError(
                    "chain_started",
                    LocalizedText(
                        vi: "nút này đã tạo tập thay đổi; chỉ đặt được điểm gốc của chuỗi trên một nút mới",
                        en: "this node already made changesets; a chain base can only be set on a new node"))
            }
            try setMeta("chain_base_seq", String(sequence))
            try setMeta("chain_base_hash", hash)
        }
    }

    /// The newest sequence in the chain: the last outbox entry, else the chain base, else 0.
    public func lastSequence() throws -> Int64 {
        if let last = try lastChangeset() { return last.sequence }
        return try chainBase()?.sequence ?? 0
    }

    /// Counts for status: (all, delivered).
    public func outboxCounts() throws -> (total: Int, delivered: Int) {
        let row = try database.query("SELECT count(*), count(delivered_at) FROM changesets").first ?? []
        return (Int(row.first?.int64 ?? 0), Int(row.dropFirst().first?.int64 ?? 0))
    }
}

extension NodeStore {
    /// The undelivered tail of the chain, refused (`cannot_resign`) when a changeset after the first
    /// undelivered one has a receipt: the chain cannot be re-linked below a delivered changeset.
    public func undeliveredTail() throws -> (previous: OutboxEntry?, tail: [OutboxEntry]) {
        let tail = try outbox(undeliveredOnly: true)
        guard let first = tail.first else { return (nil, []) }
        if try database.scalar(
            "SELECT 1 FROM changesets WHERE seq > ? AND delivered_at IS NOT NULL LIMIT 1", [.integer(first.sequence)])
            != nil
        {
            throw StoreError(
                "cannot_resign",
                LocalizedText(
                    vi: "tập thay đổi \(first.sequence) chưa có biên nhận nhưng một tập sau nó đã có; hãy gửi và xác "
                        + "nhận nó trước (dsync node sync, hoặc hub import rồi dsync node ack)",
                    en: "changeset \(first.sequence) has no receipt but a later one has; deliver and acknowledge it "
                        + "first (dsync node sync, or hub import then dsync node ack)"))
        }
        let previous = try entries("WHERE seq < ? ORDER BY seq DESC LIMIT 1", [.integer(first.sequence)]).first
        return (previous, tail)
    }

    /// Replaces an undelivered changeset by the same content signed again (`node resign`): its id,
    /// file and link to the previous changeset change, its sequence and the changes it packs do not.
    public func replaceUndelivered(sequence: Int64, oldID: String, with entry: OutboxEntry) throws {
        try database.execute(
            "UPDATE changesets SET id = ?, prev_hash = ?, file = ? WHERE seq = ? AND id = ? AND delivered_at IS NULL",
            [.text(entry.id), .text(entry.previousHash), .blob(entry.file), .integer(sequence), .text(oldID)])
        guard database.changes == 1 else {
            throw StoreError(
                "cannot_resign",
                LocalizedText(
                    vi: "tập thay đổi \(sequence) đã đổi trong lúc ký lại (đã có biên nhận?); chưa có gì được ghi, "
                        + "chạy lại `dsync node resign`",
                    en: "changeset \(sequence) changed while it was re-signed (a receipt arrived?); nothing was "
                        + "written, run `dsync node resign` again"))
        }
    }
}
