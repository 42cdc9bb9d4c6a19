import DistrictNode
import DistrictSyncCore

/// `/surveys?year=Y` (the district's active enterprises with their answer for the year) and the
/// per-enterprise survey form `/enterprises/{tax_code}/surveys/{year}`, which shows the latest
/// earlier answer beside each field. Field names are the survey CSV columns (docs/import-format.md).
enum SurveyPages {
    static func formPath(taxCode: String, year: String) -> String {
        "/enterprises/\(FormData.encode(taxCode))/surveys/\(FormData.encode(year))"
    }

    static func district(_ session: NodeSession) -> String { session.unit?.nameVi ?? session.config.district }

    /// A year from the URL, or nil when it is not a survey year.
    static func year(_ text: String) -> Int? {
        Int(text).flatMap { SurveyAnswer.years.contains($0) ? $0 : nil }
    }

    /// The answer fields and the value labels of their vocabularies, in form order.
    static let choices: [(name: String, label: String, options: [(String, String)])] = [
        (
            "email_use", "Dùng thư điện tử trong công việc",
            [("none", "Không dùng"), ("occasional", "Thỉnh thoảng"), ("regular", "Thường xuyên")]
        ),
        (
            "website", "Website của doanh nghiệp",
            [
                ("none", "Không có website"), ("rare", "Có, ít cập nhật"), ("periodic", "Có, cập nhật định kỳ"),
                ("regular", "Có, cập nhật thường xuyên"),
            ]
        ),
        (
            "ecommerce_site", "Bán hàng trên mạng",
            [("none", "Không"), ("marketplace", "Tham gia sàn thương mại điện tử"), ("own", "Website bán hàng riêng")]
        ),
        ("edi", "Trao đổi dữ liệu điện tử (EDI) với đối tác", [("yes", "Có"), ("no", "Không")]),
        ("b2b", "Giao dịch điện tử với doanh nghiệp khác (B2B)", [("yes", "Có"), ("no", "Không")]),
        ("b2c", "Bán hàng trực tuyến cho người tiêu dùng (B2C)", [("yes", "Có"), ("no", "Không")]),
        (
            "cashless", "Nhận thanh toán không dùng tiền mặt",
            [("yes", "Có"), ("no", "Không"), ("n/a", "Không áp dụng")]
        ),
        (
            "e_bill_payment", "Thanh toán hóa đơn (điện, nước…) trực tuyến",
            [("yes", "Có"), ("no", "Không"), ("n/a", "Không áp dụng")]
        ),
        (
            "consumer_e_channel", "Kênh điện tử hỗ trợ người tiêu dùng",
            [("yes", "Có"), ("no", "Không"), ("n/a", "Không áp dụng")]
        ),
    ]

    static let software: [(String, String)] = [
        ("accounting", "Kế toán"), ("hr", "Nhân sự"), ("erp", "Quản trị nguồn lực (ERP)"),
        ("crm", "Quản lý khách hàng (CRM)"), ("scm", "Quản lý chuỗi cung ứng (SCM)"), ("other", "Phần mềm khác"),
    ]

    static let texts: [(name: String, label: String, hint: String, numeric: Bool)] = [
        ("collected_by", "Người thu phiếu", "Không bắt buộc.", false),
        ("collected_on", "Ngày thu phiếu", "Dạng YYYY-MM-DD, ví dụ 2024-05-20. Để trống: hôm nay.", false),
        (
            "employees", "Số lao động năm khảo sát",
            "Không bắt buộc; chỉ ghi chữ số. Để trống: dùng số hiện tại của doanh nghiệp.", true
        ),
        ("capital_vnd", "Vốn năm khảo sát (đồng)", "Không bắt buộc; chỉ ghi chữ số.", true),
        ("revenue_vnd", "Doanh thu năm khảo sát (đồng)", "Không bắt buộc; chỉ ghi chữ số.", true),
    ]

    /// Every column the form sends (the survey CSV columns but `tax_code` and `year`, which are in the path).
    static var columns: [String] { choices.map(\.name) + ["software"] + texts.map(\.name) }

    static func label(_ column: String) -> String {
        if let c = choices.first(where: { $0.name == column }) { return c.label }
        if let t = texts.first(where: { $0.name == column }) { return t.label }
        switch column {
        case "software": return "Phần mềm quản lý đang dùng"
        case "tax_code": return "Mã số thuế"
        case "year": return "Năm khảo sát"
        default: return column
        }
    }

