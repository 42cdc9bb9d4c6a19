import DistrictNode
import DistrictSyncCore

/// `/enterprises`, `/enterprises/new`, `/enterprises/{tax_code}`.
enum EnterprisePages {
    static let fields: [FormField] = [
        .text("tax_code", hint: "10 chữ số, hoặc 13 chữ số với đơn vị phụ thuộc (0312345678-001).", numeric: true),
        .text("name", hint: "Tên đầy đủ theo đăng ký kinh doanh."),
        .text("address"),
        .text("ward", required: false),
        .choice("sector", Sector.self, label: Labels.sector),
        .text("employees", hint: "Số nguyên, chỉ ghi chữ số.", numeric: true),
        .text("capital_vnd", hint: "Số đồng, chỉ ghi chữ số (0 nếu không khai).", numeric: true),
        .text("revenue_vnd", hint: "Số đồng, chỉ ghi chữ số.", numeric: true),
        .choice("category", EnterpriseCategory.self, label: Labels.category),
        .choice("status", EnterpriseStatus.self, label: Labels.status),
    ]

    static func district(_ session: NodeSession) -> String { session.unit?.nameVi ?? session.config.district }

    /// The list filter from the URL's query (`q`, `ward`, `sector`, `size_class`, `status`,
    /// `survey_year`, `not_surveyed`, `page`).
    static func query(_ form: FormData) -> EnterpriseQuery {
        var q = EnterpriseQuery()
        q.search = String(form["q"].prefix(200))
        q.ward = String(form["ward"].prefix(100))
        q.sector = Sector(rawValue: form["sector"])
        q.sizeClass = SizeClass(rawValue: form["size_class"])
        q.status = EnterpriseStatus(rawValue: form["status"])
        q.surveyYear = Int(form["survey_year"]).flatMap { (1990...2100).contains($0) ? $0 : nil }
        q.notSurveyed = form["not_surveyed"] == "1"
        q.page = Int(form["page"]) ?? 1
        return q
    }

    static func queryPairs(_ q: EnterpriseQuery, page: Int) -> [(String, String)] {
        [
            ("q", q.search), ("ward", q.ward), ("sector", q.sector?.rawValue ?? ""),
            ("size_class", q.sizeClass?.rawValue ?? ""), ("status", q.status?.rawValue ?? ""),
            ("survey_year", q.surveyYear.map(String.init) ?? ""), ("not_surveyed", q.notSurveyed ? "1" : ""),
            ("page", page > 1 ? String(page) : ""),
        ]
    }

    static func select(_ name: String, _ label: String, _ options: [(String, String)], chosen: String) -> HTML {
        let items = options.map { option -> HTML in
            option.0 == chosen
                ? "<option value=\"\(option.0)\" selected>\(option.1)</option>"
                : "<option value=\"\(option.0)\">\(option.1)</option>"
        }
        return """
            <div class="field"><label for="q-\(name)">\(label)</label><select id="q-\(name)" name="\(name)">\
            <option value="">Tất cả</option>\(items)</select></div>
            """
    }

