import DistrictSyncCore
import Testing

@Suite("Merge rule: field-level last writer wins, clock first, node id breaks ties")
struct MergeRuleTests {
    static let t = HLCTimestamp(physicalMillis: 1_356_998_400_000, counter: 5)
    static let earlier = HLCTimestamp(physicalMillis: 1_356_998_400_000, counter: 4)
    static let later = HLCTimestamp(physicalMillis: 1_356_998_400_001, counter: 0)

    @Test(
        "each decision names why a side won",
        arguments: [
            (nil, FieldVersion(hlc: t, node: "a"), MergeDecision.takeIncoming(.noLocalValue)),
            (FieldVersion(hlc: t, node: "z"), FieldVersion(hlc: later, node: "a"), .takeIncoming(.incomingClockNewer)),
            (FieldVersion(hlc: t, node: "a"), FieldVersion(hlc: earlier, node: "z"), .keepLocal(.localClockNewer)),
            (
                FieldVersion(hlc: t, node: "a"), FieldVersion(hlc: t, node: "b"),
                .takeIncoming(.sameClockIncomingNodeHigher)
            ),
            (FieldVersion(hlc: t, node: "b"), FieldVersion(hlc: t, node: "a"), .keepLocal(.sameClockLocalNodeHigher)),
            (FieldVersion(hlc: t, node: "a"), FieldVersion(hlc: t, node: "a"), .keepLocal(.identical)),
        ] as [(FieldVersion?, FieldVersion, MergeDecision)])
    func reasons(local: FieldVersion?, incoming: FieldVersion, expected: MergeDecision) {
        #expect(MergeRule.resolve(local: local, incoming: incoming) == expected)
    }

    @Test("a newer clock wins even when its physical part is equal and only the counter is higher")
    func counterDecides() {
        let decision = MergeRule.resolve(
            local: FieldVersion(hlc: Self.earlier, node: "z"), incoming: FieldVersion(hlc: Self.t, node: "a"))
        #expect(decision.takesIncoming)
    }

    @Test("field versions are totally ordered by clock, then node id")
    func versionOrder() {
        let versions = [
            FieldVersion(hlc: Self.later, node: "a"), FieldVersion(hlc: Self.t, node: "b"),
            FieldVersion(hlc: Self.t, node: "a"), FieldVersion(hlc: Self.earlier, node: "c"),
        ]
        #expect(versions.sorted().map(\.node) == ["c", "a", "b", "a"])
    }
}
