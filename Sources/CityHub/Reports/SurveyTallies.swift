import DistrictSyncCore
import SQLiteDB

/// Every survey-based target (and the B1g count) for the report year and the year before, counted in
/// one pass: the active enterprises are read once and classified by each year's size rule, then the
/// survey answers of those years are read once; SQLite scores each answer against every target's
/// predicate while reading it and hands back one integer (two bits per target: yes, left out).
struct SurveyTallies {
    /// `tallies[year][targetIndex]`: tallies by district code, the city under "".
    var tallies: [Int: [Int: [String: ReportEngine.Tally]]] = [:]
    /// Years that have at least one live survey answer among those read.
    var yearsSeen: Set<Int> = []

    /// Which enterprises a target counts.
    private enum Frame: Hashable {
        case large, sme, category(String), largeCategory(String)
    }

    /// Counts `targets` (index, rule) for each year of `years`.
    static func compute(
        _ db: Database, targets: [(index: Int, rule: ReportEngine.Rule)], years: [Int], sizeRules: SizeRuleTable
    ) throws -> SurveyTallies {
        var result = SurveyTallies()
        let scored: [(index: Int, frame: Frame, answer: ReportEngine.Rule.Predicate?)] = targets.compactMap { t in
            switch t.rule {
            case .survey(let frame, let answer):
                switch frame {
                case .large: return (t.index, .large, answer)
                case .sme: return (t.index, .sme, answer)
                case .category(let c): return (t.index, .category(c.rawValue), answer)
                }
            case .count(let c): return (t.index, .largeCategory(c.rawValue), nil)
            default: return nil
            }
        }
        // Target k's outcome sits in bits 2k (yes) and 2k+1 (left out) of one integer per answer.
        precondition(scored.count <= 31, "too many survey targets for one 64-bit outcome mask")
        var maskTerms: [String] = []
        var maskValues: [SQLValue] = []
        for (k, target) in scored.enumerated() {
            guard let answer = target.answer else { continue }
            maskTerms.append("(coalesce((\(answer.sql)), 2) << \(2 * k))")
            maskValues += answer.values.map { .text($0) }
        }
        let mask = maskTerms.isEmpty ? "0" : maskTerms.joined(separator: " + ")

        // Districts interned to small integers; the city is the sum over all of them.
        var districtIndex: [String: Int] = [:]
        var districtCodes: [String] = []
        // Per enterprise: district, category, and per year 0 = not classified, 1 = large, 2 = SME.
        var enterpriseIndex: [String: Int] = [:]
        var districtOf: [Int] = []
        var categoryOf: [String] = []
        var sizeOf: [[UInt8]] = Array(repeating: [], count: years.count)
        var answered: [[Bool]] = Array(repeating: [], count: years.count)

        try db.prepare(
            """
            SELECT tax_code, district, sector, category, employees, capital_vnd, revenue_vnd
            FROM enterprises WHERE _exists = 1 AND status = ?
            """
        ).forEachRow([.text(EnterpriseStatus.active.rawValue)]) { r in
            let taxCode = r.text(at: 0) ?? ""
            guard enterpriseIndex[taxCode] == nil else { return }
            let district = r.text(at: 1) ?? ""
            let d: Int
            if let known = districtIndex[district] {
                d = known
            } else {
                d = districtCodes.count
                districtIndex[district] = d
                districtCodes.append(district)
            }
            let sector = try? Sector.parse(r.text(at: 2) ?? "")
            let (employees, capital, revenue) = (r.int64(at: 4), r.int64(at: 5), r.int64(at: 6))
            enterpriseIndex[taxCode] = districtOf.count
            districtOf.append(d)
            categoryOf.append(r.text(at: 3) ?? "")
            for (y, year) in years.enumerated() {
                // Size by the rule in force for the survey year, never the stored size_class.
                var size: UInt8 = 0
                if let sector,
                    let c = try? sizeRules.classify(
                        sector: sector, employees: employees, capitalVND: capital, revenueVND: revenue, year: year)
                {
                    size = c.sizeClass == .large ? 1 : 2
                }
                sizeOf[y].append(size)
                answered[y].append(false)
            }
        }

        func inFrame(_ frame: Frame, size: UInt8, category: String) -> Bool {
            switch frame {
            case .large: size == 1
            case .sme: size == 2
            case .category(let c): size != 0 && category == c
            case .largeCategory(let c): size == 1 && category == c
            }
        }

        // counts[y][k][district]: the tally of scored target k in year y.
        var counts = Array(
            repeating: Array(repeating: [ReportEngine.Tally](), count: scored.count), count: years.count)
        func bump(_ y: Int, _ k: Int, _ d: Int, _ change: (inout ReportEngine.Tally) -> Void) {
            if counts[y][k].count <= d {
                counts[y][k].append(contentsOf: repeatElement(ReportEngine.Tally(), count: d + 1 - counts[y][k].count))
            }
            change(&counts[y][k][d])
        }

        if !years.isEmpty {
            let placeholders = years.map { _ in "?" }.joined(separator: ", ")
            let yearSlot = Dictionary(uniqueKeysWithValues: years.enumerated().map { ($1, $0) })
            try db.prepare(
                "SELECT tax_code, year, \(mask) FROM surveys WHERE _exists = 1 AND year IN (\(placeholders))"
            ).forEachRow(maskValues + years.map { .integer(Int64($0)) }) { r in
                let year = Int(r.int64(at: 1))
                result.yearsSeen.insert(year)
                guard let y = yearSlot[year], let e = enterpriseIndex[r.text(at: 0) ?? ""], !answered[y][e] else {
                    return
                }
                let size = sizeOf[y][e]
                guard size != 0 else { return }
                answered[y][e] = true
                let outcomes = r.int64(at: 2)
                let d = districtOf[e]
                let category = categoryOf[e]
                for (k, target) in scored.enumerated() where inFrame(target.frame, size: size, category: category) {
                    guard target.answer != nil else {
                        bump(y, k, d) { $0.numerator += 1 }
                        continue
                    }
                    let bits = (outcomes >> Int64(2 * k)) & 3
                    bump(y, k, d) { t in
                        if bits == 2 {
                            t.notApplicable += 1
                        } else {
                            t.denominator += 1
                            if bits == 1 { t.numerator += 1 }
                        }
                    }
                }
            }
        }

        // Members of each frame with no answer for the year.
        for y in years.indices {
            for e in districtOf.indices where !answered[y][e] && sizeOf[y][e] != 0 {
                for (k, target) in scored.enumerated()
                where inFrame(target.frame, size: sizeOf[y][e], category: categoryOf[e]) {
                    bump(y, k, districtOf[e]) { $0.notSurveyed += 1 }
                }
            }
        }

        // A year no size rule covers has no tallies (its enterprises cannot be sized), only `yearsSeen`.
        for (y, year) in years.enumerated() where sizeRules.rule(forYear: year) != nil {
            var byTarget: [Int: [String: ReportEngine.Tally]] = [:]
            for (k, target) in scored.enumerated() {
                var cells: [String: ReportEngine.Tally] = [:]
                var city = ReportEngine.Tally()
                var any = false
                for (d, t) in counts[y][k].enumerated() {
                    cells[districtCodes[d]] = t
                    city.numerator += t.numerator
                    city.denominator += t.denominator
                    city.notSurveyed += t.notSurveyed
                    city.notApplicable += t.notApplicable
                    any = true
                }
                if any { cells[""] = city }
                byTarget[target.index] = cells
            }
            result.tallies[year] = byTarget
        }
        return result
    }
}