    /// How a stored value reads (the vocabulary's label, a `;` set as labels, a date dd/mm/yyyy).
    static func shown(_ column: String, _ value: String) -> String {
        if value.isEmpty { return "để trống" }
        if let c = choices.first(where: { $0.name == column }) {
            return c.options.first { $0.0 == value }?.1 ?? value
        }
        if column == "software" {
            let labels = value.split(separator: ";").map { part in
                software.first { $0.0 == String(part) }?.1 ?? String(part)
            }
            return labels.joined(separator: ", ")
        }
        if column == "collected_on" { return UIFormat.date(value) }
        return value
    }

    /// The form fields, each with the earlier answer as its hint when there is one.
    static func fields(previous: (year: Int, fields: [String: String])?) -> [FormField] {
        func before(_ column: String) -> String? {
            previous.map { "Năm \($0.year): \(shown(column, $0.fields[column] ?? ""))." }
        }
        var out = choices.map { c in
            FormField(
                name: c.name, label: c.label, hint: before(c.name),
                control: .choice(c.options.map { (value: $0.0, label: $0.1) }))
        }
        out.append(
            FormField(
                name: "software", label: label("software"), hint: before("software"), control: .text(inputMode: nil)))
        out += texts.map { t in
            let hint = [t.hint, before(t.name)].compactMap { $0 }.joined(separator: " ")
            return FormField(
                name: t.name, label: t.label, hint: hint, control: .text(inputMode: t.numeric ? "numeric" : nil),
                required: false)
        }
        return out
    }

    /// The software checkboxes: one name sent once per ticked box, a fieldset with its legend.
    static func softwareGroup(_ field: FormField, value: String, issue: FieldIssue?) -> HTML {
        let chosen = Set(value.split(separator: ";").map { String($0).trimmedSpaces })
        var described: [String] = []
        if field.hint != nil { described.append("\(field.id)-hint") }
        if issue != nil { described.append("\(field.id)-error") }
        let describedAttr: HTML =
            described.isEmpty ? .empty : " aria-describedby=\"\(described.joined(separator: " "))\""
        let invalid: HTML = issue == nil ? .empty : " aria-invalid=\"true\""
        let boxes = software.enumerated().map { index, option -> HTML in
            let id = index == 0 ? field.id : "\(field.id)-\(option.0)"
            let checked: HTML = chosen.contains(option.0) ? " checked" : .empty
            return """
                <div class="field check"><input type="checkbox" id="\(id)" name="software" value="\(option.0)"\
                \(checked)\(invalid)\(describedAttr)><label for="\(id)">\(option.1)</label></div>
                """
        }
        let hintHTML: HTML =
            field.hint.map { h -> HTML in "<p class=\"hint\" id=\"\(field.id)-hint\">\(h)</p>" } ?? .empty
        let errorHTML: HTML =
            issue.map { i -> HTML in
                "<p class=\"error\" id=\"\(field.id)-error\">\(FormField.message(i, label: field.label))</p>"
            } ?? .empty
        return """
            <fieldset class="field"><legend>\(field.label)</legend>\(hintHTML)\(errorHTML)\(boxes)</fieldset>
            """
    }

    static func form(
        _ session: NodeSession, taxCode: String, year: Int, values: [String: String]?, issues: [FieldIssue],
        formToken: String, draftID: String? = nil, saved: Bool = false
    ) throws -> HTML {
        let e = try session.business(taxCode)
        let stored = try session.surveyAnswerFields(taxCode: e.key, year: year)
        let previous = try session.previousSurveyAnswer(taxCode: e.key, before: year)
        let fields = fields(previous: previous)
        let shownValues = values ?? stored ?? [:]
        let rendered = fields.map { f -> HTML in
            let issue = issues.first { $0.column == f.name }
            return f.name == "software"
                ? softwareGroup(f, value: shownValues[f.name] ?? "", issue: issue)
                : f.render(value: shownValues[f.name] ?? "", issue: issue)
        }
        let banner: HTML =
            saved ? "<div class=\"saved\" role=\"status\">Đã lưu phiếu khảo sát năm \(year).</div>" : .empty
        let state: HTML =
            stored == nil
            ? "Doanh nghiệp chưa có phiếu năm \(year)."
            : "Doanh nghiệp đã có phiếu năm \(year): lưu lại sẽ thay phiếu đó."
        let earlier: HTML =
            previous.map { p -> HTML in "Bên dưới mỗi ô là câu trả lời của năm \(p.year) để đối chiếu." }
            ?? "Doanh nghiệp chưa có phiếu năm nào trước năm \(year)."
        let body: HTML = """
            \(banner)
            \(FormParts.summary(issues, fields: fields))
            <p>Mã số thuế: \(e.key) · <a href="/enterprises/\(e.key)">Hồ sơ doanh nghiệp</a> · \
            <a href="/surveys?year=\(year)">Danh sách khảo sát năm \(year)</a></p>
            <p>\(state) \(earlier)</p>
            <form method="post" action="\(formPath(taxCode: e.key, year: String(year)))" novalidate>
            \(FormParts.token(formToken))
            \(HTML.join(rendered))
            \(FormParts.buttons(save: "Lưu phiếu khảo sát", draftID: draftID))
            </form>
            """
        return Layout.page(
            title: "Phiếu khảo sát năm \(year): \(e.name)", district: district(session), active: "/surveys", body: body)
    }

