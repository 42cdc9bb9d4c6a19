import DistrictSyncCore
import SQLiteDB

/// Every survey-based target (and the B1g count) for the report year and the year before, counted in
/// one pass: the active enterprises are read once and classified by each year's size rule, then the
/// survey answers of those years are read once and scored against every target. Text is read as
/// bytes and interned (tax codes as integers, answers as small codes whose outcome per target is
/// worked out once per distinct value), so no `String` is made per row.
struct SurveyTallies {
    /// `tallies[year][targetIndex]`: tallies by district code, the city under "".
    var tallies: [Int: [Int: [String: ReportEngine.Tally]]] = [:]
    /// Years that have at least one live survey answer among those read.
    var yearsSeen: Set<Int> = []
    /// Per year: how many classified active enterprises were sized by that year's own figures
    /// (`survey_figures`, schema 2) and how many by their current figures.
    var sizedBy: [Int: (yearFigures: Int, currentFigures: Int)] = [:]

    /// Which enterprises a target counts: a size (1 large, 2 SME, 0 any classified) and a category.
    private struct Frame: Hashable {
        var size: UInt8
        var category: String?
    }

    /// One scored target: its index in the plan, its frame, and for a share the conditions on the
    /// answer (nil for a count, which counts every member).
    private struct Scored {
        let index: Int
        let frame: Frame
        let numerator: PlanPredicate?
        let notApplicable: PlanPredicate?
        /// Positions in `answerColumns` of the fields the conditions read.
        var columns: [Int] = []
    }

