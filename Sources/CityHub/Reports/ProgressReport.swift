public import DistrictSyncCore

/// Progress against every target of the plan's section B, per district and city-wide.
public struct ProgressReport: Sendable, Hashable, Codable {
    /// Where a cell stands: scored (`met`/`not_met`), `no_data` (empty population), `count` (a
    /// district's B1g count, which has no bar of its own), or `not_scored` (B3, B4c).
    public enum Status: String, Sendable, Hashable, Codable {
        case met
        case notMet = "not_met"
        case noData = "no_data"
        case count
        case notScored = "not_scored"
    }

    /// One target's figures for one scope (the city or a district).
    public struct Cell: Sendable, Hashable, Codable {
        /// The district code, or nil for the city-wide cell.
        public let code: String?
        public let name: String?
        public let numerator: Int?
        public let denominator: Int?
        /// Percent of the population, one decimal; nil for counts, unscored targets and empty populations.
        public let percent: Double?
        public let threshold: Int?
        public let met: Bool?
        public let status: Status
        /// The previous year's percent (or count for B1g).
        public let previous: Double?
        /// Change from the previous year: percentage points, or a count difference for B1g.
        public let change: Double?
        /// Members of the population's frame with no survey answer for the year (B1, B2, B3 targets).
        public let notSurveyed: Int?
        /// Answers of `n/a`, left out of the denominator (B3a/b/c).
        public let notApplicable: Int?
        /// Training attendances (lượt) of the population's officials up to the report date (B4a/b).
        public let attendances: Int?

        enum CodingKeys: String, CodingKey {
            case code, name, numerator, denominator, percent, threshold, met, status, previous, change, attendances
            case notSurveyed = "not_surveyed"
            case notApplicable = "not_applicable"
        }

        public func encode(to encoder: any Encoder) throws {
            // Nulls are written out: "no data" must read as null, never as a missing 0.
            var c = encoder.container(keyedBy: CodingKeys.self)
            if let code { try c.encode(code, forKey: .code) }
            if let name { try c.encode(name, forKey: .name) }
            try c.encode(numerator, forKey: .numerator)
            try c.encode(denominator, forKey: .denominator)
            try c.encode(percent, forKey: .percent)
            try c.encode(threshold, forKey: .threshold)
            try c.encode(met, forKey: .met)
            try c.encode(status, forKey: .status)
            try c.encode(previous, forKey: .previous)
            try c.encode(change, forKey: .change)
            try c.encodeIfPresent(notSurveyed, forKey: .notSurveyed)
            try c.encodeIfPresent(notApplicable, forKey: .notApplicable)
            try c.encodeIfPresent(attendances, forKey: .attendances)
        }
    }

    public struct Target: Sendable, Hashable, Codable {
        public let id: String
        public let label: String
        public let vi: String
        public let en: String
        public let unit: String?
        public let op: String?
        /// How the numerator and population are defined (the domain README's table).
        public let definition: String
        public let city: Cell
        public let districts: [Cell]
    }

    /// Which plan the targets are of (JSON `plan`).
    public struct PlanInfo: Sendable, Hashable, Codable {
        public let id: String
        public let decision: String
        public let decisionDate: String
        public let titleVi: String
        public let titleEn: String
        public let from: Int
        public let to: Int
        public let targetYear: Int

        enum CodingKeys: String, CodingKey {
            case id, decision, from, to
            case decisionDate = "decision_date"
            case titleVi = "title_vi"
            case titleEn = "title_en"
            case targetYear = "target_year"
        }

        public init(_ plan: Plan) {
            id = plan.id
            decision = plan.decision
            decisionDate = plan.decisionDate
            titleVi = plan.titleVi
            titleEn = plan.titleEn
            from = plan.period.lowerBound
            to = plan.period.upperBound
            targetYear = plan.targetYear
        }

        /// The decision number in Latin letters, for English text.
        public var decisionLatin: String {
            Plan(
                id: id, titleVi: titleVi, titleEn: titleEn, decision: decision, decisionDate: decisionDate,
                period: from...to, targetYear: targetYear, targets: []
            ).decisionLatin
        }
    }

    /// How the year's enterprises were sized (issue 14 item 6): by that year's own figures when the
    /// survey recorded them (`survey_figures`), else by the enterprise's current figures.
    public struct Sizing: Sendable, Hashable, Codable {
        /// Classified active enterprises sized by the year's own figures.
        public let yearFigures: Int
        /// Those sized by their current figures (no figures recorded for the year).
        public let currentFigures: Int

        public init(yearFigures: Int, currentFigures: Int) {
            self.yearFigures = yearFigures
            self.currentFigures = currentFigures
        }

        enum CodingKeys: String, CodingKey {
            case yearFigures = "year_figures"
            case currentFigures = "current_figures"
        }
    }

    public let plan: PlanInfo
    public let year: Int
    public let asOf: String
    public let generatedAt: String
    public let sizeRule: String
    /// Which figures sized the year's enterprises (absent in reports from before schema 2).
    public var sizing: Sizing?
    public var targets: [Target]
    public var provenance: DataProvenance

    public init(
        plan: PlanInfo, year: Int, asOf: String, generatedAt: String, sizeRule: String, targets: [Target],
        provenance: DataProvenance
    ) {
        self.plan = plan
        self.year = year
        self.asOf = asOf
        self.generatedAt = generatedAt
        self.sizeRule = sizeRule
        self.targets = targets
        self.provenance = provenance
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: FlatKeys.self)
        try c.encode(plan, forKey: .init("plan"))
        try c.encode(year, forKey: .init("year"))
        try c.encode(asOf, forKey: .init("as_of"))
        try c.encode(generatedAt, forKey: .init("generated_at"))
        try c.encode(sizeRule, forKey: .init("size_rule"))
        try c.encodeIfPresent(sizing, forKey: .init("sizing"))
        try c.encode(targets, forKey: .init("targets"))
        try provenance.encodeFlat(into: &c)
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: FlatKeys.self)
        plan = try c.decode(PlanInfo.self, forKey: .init("plan"))
        year = try c.decode(Int.self, forKey: .init("year"))
        asOf = try c.decode(String.self, forKey: .init("as_of"))
        generatedAt = try c.decode(String.self, forKey: .init("generated_at"))
        sizeRule = try c.decode(String.self, forKey: .init("size_rule"))
        sizing = try c.decodeIfPresent(Sizing.self, forKey: .init("sizing"))
        targets = try c.decode([Target].self, forKey: .init("targets"))
        provenance = try DataProvenance.decodeFlat(from: c)
    }

    /// The same report narrowed to one target and/or one district (the city-wide cells stay).
    public func narrowed(target id: String?, district code: String?) -> ProgressReport {
        var copy = self
        if let id { copy.targets = targets.filter { $0.id == id } }
        if let code {
            copy.targets = copy.targets.map { t in
                Target(
                    id: t.id, label: t.label, vi: t.vi, en: t.en, unit: t.unit, op: t.op, definition: t.definition,
                    city: t.city, districts: t.districts.filter { $0.code == code })
            }
        }
        return copy
    }

    /// The target with `id`.
    public func target(_ id: String) -> Target? { targets.first { $0.id == id } }
}
