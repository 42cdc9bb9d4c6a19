import DistrictNode
import DistrictSyncCore

/// `/drafts`: forms kept unfinished on the node, newest first, each resumable or deletable.
enum DraftsPage {
    static func formPath(_ d: Draft) -> String {
        switch d.kind {
        case .enterprise: return "/enterprises/new"
        case .officer: return "/officers/new"
        case .survey: return SurveyPages.formPath(taxCode: d.fields["tax_code"] ?? "", year: d.fields["year"] ?? "")
        }
    }

    static func kindLabel(_ kind: Draft.Kind) -> String {
        switch kind {
        case .enterprise: return "Doanh nghiệp"
        case .officer: return "Cán bộ"
        case .survey: return "Phiếu khảo sát"
        }
    }

    static func render(_ session: NodeSession, formToken: String, saved: Bool, deleted: Bool) throws -> HTML {
        let rows = try session.drafts().map { d -> HTML in
            let kind = kindLabel(d.kind)
            let title =
                d.kind == .survey
                ? "MST \(d.fields["tax_code"] ?? ""), năm \(d.fields["year"] ?? "")"
                : d.fields["name"].flatMap { $0.isEmpty ? nil : $0 } ?? "(chưa có tên)"
            return """
                <tr><td>\(kind)</td><td>\(title)</td><td>\(UIFormat.date(millis: d.savedMillis))</td>\
                <td><a href="\(formPath(d))?draft=\(d.id)">Tiếp tục: \(title)</a></td>\
                <td><form method="post" action="/drafts/\(d.id)/delete">\(FormParts.token(formToken))\
                <button type="submit" class="secondary">Xóa bản nháp: \(title)</button></form></td></tr>
                """
        }
        let banner: HTML =
            saved
            ? "<div class=\"saved\" role=\"status\">Đã lưu bản nháp trên máy này. Mở lại bất cứ lúc nào từ danh sách dưới đây.</div>"
            : deleted ? "<div class=\"saved\" role=\"status\">Đã xóa bản nháp.</div>" : .empty
        let table: HTML =
            rows.isEmpty
            ? "<p>Không có bản nháp nào.</p>"
            : """
            <table><caption>Bản nháp, mới nhất trước</caption><thead><tr><th scope="col">Loại</th><th scope="col">Tên</th>\
            <th scope="col">Ngày lưu</th><th scope="col">Mở</th><th scope="col">Xóa</th></tr></thead>
            <tbody>\(rows)</tbody></table>
            """
        let body: HTML = """
            \(banner)
            <p>Bản nháp được lưu trong thư mục của nút, không phải trong trình duyệt: xóa dữ liệu trình duyệt không làm mất chúng. \
            Bản nháp chưa được kiểm tra và không được gửi cho hub.</p>
            \(table)
            """
        return Layout.page(
            title: "Bản nháp", district: session.unit?.nameVi ?? session.config.district, active: "/drafts", body: body)
    }
}