    /// Counts `targets` (index, measure) for each year of `years`.
    static func compute(
        _ db: Database, targets: [(index: Int, measure: PlanMeasure)], years: [Int], sizeRules: SizeRuleTable
    ) throws -> SurveyTallies {
        var result = SurveyTallies()
        func frame(_ f: PlanMeasure.EnterpriseFrame) -> Frame {
            Frame(size: f.size == .large ? 1 : (f.size == .sme ? 2 : 0), category: f.category)
        }
        var scored: [Scored] = targets.compactMap { t in
            switch t.measure {
            case .share(let f, let numerator, let notApplicable):
                Scored(index: t.index, frame: frame(f), numerator: numerator, notApplicable: notApplicable)
            case .count(let f): Scored(index: t.index, frame: frame(f), numerator: nil, notApplicable: nil)
            case .trainedOfficials, .notScored: nil
            }
        }
        // Answer columns read from `surveys`, and per target the columns its conditions look at.
        var answerColumns: [String] = []
        func column(_ name: String) -> Int {
            if let i = answerColumns.firstIndex(of: name) { return i }
            answerColumns.append(name)
            return answerColumns.count - 1
        }
        for k in scored.indices {
            let fields = (scored[k].notApplicable?.fields ?? []) + (scored[k].numerator?.fields ?? [])
            var seen: [Int] = []
            for f in fields where !seen.contains(column(f)) { seen.append(column(f)) }
            scored[k].columns = seen
        }

        // Districts and categories interned to small integers; the city is the sum over all districts.
        var districts = ByteInterner()
        var categories = ByteInterner()
        var sectors = ByteInterner()
        var sectorOf: [Sector?] = []
        // Per enterprise: district, category, and per year 0 = not classified, 1 = large, 2 = SME.
        var enterpriseIndex = TaxCodeIndex()
        var districtOf: [Int] = []
        var categoryOf: [Int] = []
        var sizeOf: [[UInt8]] = Array(repeating: [], count: years.count)
        // Current figures and sector per enterprise, for re-sizing by a year's own figures.
        var currentFigures: [(employees: Int64, capital: Int64, revenue: Int64)] = []
        var sectorIndexOf: [Int] = []

        let ruleIDs = years.map { sizeRules.rule(forYear: $0)?.id }
        let store = ReportStore(db: db)
        typealias E = ReportStore.EnterpriseColumn
        try store.forEachEnterprise(status: .active) { r in
            guard r.withUTF8(at: E.taxCode, { enterpriseIndex.insert($0, districtOf.count) }) != nil else { return }
            districtOf.append(r.withUTF8(at: E.district) { districts.code($0) } ?? districts.code(for: ""))
            categoryOf.append(r.withUTF8(at: E.category) { categories.code($0) } ?? categories.code(for: ""))
            let s = r.withUTF8(at: E.sector) { sectors.code($0) } ?? sectors.code(for: "")
            while sectorOf.count < sectors.count { sectorOf.append(try? Sector.parse(sectors.string(sectorOf.count))) }
            let sector = sectorOf[s]
            let (employees, capital, revenue) = (
                r.int64(at: E.employees), r.int64(at: E.capital), r.int64(at: E.revenue)
            )
            currentFigures.append((employees, capital, revenue))
            sectorIndexOf.append(s)
            for (y, year) in years.enumerated() {
                // Size by the rule in force for the survey year, never the stored size_class; a year
                // under the same rule as the one before gets the same size.
                if y > 0, let id = ruleIDs[y], id == ruleIDs[y - 1], let previous = sizeOf[y - 1].last {
                    sizeOf[y].append(previous)
                    continue
                }
                var size: UInt8 = 0
                if let sector,
                    let c = try? sizeRules.classify(
                        sector: sector, employees: employees, capitalVND: capital, revenueVND: revenue, year: year)
                {
                    size = c.sizeClass == .large ? 1 : 2
                }
                sizeOf[y].append(size)
            }
        }
        enterpriseIndex.seal()
        // A year's own figures (schema 2) size the enterprise for that year; a figure left empty falls
        // back to the current one. Only the owner's figures count, as only the owner's answers do.
        var ownFigures = Array(repeating: false, count: years.count * districtOf.count)
        do {
            typealias F = ReportStore.FiguresColumn
            try store.forEachYearFigures(years: years) { r in
                guard let y = years.firstIndex(of: Int(r.int64(at: F.year))),
                    let e = r.withUTF8(at: F.taxCode, { enterpriseIndex.find($0) }) ?? nil,
                    r.withUTF8(at: F.district, { districts.existing($0) }) == districtOf[e],
                    let sector = sectorOf[sectorIndexOf[e]]
                else { return }
                let current = currentFigures[e]
                func figure(_ column: Int32, _ fallback: Int64) -> Int64 {
                    r.value(at: column).int64 ?? fallback
                }
                var size: UInt8 = 0
                if let c = try? sizeRules.classify(
                    sector: sector, employees: figure(F.employees, current.employees),
                    capitalVND: figure(F.capital, current.capital), revenueVND: figure(F.revenue, current.revenue),
                    year: years[y])
                {
                    size = c.sizeClass == .large ? 1 : 2
                }
                sizeOf[y][e] = size
                ownFigures[y * districtOf.count + e] = true
            }
        }
        for (y, year) in years.enumerated() {
            var own = 0
            var current = 0
            for e in districtOf.indices where sizeOf[y][e] != 0 {
                if ownFigures[y * districtOf.count + e] { own += 1 } else { current += 1 }
            }
            result.sizedBy[year] = (own, current)
        }
        // Whether enterprise e answered for year slot y, at y × enterprises + e.
        let enterpriseCount = districtOf.count
        var answered = Array(repeating: false, count: years.count * enterpriseCount)
        // A frame's category as its interned code (-2 for any category, -1 when no enterprise has it).
        let frameCategory: [Int] = scored.map { target in
            target.frame.category.map { categories.existing($0) ?? -1 } ?? -2
        }
        let frameSize: [UInt8] = scored.map(\.frame.size)

        func inFrame(_ k: Int, size: UInt8, category: Int) -> Bool {
            size != 0 && (frameSize[k] == 0 || frameSize[k] == size)
                && (frameCategory[k] == -2 || frameCategory[k] == category)
        }

        // One flat array of tallies, at ((year slot × targets) + target) × districts + district.
        let districtCount = max(districts.count, 1)
        var counts = Array(repeating: ReportEngine.Tally(), count: years.count * scored.count * districtCount)
        func slot(_ y: Int, _ k: Int, _ d: Int) -> Int { (y * scored.count + k) * districtCount + d }

        if !years.isEmpty {
            var seen = Array(repeating: false, count: years.count)
            var answers = Array(repeating: ByteInterner(), count: answerColumns.count)
            var codes = Array(repeating: 0, count: answerColumns.count)
            // Outcome per target and combination of its columns' codes: 1 yes, 0 no, 2 left out, 255 not
            // worked out yet. Answer columns hold a handful of values, so the combinations are few; a
            // target on up to two columns with codes below 256 has a flat table, others a dictionary.
            let flat = scored.map { $0.columns.count <= 2 }
            var outcomeCache = Array(repeating: UInt8(255), count: scored.count * 65_536)
            var outcomeMap: [[Int]: UInt8] = [:]
            func outcomeOf(_ k: Int) -> UInt8 {
                let cols = scored[k].columns
                if flat[k] {
                    let a = cols.isEmpty ? 0 : codes[cols[0]]
                    let b = cols.count > 1 ? codes[cols[1]] : 0
                    if a < 256 && b < 256 {
                        let i = k * 65_536 + a * 256 + b
                        if outcomeCache[i] == 255 { outcomeCache[i] = evaluate(k) }
                        return outcomeCache[i]
                    }
                    return evaluate(k)
                }
                let key = [k] + cols.map { codes[$0] }
                if let known = outcomeMap[key] { return known }
                let one = evaluate(k)
                outcomeMap[key] = one
                return one
            }
            func evaluate(_ k: Int) -> UInt8 {
                let target = scored[k]
                let value: (String) -> String = { name in
                    guard let c = answerColumns.firstIndex(of: name), codes[c] >= 0 else { return "" }
                    return answers[c].string(codes[c])
                }
                if let na = target.notApplicable, na.holds(value) { return 2 }
                return target.numerator?.holds(value) == true ? 1 : 0
            }
            let hasAnswer = scored.map { $0.numerator != nil }
            typealias A = ReportStore.AnswerColumn
            try store.forEachSurveyAnswer(columns: answerColumns) { r in
                let year = Int(r.int64(at: A.year))
                // A linear search of two years beats hashing on every row.
                guard let y = years.firstIndex(of: year) else { return }
                seen[y] = true
                // Only the owner's answers count: an answer filed by another unit under this enterprise's
                // tax code (a hub from before ownership checks may hold one) is not the enterprise's.
                guard let e = r.withUTF8(at: A.taxCode, { enterpriseIndex.find($0) }) ?? nil,
                    !answered[y * enterpriseCount + e],
                    r.withUTF8(at: A.district, { districts.existing($0) }) == districtOf[e]
                else { return }
                let size = sizeOf[y][e]
                guard size != 0 else { return }
                answered[y * enterpriseCount + e] = true
                // Answer columns are read only when a target in this enterprise's frames looks at them.
                for c in codes.indices { codes[c] = -1 }
                let d = districtOf[e]
                let category = categoryOf[e]
                for k in scored.indices where inFrame(k, size: size, category: category) {
                    guard hasAnswer[k] else {
                        counts[slot(y, k, d)].numerator += 1
                        continue
                    }
                    for c in scored[k].columns where codes[c] < 0 {
                        codes[c] =
                            r.withUTF8(at: A.firstAnswer + Int32(c)) { answers[c].code($0) } ?? answers[c].code(for: "")
                    }
                    let outcome = outcomeOf(k)
                    let i = slot(y, k, d)
                    if outcome == 2 {
                        counts[i].notApplicable += 1
                    } else {
                        counts[i].denominator += 1
                        if outcome == 1 { counts[i].numerator += 1 }
                    }
                }
            }
            for (y, year) in years.enumerated() where seen[y] { result.yearsSeen.insert(year) }
        }

        // Members of each frame with no answer for the year.
        for y in years.indices {
            for e in districtOf.indices where !answered[y * enterpriseCount + e] && sizeOf[y][e] != 0 {
                for k in scored.indices where inFrame(k, size: sizeOf[y][e], category: categoryOf[e]) {
                    counts[slot(y, k, districtOf[e])].notSurveyed += 1
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
                for d in 0..<districts.count {
                    let t = counts[slot(y, k, d)]
                    cells[districts.string(d)] = t
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

/// Short byte strings (district codes, categories, answer values) interned to small integers by a
/// linear search: these columns hold a handful of distinct values. Up to 16 bytes compare as two
/// integers.
struct ByteInterner {
    private struct Key {
        let count: Int
        let head: UInt64
        let tail: UInt64
        let bytes: [UInt8]
    }
    private var keys: [Key] = []

    var count: Int { keys.count }

    /// The first 8 bytes and the 8 bytes after them, little-endian, zero-padded.
    private static func pack(_ bytes: UnsafeBufferPointer<UInt8>) -> (UInt64, UInt64) {
        var head: UInt64 = 0
        var tail: UInt64 = 0
        let n = min(bytes.count, 16)
        var i = 0
        while i < n {
            if i < 8 {
                head |= UInt64(bytes[i]) << (8 * UInt64(i))
            } else {
                tail |= UInt64(bytes[i]) << (8 * UInt64(i - 8))
            }
            i += 1
        }
        return (head, tail)
    }

    mutating func code(_ bytes: UnsafeBufferPointer<UInt8>) -> Int {
        let (head, tail) = Self.pack(bytes)
        let n = bytes.count
        for i in keys.indices {
            let key = keys[i]
            if key.count == n && key.head == head && key.tail == tail && (n <= 16 || key.bytes.elementsEqual(bytes)) {
                return i
            }
        }
        keys.append(Key(count: n, head: head, tail: tail, bytes: Array(bytes)))
        return keys.count - 1
    }

    mutating func code(for text: String) -> Int {
        Array(text.utf8).withUnsafeBufferPointer { code($0) }
    }

    func existing(_ text: String) -> Int? { keys.firstIndex { $0.bytes == Array(text.utf8) } }

    /// The code of `bytes` if it was interned (nothing is added).
    func existing(_ bytes: UnsafeBufferPointer<UInt8>) -> Int? {
        let (head, tail) = Self.pack(bytes)
        let n = bytes.count
        return keys.firstIndex { key in
            key.count == n && key.head == head && key.tail == tail && (n <= 16 || key.bytes.elementsEqual(bytes))
        }
    }

    func string(_ code: Int) -> String { String(decoding: keys[code].bytes, as: UTF8.self) }
}

/// Enterprise numbers by tax code. A well-formed code (10 digits, or 10 + `-` + 3) is keyed by its
/// digits as an integer (13-digit branches offset so they never meet a 10-digit code) in a sorted
/// array searched by bisection; anything else by its text. Call `seal()` after the inserts.
struct TaxCodeIndex {
    private var keys: [Int64] = []
    private var values: [Int] = []
    private var other: [String: Int] = [:]

    static func number(_ bytes: UnsafeBufferPointer<UInt8>) -> Int64? {
        var value: Int64 = 0
        var digits = 0
        for (i, b) in bytes.enumerated() {
            if b >= 48 && b <= 57 {
                value = value * 10 + Int64(b - 48)
                digits += 1
            } else if b != 45 || i != 10 {
                return nil
            }
        }
        switch (digits, bytes.count) {
        case (10, 10): return value
        case (13, 14): return value + 10_000_000_000_000
        default: return nil
        }
    }

    /// Adds `index` under the code (codes are unique: `tax_code` is the table's primary key).
    mutating func insert(_ bytes: UnsafeBufferPointer<UInt8>, _ index: Int) {
        if let n = Self.number(bytes) {
            keys.append(n)
            values.append(index)
        } else {
            other[String(decoding: bytes, as: UTF8.self), default: index] = index
        }
    }

    /// Sorts the numeric keys (stable, so a repeated code keeps its first index).
    mutating func seal() {
        let order = keys.indices.sorted { keys[$0] != keys[$1] ? keys[$0] < keys[$1] : $0 < $1 }
        keys = order.map { keys[$0] }
        values = order.map { values[$0] }
    }

    func find(_ bytes: UnsafeBufferPointer<UInt8>) -> Int? {
        guard let n = Self.number(bytes) else { return other[String(decoding: bytes, as: UTF8.self)] }
        var low = 0
        var high = keys.count
        while low < high {
            let mid = (low + high) / 2
            if keys[mid] < n { low = mid + 1 } else { high = mid }
        }
        return low < keys.count && keys[low] == n ? values[low] : nil
    }
}
