import Yams

extension Plan {
    /// Largest plan file read: a plan is a few kilobytes; anything far bigger is not one.
    public static let maxFileBytes = 1 << 20

    /// Parses a plan file (`docs/plans.md`) with Yams and checks it against the synced schema and the
    /// vocabularies, so a misspelt field or value is an error naming its line, never a target that
    /// silently counts nothing.
    public static func parse(yaml: String, source: String = "plan file") throws(CoreError) -> Plan {
        guard yaml.utf8.count <= maxFileBytes else {
            throw CoreError(
                "bad_plan",
                LocalizedText(
                    vi:
                        "\(source == "plan file" ? "tệp kế hoạch" : source): lớn hơn \(maxFileBytes) byte; một tệp kế hoạch chỉ vài kilobyte",
                    en: "\(source): larger than \(maxFileBytes) bytes; a plan file is a few kilobytes"))
        }
        let root: Node?
        do { root = try Yams.compose(yaml: yaml) } catch {
            throw CoreError(
                "bad_plan",
                LocalizedText(
                    vi:
                        "\(source == "plan file" ? "tệp kế hoạch" : source): không phải YAML hợp lệ (\(error)); xem mẫu trong docs/plans.md",
                    en: "\(source): not valid YAML (\(error)); see docs/plans.md for the form"))
        }
        guard let root else {
            throw CoreError(
                "bad_plan",
                LocalizedText(
                    vi: "\(source == "plan file" ? "tệp kế hoạch" : source): tệp trống; xem mẫu trong docs/plans.md",
                    en: "\(source): empty; see docs/plans.md for the form"))
        }
        let reader = PlanReader(source: source)
        return try reader.plan(root)
    }
}

/// Reads a composed YAML document into a `Plan`, every error naming the file, the line and the key.
private struct PlanReader {
    let source: String

    func fail(_ node: Node?, _ vi: String, _ en: String) -> CoreError {
        let line = node?.mark.map(\.line)
        let viSource = source == "plan file" ? "tệp kế hoạch" : source
        return CoreError(
            "bad_plan",
            LocalizedText(
                vi: "\(viSource)\(line.map { " dòng \($0)" } ?? ""): \(vi); xem docs/plans.md",
                en: "\(source)\(line.map { " line \($0)" } ?? ""): \(en); see docs/plans.md"))
    }

    /// The Vietnamese name of a part of the plan named in English ("target t1 members").
    static func vi(_ what: String) -> String {
        var name = what
        var members = false
        if name.hasSuffix(" members") {
            name.removeLast(" members".count)
            members = true
        }
        if name == "plan" {
            name = "kế hoạch"
        } else if name == "period" {
            name = "thời kỳ"
        } else if name == "target" {
            name = "chỉ tiêu"
        } else if name.hasPrefix("target ") {
            name = "chỉ tiêu " + name.dropFirst("target ".count)
        }
        return members ? "thành viên của \(name)" : name
    }

    func mapping(_ node: Node, _ what: String) throws(CoreError) -> Node.Mapping {
        guard let m = node.mapping else {
            throw fail(
                node, "\(Self.vi(what)) phải là một ánh xạ (khoá: giá trị)", "\(what) must be a mapping (key: value)")
        }
        return m
    }

    func keys(_ node: Node, allowed: Set<String>, _ what: String) throws(CoreError) {
        for key in try mapping(node, what).keys {
            let name = key.string ?? ""
            if !allowed.contains(name) {
                throw fail(
                    key,
                    "\(Self.vi(what)): khoá '\(name)' không được dùng; các khoá được dùng: \(allowed.sorted().joined(separator: ", "))",
                    "\(what): unknown key '\(name)'; allowed: \(allowed.sorted().joined(separator: ", "))")
            }
        }
    }

    func text(_ node: Node, _ key: String, _ what: String) throws(CoreError) -> String {
        guard let value = node[key] else {
            throw fail(node, "\(Self.vi(what)): thiếu '\(key)'", "\(what): missing '\(key)'")
        }
        guard let s = value.scalar?.string, !s.isEmpty else {
            throw fail(value, "\(Self.vi(what)): '\(key)' phải là văn bản", "\(what): '\(key)' must be text")
        }
        return s
    }

    func optionalText(_ node: Node, _ key: String, _ what: String) throws(CoreError) -> String? {
        guard let value = node[key] else { return nil }
        guard let s = value.scalar?.string else {
            throw fail(value, "\(Self.vi(what)): '\(key)' phải là văn bản", "\(what): '\(key)' must be text")
        }
        return s == "null" || s == "~" || s.isEmpty ? nil : s
    }