    /// The form's values as the survey CSV columns (ticked software joined by `;`).
    static func values(_ form: FormData, taxCode: String, year: Int) -> [String: String] {
        var values: [String: String] = ["tax_code": taxCode, "year": String(year)]
        for column in columns { values[column] = form[column] }
        values["software"] = form.all("software").filter { !$0.isEmpty }.joined(separator: ";")
        return values
    }

    /// Checks by the rules of `setSurvey` (`surveyIssues`), then saves through `setSurvey`, the
    /// call of `dsync node survey set`.
    static func save(_ session: NodeSession, values: [String: String]) throws -> FormOutcome {
        let found = try session.surveyIssues(values)
        guard found.isEmpty else { return .refused(found) }
        do {
            return .saved(try session.setSurvey(values).key)
        } catch let error as NodeError {
            return .refused([FieldIssue(column: "year", value: values["year"] ?? "", reason: error.text)])
        }
    }

    static func list(_ session: NodeSession, year: Int, notSurveyed: Bool, page: Int) throws -> HTML {
        let p = try session.surveyPage(year: year, notSurveyedOnly: notSurveyed, page: page)
        func link(page: Int) -> String {
            "/surveys?"
                + FormData.query([
                    ("year", String(year)), ("not_surveyed", notSurveyed ? "1" : ""),
                    ("page", page > 1 ? String(page) : ""),
                ])
        }
        let rows = p.rows.map { r -> HTML in
            let e = r.enterprise
            let state: HTML =
                r.answer.map { a -> HTML in
                    "Đã khảo sát (ngày \(UIFormat.date(a["collected_on"] ?? ""))\(a["collected_by"].map { $0.isEmpty ? "" : ", " + $0 } ?? ""))"
                } ?? "chưa khảo sát"
            let action = r.answer == nil ? "Nhập phiếu" : "Xem, sửa phiếu"
            return """
                <tr><td><a href="/enterprises/\(e.key)">\(e.name)</a></td><td>\(e.key)</td><td>\(e.ward)</td>\
                <td>\(state)</td><td><a href="\(formPath(taxCode: e.key, year: String(year)))">\(action): \(e.name)</a></td></tr>
                """
        }
        var paging: [HTML] = []
        if p.page > 1 { paging.append("<a href=\"\(link(page: p.page - 1))\" rel=\"prev\">Trang trước</a>") }
        paging.append(" Trang \(p.page)/\(p.pageCount) ")
        if p.page < p.pageCount { paging.append("<a href=\"\(link(page: p.page + 1))\" rel=\"next\">Trang sau</a>") }
        let checked: HTML = notSurveyed ? " checked" : .empty
        let table: HTML =
            rows.isEmpty
            ? "<p>Không có doanh nghiệp nào khớp bộ lọc.</p>"
            : """
            <table><caption>Doanh nghiệp đang hoạt động, khảo sát năm \(year)</caption><thead><tr>\
            <th scope="col">Tên</th><th scope="col">Mã số thuế</th><th scope="col">Phường/xã</th>\
            <th scope="col">Năm \(year)</th><th scope="col">Phiếu</th></tr></thead>
            <tbody>\(rows)</tbody></table>
            """
        let body: HTML = """
            <form method="get" action="/surveys" class="filters" role="search">
            <div class="field"><label for="q-year">Năm khảo sát</label>\
            <input type="text" inputmode="numeric" id="q-year" name="year" value="\(year)"></div>
            <div class="field check"><input type="checkbox" id="q-not_surveyed" name="not_surveyed" value="1"\(checked)>\
            <label for="q-not_surveyed">Chỉ doanh nghiệp chưa khảo sát</label></div>
            <div class="field"><button type="submit">Xem</button></div>
            </form>
            <p role="status">Năm \(year): đã khảo sát \(p.surveyed)/\(p.active) doanh nghiệp đang hoạt động. \
            Danh sách có \(p.listed) doanh nghiệp.</p>
            \(table)
            <nav aria-label="Phân trang"><p>\(paging)</p></nav>
            """
        return Layout.page(title: "Khảo sát năm \(year)", district: district(session), active: "/surveys", body: body)
    }
}
