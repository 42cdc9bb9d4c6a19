/// One target of a plan: who it counts, how, and the bar to reach.
///
/// Targets with no measure or no operator (B3, B4c of plan 2471) are shown in reports but never scored.
public struct PlanTarget: Sendable, Hashable {
    /// How a value compares with the threshold.
    public enum Operator: String, Sendable, Hashable, Codable {
        case equal = "=="
        case atLeast = ">="
    }

    /// Whether the target is a percentage of a population or a plain count.
    public enum Unit: String, Sendable, Hashable, Codable {
        case percent
        case count
    }

    public let id: String
    /// The plan's own label, e.g. `B.1.đ`.
    public let label: String
    /// A name for the population (JSON, docs), e.g. `large_enterprises`.
    public let population: String
    public let op: Operator?
    public let threshold: Int?
    public let unit: Unit?
    public let en: String
    public let vi: String
    /// How the reports count it.
    public let measure: PlanMeasure
    /// One line saying how it is computed, shown in every report.
    public let definition: String

    public init(
        id: String, label: String, population: String, op: Operator?, threshold: Int?, unit: Unit?, en: String,
        vi: String, measure: PlanMeasure = .notScored, definition: String? = nil
    ) {
        self.id = id
        self.label = label
        self.population = population
        self.op = op
        self.threshold = threshold
        self.unit = unit
        self.en = en
        self.vi = vi
        self.measure = measure
        self.definition = definition ?? Self.defaultDefinition(measure)
    }

    /// Whether the plan gives this target a number to reach.
    public var isScored: Bool { op != nil && threshold != nil }

    /// Whether `numerator` out of `denominator` reaches the bar; exact integer arithmetic, so 100%
    /// means every member and never a rounding artefact. Nil when unscored or the population is empty.
    public func isMet(numerator: Int, denominator: Int) -> Bool? {
        guard let op, let threshold else { return nil }
        switch unit ?? .percent {
        case .count:
            return op == .equal ? numerator == threshold : numerator >= threshold
        case .percent:
            guard denominator > 0 else { return nil }
            let scaled = numerator * 100
            let bar = threshold * denominator
            return op == .equal ? scaled == bar : scaled >= bar
        }
    }

    /// The definition written from the measure, for plans that do not word their own.
    static func defaultDefinition(_ measure: PlanMeasure) -> String {
        func frame(_ f: PlanMeasure.EnterpriseFrame) -> String {
            let size = f.size == .any ? "" : (f.size == .large ? "large" : "SME")
            return [size, f.category ?? ""].filter { !$0.isEmpty }.joined(separator: " ")
        }
        switch measure {
        case .share(let f, let numerator, let notApplicable):
            let na = notApplicable.map { "; \($0.description) left out of the denominator" } ?? ""
            let who = frame(f)
            return (who.isEmpty ? "" : who + ": ") + numerator.description + na
        case .count(let f): return "count of " + (frame(f).isEmpty ? "enterprises" : frame(f) + " enterprises")
        case .trainedOfficials(let role):
            return "distinct \(role) officials active on the report date with a training up to it, over all such"
        case .notScored: return "shown, not scored: the plan gives no number"
        }
    }
}
