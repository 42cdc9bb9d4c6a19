import Foundation

/// A development plan as data (`config/plans/*.yaml`, `docs/plans.md`): its decision, its period and
/// the targets the reports measure.
public struct Plan: Sendable, Hashable {
    /// Stable id, e.g. `hcmc-2471-2011` (JSON, `--plan`).
    public let id: String
    public let titleVi: String
    public let titleEn: String
    /// The decision that issued it, e.g. `2471/QĐ-UBND`.
    public let decision: String
    /// ISO date of the decision.
    public let decisionDate: String
    /// Survey years the plan covers.
    public let period: ClosedRange<Int>
    /// The year its targets are due.
    public let targetYear: Int
    public let targets: [PlanTarget]

    public init(
        id: String, titleVi: String, titleEn: String, decision: String, decisionDate: String,
        period: ClosedRange<Int>, targetYear: Int, targets: [PlanTarget]
    ) {
        self.id = id
        self.titleVi = titleVi
        self.titleEn = titleEn
        self.decision = decision
        self.decisionDate = decisionDate
        self.period = period
        self.targetYear = targetYear
        self.targets = targets
    }

    /// The decision number in Latin letters (`2471/QD-UBND`), for English text.
    public var decisionLatin: String {
        let plain = decision.replacingOccurrences(of: "Đ", with: "D").replacingOccurrences(of: "đ", with: "d")
        let scalars = plain.decomposedStringWithCanonicalMapping.unicodeScalars.filter {
            !(0x0300...0x036F).contains($0.value)
        }
        return String(String.UnicodeScalarView(scalars))
    }

    /// Whether a survey year falls in the plan's period.
    public func covers(year: Int) -> Bool { period.contains(year) }
}
