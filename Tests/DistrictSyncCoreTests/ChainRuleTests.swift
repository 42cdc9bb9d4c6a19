import DistrictSyncCore
import Testing

@Suite("Chain rule: one accepted changeset per (node, seq), in order; two different ones stop the node")
struct ChainRuleTests {
    static let zero = String(repeating: "0", count: 64)
    static let h3 = String(repeating: "3", count: 64)

    /// A node whose head is seq 3 (hash h3) in unit 760, the gap limit 1,000.
    static func state(_ edit: (inout ChainState) -> Void = { _ in }) -> ChainState {
        var s = ChainState(maxGap: 1_000)
        s.head = .init(seq: 3, hash: h3, unit: "760")
        edit(&s)
        return s
    }

    static func incoming(seq: UInt64, prev: String = h3, unit: String = "760", promotion: Bool = false) -> ChainIncoming
    {
        ChainIncoming(id: "new", nodeID: "n1", unit: unit, seq: seq, previousHash: prev, isPromotion: promotion)
    }

    /// The table of vectors: each row a situation, the decision, and why in words.
    static let vectors: [(String, ChainIncoming, ChainState, ChainDecision)] = [
        (
            "the first changeset of a new node follows the zero hash", incoming(seq: 1, prev: zero),
            ChainState(maxGap: 1_000), .accept
        ),
        (
            "the first changeset naming another previous hash is a broken chain", incoming(seq: 1, prev: h3),
            ChainState(maxGap: 1_000), .reject(.previousHashMismatch(head: 0))
        ),
        ("the next sequence naming the head's hash is accepted", incoming(seq: 4), state(), .accept),
        (
            "the next sequence naming another hash is a broken chain", incoming(seq: 4, prev: zero), state(),
            .reject(.previousHashMismatch(head: 3))
        ),
        (
            "an id already accepted is a duplicate, whatever else holds", incoming(seq: 4, prev: zero),
            state { $0.accepted = true }, .duplicate
        ),
        ("an id already held keeps waiting", incoming(seq: 9), state { $0.held = true }, .alreadyHeld),
        (
            "a held id being promoted is decided afresh", incoming(seq: 4, promotion: true), state { $0.held = true },
            .accept
        ),
        (
            "an id in an unresolved quarantine stays there", incoming(seq: 4), state { $0.quarantine = .unresolved },
            .alreadyQuarantined
        ),
        (
            "an id that lost a fork resolution is refused", incoming(seq: 4),
            state { $0.quarantine = .lost("rejected") }, .reject(.lostFork("rejected"))
        ),
        (
            "an id kept by the operator goes on as if it had just arrived", incoming(seq: 4),
            state { $0.quarantine = .kept }, .accept
        ),
        (
            "a node's chain never changes unit", incoming(seq: 4, unit: "770"), state(),
            .reject(.unitMismatch(headUnit: "760"))
        ),
        (
            "sequence 0 is no place in a chain", incoming(seq: 0, prev: zero), ChainState(maxGap: 1_000),
            .reject(.sequenceZero)
        ),
        (
            "at or below the head with the same content is a replay", incoming(seq: 2),
            state { $0.acceptedAtSeq = .init(id: "old", sameContent: true) }, .reject(.replay(head: 3))
        ),
        (
            "at the head with no accepted copy to compare is a replay", incoming(seq: 3), state(),
            .reject(.replay(head: 3))
        ),
        (
            "at or below the head with different content is equivocation", incoming(seq: 2),
            state { $0.acceptedAtSeq = .init(id: "old", sameContent: false) },
            .quarantine(.conflictsWithAccepted("old"))
        ),
        ("ahead of the head waits for the gap to fill", incoming(seq: 6, prev: zero), state(), .hold),
        ("exactly the gap limit ahead still waits", incoming(seq: 1_003, prev: zero), state(), .hold),
        (
            "beyond the gap limit is refused", incoming(seq: 1_004, prev: zero), state(),
            .reject(.gapTooLarge(ahead: 1_001, limit: 1_000))
        ),
        (
            "a second changeset at a waiting (node, seq) is a fork", incoming(seq: 6), state { $0.heldAtSeq = "other" },
            .quarantine(.conflictsWithHeld("other"))
        ),
        (
            "a second changeset at the next (node, seq) already waiting is a fork", incoming(seq: 4),
            state { $0.heldAtSeq = "other" }, .quarantine(.conflictsWithHeld("other"))
        ),
        (
            "the held copy of this very id at the next sequence is no fork", incoming(seq: 4, promotion: true),
            state {
                $0.held = true; $0.heldAtSeq = "new"
            }, .accept
        ),
        (
            "at an unresolved fork's sequence joins the quarantine", incoming(seq: 5),
            state { $0.unresolvedFork = .init(seq: 5, other: "q") }, .quarantine(.conflictsWithQuarantined("q"))
        ),
        (
            "after an unresolved fork waits, even the next sequence", incoming(seq: 6),
            state { $0.unresolvedFork = .init(seq: 5, other: "q") }, .hold
        ),
        (
            "after an unresolved fork waits even beyond the gap limit", incoming(seq: 5_000),
            state { $0.unresolvedFork = .init(seq: 5, other: "q") }, .hold
        ),
        (
            "before an unresolved fork the chain goes on", incoming(seq: 4),
            state { $0.unresolvedFork = .init(seq: 5, other: "q") }, .accept
        ),
    ]

    @Test("each situation gets its decision", arguments: vectors.indices)
    func vector(_ i: Int) {
        let (why, incoming, state, expected) = Self.vectors[i]
        #expect(ChainRule.decide(incoming, state) == expected, Comment(rawValue: why))
    }

    @Test(
        "every refusal maps to its stable reason code",
        arguments: [
            (ChainDecision.Rejection.replay(head: 1), "replay"), (.sequenceZero, "chain_broken"),
            (.previousHashMismatch(head: 1), "chain_broken"), (.gapTooLarge(ahead: 2, limit: 1), "seq_gap_too_large"),
            (.unitMismatch(headUnit: "760"), "district_mismatch"), (.lostFork("x"), "fork_rejected"),
        ])
    func codes(rejection: ChainDecision.Rejection, code: String) {
        #expect(rejection.code == code)
    }
}
