import DistrictNode
import DistrictSyncCore
import Foundation

/// `/import`: upload a CSV or an XLSX workbook (first sheet or a named one) of businesses,
/// surveys or officers; a preview of every row with each refusal in place (the messages of
/// `dsync node import --dry-run`); then a confirmation that imports all or nothing. The file is
/// kept in the node home under a random id between the two steps (`NodeSession.keepUpload`).
enum ImportPage {
    static let path = "/import"

    static let kinds: [(kind: NodeSession.ImportKind, label: String)] = [
        (.businesses, "Doanh nghiệp (businesses)"), (.surveys, "Phiếu khảo sát (surveys)"),
        (.officers, "Cán bộ (officers)"),
    ]

    /// A refusal of the upload form, on one of its fields.
    struct Refusal {
        let field: String
        let text: String
    }

    static func district(_ session: NodeSession) -> String { session.unit?.nameVi ?? session.config.district }

    static func form(
        _ session: NodeSession, formToken: String, kind: String = "businesses", sheet: String = "",
        refusal: Refusal? = nil, imported: (rows: Int, changed: Int, kind: String)? = nil
    ) -> HTML {
        let done: HTML =
            imported.map { r -> HTML in
                let list: HTML =
                    r.kind == "businesses"
                    ? " <a href=\"/enterprises\">Xem danh sách doanh nghiệp</a>."
                    : r.kind == "officers"
                        ? " <a href=\"/officers\">Xem danh sách cán bộ</a>." : .empty
                return
                    "<div class=\"saved\" role=\"status\">Đã nhập \(r.rows) dòng: \(r.changed) bản ghi mới hoặc thay đổi.\(list) Các thay đổi chờ ký ở trang Ký và đóng gói.</div>"
            } ?? .empty
        let summary: HTML =
            refusal.map { r -> HTML in
                """
                <div class="summary" role="alert" id="error-summary"><h2>Chưa xem trước được</h2>\
                <ul><li><a href="#f-\(r.field)">\(r.text)</a></li></ul></div>
                """
            } ?? .empty
        func state(_ field: String, hint: Bool) -> (attributes: HTML, error: HTML) {
            let refused = refusal?.field == field
            var described: [String] = hint ? ["f-\(field)-hint"] : []
            if refused { described.append("f-\(field)-error") }
            let describedAttr: HTML =
                described.isEmpty ? .empty : " aria-describedby=\"\(described.joined(separator: " "))\""
            let invalid: HTML = refused ? " aria-invalid=\"true\"" : .empty
            let error: HTML =
                refused ? "<p class=\"error\" id=\"f-\(field)-error\">\(refusal?.text ?? "")</p>" : .empty
            return ("\(invalid)\(describedAttr)", error)
        }
        let file = state("file", hint: true)
        let kindState = state("kind", hint: false)
        let sheetState = state("sheet", hint: true)
        let options = kinds.map { k -> HTML in
            k.kind.rawValue == kind
                ? "<option value=\"\(k.kind.rawValue)\" selected>\(k.label)</option>"
                : "<option value=\"\(k.kind.rawValue)\">\(k.label)</option>"
        }
        let limit = NodeSession.maxUploadBytes / (1024 * 1024)
        let body: HTML = """
            \(summary)\(done)
            <p>Tệp CSV UTF-8 hoặc sổ làm việc Excel (.xlsx) có dòng tiêu đề theo docs/import-format.md. \
            Bước 1 chỉ xem trước: không có gì được ghi cho tới khi bấm «Nhập» ở bước 2, và nếu một dòng có lỗi thì không nhập dòng nào.</p>
            <form method="post" action="/import" enctype="multipart/form-data">
            \(FormParts.token(formToken))
            <div class="field"><label for="f-kind">Loại dữ liệu</label>\(kindState.error)\
            <select id="f-kind" name="kind" required aria-required="true"\(kindState.attributes)>\(options)</select></div>
            <div class="field"><label for="f-file">Tệp (.csv hoặc .xlsx)</label>\
            <p class="hint" id="f-file-hint">Tối đa \(limit) MiB.</p>\(file.error)\
            <input type="file" id="f-file" name="file" accept=".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" required aria-required="true"\(file.attributes)></div>
            <div class="field"><label for="f-sheet">Trang tính (chỉ với .xlsx, không bắt buộc)</label>\
            <p class="hint" id="f-sheet-hint">Để trống để đọc trang tính đầu tiên.</p>\(sheetState.error)\
            <input type="text" id="f-sheet" name="sheet" value="\(sheet)"\(sheetState.attributes)></div>
            <p><button type="submit">Xem trước</button></p>
            </form>
            """
        return Layout.page(title: "Nhập dữ liệu từ tệp", district: district(session), active: path, body: body)
    }

