import Foundation

/// One target of the plan's section B (`config/targets.yaml`): who it counts, and the bar to reach.
///
/// Targets with no operator (B3, B4c) are shown in reports but never scored.
public struct PlanTarget: Sendable, Hashable, Codable {
    /// How a value compares with the threshold.
    public enum Operator: String, Sendable, Hashable, Codable {
        case equal = "=="
        case atLeast = ">="
    }

    /// Whether the target is a percentage of a population or a plain count.
    public enum Unit: String, Sendable, Hashable, Codable {
        case percent
        case count
    }

    public let id: String
    /// The plan's own label, e.g. `B.1.đ`.
    public let label: String
    public let population: String
    public let op: Operator?
    public let threshold: Int?
    public let unit: Unit?
    public let en: String
    public let vi: String

    public init(
        id: String, label: String, population: String, op: Operator?, threshold: Int?, unit: Unit?, en: String,
        vi: String
    ) {
        self.id = id
        self.label = label
        self.population = population
        self.op = op
        self.threshold = threshold
        self.unit = unit
        self.en = en
        self.vi = vi
    }

    /// Whether the plan gives this target a number to reach.
    public var isScored: Bool { op != nil && threshold != nil }

    /// Whether `numerator` out of `denominator` reaches the bar; exact integer arithmetic, so 100%
    /// means every member and never a rounding artefact. Nil when unscored or the population is empty.
    public func isMet(numerator: Int, denominator: Int) -> Bool? {
        guard let op, let threshold else { return nil }
        switch unit ?? .percent {
        case .count:
            return op == .equal ? numerator == threshold : numerator >= threshold
        case .percent:
            guard denominator > 0 else { return nil }
            let scaled = numerator * 100
            let bar = threshold * denominator
            return op == .equal ? scaled == bar : scaled >= bar
        }
    }
}

extension PlanTarget {
    /// Parses the targets file: a YAML list of flow mappings (`- {id: B1, label: "B.1", ...}`), one
    /// mapping per item, possibly over several lines, with `#` comment lines. Only this shape is
    /// accepted; anything else is an error naming the item.
    public static func parseList(yaml: String) throws(CoreError) -> [PlanTarget] {
        var targets: [PlanTarget] = []
        for (index, item) in try flowItems(yaml).enumerated() {
            let fields = try flowMapping(item, index: index + 1)
            func fail(_ what: String) -> CoreError {
                CoreError("bad_targets", "targets item \(index + 1): \(what)")
            }
            func text(_ key: String) throws(CoreError) -> String {
                guard let value = fields[key] ?? nil, !value.isEmpty else { throw fail("missing '\(key)'") }
                return value
            }
            let opRaw = fields["op"] ?? nil
            let op: Operator?
            if let opRaw {
                guard let parsed = Operator(rawValue: opRaw) else { throw fail("unknown op '\(opRaw)'") }
                op = parsed
            } else {
                op = nil
            }
            let thresholdRaw = fields["threshold"] ?? nil
            var threshold: Int?
            if let thresholdRaw {
                guard let value = Int(thresholdRaw) else { throw fail("threshold '\(thresholdRaw)' is not a number") }
                threshold = value
            }
            let unitRaw = fields["unit"] ?? nil
            var unit: Unit?
            if let unitRaw {
                guard let value = Unit(rawValue: unitRaw) else { throw fail("unknown unit '\(unitRaw)'") }
                unit = value
            }
            let target = PlanTarget(
                id: try text("id"), label: try text("label"), population: try text("population"), op: op,
                threshold: threshold, unit: unit, en: try text("en"), vi: VietnameseText.nfc(try text("vi")))
            if targets.contains(where: { $0.id == target.id }) { throw fail("duplicate id '\(target.id)'") }
            targets.append(target)
        }
        return targets
    }

    /// Splits the list into the text between each item's `{` and its matching `}`.
    private static func flowItems(_ yaml: String) throws(CoreError) -> [String] {
        var items: [String] = []
        var current: String?
        var inQuotes = false
        for rawLine in yaml.split(separator: "\n", omittingEmptySubsequences: false) {
            let line = rawLine.trimmingCharacters(in: .whitespaces)
            if current == nil {
                if line.isEmpty || line.hasPrefix("#") { continue }
                guard line.hasPrefix("- {") else {
                    throw CoreError("bad_targets", "targets file: expected '- {' to start an item, found '\(line)'")
                }
                current = ""
            }
            let body = current == "" && line.hasPrefix("- {") ? String(line.dropFirst(3)) : line
            var closed = false
            var previous: Character = " "
            for ch in body {
                if closed { break }
                if ch == "\"" && previous != "\\" { inQuotes.toggle() }
                if ch == "}" && !inQuotes {
                    closed = true
                } else {
                    current?.append(ch)
                }
                previous = ch
            }
            if closed {
                items.append(current ?? "")
                current = nil
            } else {
                current?.append(" ")
            }
        }
        if current != nil { throw CoreError("bad_targets", "targets file: the last item has no closing '}'") }
        return items
    }

    /// Parses `key: value, key: "quoted, value"` into a dictionary; `null` becomes nil.
    private static func flowMapping(_ text: String, index: Int) throws(CoreError) -> [String: String?] {
        var fields: [String: String?] = [:]
        var parts: [String] = []
        var part = ""
        var inQuotes = false
        var escaped = false
        for ch in text {
            if escaped {
                part.append(ch)
                escaped = false
                continue
            }
            if ch == "\\" && inQuotes {
                part.append(ch)
                escaped = true
                continue
            }
            if ch == "\"" { inQuotes.toggle() }
            if ch == "," && !inQuotes {
                parts.append(part)
                part = ""
            } else {
                part.append(ch)
            }
        }
        if inQuotes { throw CoreError("bad_targets", "targets item \(index): unterminated quoted string") }
        parts.append(part)
        for raw in parts {
            let entry = raw.trimmingCharacters(in: .whitespaces)
            if entry.isEmpty { continue }
            guard let colon = entry.firstIndex(of: ":") else {
                throw CoreError("bad_targets", "targets item \(index): '\(entry)' is not 'key: value'")
            }
            let key = entry[..<colon].trimmingCharacters(in: .whitespaces)
            var value = entry[entry.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            if value.hasPrefix("\"") && value.hasSuffix("\"") && value.count >= 2 {
                value = unescape(String(value.dropFirst().dropLast()))
                fields[key] = .some(value)
            } else if value == "null" || value == "~" || value.isEmpty {
                fields[key] = .some(nil)
            } else {
                fields[key] = .some(value)
            }
        }
        return fields
    }

    private static func unescape(_ text: String) -> String {
        var out = ""
        var escaped = false
        for ch in text {
            if escaped {
                out.append(ch == "n" ? "\n" : ch == "t" ? "\t" : ch)
                escaped = false
            } else if ch == "\\" {
                escaped = true
            } else {
                out.append(ch)
            }
        }
        return out
    }
}
