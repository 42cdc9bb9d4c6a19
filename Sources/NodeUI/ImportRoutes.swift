import DistrictNode
import DistrictSyncCore
import HTTPTypes
import Hummingbird
import NIOCore

extension UIRoutes {
    /// `/import` (the form), `POST /import` (upload → preview) and `POST /import/{id}/confirm`.
    /// The upload's form token and origin are checked by `UIGuard` before these run.
    func registerImport(on router: Router<UIRequestContext>) {
        router.get("/import") { request, context in
            let query = request.uri.queryParameters
            let imported = query.get("imported").flatMap { Int($0) }.map { rows in
                (
                    rows: rows, changed: query.get("changed").flatMap { Int($0) } ?? 0,
                    kind: String(query.get("kind") ?? "")
                )
            }
            return try page { ImportPage.form($0, formToken: context.formToken, imported: imported) }
        }
        router.post("/import") { request, context in
            var request = request
            let body = try await request.collectBody(upTo: UploadForm.maxBodyBytes)
            guard let boundary = UploadForm.boundary(contentType: request.headers[.contentType]),
                let form = UploadForm(body: body, boundary: boundary)
            else {
                return Pages.refusal(
                    .badRequest, "Không đọc được biểu mẫu",
                    "Biểu mẫu tải tệp không đúng dạng (multipart/form-data). Không có gì được lưu. Mở lại trang Nhập dữ liệu."
                )
            }
            return try node.run { session in
                let (page, ok) = ImportPage.upload(session, form: form, formToken: context.formToken)
                return Pages.html(page, status: ok ? .ok : .unprocessableContent)
            }
        }
        router.post("/import/:id/confirm") { _, context in
            let id = context.parameters.get("id") ?? ""
            return try page(orResponse: { session in
                let (report, kind) = try ImportPage.confirm(session, id: id)
                guard report.committed else {
                    return Pages.html(
                        ImportPage.refusedAtConfirm(session, report: report), status: .unprocessableContent)
                }
                return Pages.redirect(
                    "/import?"
                        + FormData.query([
                            ("imported", String(report.valid)), ("changed", String(report.written)), ("kind", kind),
                        ]))
            })
        }
    }
}
