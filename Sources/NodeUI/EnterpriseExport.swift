import DistrictNode
import DistrictSyncCore
import HTTPTypes
import Hummingbird
import NIOCore
import Workbook

/// `GET /enterprises/export.xlsx?<the list's filter>`: exactly the enterprises the list shows for
/// that filter (every page, in the list's order) as an Excel workbook whose header is the
/// businesses import columns (plus `size_class`), so it imports back unchanged.
enum EnterpriseExport {
    static let header = [
        "tax_code", "name", "address", "ward", "sector", "employees", "capital_vnd", "revenue_vnd", "category",
        "status", "size_class",
    ]

    /// Every enterprise matching `query`, in the list's order, through the list's own filter.
    static func enterprises(_ session: NodeSession, query: EnterpriseQuery) throws -> [Enterprise] {
        var all: [Enterprise] = []
        try session.forEachEnterprise(query) { all.append($0) }
        return all
    }

    static func workbook(_ session: NodeSession, query: EnterpriseQuery) throws -> [UInt8] {
        let rows = try enterprises(session, query: query).map { e -> [XLSXWriter.Cell] in
            [
                .text(e.key), .text(e.name), .text(e.address), .text(e.ward), .text(Labels.sector(e.sector)),
                .number(e.employees), .number(e.capitalVND), .number(e.revenueVND), .text(Labels.category(e.category)),
                .text(Labels.status(e.status)), .text(Labels.size(e.size.sizeClass)),
            ]
        }
        return try XLSXWriter.workbook(sheet: "Doanh nghiệp", header: header, rows: rows)
    }
}

extension UIRoutes {
    func registerXLSXExport(on router: Router<UIRequestContext>) {
        router.get("/enterprises/export.xlsx") { request, _ in
            let query = EnterprisePages.query(FormData(request.uri.query ?? ""))
            return try node.run { session in
                let bytes = try EnterpriseExport.workbook(session, query: query)
                var headers = HTTPFields()
                headers[.contentType] = XLSXWriter.contentType
                headers[.contentDisposition] = "attachment; filename=\"doanh-nghiep.xlsx\""
                return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: bytes)))
            }
        }
    }
}
