/// What the hub knows about one node's chain when a changeset arrives: read from the hub store,
/// decided on by `ChainRule`, never touched by it.
public struct ChainState: Sendable, Hashable {
    /// The node's accepted head: its sequence, the id (hash) of that changeset, and its unit.
    public struct Head: Sendable, Hashable {
        public var seq: UInt64
        public var hash: String
        public var unit: String

        public init(seq: UInt64, hash: String, unit: String) {
            self.seq = seq
            self.hash = hash
            self.unit = unit
        }
    }

    /// How an earlier fork that involved this very changeset was settled (`dsync hub resolve`).
    public enum Quarantine: Sendable, Hashable {
        /// Still waiting for the operator.
        case unresolved
        /// The operator kept this changeset: it goes on as if it had just arrived.
        case kept
        /// The operator kept the other side (the text is the recorded resolution).
        case lost(String)
    }

    /// The changeset already accepted at the incoming (node, seq), when seq is at or below the head.
    public struct AcceptedAtSeq: Sendable, Hashable {
        public var id: String
        /// Whether its signed content equals the incoming one's (an old copy re-signed) or not (equivocation).
        public var sameContent: Bool

        public init(id: String, sameContent: Bool) {
            self.id = id
            self.sameContent = sameContent
        }
    }

    /// This id is already accepted.
    public var accepted = false
    /// This id is already held (waiting for its predecessor).
    public var held = false
    public var quarantine: Quarantine?
    public var head: Head?
    public var acceptedAtSeq: AcceptedAtSeq?
    /// The lowest sequence of the node with an unresolved fork, and a changeset quarantined there.
    public struct UnresolvedFork: Sendable, Hashable {
        public var seq: UInt64
        public var other: String

        public init(seq: UInt64, other: String) {
            self.seq = seq
            self.other = other
        }
    }

    public var unresolvedFork: UnresolvedFork?
    /// A different changeset already held at the incoming (node, seq).
    public var heldAtSeq: String?
    /// How far ahead of the head a changeset may wait (`max_sequence_gap` in hub.json).
    public var maxGap: UInt64

    public init(maxGap: UInt64) { self.maxGap = maxGap }
}

/// The incoming changeset as the chain rule sees it: who, where in the chain, and what it follows.
public struct ChainIncoming: Sendable, Hashable {
    public var id: String
    public var nodeID: String
    public var unit: String
    public var seq: UInt64
    /// Hex of the previous changeset's id (64 zeros for the first).
    public var previousHash: String
    /// The hub is applying this changeset out of `held` now that its gap filled (its own held row
    /// is then expected, not a reason to wait).
    public var isPromotion: Bool

    public init(id: String, nodeID: String, unit: String, seq: UInt64, previousHash: String, isPromotion: Bool = false)
    {
        self.id = id
        self.nodeID = nodeID
        self.unit = unit
        self.seq = seq
        self.previousHash = previousHash
        self.isPromotion = isPromotion
    }
}

/// What to do with an incoming changeset, and why.
public enum ChainDecision: Sendable, Hashable {
    /// Why a changeset goes to quarantine (equivocation, threat C2).
    public enum Fork: Sendable, Hashable {
        /// Different content for an already accepted (node, seq).
        case conflictsWithAccepted(String)
        /// Another changeset is quarantined at the node's unresolved fork sequence.
        case conflictsWithQuarantined(String)
        /// Another changeset is held at the same (node, seq).
        case conflictsWithHeld(String)
    }

    /// Why a changeset is refused; each maps to a reason code.
    public enum Rejection: Sendable, Hashable {
        /// At or below the head and byte-for-byte not the accepted one, same content (`replay`, T5).
        case replay(head: UInt64)
        /// Sequence 0 (`chain_broken`).
        case sequenceZero
        /// The next sequence whose previous hash is not the head's (`chain_broken`).
        case previousHashMismatch(head: UInt64)
        /// Too far ahead of the head (`seq_gap_too_large`, T6).
        case gapTooLarge(ahead: UInt64, limit: UInt64)
        /// The node's chain belongs to another unit (`district_mismatch`).
        case unitMismatch(headUnit: String)
        /// This changeset lost a fork resolution (`fork_rejected`).
        case lostFork(String)

        /// The stable reason code.
        public var code: String {
            switch self {
            case .replay: "replay"
            case .sequenceZero, .previousHashMismatch: "chain_broken"
            case .gapTooLarge: "seq_gap_too_large"
            case .unitMismatch: "district_mismatch"
            case .lostFork: "fork_rejected"
            }
        }
    }

    /// Already accepted: answer with the original receipt.
    case duplicate
    /// Already held: still waiting for its predecessor.
    case alreadyHeld
    /// Already in quarantine, unresolved.
    case alreadyQuarantined
    /// The next link of the chain: merge it.
    case accept
    /// Ahead of the head (a gap) or behind an unresolved fork: wait.
    case hold
    case quarantine(Fork)
    case reject(Rejection)
}

/// The hub's chain rule: one node's changesets form a hash chain by sequence number; exactly one
/// changeset is accepted at each sequence, in order, and two different ones at one sequence stop
/// the node until an operator decides.
public enum ChainRule {
    /// Decides from the node's state alone (no I/O). Checks run in a fixed order: what is already
    /// known about this id (accepted, held, quarantined) first, so re-delivery is idempotent; then
    /// the unit of the chain, the sequence against the head, an unresolved fork, and the link.
    public static func decide(_ incoming: ChainIncoming, _ state: ChainState) -> ChainDecision {
        if state.accepted { return .duplicate }
        if state.held && !incoming.isPromotion { return .alreadyHeld }
        switch state.quarantine {
        case .lost(let resolution)?: return .reject(.lostFork(resolution))
        case .unresolved?: return .alreadyQuarantined
        case .kept?, nil: break  // a kept changeset goes on as if it had just arrived
        }
        let headSeq = state.head?.seq ?? 0
        if let head = state.head, head.unit != incoming.unit { return .reject(.unitMismatch(headUnit: head.unit)) }
        guard incoming.seq >= 1 else { return .reject(.sequenceZero) }
        if incoming.seq <= headSeq {
            // Different content for an accepted (node, seq) is equivocation; the same content
            // re-signed, or an old copy, is a replay (rollback refused).
            if let accepted = state.acceptedAtSeq, !accepted.sameContent {
                return .quarantine(.conflictsWithAccepted(accepted.id))
            }
            return .reject(.replay(head: headSeq))
        }
        // An unresolved fork stops the node: its sequence joins the quarantine, later ones wait.
        if let fork = state.unresolvedFork {
            if incoming.seq == fork.seq { return .quarantine(.conflictsWithQuarantined(fork.other)) }
            if incoming.seq > fork.seq { return hold(incoming, state) }
        }
        if incoming.seq == headSeq + 1 {
            if let other = state.heldAtSeq, other != incoming.id { return .quarantine(.conflictsWithHeld(other)) }
            let expected = state.head?.hash ?? String(repeating: "0", count: 64)
            guard incoming.previousHash == expected else { return .reject(.previousHashMismatch(head: headSeq)) }
            return .accept
        }
        let ahead = incoming.seq - headSeq
        guard ahead <= state.maxGap else { return .reject(.gapTooLarge(ahead: ahead, limit: state.maxGap)) }
        return hold(incoming, state)
    }

    /// Waits, unless a different changeset already waits at the same (node, seq): that is a fork.
    private static func hold(_ incoming: ChainIncoming, _ state: ChainState) -> ChainDecision {
        if let other = state.heldAtSeq, other != incoming.id { return .quarantine(.conflictsWithHeld(other)) }
        return .hold
    }
}
