import DistrictSyncCore
import Testing

@Suite("A plan file holds the plan's decision, period and every target as data")
struct PlanFileTests {
    static func builtIn() throws -> Plan {
        let file = try #require(EmbeddedConfig.planFiles.first { $0.name == "hcmc-2471-2011.yaml" })
        return try Plan.parse(yaml: file.yaml)
    }

    /// A small valid plan; `targets` replaces its target list.
    static func plan(id: String = "test-plan", from: Int = 2016, to: Int = 2020, targets: String? = nil) -> String {
        """
        id: \(id)
        title_vi: "Kế hoạch thử"
        title_en: "A test plan"
        decision: "1/QĐ-TEST"
        decision_date: 2016-01-04
        period: {from: \(from), to: \(to)}
        target_year: \(to)
        targets:
        \(targets ?? """
          - id: T1
            label: "T.1"
            population: smes
            members: {of: surveyed_enterprises, size: sme}
            numerator: {field: email_use, in: [regular]}
            op: ">="
            threshold: 50
            unit: percent
            en: "SMEs use email regularly"
            vi: "Doanh nghiệp nhỏ và vừa dùng thư điện tử thường xuyên"
        """)
        """
    }

    @Test("plan 2471 parses with its decision, period 2011–2015 and all 18 targets of section B")
    func builtInPlan() throws {
        let plan = try Self.builtIn()
        #expect(plan.id == "hcmc-2471-2011")
        #expect(plan.decision == "2471/QĐ-UBND")
        #expect(plan.decisionLatin == "2471/QD-UBND")
        #expect(plan.decisionDate == "2011-05-19")
        #expect(plan.period == 2011...2015)
        #expect(plan.targetYear == 2015)
        #expect(plan.targets.count == 18)
        #expect(plan.targets.map(\.id).prefix(7) == ["B1", "B1a", "B1b", "B1c", "B1d", "B1dd", "B1g"])
        let b1dd = try #require(plan.targets.first { $0.id == "B1dd" })
        #expect(b1dd.label == "B.1.đ")
        #expect(b1dd.op == .atLeast)
        #expect(b1dd.threshold == 20)
        #expect(
            b1dd.measure
                == .share(
                    .init(size: .large), numerator: .listHasOtherThan("software", ["accounting"]), notApplicable: nil))
        #expect(
            plan.targets.first { $0.id == "B1g" }?.measure == .count(.init(size: .large, category: "ecommerce_service"))
        )
        #expect(plan.targets.first { $0.id == "B4a" }?.measure == .trainedOfficials(role: "ecommerce"))
        let b3 = try #require(plan.targets.first { $0.id == "B3" })
        #expect(!b3.isScored)
        #expect(b3.measure == .notScored)
        #expect(b3.definition == "shown, not scored: the plan gives no number")
        let b3a = try #require(plan.targets.first { $0.id == "B3a" })
        #expect(
            b3a.measure
                == .share(
                    .init(size: .any, category: "modern_retail"), numerator: .field("cashless", in: ["yes"]),
                    notApplicable: .field("cashless", in: ["n/a"])))
    }

    @Test("100% means every member, compared exactly")
    func exactComparison() throws {
        let b1 = try #require(try Self.builtIn().targets.first)
        #expect(b1.isMet(numerator: 3, denominator: 3) == true)
        #expect(b1.isMet(numerator: 999, denominator: 1000) == false)
        #expect(b1.isMet(numerator: 0, denominator: 0) == nil)
    }

    @Test(
        "a condition holds exactly as the plan file words it",
        arguments: [
            (PlanPredicate.field("b2b", in: ["yes"]), ["b2b": "yes"], true),
            (.field("b2b", in: ["yes"]), ["b2b": "no"], false),
            (.field("b2b", in: ["yes"]), [:], false),
            (.any([.field("b2b", in: ["yes"]), .field("b2c", in: ["yes"])]), ["b2c": "yes"], true),
            (.all([.field("b2b", in: ["yes"]), .field("b2c", in: ["yes"])]), ["b2c": "yes"], false),
            (.not(.field("edi", in: ["yes"])), ["edi": "no"], true),
            (.listHasOtherThan("software", ["accounting"]), ["software": "accounting;erp"], true),
            (.listHasOtherThan("software", ["accounting"]), ["software": "accounting"], false),
            (.listHasOtherThan("software", ["accounting"]), ["software": ";accounting;"], false),
        ])
    func predicates(predicate: PlanPredicate, answer: [String: String], holds: Bool) {
        #expect(predicate.holds { answer[$0] ?? "" } == holds)
    }

    @Test("a plan without definitions gets one written from its conditions")
    func writtenDefinition() throws {
        let plan = try Plan.parse(yaml: Self.plan())
        #expect(plan.targets[0].definition == "SME: email_use = regular")
    }

    @Test(
        "a mistake in a plan file is an error naming the line and what was expected",
        arguments: [
            (
                "numerator: {field: email_use, in: [regular]}", "numerator: {field: emial_use, in: [regular]}",
                "unknown survey field 'emial_use'"
            ),
            ("in: [regular]", "in: [regualr]", "'regualr' is not a value of email_use"),
            ("size: sme}", "size: huge}", "size 'huge' is not large, sme or any"),
            ("op: \">=\"", "op: \">\"", "op '>' is not '==' or '>='"),
            ("unit: percent", "unit: count", "unit does not fit"),
            ("    threshold: 50\n", "", "give both op and threshold"),
            ("members: {of: surveyed_enterprises, size: sme}", "members: {of: households}", "'households'"),
        ])
    func mistakes(find: String, replace: String, message: String) throws {
        let text = Self.plan().replacingOccurrences(of: find, with: replace)
        #expect(text != Self.plan())
        let error = #expect(throws: CoreError.self) { try Plan.parse(yaml: text) }
        #expect(error?.code == "bad_plan")
        #expect(error?.message.contains(message) == true, "\(error?.message ?? "")")
        #expect(error?.message.contains("line ") == true, "\(error?.message ?? "")")
    }

    @Test("a target year outside the period, an unknown key and a duplicate target id are refused")
    func structure() throws {
        let late = Self.plan().replacingOccurrences(of: "target_year: 2020", with: "target_year: 2021")
        #expect(throws: CoreError.self) { try Plan.parse(yaml: late) }
        let extra = Self.plan().replacingOccurrences(
            of: "    label: \"T.1\"", with: "    label: \"T.1\"\n    weight: 2")
        #expect((#expect(throws: CoreError.self) { try Plan.parse(yaml: extra) })?.message.contains("weight") == true)
        let target = Self.plan().components(separatedBy: "targets:\n")[1]
        let twice = Self.plan(targets: target + "\n" + target)
        #expect(
            (#expect(throws: CoreError.self) { try Plan.parse(yaml: twice) })?.message.contains("duplicate") == true)
        #expect(throws: CoreError.self) { try Plan.parse(yaml: "- just a list") }
        #expect(throws: CoreError.self) { try Plan.parse(yaml: "id: [unclosed") }
    }

    @Test("the catalogue picks the plan whose period holds the year and lists the plans when none does")
    func selection() throws {
        var catalogue = try PlanCatalogue.embedded()
        try catalogue.add(try Plan.parse(yaml: Self.plan()))
        #expect(try catalogue.select(id: nil, year: 2013).id == "hcmc-2471-2011")
        #expect(try catalogue.select(id: nil, year: 2018).id == "test-plan")
        #expect(try catalogue.select(id: "test-plan", year: 2020).id == "test-plan")
        let none = #expect(throws: CoreError.self) { try catalogue.select(id: nil, year: 2026) }
        #expect(none?.code == "no_plan_for_year")
        #expect(none?.message.contains("hcmc-2471-2011 (2011–2015") == true)
        #expect(none?.message.contains("test-plan (2016–2020") == true)
        #expect(
            (#expect(throws: CoreError.self) { try catalogue.select(id: "hcmc-2471-2011", year: 2018) })?.code
                == "no_plan_for_year")
        #expect(
            (#expect(throws: CoreError.self) { try catalogue.select(id: "nope", year: 2013) })?.code == "unknown_plan")
    }

    @Test("two plans whose periods overlap are refused; the same id replaces the plan")
    func overlap() throws {
        var catalogue = try PlanCatalogue.embedded()
        let overlapping = try Plan.parse(yaml: Self.plan(from: 2015, to: 2020))
        #expect((#expect(throws: CoreError.self) { try catalogue.add(overlapping) })?.code == "plan_overlap")
        let replacement = try Plan.parse(yaml: Self.plan(id: "hcmc-2471-2011", from: 2011, to: 2015))
        try catalogue.add(replacement)
        #expect(catalogue.plans.count == 1)
        #expect(catalogue.plans[0].targets.count == 1)
    }
}

@Suite("The binary's built-in configuration is the checked-in config/ folder")
struct EmbeddedConfigTests {
    @Test("every embedded file equals its file in config/ (run scripts/embed-config after editing one)")
    func noDrift() throws {
        #expect(EmbeddedConfig.unitsCSV + "\n" == (try Fixtures.text("config/units.csv")))
        #expect(EmbeddedConfig.eligibleOfficesCSV + "\n" == (try Fixtures.text("config/eligible-offices.csv")))
        #expect(EmbeddedConfig.sizeRulesCSV + "\n" == (try Fixtures.text("config/size-rules.csv")))
        #expect(
            EmbeddedConfig.evidenceVerifierPy + "\n" == (try Fixtures.text("config/evidence/verify_evidence.py")))
        #expect(!EmbeddedConfig.planFiles.isEmpty)
        for file in EmbeddedConfig.planFiles {
            #expect(file.yaml + "\n" == (try Fixtures.text("config/plans/" + file.name)), "\(file.name)")
        }
    }
}
