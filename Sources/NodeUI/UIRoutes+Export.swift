import DistrictNode
import DistrictSyncCore
import HTTPTypes
import Hummingbird
import NIOCore

/// `GET /enterprises/export.csv?<the list's filter>`: exactly the enterprises the list shows for
/// that filter (all pages) as a businesses CSV that re-imports (`NodeSession.enterpriseCSV`).
extension UIRoutes {
    func registerCSVExport(on router: Router<UIRequestContext>) {
        router.get("/enterprises/export.csv") { request, _ in
            let query = EnterprisePages.query(FormData(request.uri.query ?? ""))
            return try page(orResponse: { session in
                let csv = try session.enterpriseCSV(query)
                var headers = HTTPFields()
                headers[.contentType] = "text/csv; charset=utf-8"
                headers[.contentDisposition] = "attachment; filename=\"doanh-nghiep-\(session.config.district).csv\""
                return Response(
                    status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(string: csv.text)))
            })
        }
    }
}
