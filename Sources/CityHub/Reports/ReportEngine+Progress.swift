import DistrictSyncCore
import Foundation

extension ReportEngine {
    /// Raw figures for one scope before scoring.
    struct Tally {
        var numerator = 0
        var denominator = 0
        var notSurveyed = 0
        var notApplicable = 0
        var attendances = 0
        var percent: Double? { denominator > 0 ? Double(numerator) * 100 / Double(denominator) : nil }
    }

    /// Progress against every target of the plan for `inputs.year` (the plan whose period holds the
    /// year, or `inputs.planID`), per district valid on the as-of date and city-wide. Each target is
    /// counted by its measure as the plan file states it; no target id is known to code.
    public func progress() throws -> ProgressReport {
        let year = inputs.year
        let plan = try inputs.requirePlan()
        let planOption = inputs.planID.map { " --plan \($0)" } ?? ""
        let provenance = try provenance(
            recompute: "dsync hub report progress --year \(year)\(planOption) --as-of \(inputs.asOf) --format json",
            reads: SyncedTable.allCases.filter { !ReportStore.tablesCheckedByScans.contains($0) })
        // The enterprise, survey and own-year figure rows are checked by the one pass that counts
        // them (`SurveyTallies`, through `ReportStore`'s checked scans), before any figure is
        // returned: a damaged row is still `hub_db_corrupt`, with one read of each table, not two.
        let data = try ReportData.load(database, cutoffMillis: inputs.cutoffMillis)
        let measures = plan.targets.map(\.measure)
        let survey = try SurveyTallies.compute(
            database, targets: measures.enumerated().map { ($0.offset, $0.element) }, years: [year, year - 1],
            sizeRules: inputs.sizeRules)
        guard survey.yearsSeen.contains(year) else {
            let years = try ReportStore(db: database).surveyYears()
            let list = years.isEmpty ? "none" : years.map(String.init).joined(separator: ", ")
            throw HubError(
                "no_survey_data",
                LocalizedText(
                    vi: "không có câu trả lời khảo sát nào cho năm \(year); các năm có câu trả "
                        + "lời: \(list). Ghi --year bằng một trong các năm đó",
                    en: "no survey answers for year \(year); years with answers: \(list). Give --year with one of them")
            )
        }
        guard let rule = inputs.sizeRules.rule(forYear: year) else {
            throw HubError(
                "no_size_rule",
                LocalizedText(
                    vi: "không có quy tắc phân loại quy mô doanh nghiệp nào áp dụng cho năm \(year); "
                        + "thêm một quy tắc vào size-rules.csv",
                    en: "no enterprise size rule covers \(year); add one to size-rules.csv"))
        }
        let units = inputs.units.units(validOn: inputs.asOf)
        let previousAsOf = Self.yearBefore(inputs.asOf)
        var targets: [ProgressReport.Target] = []
        for (index, target) in plan.targets.enumerated() {
            let rule = measures[index]
            let current: [String: Tally]
            let previous: [String: Tally]?
            switch rule {
            case .share, .count:
                current = survey.tallies[year]?[index] ?? [:]
                // No previous figure when no size rule covers the year before.
                previous = survey.tallies[year - 1].map { $0[index] ?? [:] }
            case .trainedOfficials, .notScored:
                current = tallies(rule, data: data, asOf: inputs.asOf)
                previous = tallies(rule, data: data, asOf: previousAsOf)
            }
            let hasPrevious = previous != nil && survey.yearsSeen.contains(year - 1)
            func cell(_ code: String?, name: String?) -> ProgressReport.Cell {
                let now = current[code ?? ""] ?? Tally()
                let before = hasPrevious || isOfficerRule(rule) ? previous.map { $0[code ?? ""] ?? Tally() } : nil
                return makeCell(target, rule: rule, code: code, name: name, now: now, before: before)
            }
            targets.append(
                ProgressReport.Target(
                    id: target.id, label: target.label, vi: target.vi, en: target.en, unit: target.unit?.rawValue,
                    op: target.op?.rawValue, definition: target.definition, city: cell(nil, name: nil),
                    districts: units.map { cell($0.code, name: $0.nameVi) }))
        }
        var report = ProgressReport(
            plan: .init(plan), year: year, asOf: inputs.asOf, generatedAt: Self.timestamp(inputs.now),
            sizeRule: rule.id,
            targets: targets, provenance: provenance)
        if let sized = survey.sizedBy[year] {
            report.sizing = .init(yearFigures: sized.yearFigures, currentFigures: sized.currentFigures)
        }
        return report
    }

