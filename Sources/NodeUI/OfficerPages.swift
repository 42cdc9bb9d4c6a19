import DistrictNode
import DistrictSyncCore

/// `/officers`, `/officers/new`, `/officers/{id}`: the district's officers (C.V.2).
enum OfficerPages {
    static let fields: [FormField] = [
        .text("name", hint: "Họ và tên đầy đủ, ví dụ Nguyễn Thị Minh Khai."),
        .choice("office", Office.self, label: Labels.office),
        .choice("role", OfficerRole.self, label: Labels.role),
        .text("appointed", hint: "Dạng NĂM-THÁNG-NGÀY, ví dụ 2026-03-15."),
        .text("decision", hint: "Ví dụ 123/QĐ-UBND."),
        .text("decision_date", hint: "Để trống nếu trùng ngày bắt đầu. Dạng NĂM-THÁNG-NGÀY.", required: false),
        .text("contact", required: false),
    ]

    static func district(_ session: NodeSession) -> String { session.unit?.nameVi ?? session.config.district }

    static func list(_ session: NodeSession) throws -> HTML {
        let coverage = try session.officerCoverage(on: session.today)
        let rows = try session.officers().map { o -> HTML in
            let state = o.isActive(on: session.today) ? "Đang công tác" : "Đã thôi"
            return """
                <tr><td><a href="/officers/\(o.id)">\(o.fullName)</a></td><td>\(Labels.office(o.office))</td>\
                <td>\(Labels.role(o.role))</td><td>\(UIFormat.date(o.startDate))</td><td>\(state)</td></tr>
                """
        }
        let status: HTML =
            coverage.covered
            ? "<p>Đơn vị <strong>đạt</strong> chỉ tiêu C.V.2: có \(coverage.eligible.count) cán bộ đúng phòng và nhiệm vụ đang công tác.</p>"
            : "<p>Đơn vị <strong>chưa đạt</strong> chỉ tiêu C.V.2: chưa có cán bộ đúng phòng và nhiệm vụ đang công tác. <a href=\"/officers/new\">Thêm cán bộ</a>.</p>"
        let table: HTML =
            rows.isEmpty
            ? "<p>Chưa có cán bộ nào.</p>"
            : """
            <table><caption>Cán bộ của đơn vị</caption><thead><tr><th scope="col">Họ tên</th><th scope="col">Phòng</th>\
            <th scope="col">Nhiệm vụ</th><th scope="col">Ngày bắt đầu</th><th scope="col">Tình trạng</th></tr></thead>
            <tbody>\(rows)</tbody></table>
            """
        return Layout.page(
            title: "Cán bộ", district: district(session), active: "/officers",
            body: "\(status)<p><a href=\"/officers/new\">Thêm cán bộ</a></p>\(table)")
    }

    static func form(
        _ session: NodeSession, values: [String: String], issues: [FieldIssue], formToken: String,
        draftID: String? = nil
    ) -> HTML {
        let body: HTML = """
            \(FormParts.summary(issues, fields: fields))
            <form method="post" action="/officers/new" novalidate>
            \(FormParts.token(formToken))
            \(FormParts.fields(fields, values: values, issues: issues))
            \(FormParts.buttons(save: "Lưu cán bộ", draftID: draftID))
            </form>
            """
        return Layout.page(title: "Thêm cán bộ", district: district(session), active: "/officers", body: body)
    }

    /// Checks the form by the node's officer rules, then appoints through `addOfficer` (the CLI's call).
    static func add(_ session: NodeSession, form: FormData) throws -> FormOutcome {
        let issues = try session.officerIssues(form.values)
        guard issues.isEmpty, let office = Office(rawValue: form["office"]),
            let role = OfficerRole(rawValue: form["role"])
        else { return .refused(issues) }
        do {
            let officer = try session.addOfficer(
                name: form["name"], office: office, role: role, appointed: form["appointed"].trimmedSpaces,
                decision: form["decision"],
                decisionDate: form["decision_date"].trimmedSpaces.isEmpty ? nil : form["decision_date"].trimmedSpaces,
                contact: form["contact"])
            return .saved(officer.id)
        } catch let error as NodeError {
            let column: String
            switch error.code {
            case "period_outside_unit": column = "appointed"
            case "officer_decision": column = "decision"
            default: column = "name"
            }
            return .refused([FieldIssue(column: column, value: form[column], reason: error.text)])
        }
    }

    /// The fields of the edit form: what `dsync node officer update` and `officer end` change.
    static let editFields: [FormField] =
        fields.filter { $0.name != "appointed" } + [
            .text(
                "end_date", hint: "Ngày thôi nhiệm vụ (không tính), NĂM-THÁNG-NGÀY; để trống nếu còn công tác.",
                required: false)
        ]

