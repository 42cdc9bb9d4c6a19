import DistrictSyncCore
import Foundation

extension ReportEngine {
    /// How one target counts: which enterprises or officials form its population, and which of them
    /// reach the numerator. Follows the domain README's "How each target is computed".
    enum Rule {
        enum Frame { case large, sme, category(EnterpriseCategory) }
        /// Survey-based: `answer` says whether a member reaches the numerator (or is left out, `n/a`).
        case survey(Frame, answer: Predicate)
        /// B1g: a count of large enterprises of a category.
        case count(EnterpriseCategory)
        /// B4a/B4b: distinct officials of a role with a training up to the report date.
        case trained(OfficerRole)
        case notScored

        /// A condition on one survey answer. A NULL answer reads as empty text.
        enum Predicate {
            /// The column holds one of the values.
            case oneOf(String, [String])
            /// Any of the columns is `yes`.
            case anyYes([String])
            /// The column is `yes`; `n/a` leaves the member out.
            case yesNoNA(String)
            /// The `;`-separated `software` list holds anything besides `accounting` (empty items ignored).
            case softwareBesidesAccounting
        }

        static func answer(_ column: String, in values: [String]) -> Predicate { .oneOf(column, values) }
        static func yesNoNA(_ column: String) -> Predicate { .yesNoNA(column) }
        static let softwareBesidesAccounting = Predicate.softwareBesidesAccounting

        static func forTarget(_ id: String) -> (Rule, String) {
            switch id {
            case "B1": (.survey(.large, answer: answer("b2b", in: ["yes"])), "large: b2b = yes")
            case "B1a": (.survey(.large, answer: answer("email_use", in: ["regular"])), "large: email_use = regular")
            case "B1b": (.survey(.large, answer: answer("website", in: ["regular"])), "large: website = regular")
            case "B1c":
                (
                    .survey(.large, answer: answer("ecommerce_site", in: ["marketplace", "own"])),
                    "large: ecommerce_site is marketplace or own"
                )
            case "B1d": (.survey(.large, answer: answer("edi", in: ["yes"])), "large: edi = yes")
            case "B1dd":
                (
                    .survey(.large, answer: softwareBesidesAccounting),
                    "large: software holds anything besides accounting"
                )
            case "B1g": (.count(.ecommerceService), "count of large enterprises of category ecommerce_service")
            case "B2":
                (
                    .survey(.sme, answer: .anyYes(["b2b", "b2c"])),
                    "SME: b2b = yes or b2c = yes"
                )
            case "B2a":
                (
                    .survey(.sme, answer: answer("email_use", in: ["occasional", "regular"])),
                    "SME: email_use is occasional or regular"
                )
            case "B2b":
                (
                    .survey(.sme, answer: answer("website", in: ["periodic", "regular"])),
                    "SME: website is periodic or regular"
                )
            case "B2c":
                (
                    .survey(.sme, answer: answer("ecommerce_site", in: ["marketplace", "own"])),
                    "SME: ecommerce_site is marketplace or own"
                )
            case "B3a":
                (
                    .survey(.category(.modernRetail), answer: yesNoNA("cashless")),
                    "modern_retail: cashless = yes; n/a left out of the denominator"
                )
            case "B3b":
                (
                    .survey(.category(.utility), answer: yesNoNA("e_bill_payment")),
                    "utility: e_bill_payment = yes; n/a left out of the denominator"
                )
            case "B3c":
                (
                    .survey(.category(.consumerService), answer: yesNoNA("consumer_e_channel")),
                    "consumer_service: consumer_e_channel = yes; n/a left out of the denominator"
                )
            case "B4a":
                (
                    .trained(.ecommerce),
                    "distinct e-commerce officials active on the report date with a training up to it, over all such"
                )
            case "B4b":
                (
                    .trained(.economy),
                    "distinct economic-affairs officials active on the report date with a training up to it, over all such"
                )
            default: (.notScored, "shown, not scored: the plan gives no number")
            }
        }
    }

