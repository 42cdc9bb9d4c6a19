/// The version of one field at the hub: the clock of the change that last set it and the node
/// that made that change. Versions are totally ordered: clock first, node id as the tie-break.
public struct FieldVersion: Hashable, Comparable, Sendable {
    public let hlc: HLCTimestamp
    public let node: String

    public init(hlc: HLCTimestamp, node: String) {
        self.hlc = hlc
        self.node = node
    }

    public static func < (a: Self, b: Self) -> Bool { a.hlc != b.hlc ? a.hlc < b.hlc : a.node < b.node }
}

/// What to do with one incoming field value, and why.
public enum MergeDecision: Hashable, Sendable {
    public enum Reason: String, Sendable {
        case noLocalValue = "no_local_value"
        case incomingClockNewer = "incoming_clock_newer"
        case sameClockIncomingNodeHigher = "same_clock_incoming_node_higher"
        case localClockNewer = "local_clock_newer"
        case sameClockLocalNodeHigher = "same_clock_local_node_higher"
        case identical
    }
    case takeIncoming(Reason)
    case keepLocal(Reason)

    public var takesIncoming: Bool { if case .takeIncoming = self { true } else { false } }
}

/// Field-level last-writer-wins.
public enum MergeRule {
    /// A field takes the incoming value only when the incoming version is strictly greater; equal
    /// versions mean the same change seen twice, so applying it again changes nothing. Because the
    /// order is total, the result is the maximum over all versions seen, whatever the delivery order.
    public static func resolve(local: FieldVersion?, incoming: FieldVersion) -> MergeDecision {
        guard let local else { return .takeIncoming(.noLocalValue) }
        if incoming.hlc > local.hlc { return .takeIncoming(.incomingClockNewer) }
        if incoming.hlc < local.hlc { return .keepLocal(.localClockNewer) }
        if incoming.node > local.node { return .takeIncoming(.sameClockIncomingNodeHigher) }
        if incoming.node < local.node { return .keepLocal(.sameClockLocalNodeHigher) }
        return .keepLocal(.identical)
    }
}