    static func list(_ session: NodeSession, query q: EnterpriseQuery) throws -> HTML {
        let page = try session.enterprisePage(q)
        let rows = page.items.map { e -> HTML in
            """
            <tr><td><a href="/enterprises/\(e.key)">\(e.name)</a></td><td>\(e.key)</td><td>\(e.address)</td>\
            <td>\(e.ward)</td><td>\(Labels.size(e.size.sizeClass))</td><td>\(Labels.status(e.status))</td></tr>
            """
        }
        let filters: HTML = """
            <form method="get" action="/enterprises" class="filters" role="search">
            <div class="field"><label for="q-q">Tìm theo tên, mã số thuế, địa chỉ</label>\
            <input type="search" id="q-q" name="q" value="\(q.search)"></div>
            \(select("ward", "Phường/xã", page.wards.map { ($0, $0) }, chosen: q.ward))
            \(select("sector", "Khu vực", Sector.allCases.map { ($0.rawValue, Labels.sector($0)) }, chosen: q.sector?.rawValue ?? ""))
            \(select("size_class", "Quy mô", SizeClass.allCases.map { ($0.rawValue, Labels.size($0)) }, chosen: q.sizeClass?.rawValue ?? ""))
            \(select("status", "Tình trạng", EnterpriseStatus.allCases.map { ($0.rawValue, Labels.status($0)) }, chosen: q.status?.rawValue ?? ""))
            <div class="field"><label for="q-survey_year">Năm khảo sát</label>\
            <input type="text" inputmode="numeric" id="q-survey_year" name="survey_year" value="\(q.surveyYear.map(String.init) ?? "")"></div>
            <div class="field check"><input type="checkbox" id="q-not_surveyed" name="not_surveyed" value="1"\(q.notSurveyed ? " checked" as HTML : .empty)>\
            <label for="q-not_surveyed">Chỉ doanh nghiệp chưa khảo sát năm đó</label></div>
            <div class="field"><button type="submit">Lọc</button></div>
            </form>
            """
        var paging: [HTML] = []
        if page.page > 1 {
            paging.append(
                "<a href=\"/enterprises?\(FormData.query(queryPairs(q, page: page.page - 1)))\" rel=\"prev\">Trang trước</a>"
            )
        }
        paging.append(" Trang \(page.page)/\(page.pageCount) ")
        if page.page < page.pageCount {
            paging.append(
                "<a href=\"/enterprises?\(FormData.query(queryPairs(q, page: page.page + 1)))\" rel=\"next\">Trang sau</a>"
            )
        }
        let table: HTML =
            rows.isEmpty
            ? "<p>Không có doanh nghiệp nào khớp bộ lọc.</p>"
            : """
            <table><caption>Doanh nghiệp khớp bộ lọc</caption><thead><tr><th scope="col">Tên</th><th scope="col">Mã số thuế</th>\
            <th scope="col">Địa chỉ</th><th scope="col">Phường/xã</th><th scope="col">Quy mô</th><th scope="col">Tình trạng</th></tr></thead>
            <tbody>\(rows)</tbody></table>
            """
        let body: HTML = """
            <p><a href="/enterprises/new">Thêm doanh nghiệp</a></p>
            \(filters)
            <p role="status">Tìm thấy \(page.total) doanh nghiệp.</p>
            <p><a href="/enterprises/export.csv?\(FormData.query(queryPairs(q, page: 1)))" download>Tải về đúng danh sách này \
            (CSV, \(page.total) doanh nghiệp, mở được bằng Excel và nhập lại được)</a> · \
            <a href="/enterprises/export.xlsx?\(FormData.query(queryPairs(q, page: 1)))" download>Tải về dạng Excel \
            (XLSX, \(page.total) doanh nghiệp, nhập lại được)</a></p>
            \(table)
            <nav aria-label="Phân trang"><p>\(paging)</p></nav>
            """
        return Layout.page(title: "Doanh nghiệp", district: district(session), active: "/enterprises", body: body)
    }

    static func form(
        _ session: NodeSession, values: [String: String], issues: [FieldIssue], formToken: String,
        draftID: String? = nil
    ) -> HTML {
        var values = values
        if values["status"] == nil { values["status"] = EnterpriseStatus.active.rawValue }
        let body: HTML = """
            \(FormParts.summary(issues, fields: fields))
            <form method="post" action="/enterprises/new" novalidate>
            \(FormParts.token(formToken))
            \(FormParts.fields(fields, values: values, issues: issues))
            \(FormParts.buttons(save: "Lưu doanh nghiệp", draftID: draftID))
            </form>
            """
        return Layout.page(title: "Thêm doanh nghiệp", district: district(session), active: "/enterprises", body: body)
    }

    /// Checks the form by the node's enterprise rules, then adds through `addBusiness` (the CLI's call).
    static func add(_ session: NodeSession, form: FormData) throws -> FormOutcome {
        var values: [String: String] = [:]
        for f in fields { values[f.name] = form[f.name] }
        let found = try issues(session, values)
        guard found.isEmpty else { return .refused(found) }
        do {
            return .saved(try session.addBusiness(values).key)
        } catch let error as NodeError {
            return .refused([FieldIssue(column: "tax_code", value: values["tax_code"] ?? "", reason: error.text)])
        }
    }

    /// The node's refusals of an enterprise form (`businessIssues`); the size rule's refusal names
    /// no single field, so it is shown on the figures.
    static func issues(_ session: NodeSession, _ values: [String: String]) throws -> [FieldIssue] {
        try session.businessIssues(values, isNew: true).map { issue in
            issue.column == "size"
                ? FieldIssue(
                    column: "employees", value: values["employees"] ?? "",
                    reason: issue.localizedReason ?? LocalizedText(vi: issue.reason, en: issue.reason))
                : issue
        }
    }

    /// The form values of a stored enterprise (the CSV columns).
    static func values(of e: Enterprise) -> [String: String] {
        [
            "tax_code": e.key, "name": e.name, "address": e.address, "ward": e.ward, "sector": e.sector.rawValue,
            "employees": String(e.employees), "capital_vnd": String(e.capitalVND), "revenue_vnd": String(e.revenueVND),
            "category": e.category.rawValue, "status": e.status.rawValue,
        ]
    }

