import DistrictNode
import DistrictSyncCore
import Foundation
import HTTPTypes
import Hummingbird
import NIOCore

/// Every request passes here first. It sets the security headers, turns the access token into
/// a session cookie, refuses requests without a session (401) or for another host (403), and
/// refuses a state-changing request that is cross-site or lacks the session's form token (403)
/// before any handler runs, so a refused request changes nothing.
struct UIGuard: RouterMiddleware {
    typealias Context = UIRequestContext
    let access: UIAccess
    /// True when the app is served over TLS: the cookie gets `Secure`, an Origin must be https.
    var tls = false
    /// True with `--allow-remote` (always over TLS): any host name is answered, since a browser
    /// only talks to a name the certificate covers (no DNS rebinding onto a TLS server).
    var remote = false

    static let secFetchSite = name("Sec-Fetch-Site")

    /// A header name written in this file (always valid).
    static func name(_ text: String) -> HTTPField.Name {
        guard let name = HTTPField.Name(text) else { preconditionFailure("invalid header name \(text)") }
        return name
    }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws
        -> Response
    {
        var response: Response
        do { response = try await guarded(request, context: context, next: next) } catch {
            // Every failure is a page of the app too (with the headers below), never a raw error.
            let busy = (error as? NodeError)?.code == "home_locked"
            let status = busy ? .serviceUnavailable : (error as? any HTTPResponseError)?.status ?? .internalServerError
            let text =
                status == .contentTooLarge
                ? "Nội dung gửi lên lớn hơn \(FormData.maxBodyBytes / 1024) KiB, giới hạn của ứng dụng. Không có gì được lưu."
                : (error as? any LocalizedCodedError)?.message(in: .vi)
                    ?? "Không thực hiện được yêu cầu (\(status.code)). Không có gì được lưu; thử lại."
            response = Pages.refusal(status, "Không thực hiện được", text)
        }
        response.headers[.contentSecurityPolicy] = "default-src 'self'; form-action 'self'; frame-ancestors 'none'"
        response.headers[Self.name("X-Content-Type-Options")] = "nosniff"
        response.headers[Self.name("Referrer-Policy")] = "no-referrer"
        response.headers[Self.name("X-Frame-Options")] = "DENY"
        response.headers[.cacheControl] = "no-store"
        return response
    }

    func guarded(_ request: Request, context: Context, next: (Request, Context) async throws -> Response)
        async throws -> Response
    {
        // Only this machine's names: a page of another site that resolves its name to 127.0.0.1
        // (DNS rebinding) is refused.
        let host = request.head.authority ?? ""
        let hostName = host.split(separator: ":").dropLast().joined(separator: ":")
        guard remote || ["127.0.0.1", "localhost", "[::1]"].contains(hostName) || hostName.hasPrefix("127.") else {
            return Pages.refusal(
                .forbidden, "Địa chỉ không đúng",
                "Yêu cầu gửi tới «\(host)»; ứng dụng chỉ trả lời địa chỉ của chính máy này (127.0.0.1).")
        }
        if request.method == .get, request.uri.path == "/", let token = request.uri.queryParameters.get("token") {
            guard access.acceptsAccessToken(token) else {
                return Pages.refusal(
                    .forbidden, "Mã truy cập không đúng",
                    "Mã truy cập trong địa chỉ không khớp với lần chạy này. Mở đúng địa chỉ mà lệnh "
                        + "`dsync node ui` vừa in ra (mỗi lần chạy có một mã mới).")
            }
            let session = access.openSession()
            var headers = HTTPFields()
            headers[.location] = "/"
            headers[.setCookie] =
                "\(UIAccess.cookieName)=\(session); HttpOnly; SameSite=Strict; Path=/" + (tls ? "; Secure" : "")
            return Response(status: .seeOther, headers: headers)
        }
        // A state-changing request from another site is refused first, session or not.
        if request.method != .get && request.method != .head {
            // Sec-Fetch-Site decides when the browser sends it (Chrome and Edge always do; under
            // `Referrer-Policy: no-referrer` their Origin of a same-origin post is "null").
            if let site = request.headers[Self.secFetchSite] {
                if site != "same-origin" { return crossSite("Sec-Fetch-Site: \(site)") }
            } else if let origin = request.headers[.origin], origin != (tls ? "https://" : "http://") + host {
                return crossSite("Origin: \(origin)")
            }
        }
        guard let session = access.session(cookieHeader: request.headers[.cookie]),
            let formToken = access.formToken(session: session)
        else {
            return Pages.refusal(
                .unauthorized, "Cần mở bằng địa chỉ có mã truy cập",
                "Phiên làm việc chưa có hoặc đã hết (mỗi lần chạy lại `dsync node ui` là một phiên mới). Mở địa chỉ "
                    + "có dạng http://127.0.0.1:CỔNG/?token=… mà lệnh đó in ra.")
        }
        var context = context
        context.session = session
        context.formToken = formToken
        guard request.method == .post else { return try await next(request, context) }

        // A state-changing request: the session's form token.
        var request = request
        let token: String
        if request.uri.path == ImportPage.path,
            let boundary = UploadForm.boundary(contentType: request.headers[.contentType])
        {
            // The import page's upload: a multipart body, up to the upload limit.
            let body: ByteBuffer
            do { body = try await request.collectBody(upTo: UploadForm.maxBodyBytes) } catch let error
                as any HTTPResponseError where error.status == .contentTooLarge
            {
                return Pages.refusal(
                    .contentTooLarge, "Tệp quá lớn",
                    "Tệp gửi lên lớn hơn \(NodeSession.maxUploadBytes / (1024 * 1024)) MiB, giới hạn của trang nhập "
                        + "dữ liệu. Không có gì được lưu. Chia tệp thành nhiều tệp nhỏ hơn rồi nhập từng tệp.")
            }
            token = UploadForm(body: body, boundary: boundary)?["_csrf"] ?? ""
        } else {
            let body = try await request.collectBody(upTo: FormData.maxBodyBytes)
            token = FormData(String(buffer: body))["_csrf"]
        }
        guard UIAccess.constantTimeEqual(token, formToken) else {
            return Pages.refusal(
                .forbidden, "Biểu mẫu đã cũ",
                "Biểu mẫu này không mang mã của phiên hiện tại (có thể trang được mở từ lần chạy trước). "
                    + "Không có gì được lưu. Tải lại trang rồi nhập lại.")
        }
        return try await next(request, context)
    }

    func crossSite(_ what: String) -> Response {
        Pages.refusal(
            .forbidden, "Yêu cầu từ trang khác bị từ chối",
            "Yêu cầu thay đổi dữ liệu này không đến từ chính ứng dụng (\(what)). Không có gì được lưu.")
    }
}
