import DistrictSyncCore
import Testing

@Suite("The targets file parses into every target of section B")
struct PlanTargetTests {
    @Test("all 18 targets parse with their operators, thresholds and Vietnamese text")
    func parsesEmbedded() throws {
        let targets = try PlanTarget.parseList(yaml: EmbeddedConfig.targetsYAML)
        #expect(targets.count == 18)
        #expect(targets.map(\.id).prefix(7) == ["B1", "B1a", "B1b", "B1c", "B1d", "B1dd", "B1g"])
        let b1dd = try #require(targets.first { $0.id == "B1dd" })
        #expect(b1dd.label == "B.1.đ")
        #expect(b1dd.op == .atLeast)
        #expect(b1dd.threshold == 20)
        #expect(b1dd.en.contains("(ERP/CRM/SCM-type, beyond accounting)"))
        let b3 = try #require(targets.first { $0.id == "B3" })
        #expect(!b3.isScored)
        #expect(targets.first { $0.id == "B1g" }?.unit == .count)
    }

    @Test("100% means every member, compared exactly")
    func exactComparison() throws {
        let b1 = try #require(try PlanTarget.parseList(yaml: EmbeddedConfig.targetsYAML).first)
        #expect(b1.isMet(numerator: 3, denominator: 3) == true)
        #expect(b1.isMet(numerator: 999, denominator: 1000) == false)
        #expect(b1.isMet(numerator: 0, denominator: 0) == nil)
    }

    @Test("a malformed item is an error naming it")
    func malformed() {
        #expect(throws: CoreError.self) { try PlanTarget.parseList(yaml: "- {id: B1, label: \"B.1\"") }
        #expect(throws: CoreError.self) { try PlanTarget.parseList(yaml: "id: B1") }
    }
}
