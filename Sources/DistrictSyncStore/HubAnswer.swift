public import SQLiteDB

/// What the hub answered for a changeset when it gave no receipt: held (waiting for an earlier
/// one), rejected, quarantined, or an error status. Kept in `hub_answers`, the newest answer per
/// changeset, so that the officer's app and `node status` show it after the sync that got it. It
/// is the hub's word over the TLS connection the node pinned, never a proof of delivery: a
/// changeset counts as delivered only by a verified receipt.
public struct HubAnswer: Sendable, Equatable {
    /// Longest `reason` and `message` kept; a longer text from the hub is cut (on a character boundary).
    public static let maxReasonBytes = 64
    public static let maxMessageBytes = 2048

    public let changesetID: String
    public let sequence: Int64
    /// The hub's `outcome` field (`held`, `rejected`, `quarantined`, …) or `error` when it gave none.
    public let outcome: String
    public let reason: String?
    public let message: String?
    public let httpStatus: Int
    public let answeredMillis: Int64

    public init(
        changesetID: String, sequence: Int64, outcome: String, reason: String?, message: String?, httpStatus: Int,
        answeredMillis: Int64
    ) {
        self.changesetID = changesetID
        self.sequence = sequence
        self.outcome = Self.clip(outcome, to: Self.maxReasonBytes) ?? "error"
        self.reason = Self.clip(reason, to: Self.maxReasonBytes)
        self.message = Self.clip(message, to: Self.maxMessageBytes)
        self.httpStatus = httpStatus
        self.answeredMillis = answeredMillis
    }

    /// `text` cut to at most `limit` UTF-8 bytes without splitting a character; nil stays nil.
    static func clip(_ text: String?, to limit: Int) -> String? {
        guard let text else { return nil }
        guard text.utf8.count > limit else { return text }
        var kept = ""
        var bytes = 0
        for character in text {
            let size = character.utf8.count
            if bytes + size > limit { break }
            kept.append(character)
            bytes += size
        }
        return kept
    }
}

extension NodeStore {
    /// Keeps `answer` as the newest answer of the hub for its changeset (replacing an older one).
    public func recordHubAnswer(_ answer: HubAnswer) throws {
        try database.execute(
            """
            INSERT INTO hub_answers (changeset_id, seq, outcome, reason, message, http_status, answered_at)
            VALUES (?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (changeset_id) DO UPDATE SET seq = excluded.seq, outcome = excluded.outcome,
                reason = excluded.reason, message = excluded.message, http_status = excluded.http_status,
                answered_at = excluded.answered_at
            """,
            [
                .text(answer.changesetID), .integer(answer.sequence), .text(answer.outcome),
                answer.reason.map { .text($0) } ?? .null, answer.message.map { .text($0) } ?? .null,
                .integer(Int64(answer.httpStatus)), .integer(answer.answeredMillis),
            ])
    }

    /// The newest refusals (any answer but `held`) of changesets that still have no receipt, in chain order.
    public func refusedUndelivered() throws -> [HubAnswer] {
        try database.query(
            """
            SELECT a.changeset_id, a.seq, a.outcome, a.reason, a.message, a.http_status, a.answered_at
            FROM hub_answers a JOIN changesets c ON c.id = a.changeset_id
            WHERE c.delivered_at IS NULL AND a.outcome <> 'held' ORDER BY c.seq
            """
        ).map { r in
            HubAnswer(
                changesetID: r[0].string ?? "", sequence: r[1].int64 ?? 0, outcome: r[2].string ?? "error",
                reason: r[3].string, message: r[4].string, httpStatus: Int(r[5].int64 ?? 0),
                answeredMillis: r[6].int64 ?? 0)
        }
    }

    /// The hub's newest answer for each changeset that got one, by changeset id.
    public func hubAnswers() throws -> [String: HubAnswer] {
        let rows = try database.query(
            "SELECT changeset_id, seq, outcome, reason, message, http_status, answered_at FROM hub_answers")
        var answers: [String: HubAnswer] = [:]
        for r in rows {
            let answer = HubAnswer(
                changesetID: r[0].string ?? "", sequence: r[1].int64 ?? 0, outcome: r[2].string ?? "error",
                reason: r[3].string, message: r[4].string, httpStatus: Int(r[5].int64 ?? 0),
                answeredMillis: r[6].int64 ?? 0)
            answers[answer.changesetID] = answer
        }
        return answers
    }
}
