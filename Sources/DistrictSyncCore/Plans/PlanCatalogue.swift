/// The plans a hub holds: the built-in ones (`config/plans/`, embedded) and any the operator installed
/// (`HOME/config/plans/*.yaml`, `dsync hub plans install`). An installed plan with a built-in plan's
/// id replaces it.
public struct PlanCatalogue: Sendable, Hashable {
    public private(set) var plans: [Plan]

    public init(_ plans: [Plan] = []) throws(CoreError) {
        self.plans = []
        for plan in plans { try add(plan) }
    }

    /// The built-in plans.
    public static func embedded() throws(CoreError) -> PlanCatalogue {
        try PlanCatalogue(
            EmbeddedConfig.planFiles.map { file throws(CoreError) in
                try Plan.parse(yaml: file.yaml, source: "config/plans/\(file.name)")
            })
    }

    /// Adds `plan`, replacing one with the same id. Two plans whose periods overlap are refused:
    /// a survey year must name one plan, or `--plan` would be needed for every report.
    public mutating func add(_ plan: Plan) throws(CoreError) {
        plans.removeAll { $0.id == plan.id }
        if let other = plans.first(where: { $0.period.overlaps(plan.period) }) {
            throw CoreError(
                "plan_overlap",
                LocalizedText(
                    vi:
                        "kế hoạch \(plan.id) (\(plan.period.lowerBound)–\(plan.period.upperBound)) trùng thời kỳ với kế hoạch \(other.id) "
                        + "(\(other.period.lowerBound)–\(other.period.upperBound)); mỗi năm điều tra chỉ thuộc một kế hoạch. "
                        + "Hãy sửa thời kỳ, hoặc cài đặt với mã \(other.id) để thay thế kế hoạch đó",
                    en:
                        "plan \(plan.id) (\(plan.period.lowerBound)–\(plan.period.upperBound)) overlaps plan \(other.id) "
                        + "(\(other.period.lowerBound)–\(other.period.upperBound)); a survey year belongs to one plan. "
                        + "Correct the period, or install it with the id \(other.id) to replace that plan"))
        }
        plans.append(plan)
        plans.sort { $0.period.lowerBound < $1.period.lowerBound }
    }

    /// The plan with `id`, or the one whose period holds `year`; errors list the installed plans.
    public func select(id: String?, year: Int) throws(CoreError) -> Plan {
        if let id {
            guard let plan = plans.first(where: { $0.id == id }) else {
                throw CoreError(
                    "unknown_plan",
                    LocalizedText(
                        vi: "không có kế hoạch '\(id)'; các kế hoạch đã cài: \(listing)",
                        en: "no plan '\(id)'; installed plans: \(listing)"))
            }
            guard plan.covers(year: year) else {
                throw CoreError(
                    "no_plan_for_year",
                    LocalizedText(
                        vi: "kế hoạch \(id) áp dụng cho \(plan.period.lowerBound)–\(plan.period.upperBound), không gồm "
                            + "năm \(year); các kế hoạch đã cài: \(listing)",
                        en: "plan \(id) covers \(plan.period.lowerBound)–\(plan.period.upperBound), not \(year); "
                            + "installed plans: \(listing)"))
            }
            return plan
        }
        guard let plan = plans.first(where: { $0.covers(year: year) }) else {
            throw CoreError(
                "no_plan_for_year",
                LocalizedText(
                    vi:
                        "không có kế hoạch đã cài nào áp dụng cho năm khảo sát \(year); các kế hoạch đã cài: \(listing). "
                        + "Ghi --year trong thời kỳ của một kế hoạch, hoặc cài kế hoạch cho năm \(year) bằng "
                        + "`dsync hub plans install TỆP` (docs/plans.md)",
                    en:
                        "no installed plan covers survey year \(year); installed plans: \(listing). Give --year inside one "
                        + "of them, or install a plan for \(year) with `dsync hub plans install FILE` (docs/plans.md)"))
        }
        return plan
    }

    /// `id (from–to, decision)` for each plan, for messages.
    public var listing: String {
        plans.isEmpty
            ? "none"
            : plans.map { "\($0.id) (\($0.period.lowerBound)–\($0.period.upperBound), \($0.decision))" }
                .joined(separator: "; ")
    }
}
