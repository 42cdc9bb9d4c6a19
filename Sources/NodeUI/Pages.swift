import DistrictSyncCore
import HTTPTypes
import Hummingbird
import NIOCore

/// Responses of the app: HTML pages (always through `HTML`), redirects and refusals.
enum Pages {
    static func html(_ page: HTML, status: HTTPResponse.Status = .ok) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = "text/html; charset=utf-8"
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(string: page.markup)))
    }

    static func redirect(_ location: String) -> Response {
        var headers = HTTPFields()
        headers[.location] = location
        return Response(status: .seeOther, headers: headers)
    }

    static func css() -> Response {
        var headers = HTTPFields()
        headers[.contentType] = "text/css; charset=utf-8"
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(string: Layout.css)))
    }

    /// A refusal page with no navigation (the visitor has no session, or the request was refused).
    static func refusal(_ status: HTTPResponse.Status, _ title: String, _ text: String) -> Response {
        html(
            """
            <!doctype html>
            <html lang="vi">
            <head><meta charset="utf-8"><title>\(title) — DistrictSync</title></head>
            <body><main><h1>\(title)</h1><p>\(text)</p></main></body>
            </html>
            """, status: status)
    }

    /// A node error shown on a page of the app, in Vietnamese, with its code.
    static func failure(_ error: any Error, district: String, status: HTTPResponse.Status = .unprocessableContent)
        -> Response
    {
        let text: String
        let code: String
        if let coded = error as? any LocalizedCodedError {
            text = coded.message(in: .vi)
            code = coded.code
        } else {
            text = "\(error)"
            code = "internal"
        }
        return html(
            Layout.page(
                title: "Không thực hiện được", district: district, active: "",
                body: "<div class=\"summary\" role=\"alert\"><p>\(text)</p><p>Mã lỗi: <code>\(code)</code></p></div>"),
            status: status)
    }
}