    /// Raw figures for one scope before scoring.
    struct Tally {
        var numerator = 0
        var denominator = 0
        var notSurveyed = 0
        var notApplicable = 0
        var attendances = 0
        var percent: Double? { denominator > 0 ? Double(numerator) * 100 / Double(denominator) : nil }
    }

    /// Progress against every target for `inputs.year`, per district valid on the as-of date and city-wide.
    public func progress() throws -> ProgressReport {
        let year = inputs.year
        let provenance = try provenance(
            recompute: "dsync hub report progress --year \(year) --as-of \(inputs.asOf) --format json")
        let data = try ReportData.load(database, cutoffMillis: inputs.cutoffMillis)
        let rules = inputs.targets.map { Rule.forTarget($0.id) }
        let survey = try SurveyTallies.compute(
            database, targets: rules.enumerated().map { ($0.offset, $0.element.0) }, years: [year, year - 1],
            sizeRules: inputs.sizeRules)
        guard survey.yearsSeen.contains(year) else {
            let years = try database.query("SELECT DISTINCT year FROM surveys WHERE _exists = 1 ORDER BY year")
                .compactMap { $0[0].int64 }
            let list = years.isEmpty ? "none" : years.map(String.init).joined(separator: ", ")
            throw HubError(
                "no_survey_data",
                "no survey answers for year \(year); years with answers: \(list). Give --year with one of them")
        }
        guard let rule = inputs.sizeRules.rule(forYear: year) else {
            throw HubError("no_size_rule", "no enterprise size rule covers \(year); add one to size-rules.csv")
        }
        let units = inputs.units.units(validOn: inputs.asOf)
        let previousAsOf = Self.yearBefore(inputs.asOf)
        var targets: [ProgressReport.Target] = []
        for (index, target) in inputs.targets.enumerated() {
            let (rule, definition) = rules[index]
            let current: [String: Tally]
            let previous: [String: Tally]?
            switch rule {
            case .survey, .count:
                current = survey.tallies[year]?[index] ?? [:]
                // No previous figure when no size rule covers the year before.
                previous = survey.tallies[year - 1].map { $0[index] ?? [:] }
            case .trained, .notScored:
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
                    op: target.op?.rawValue, definition: definition, city: cell(nil, name: nil),
                    districts: units.map { cell($0.code, name: $0.nameVi) }))
        }
        return ProgressReport(
            year: year, asOf: inputs.asOf, generatedAt: Self.timestamp(inputs.now), sizeRule: rule.id,
            targets: targets, provenance: provenance)
    }

    private func isOfficerRule(_ rule: Rule) -> Bool {
        if case .trained = rule { return true }
        return false
    }

    func makeCell(
        _ target: PlanTarget, rule: Rule, code: String?, name: String?, now: Tally, before: Tally?
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
        case .survey, .trained:
            let met = target.isMet(numerator: now.numerator, denominator: now.denominator)
            let status: ProgressReport.Status =
                now.denominator == 0 ? .noData : (met == nil ? .notScored : (met == true ? .met : .notMet))
            var change: Double?
            if let p = now.percent, let q = before?.percent { change = round1(p - q) }
            var isSurvey = false
            if case .survey(let frame, _) = rule {
                isSurvey = true
                _ = frame
            }
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
    func tallies(_ rule: Rule, data: ReportData, asOf: String) -> [String: Tally] {
        guard case .trained(let role) = rule else { return [:] }
        var result: [String: Tally] = [:]
        // Distinct persons (issue 14 item 9): duplicate records of one officer count once, with
        // the attendances of all of them.
        // A person is one name and decision, or one signing certificate (records sharing either).
        var people: [String: (district: String, attended: Int)] = [:]
        var keyOfCertificate: [String: String] = [:]
        for o in data.officers where o.role == role.rawValue && o.isActive(on: asOf) {
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