    /// The upload step: keeps the file, checks every row (a dry run) and shows the preview; a
    /// file with a bad row is removed again (nothing can be confirmed from it).
    static func upload(_ session: NodeSession, form: UploadForm, formToken: String) -> (HTML, ok: Bool) {
        let sheet = form["sheet"].trimmingCharacters(in: .whitespaces)
        func refused(_ field: String, _ text: String) -> (HTML, ok: Bool) {
            (
                Self.form(
                    session, formToken: formToken, kind: form["kind"], sheet: sheet,
                    refusal: Refusal(field: field, text: text)), false
            )
        }
        guard let kind = NodeSession.ImportKind(rawValue: form["kind"]) else {
            return refused("kind", "Chọn loại dữ liệu: doanh nghiệp, phiếu khảo sát hoặc cán bộ.")
        }
        guard let bytes = form.file, !bytes.isEmpty else {
            return refused("file", "Chưa chọn tệp (hoặc tệp trống). Chọn một tệp .csv hoặc .xlsx rồi bấm Xem trước.")
        }
        let upload: ImportUpload
        do {
            upload = try session.keepUpload(
                bytes, kind: kind, sheet: sheet.isEmpty ? nil : sheet,
                fileName: form.fileName.isEmpty ? "tệp tải lên" : form.fileName)
        } catch {
            return refused("file", message(error))
        }
        let preview: (table: CSVTable, report: ImportReport)
        do { preview = try session.previewUpload(upload) } catch {
            session.dropUpload(upload.id)
            let field = (error as? NodeError)?.code == "xlsx_sheet_missing" ? "sheet" : "file"
            return refused(field, message(error))
        }
        let ok = preview.report.invalidRows == 0
        if !ok { session.dropUpload(upload.id) }
        return (render(session, upload: upload, table: preview.table, report: preview.report, formToken: formToken), ok)
    }

    static func message(_ error: any Error) -> String {
        (error as? any LocalizedCodedError).map { "\($0.message(in: .vi)) (\($0.code))" } ?? "\(error)"
    }