    func int(_ node: Node, _ key: String, _ what: String) throws(CoreError) -> Int {
        let raw = try text(node, key, what)
        guard let v = Int(raw) else {
            throw fail(
                node[key], "\(Self.vi(what)): '\(key)' là '\(raw)', cần một số nguyên",
                "\(what): '\(key)' is '\(raw)', expected a whole number")
        }
        return v
    }

    func plan(_ root: Node) throws(CoreError) -> Plan {
        try keys(
            root,
            allowed: ["id", "title_vi", "title_en", "decision", "decision_date", "period", "target_year", "targets"],
            "plan")
        let id = try text(root, "id", "plan")
        guard id.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") }) else {
            throw fail(
                root["id"], "mã kế hoạch '\(id)' chỉ được gồm chữ cái ASCII, chữ số, '-' và '_'",
                "plan id '\(id)' may hold only ASCII letters, digits, '-' and '_'")
        }
        let date = try text(root, "decision_date", "plan")
        guard ISODate.isValid(date) else {
            throw fail(
                root["decision_date"], "decision_date '\(date)' không phải là ngày (YYYY-MM-DD)",
                "decision_date '\(date)' is not a date (YYYY-MM-DD)")
        }
        guard let periodNode = root["period"] else {
            throw fail(root, "kế hoạch: thiếu 'period'", "plan: missing 'period'")
        }
        try keys(periodNode, allowed: ["from", "to"], "period")
        let from = try int(periodNode, "from", "period")
        let to = try int(periodNode, "to", "period")
        guard SurveyAnswer.years.contains(from), SurveyAnswer.years.contains(to), from <= to else {
            throw fail(
                periodNode, "thời kỳ \(from)–\(to) phải gồm các năm điều tra, với from ≤ to",
                "period \(from)–\(to) must be survey years with from ≤ to")
        }
        let targetYear = try int(root, "target_year", "plan")
        guard (from...to).contains(targetYear) else {
            throw fail(
                root["target_year"], "target_year \(targetYear) nằm ngoài thời kỳ \(from)–\(to)",
                "target_year \(targetYear) lies outside the period \(from)–\(to)")
        }
        guard let list = root["targets"]?.sequence, !list.isEmpty else {
            throw fail(
                root, "kế hoạch: 'targets' phải là một danh sách không rỗng", "plan: 'targets' must be a non-empty list"
            )
        }
        var targets: [PlanTarget] = []
        for item in list {
            let t = try target(item)
            if targets.contains(where: { $0.id == t.id }) {
                throw fail(item, "mã chỉ tiêu '\(t.id)' bị trùng", "duplicate target id '\(t.id)'")
            }
            targets.append(t)
        }
        return Plan(
            id: id, titleVi: VietnameseText.nfc(try text(root, "title_vi", "plan")),
            titleEn: try text(root, "title_en", "plan"),
            decision: VietnameseText.nfc(try text(root, "decision", "plan")),
            decisionDate: date, period: from...to, targetYear: targetYear, targets: targets)
    }

    func target(_ node: Node) throws(CoreError) -> PlanTarget {
        let id = try text(node, "id", "target")
        let what = "target \(id)"
        try keys(
            node,
            allowed: [
                "id", "label", "population", "members", "numerator", "not_applicable", "definition", "op", "threshold",
                "unit", "en", "vi",
            ], what)
        let op = try optionalText(node, "op", what).map { raw throws(CoreError) -> PlanTarget.Operator in
            guard let op = PlanTarget.Operator(rawValue: raw) else {
                throw fail(
                    node["op"], "\(Self.vi(what)): op '\(raw)' không phải '==' hoặc '>='",
                    "\(what): op '\(raw)' is not '==' or '>='")
            }
            return op
        }
        let threshold = try optionalText(node, "threshold", what).map { raw throws(CoreError) -> Int in
            guard let v = Int(raw), v >= 0 else {
                throw fail(
                    node["threshold"], "\(Self.vi(what)): threshold '\(raw)' không phải số nguyên ≥ 0",
                    "\(what): threshold '\(raw)' is not a whole number ≥ 0")
            }
            return v
        }
        let unit = try optionalText(node, "unit", what).map { raw throws(CoreError) -> PlanTarget.Unit in
            guard let u = PlanTarget.Unit(rawValue: raw) else {
                throw fail(
                    node["unit"], "\(Self.vi(what)): unit '\(raw)' không phải percent hoặc count",
                    "\(what): unit '\(raw)' is not percent or count")
            }
            return u
        }
        if (op == nil) != (threshold == nil) {
            throw fail(
                node,
                "\(Self.vi(what)): hãy ghi cả op và threshold, hoặc không ghi cả hai (chỉ tiêu chỉ hiển thị, không chấm điểm)",
                "\(what): give both op and threshold, or neither (a target shown, not scored)")
        }
        let measure = try self.measure(node, what)
        if case .notScored = measure, op != nil {
            throw fail(
                node, "\(Self.vi(what)): chỉ tiêu có chấm điểm cần 'members' và 'numerator'",
                "\(what): a scored target needs 'members' and 'numerator'")
        }
        switch (measure, unit) {
        case (.count, .some(.percent)), (.share, .some(.count)), (.trainedOfficials, .some(.count)):
            throw fail(
                node["unit"],
                "\(Self.vi(what)): unit không hợp với numerator ('all' là số đếm; một điều kiện là tỷ lệ phần trăm)",
                "\(what): unit does not fit the numerator ('all' counts; a condition is a percent)")
        default: break
        }
        return PlanTarget(
            id: id, label: VietnameseText.nfc(try text(node, "label", what)),
            population: try text(node, "population", what), op: op, threshold: threshold, unit: unit,
            en: try text(node, "en", what), vi: VietnameseText.nfc(try text(node, "vi", what)), measure: measure,
            definition: try optionalText(node, "definition", what))
    }

    func measure(_ node: Node, _ what: String) throws(CoreError) -> PlanMeasure {
        guard let members = node["members"] else {
            if node["numerator"] != nil || node["not_applicable"] != nil {
                throw fail(node, "\(Self.vi(what)): numerator cần có 'members'", "\(what): a numerator needs 'members'")
            }
            return .notScored
        }
        try keys(members, allowed: ["of", "size", "category", "role"], "\(what) members")
        let of = try text(members, "of", "\(what) members")
        guard let numerator = node["numerator"] else {
            throw fail(node, "\(Self.vi(what)): thiếu 'numerator'", "\(what): missing 'numerator'")
        }
        switch of {
        case "officials":
            let role = try text(members, "role", "\(what) members")
            do { _ = try OfficerRole.parse(role) } catch {
                throw fail(members["role"], "\(Self.vi(what)): \(error.message(in: .vi))", "\(what): \(error.message)")
            }
            guard numerator.scalar?.string == "trained" else {
                throw fail(
                    numerator, "\(Self.vi(what)): numerator của cán bộ là 'trained'",
                    "\(what): the numerator of officials is 'trained'")
            }
            if node["not_applicable"] != nil {
                throw fail(
                    node, "\(Self.vi(what)): cán bộ không có 'not_applicable'",
                    "\(what): officials have no 'not_applicable'")
            }
            return .trainedOfficials(role: role)
        case "surveyed_enterprises":
            let sizeRaw = try optionalText(members, "size", "\(what) members") ?? "any"
            guard let size = PlanMeasure.EnterpriseFrame.Size(rawValue: sizeRaw) else {
                throw fail(
                    members["size"], "\(Self.vi(what)): size '\(sizeRaw)' không phải large, sme hoặc any",
                    "\(what): size '\(sizeRaw)' is not large, sme or any")
            }
            let category = try optionalText(members, "category", "\(what) members")
            if let category {
                do { _ = try EnterpriseCategory.parse(category) } catch {
                    throw fail(
                        members["category"], "\(Self.vi(what)): \(error.message(in: .vi))", "\(what): \(error.message)")
                }
            }
            let frame = PlanMeasure.EnterpriseFrame(size: size, category: category)
            if numerator.scalar?.string == "all" {
                if node["not_applicable"] != nil {
                    throw fail(
                        node, "\(Self.vi(what)): số đếm không có 'not_applicable'",
                        "\(what): a count has no 'not_applicable'")
                }
                return .count(frame)
            }
            return .share(
                frame, numerator: try predicate(numerator, what),
                notApplicable: try node["not_applicable"].map { n throws(CoreError) in try predicate(n, what) })
        default:
            throw fail(
                members["of"], "\(Self.vi(what)): members of '\(of)' không phải surveyed_enterprises hoặc officials",
                "\(what): members of '\(of)' is not surveyed_enterprises or officials")
        }
    }

    /// Survey fields a condition may name: the answer columns of the synced `surveys` table.
    static let surveyFields: Set<String> = Set(
        SyncedTable.surveys.columns.map(\.name).filter { !["district", "tax_code", "year"].contains($0) })

    /// The closed vocabulary of each coded survey field; free-text fields (collector, date) have none.
    static let fieldValues: [String: Set<String>] = {
        func raw<V: Vocabulary>(_: V.Type) -> Set<String> { Set(V.allCases.map(\.rawValue)) }
        return [
            "email_use": raw(EmailUse.self), "website": raw(WebsiteUpdate.self),
            "ecommerce_site": raw(EcommerceSite.self), "edi": raw(YesNo.self), "b2b": raw(YesNo.self),
            "b2c": raw(YesNo.self), "software": raw(SoftwareKind.self), "cashless": raw(YesNoNA.self),
            "e_bill_payment": raw(YesNoNA.self), "consumer_e_channel": raw(YesNoNA.self),
        ]
    }()

    func predicate(_ node: Node, _ what: String) throws(CoreError) -> PlanPredicate {
        guard let m = node.mapping, m.count == 1 || node["field"] != nil else {
            throw fail(
                node,
                "\(Self.vi(what)): một điều kiện có dạng {field: F, in: […]}, {field: F, has_other_than: […]}, {any: […]}, "
                    + "{all: […]} hoặc {not: …}",
                "\(what): a condition is {field: F, in: […]}, {field: F, has_other_than: […]}, {any: […]}, "
                    + "{all: […]} or {not: …}")
        }
        if let field = node["field"] {
            try keys(node, allowed: ["field", "in", "has_other_than"], "\(what) condition")
            let name = field.scalar?.string ?? ""
            guard Self.surveyFields.contains(name) else {
                throw fail(
                    field,
                    "\(Self.vi(what)): trường điều tra '\(name)' không tồn tại; các trường: \(Self.surveyFields.sorted().joined(separator: ", "))",
                    "\(what): unknown survey field '\(name)'; fields: \(Self.surveyFields.sorted().joined(separator: ", "))"
                )
            }
            switch (node["in"], node["has_other_than"]) {
            case (let values?, nil): return .field(name, in: try valueSet(values, field: name, what))
            case (nil, let values?): return .listHasOtherThan(name, try valueSet(values, field: name, what))
            default:
                throw fail(
                    node,
                    "\(Self.vi(what)): một điều kiện theo trường chỉ nhận đúng một trong hai khoá 'in' hoặc 'has_other_than'",
                    "\(what): a field condition takes exactly one of 'in' or 'has_other_than'")
            }
        }
        if let list = node["any"] ?? node["all"] {
            guard let items = list.sequence, !items.isEmpty else {
                throw fail(
                    list, "\(Self.vi(what)): 'any' và 'all' nhận một danh sách điều kiện không rỗng",
                    "\(what): 'any' and 'all' take a non-empty list of conditions")
            }
            var parts: [PlanPredicate] = []
            for item in items { parts.append(try predicate(item, what)) }
            return node["any"] != nil ? .any(parts) : .all(parts)
        }
        if let inner = node["not"] { return .not(try predicate(inner, what)) }
        throw fail(
            node, "\(Self.vi(what)): điều kiện '\(node.mapping?.keys.first?.string ?? "")' không được hỗ trợ",
            "\(what): unknown condition '\(node.mapping?.keys.first?.string ?? "")'")
    }

    func valueSet(_ node: Node, field: String, _ what: String) throws(CoreError) -> Set<String> {
        guard let items = node.sequence, !items.isEmpty else {
            throw fail(node, "\(Self.vi(what)): các giá trị phải là một danh sách", "\(what): values must be a list")
        }
        var out: Set<String> = []
        let allowed = Self.fieldValues[field]
        for item in items {
            guard let s = item.scalar?.string, !s.isEmpty else {
                throw fail(item, "\(Self.vi(what)): mỗi giá trị phải là văn bản", "\(what): a value must be text")
            }
            if let allowed, !allowed.contains(s) {
                throw fail(
                    item,
                    "\(Self.vi(what)): '\(s)' không phải giá trị của \(field); các giá trị: \(allowed.sorted().joined(separator: ", "))",
                    "\(what): '\(s)' is not a value of \(field); values: \(allowed.sorted().joined(separator: ", "))")
            }
            out.insert(s)
        }
        return out
    }
}