    static func values(of o: Officer) -> [String: String] {
        [
            "name": o.fullName, "office": o.office.rawValue, "role": o.role.rawValue, "appointed": o.startDate,
            "decision": o.decisionNumber, "decision_date": o.decisionDate, "contact": o.contact,
            "end_date": o.endDate ?? "",
        ]
    }

    /// `/officers/{id}/edit`.
    static func editForm(
        _ session: NodeSession, id: String, values: [String: String]?, issues: [FieldIssue], formToken: String
    ) throws -> HTML {
        let o = try session.officer(id)
        let body: HTML = """
            \(FormParts.summary(issues, fields: editFields))
            <p>Ngày bắt đầu công tác: \(UIFormat.date(o.startDate)) (không sửa được).</p>
            <form method="post" action="/officers/\(o.id)/edit" novalidate>
            \(FormParts.token(formToken))
            \(FormParts.fields(editFields, values: values ?? Self.values(of: o), issues: issues))
            <p><button type="submit">Lưu thay đổi</button> <a href="/officers/\(o.id)">Bỏ qua, về hồ sơ</a></p>
            </form>
            """
        return Layout.page(title: "Sửa: \(o.fullName)", district: district(session), active: "/officers", body: body)
    }

    /// Checks by the officer rules (the record itself is no duplicate), then `updateOfficer`, the
    /// call of `dsync node officer update` and `officer end`.
    static func update(_ session: NodeSession, id: String, form: FormData) throws -> FormOutcome {
        let current = try session.officer(id)
        var values: [String: String] = ["appointed": current.startDate]
        for f in editFields { values[f.name] = form[f.name] }
        let found = try session.officerIssues(values, editing: current.id)
        guard found.isEmpty, let office = Office(rawValue: values["office"] ?? ""),
            let role = OfficerRole(rawValue: values["role"] ?? "")
        else { return .refused(found) }
        let end = (values["end_date"] ?? "").trimmedSpaces
        let decisionDate = (values["decision_date"] ?? "").trimmedSpaces
        do {
            let updated = try session.updateOfficer(current.id) { o in
                let name = values["name"] ?? ""
                let parts = VietnameseText.splitName(name)
                o.fullName = VietnameseText.clean(name)
                (o.familyName, o.middleName, o.givenName) = (parts.family, parts.middle, parts.given)
                o.office = office
                o.role = role
                o.decisionNumber = VietnameseText.clean(values["decision"] ?? "")
                o.decisionDate = decisionDate.isEmpty ? o.startDate : decisionDate
                o.contact = VietnameseText.clean(values["contact"] ?? "")
                o.endDate = end.isEmpty ? nil : end
            }
            return .saved(updated.id)
        } catch let error as NodeError {
            let column =
                error.code == "period_outside_unit" || error.code == "officer_end_before_start" ? "end_date" : "name"
            return .refused([FieldIssue(column: column, value: values[column] ?? "", reason: error.text)])
        }
    }

    static func record(
        _ session: NodeSession, id: String, saved: Bool, formToken: String,
        training: TrainingSection.State = .init()
    ) throws -> HTML {
        let o = try session.officer(id)
        let banner: HTML = saved ? "<div class=\"saved\" role=\"status\">Đã lưu cán bộ.</div>" : .empty
        let counts = try session.officerCoverage(on: session.today).eligible.contains { $0.id == o.id }
        let coverage: HTML =
            counts
            ? "Hôm nay cán bộ này được tính cho chỉ tiêu C.V.2 của đơn vị (đúng phòng và nhiệm vụ, đang công tác)."
            : "Hôm nay cán bộ này không được tính cho chỉ tiêu C.V.2 (không đúng phòng và nhiệm vụ, hoặc không còn công tác)."
        let trainingHTML = try TrainingSection.render(
            session, officerID: o.id, state: training, formToken: formToken)
        let body: HTML = """
            \(banner)
            <dl class="facts">
            <dt>Phòng</dt><dd>\(Labels.office(o.office))</dd>
            <dt>Nhiệm vụ</dt><dd>\(Labels.role(o.role))</dd>
            <dt>Quyết định</dt><dd>\(o.decisionNumber), ngày \(UIFormat.date(o.decisionDate))</dd>
            <dt>Công tác</dt><dd>từ \(UIFormat.date(o.startDate))\(o.endDate.map { " đến \(UIFormat.date($0))" } ?? "")</dd>
            <dt>Liên hệ</dt><dd>\(o.contact.isEmpty ? "—" : o.contact)</dd>
            <dt>Mã cán bộ</dt><dd>\(o.id)</dd>
            </dl>
            <p>\(coverage)</p>
            <p><a href="/officers/\(o.id)/edit">Sửa thông tin hoặc ghi ngày thôi nhiệm vụ</a></p>
            \(trainingHTML)
            """
        return Layout.page(title: o.fullName, district: district(session), active: "/officers", body: body)
    }
}
