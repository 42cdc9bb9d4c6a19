public import DistrictSyncCore

/// Everything a report depends on besides the database: configuration, the report date and the
/// clock. The engine never reads the wall clock, so the same inputs give the same report.
public struct ReportInputs: Sendable {
    public var units: OrgUnitList
    /// The plans the hub holds; progress picks `planID`, else the one whose period holds `year`.
    public var plans: PlanCatalogue
    /// `--plan`: the plan to report on, when not the one of the survey year.
    public var planID: String?
    public var sizeRules: SizeRuleTable
    /// The report date (ISO, UTC calendar day): valid time, which units exist and which officers
    /// are in post.
    public var asOf: String
    /// Transaction time: only changesets accepted before this instant (Unix ms) count. Nil: by the
    /// end of the as-of day (the CLI passes now unless `--known-at` is given).
    public var knownAtMillis: Int64?
    /// The plan's officer rule per unit kind (C.V.2).
    public var eligibleOffices: EligibleOffices
    /// The survey year for progress.
    public var year: Int
    /// A district with no accepted changeset for this many days is stale.
    public var staleDays: Int
    /// A certificate ending within this many days is "expiring".
    public var expiringDays: Int
    /// Serials revoked by the installed CRLs (filled by the CLI glue).
    public var revokedSerials: Set<String>
    /// The time the report is made, Unix milliseconds (injected).
    public var now: Int64

    public init(
        units: OrgUnitList, plans: PlanCatalogue, planID: String? = nil, sizeRules: SizeRuleTable, asOf: String,
        year: Int, staleDays: Int = 90, expiringDays: Int = 30, revokedSerials: Set<String> = [], now: Int64,
        knownAtMillis: Int64? = nil, eligibleOffices: EligibleOffices? = nil
    ) {
        self.units = units
        self.plans = plans
        self.planID = planID
        self.knownAtMillis = knownAtMillis
        // The built-in rule is checked by the tests; a broken one would leave every unit uncovered.
        self.eligibleOffices = eligibleOffices ?? (try? EligibleOffices.embedded()) ?? EligibleOffices(posts: [:])
        self.sizeRules = sizeRules
        self.asOf = asOf
        self.year = year
        self.staleDays = staleDays
        self.expiringDays = expiringDays
        self.revokedSerials = revokedSerials
        self.now = now
    }

    /// Inputs from the built-in configuration (`EmbeddedConfig`).
    public static func embedded(asOf: String, year: Int, now: Int64) throws(CoreError) -> ReportInputs {
        ReportInputs(
            units: try OrgUnitList.embedded(),
            plans: try PlanCatalogue.embedded(),
            sizeRules: try SizeRuleTable(csv: EmbeddedConfig.sizeRulesCSV), asOf: asOf, year: year, now: now)
    }

    /// Unix milliseconds at the end of the as-of day (exclusive).
    public var endOfAsOfDayMillis: Int64 { (ISODate.unixMillis(asOf) ?? 0) + 86_400_000 }

    /// The cut-off for accepted changesets (exclusive): `knownAtMillis`, else the end of the as-of day.
    public var cutoffMillis: Int64 { knownAtMillis ?? endOfAsOfDayMillis }
}

extension ReportInputs {
    /// The plan the progress report measures: `planID`, else the plan whose period holds `year`
    /// (`no_plan_for_year` / `unknown_plan` otherwise, listing the installed plans).
    public func requirePlan() throws -> Plan {
        do { return try plans.select(id: planID, year: year) } catch { throw HubError(error.code, error.text) }
    }

    /// The target with `id` in the selected plan, or an error listing the ids (with a guess when only
    /// the case differs).
    public func requireTarget(_ id: String) throws -> PlanTarget {
        let targets = try requirePlan().targets
        if let target = targets.first(where: { $0.id == id }) { return target }
        let ids = targets.map(\.id)
        if let guess = ids.first(where: { $0.lowercased() == id.lowercased() }) {
            throw HubError(
                "unknown_target",
                LocalizedText(
                    vi: "không có chỉ tiêu '\(id)'; có phải ý là \(guess)?",
                    en: "unknown target '\(id)'; did you mean \(guess)?"))
        }
        throw HubError(
            "unknown_target",
            LocalizedText(
                vi: "không có chỉ tiêu '\(id)'; các chỉ tiêu: \(ids.joined(separator: ", "))",
                en: "unknown target '\(id)'; targets: \(ids.joined(separator: ", "))"))
    }

    /// The district with `code` valid on the as-of date, or an error listing those valid then.
    public func requireDistrict(_ code: String) throws -> OrgUnit {
        do { return try units.requireUnit(code: code, on: asOf) } catch { throw HubError(error.code, error.text) }
    }
}