    /// The preview: the counts, every refusal (linked to its row), the confirmation when every
    /// row is good, and the table of every row with its refusals in place.
    static func render(
        _ session: NodeSession, upload: ImportUpload, table: CSVTable, report: ImportReport, formToken: String
    ) -> HTML {
        let kindLabel = kinds.first { $0.kind.rawValue == upload.kind }?.label ?? upload.kind
        let byLine = Dictionary(grouping: report.issues, by: \.line)
        let columns = table.header.enumerated().filter { !$0.element.isEmpty }.prefix(40)
        let head = columns.map { c -> HTML in "<th scope=\"col\">\(c.element)</th>" }
        let rows = table.rows.map { row -> HTML in
            let issues = byLine[row.line] ?? []
            let cells = columns.map { c -> HTML in
                let value = c.offset < row.values.count ? row.values[c.offset] : ""
                let shown = value.count > 120 ? String(value.prefix(120)) + "…" : value
                let ids = issues.enumerated().filter { $0.element.column == c.element }.map {
                    "e-\(row.line)-\($0.offset)"
                }
                return ids.isEmpty
                    ? "<td>\(shown)</td>"
                    : "<td class=\"invalid\" aria-describedby=\"\(ids.joined(separator: " "))\">\(shown) <span class=\"error\">✗</span></td>"
            }
            let errors = issues.enumerated().map { i, issue -> HTML in
                "<p class=\"error\" id=\"e-\(row.line)-\(i)\">\(issue.column): \(issue.reason(in: .vi))</p>"
            }
            let status: HTML = issues.isEmpty ? "<td>Hợp lệ</td>" : "<td>\(errors)</td>"
            return "<tr id=\"row-\(row.line)\"><th scope=\"row\">\(row.line)</th>\(cells)\(status)</tr>"
        }
        let top: HTML
        if report.invalidRows > 0 {
            let items = report.issues.prefix(200).map { issue -> HTML in
                "<li><a href=\"#row-\(issue.line)\">Dòng \(issue.line), cột \(issue.column): «\(issue.value)» \(issue.reason(in: .vi))</a></li>"
            }
            let more: HTML =
                report.issues.count > 200 ? "<li>… và \(report.issues.count - 200) lỗi khác (xem bảng)</li>" : .empty
            top = """
                <div class="summary" role="alert" id="error-summary"><h2>\(report.invalidRows) trên \(report.rows) dòng có lỗi — chưa nhập gì</h2>\
                <p>Sửa các ô dưới đây trong tệp rồi <a href="/import">tải tệp lên lại</a>. Tệp này đã được xóa khỏi nút.</p>\
                <ul>\(items)\(more)</ul></div>
                """
        } else {
            top = """
                <div class="saved" role="status"><p>Cả \(report.rows) dòng đều hợp lệ. Chưa có gì được ghi.</p>\
                <form method="post" action="/import/\(upload.id)/confirm">\(FormParts.token(formToken))\
                <p><button type="submit">Nhập \(report.rows) dòng</button> <a href="/import">Hủy, chọn tệp khác</a></p></form></div>
                """
        }
        let sheet: HTML = upload.sheet.map { s -> HTML in ", trang tính «\(s)»" } ?? .empty
        let body: HTML = """
            \(top)
            <p>Tệp «\(upload.fileName)»\(sheet) · \(kindLabel) · \(report.valid)/\(report.rows) dòng hợp lệ.</p>
            <div class="scroll" role="region" aria-label="Các dòng của tệp" tabindex="0"><table>
            <caption>Mọi dòng của tệp, số dòng như trong tệp</caption>
            <thead><tr><th scope="col">Dòng</th>\(head)<th scope="col">Kết quả kiểm tra</th></tr></thead>
            <tbody>\(rows)</tbody></table></div>
            """
        return Layout.page(title: "Xem trước khi nhập", district: district(session), active: path, body: body)
    }

    /// The confirmation: imports the kept file (all or nothing) and removes it. A row refused
    /// now (the node changed since the preview) is listed and nothing is written.
    static func confirm(_ session: NodeSession, id: String) throws -> (report: ImportReport, kind: String) {
        let upload = try session.upload(id)
        return (try session.importUpload(upload), upload.kind)
    }

    static func refusedAtConfirm(_ session: NodeSession, report: ImportReport) -> HTML {
        let items = report.issues.prefix(200).map { issue -> HTML in
            "<li>Dòng \(issue.line), cột \(issue.column): «\(issue.value)» \(issue.reason(in: .vi))</li>"
        }
        let body: HTML = """
            <div class="summary" role="alert" id="error-summary"><h2>Chưa nhập gì: \(report.invalidRows) dòng có lỗi</h2>\
            <p>Dữ liệu trên nút đã thay đổi từ lúc xem trước. Sửa tệp rồi <a href="/import">tải lên lại</a>.</p>\
            <ul>\(items)</ul></div>
            """
        return Layout.page(title: "Chưa nhập", district: district(session), active: path, body: body)
    }
}
