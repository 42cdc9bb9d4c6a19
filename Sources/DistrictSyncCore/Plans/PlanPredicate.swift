/// A condition on one survey answer, written in a plan file (`docs/plans.md`): which answers reach a
/// target's numerator, or leave its denominator (`not_applicable`).
///
/// A field the answer does not hold reads as empty text, so a condition on it is simply false.
public indirect enum PlanPredicate: Sendable, Hashable {
    /// The field holds one of the values (`{field: F, in: [v, …]}`).
    case field(String, in: Set<String>)
    /// The `;`-separated list in the field holds an item outside the values, empty items ignored
    /// (`{field: F, has_other_than: [v, …]}`).
    case listHasOtherThan(String, Set<String>)
    /// At least one of the conditions holds (`{any: [P, …]}`).
    case any([PlanPredicate])
    /// Every condition holds (`{all: [P, …]}`).
    case all([PlanPredicate])
    /// The condition does not hold (`{not: P}`).
    case not(PlanPredicate)

    /// The survey fields the condition reads, each once, in first-use order.
    public var fields: [String] {
        var out: [String] = []
        func visit(_ p: PlanPredicate) {
            switch p {
            case .field(let f, _), .listHasOtherThan(let f, _):
                if !out.contains(f) { out.append(f) }
            case .any(let ps), .all(let ps): ps.forEach(visit)
            case .not(let q): visit(q)
            }
        }
        visit(self)
        return out
    }

    /// Whether the answer whose fields `value` reads meets the condition.
    public func holds(_ value: (String) -> String) -> Bool {
        switch self {
        case .field(let f, let allowed): allowed.contains(value(f))
        case .listHasOtherThan(let f, let excluded):
            value(f).split(separator: ";").contains { !$0.isEmpty && !excluded.contains(String($0)) }
        case .any(let ps): ps.contains { $0.holds(value) }
        case .all(let ps): ps.allSatisfy { $0.holds(value) }
        case .not(let q): !q.holds(value)
        }
    }

    /// A plain-English reading, used as a target's definition when the plan gives none.
    public var description: String {
        func list(_ values: Set<String>) -> String {
            let sorted = values.sorted()
            return sorted.count == 1 ? "= \(sorted[0])" : "is " + sorted.joined(separator: " or ")
        }
        switch self {
        case .field(let f, let allowed): return "\(f) \(list(allowed))"
        case .listHasOtherThan(let f, let excluded):
            return "\(f) holds anything besides \(excluded.sorted().joined(separator: ", "))"
        case .any(let ps): return ps.map(\.description).joined(separator: " or ")
        case .all(let ps): return ps.map(\.description).joined(separator: " and ")
        case .not(let q): return "not (\(q.description))"
        }
    }
}
