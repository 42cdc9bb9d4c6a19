import DistrictSyncCore
import Testing

@Suite("Ownership: a unit changes only the records it created; a claimless tombstone is no claim")
struct OwnershipRuleTests {
    @Test(
        "the decision for each kind of change and stored owner",
        arguments: [
            // (unit, stored owner, owner claimed, change creates, decision)
            ("760", "760", true, true, Ownership.own),
            ("760", "760", false, false, .own),
            ("770", "760", true, true, .foreign),
            ("770", "760", true, false, .foreign),
            ("770", "760", false, true, .takeOver),
            ("770", "760", false, false, .foreign),
        ])
    func decide(unit: String, owner: String, claimed: Bool, creates: Bool, expected: Ownership) {
        #expect(Ownership.decide(unit: unit, owner: owner, ownerClaimed: claimed, creates: creates) == expected)
    }

    @Test("a row without any district can be taken by a creating unit only")
    func noOwner() {
        #expect(Ownership.decide(unit: "760", owner: nil, ownerClaimed: false, creates: true) == .takeOver)
        #expect(Ownership.decide(unit: "760", owner: nil, ownerClaimed: false, creates: false) == .foreign)
    }
}