    /// `/enterprises/{tax_code}/edit`: every field but the tax code (the record's key).
    static func editForm(
        _ session: NodeSession, taxCode: String, values: [String: String]?, issues: [FieldIssue], formToken: String
    ) throws -> HTML {
        let e = try session.business(taxCode)
        let editable = fields.filter { $0.name != "tax_code" }
        let body: HTML = """
            \(FormParts.summary(issues, fields: editable))
            <p>Mã số thuế: \(e.key) (không sửa được: đó là khóa của hồ sơ).</p>
            <form method="post" action="/enterprises/\(e.key)/edit" novalidate>
            \(FormParts.token(formToken))
            \(FormParts.fields(editable, values: values ?? Self.values(of: e), issues: issues))
            <p><button type="submit">Lưu thay đổi</button> <a href="/enterprises/\(e.key)">Bỏ qua, về hồ sơ</a></p>
            </form>
            """
        return Layout.page(title: "Sửa: \(e.name)", district: district(session), active: "/enterprises", body: body)
    }

    /// Checks the edited fields by the node's rules (sized for the record's own reference year,
    /// as `updateBusiness` does), then updates through `updateBusiness` (the CLI's call).
    static func update(_ session: NodeSession, taxCode: String, form: FormData) throws -> FormOutcome {
        let e = try session.business(taxCode)
        var values: [String: String] = ["tax_code": e.key]
        for f in fields where f.name != "tax_code" { values[f.name] = form[f.name] }
        let found = try session.businessIssues(values, isNew: false, referenceYear: e.size.year).map { issue in
            issue.column == "size"
                ? FieldIssue(
                    column: "employees", value: values["employees"] ?? "",
                    reason: issue.localizedReason ?? LocalizedText(vi: issue.reason, en: issue.reason))
                : issue
        }
        guard found.isEmpty else { return .refused(found) }
        values["tax_code"] = nil
        return .saved(try session.updateBusiness(taxCode: e.key, values).key)
    }

    static func record(_ session: NodeSession, taxCode: String, saved: Bool) throws -> HTML {
        let e = try session.business(taxCode)
        let surveys = try session.surveys(taxCode: e.key).map(\.year)
        let history = try session.enterpriseHistory(taxCode: e.key).map { c -> HTML in
            let changes = c.fields.map { f -> HTML in
                "<li>\(Labels.fields[f.column] ?? f.column): \(f.old ?? "—") → \(f.new)</li>"
            }
            let where_: String =
                c.changesetSeq.map { "gói số \($0)" + (c.delivered ? ", đã giao" : ", chưa giao") } ?? "chưa đóng gói"
            return
                "<tr><td>\(UIFormat.date(millis: c.wallMillis))</td><td><ul>\(changes)</ul></td><td>\(where_)</td></tr>"
        }
        let banner: HTML = saved ? "<div class=\"saved\" role=\"status\">Đã lưu doanh nghiệp.</div>" : .empty
        let surveyText: HTML =
            surveys.isEmpty
            ? "chưa có"
            : HTML.join(
                surveys.map { y -> HTML in
                    "<a href=\"\(SurveyPages.formPath(taxCode: e.key, year: String(y)))\">\(y)</a>"
                }, separator: ", ")
        let currentYear = session.currentSurveyYear
        let body: HTML = """
            \(banner)
            <dl class="facts">
            <dt>Mã số thuế</dt><dd>\(e.key)</dd>
            <dt>Địa chỉ</dt><dd>\(e.address)\(e.ward.isEmpty ? "" : ", " + e.ward)</dd>
            <dt>Khu vực</dt><dd>\(Labels.sector(e.sector))</dd>
            <dt>Loại hình</dt><dd>\(Labels.category(e.category))</dd>
            <dt>Tình trạng</dt><dd>\(Labels.status(e.status))</dd>
            <dt>Lao động</dt><dd>\(UIFormat.number(e.employees))</dd>
            <dt>Vốn</dt><dd>\(UIFormat.number(e.capitalVND)) đồng</dd>
            <dt>Doanh thu</dt><dd>\(UIFormat.number(e.revenueVND)) đồng</dd>
            <dt>Quy mô</dt><dd>\(Labels.size(e.size.sizeClass)) (quy tắc \(e.size.ruleID), năm \(e.size.year))</dd>
            <dt>Các năm đã khảo sát</dt><dd>\(surveyText)</dd>
            </dl>
            <p><a href="/enterprises/\(e.key)/edit">Sửa thông tin doanh nghiệp</a> · \
            <a href="\(SurveyPages.formPath(taxCode: e.key, year: String(currentYear)))">Phiếu khảo sát năm \(currentYear)</a></p>
            <h2>Lịch sử thay đổi</h2>
            <table><thead><tr><th scope="col">Ngày</th><th scope="col">Thay đổi</th><th scope="col">Gói</th></tr></thead>
            <tbody>\(history)</tbody></table>
            """
        return Layout.page(title: e.name, district: district(session), active: "/enterprises", body: body)
    }
}
