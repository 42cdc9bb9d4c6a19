import DistrictNode
import DistrictSyncCore

/// `/deliver`: write every signed changeset without a receipt to a folder (a USB stick), the
/// call of `dsync node export --out DIR`; below, the hub part (`HubSendSection`: send, receipts). A changeset counts as delivered only once the hub's
/// receipt is verified (`dsync node ack`), never because a file was written.
enum DeliverPage {
    static func render(
        _ session: NodeSession, formToken: String, directory: String = "", issue: LocalizedText? = nil,
        exported: Int? = nil, hub: HubSendSection.State = .init()
    ) throws -> HTML {
        let waiting = try session.changesetStates().filter { !$0.hasReceipt }.count
        let banner: HTML =
            exported.map { n -> HTML in
                "<div class=\"saved\" role=\"status\">Đã ghi \(n) gói thay đổi và manifest.json vào thư mục. Mang tệp tới hub; gói chỉ được tính là đã giao khi có biên nhận.</div>"
            } ?? .empty
        let error: HTML =
            issue.map { text -> HTML in
                """
                <div class="summary" role="alert" id="error-summary"><h2>Chưa ghi</h2>\
                <ul><li><a href="#f-directory">Thư mục: \(text.vi)</a></li></ul></div>
                """
            } ?? .empty
        let invalid: HTML =
            issue == nil ? .empty : " aria-invalid=\"true\" aria-describedby=\"f-directory-hint f-directory-error\""
        let described: HTML = issue == nil ? " aria-describedby=\"f-directory-hint\"" : .empty
        let fieldError: HTML =
            issue.map { text -> HTML in "<p class=\"error\" id=\"f-directory-error\">\(text.vi)</p>" } ?? .empty
        let body: HTML = """
            \(error)\(banner)
            <p>Gói thay đổi đã ký, chờ biên nhận của hub: \(waiting).</p>
            <form method="post" action="/deliver">
            \(FormParts.token(formToken))
            <div class="field"><label for="f-directory">Thư mục để ghi (ví dụ ổ USB)</label>\
            <p class="hint" id="f-directory-hint">Đường dẫn đầy đủ trên máy này, ví dụ /media/usb/districtsync.</p>\(fieldError)\
            <input type="text" id="f-directory" name="directory" value="\(directory)" required aria-required="true"\(invalid)\(described)></div>
            <button type="submit">Ghi ra thư mục</button>
            </form>
            \(try HubSendSection.render(session, formToken: formToken, state: hub))
            """
        return Layout.page(
            title: "Gửi cho hub", district: session.unit?.nameVi ?? session.config.district, active: "/deliver",
            body: body)
    }

    static func export(_ session: NodeSession, form: FormData) -> ActionOutcome {
        let directory = form["directory"].trimmedSpaces
        guard directory.hasPrefix("/") else {
            return .refused(
                LocalizedText(
                    vi: "đã nhập «\(directory)»; cần đường dẫn đầy đủ bắt đầu bằng /, ví dụ /media/usb/districtsync",
                    en: "got '\(directory)'; expected a full path starting with /, e.g. /media/usb/districtsync"))
        }
        do { return .done(try session.export(to: directory).count) } catch let error as any LocalizedCodedError {
            return .refused(error.text)
        } catch {
            return .refused(LocalizedText(vi: "\(error)", en: "\(error)"))
        }
    }
}
