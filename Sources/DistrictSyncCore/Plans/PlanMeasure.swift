/// How a target counts: who forms its population and which of them reach the numerator.
///
/// The report engine evaluates these; no target id is known to code (plan files are data).
public enum PlanMeasure: Sendable, Hashable {
    /// Which enterprises a survey-based target is taken over: the active enterprises with an answer
    /// for the year, of a size class by the rule in force for that year, optionally of one category.
    public struct EnterpriseFrame: Sendable, Hashable {
        public enum Size: String, Sendable, Hashable, CaseIterable {
            case large, sme, any
        }
        public var size: Size
        public var category: String?

        public init(size: Size, category: String? = nil) {
            self.size = size
            self.category = category
        }
    }

    /// The share of surveyed members meeting `numerator`; members meeting `notApplicable` are left out.
    case share(EnterpriseFrame, numerator: PlanPredicate, notApplicable: PlanPredicate?)
    /// The number of surveyed members (a count target such as B1g).
    case count(EnterpriseFrame)
    /// Distinct officials of a role active on the report date with a training event up to it, over
    /// all such officials (B4a/B4b).
    case trainedOfficials(role: String)
    /// Shown, never scored: the plan gives no number.
    case notScored
}