    private func isOfficerRule(_ rule: PlanMeasure) -> Bool {
        if case .trainedOfficials = rule { return true }
        return false
    }

    func makeCell(
        _ target: PlanTarget, rule: PlanMeasure, code: String?, name: String?, now: Tally, before: Tally?
    ) -> ProgressReport.Cell {
        func round1(_ v: Double?) -> Double? { v.map { ($0 * 10).rounded() / 10 } }
        switch rule {
        case .notScored:
            return .init(
                code: code, name: name, numerator: nil, denominator: nil, percent: nil, threshold: nil, met: nil,
                status: .notScored, previous: nil, change: nil, notSurveyed: nil, notApplicable: nil,
                attendances: nil)
        case .count:
            // Only the city-wide count has a bar (≥ 5); a district shows its count.
            let met = code == nil ? target.isMet(numerator: now.numerator, denominator: 0) : nil
            let status: ProgressReport.Status = code == nil ? (met == true ? .met : .notMet) : .count
            return .init(
                code: code, name: name, numerator: now.numerator, denominator: nil, percent: nil,
                threshold: code == nil ? target.threshold : nil, met: met, status: status,
                previous: before.map { Double($0.numerator) },
                change: before.map { Double(now.numerator - $0.numerator) },
                notSurveyed: now.notSurveyed, notApplicable: nil, attendances: nil)
        case .share, .trainedOfficials:
            let met = target.isMet(numerator: now.numerator, denominator: now.denominator)
            let status: ProgressReport.Status =
                now.denominator == 0 ? .noData : (met == nil ? .notScored : (met == true ? .met : .notMet))
            var change: Double?
            if let p = now.percent, let q = before?.percent { change = round1(p - q) }
            var isSurvey = false
            if case .share = rule { isSurvey = true }
            return .init(
                code: code, name: name, numerator: now.numerator, denominator: now.denominator,
                percent: round1(now.percent), threshold: target.threshold, met: met, status: status,
                previous: round1(before?.percent), change: change, notSurveyed: isSurvey ? now.notSurveyed : nil,
                notApplicable: isSurvey && now.notApplicable > 0 ? now.notApplicable : nil,
                attendances: isSurvey ? nil : now.attendances)
        }
    }

    /// Officer-based tallies (B4a/B4b) by district code, plus the city under the key "". Survey-based
    /// targets are counted by `SurveyTallies` in one pass.
    func tallies(_ rule: PlanMeasure, data: ReportData, asOf: String) -> [String: Tally] {
        guard case .trainedOfficials(let role) = rule else { return [:] }
        var result: [String: Tally] = [:]
        // Distinct persons (issue 14 item 9): duplicate records of one officer count once, with
        // the attendances of all of them.
        // A person is one name and decision, or one signing certificate (records sharing either).
        var people: [String: (district: String, attended: Int)] = [:]
        var keyOfCertificate: [String: String] = [:]
        for o in data.officers where o.role == role && o.isActive(on: asOf) {
            let attended = (data.trainings[o.id] ?? []).filter { $0 <= asOf }.count
            let certificate = o.certFingerprint.lowercased()
            var key = o.personKey
            if !certificate.isEmpty {
                if let known = keyOfCertificate[certificate] {
                    key = known
                } else {
                    keyOfCertificate[certificate] = key
                }
            }
            people[key, default: (o.district, 0)].attended += attended
        }
        for person in people.values {
            for key in [person.district, ""] {
                result[key, default: Tally()].denominator += 1
                if person.attended > 0 { result[key, default: Tally()].numerator += 1 }
                result[key, default: Tally()].attendances += person.attended
            }
        }
        return result
    }

    /// The same calendar day one year earlier (29 February becomes 28 February).
    static func yearBefore(_ date: String) -> String {
        guard let y = Int(date.prefix(4)) else { return date }
        let rest = date.dropFirst(4)
        let candidate = String(format: "%04d", y - 1) + rest
        return ISODate.isValid(candidate) ? candidate : String(format: "%04d", y - 1) + "-02-28"
    }
}
