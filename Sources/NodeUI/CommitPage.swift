import DistrictNode
import DistrictSyncCore

/// `/commit`: sign and pack the pending changes with the officer's key. The passphrase (field
/// `passphrase`) is used for this one request: never written back into the page, stored or logged.
enum CommitPage {
    static func render(
        _ session: NodeSession, formToken: String, issue: LocalizedText? = nil, made: Int? = nil
    ) throws -> HTML {
        let pending = try session.store.pendingChangeCount()
        let signer = session.config.signerCertificate != nil && session.config.signerKey != nil
        let banner: HTML =
            made.map { n -> HTML in
                n == 0
                    ? "<div class=\"saved\" role=\"status\">Không có thay đổi nào chờ đóng gói.</div>"
                    : "<div class=\"saved\" role=\"status\">Đã ký và đóng gói \(n) gói thay đổi.</div>"
            } ?? .empty
        let error: HTML =
            issue.map { text -> HTML in
                """
                <div class="summary" role="alert" id="error-summary"><h2>Chưa ký</h2>\
                <ul><li><a href="#f-passphrase">Mật khẩu của khóa: \(text.vi)</a></li></ul></div>
                """
            } ?? .empty
        let invalid: HTML = issue == nil ? .empty : " aria-invalid=\"true\" aria-describedby=\"f-passphrase-error\""
        let fieldError: HTML =
            issue.map { text -> HTML in "<p class=\"error\" id=\"f-passphrase-error\">\(text.vi)</p>" } ?? .empty
        let form: HTML =
            signer
            ? """
            <form method="post" action="/commit">
            \(FormParts.token(formToken))
            <div class="field"><label for="f-passphrase">Mật khẩu của khóa ký</label>\(fieldError)\
            <input type="password" id="f-passphrase" name="passphrase" autocomplete="off" required aria-required="true"\(invalid)></div>
            <button type="submit">Ký và đóng gói</button>
            </form>
            """
            : "<p>Nút chưa có chứng thư và khóa để ký: chạy <code>dsync node set-signer --cert CERT.pem --key KEY.pem</code> trước.</p>"
        let rows = try session.changesetStates().prefix(50).map { c -> HTML in
            let state =
                c.hasReceipt
                ? "đã có biên nhận của hub (\(UIFormat.date(millis: c.deliveredMillis ?? c.createdMillis)))"
                : "đã ký, chờ biên nhận"
            return """
                <tr><td>\(Int(c.sequence))</td><td>\(UIFormat.date(millis: c.createdMillis))</td>\
                <td class="num">\(c.changeCount)</td><td>\(state)</td><td><code>\(String(c.id.prefix(16)))…</code></td></tr>
                """
        }
        let outbox: HTML =
            rows.isEmpty
            ? "<p>Chưa có gói thay đổi nào.</p>"
            : """
            <table><caption>Các gói thay đổi, mới nhất trước</caption><thead><tr><th scope="col">Số</th>\
            <th scope="col">Ngày ký</th><th scope="col">Thay đổi</th><th scope="col">Trạng thái</th><th scope="col">Mã</th></tr></thead>
            <tbody>\(rows)</tbody></table>
            """
        let body: HTML = """
            \(error)\(banner)
            <p>Thay đổi chờ đóng gói: \(pending). Khóa ký ở yên trên máy này; mật khẩu chỉ dùng cho lần ký này.</p>
            \(form)
            <h2>Gói thay đổi</h2>
            \(outbox)
            """
        return Layout.page(
            title: "Ký và đóng gói", district: session.unit?.nameVi ?? session.config.district, active: "/commit",
            body: body)
    }

    /// Loads the signer with the passphrase and commits (the calls of `dsync node commit`).
    static func commit(_ session: NodeSession, form: FormData) -> ActionOutcome {
        var passphrase = Array(form["passphrase"].utf8)
        defer {
            for i in passphrase.indices { passphrase[i] = 0 }
        }
        do {
            let signer = try session.loadSigner(passphrase: passphrase)
            return .done(try session.commit(signer: signer).count)
        } catch let error as any LocalizedCodedError {
            return .refused(error.text)
        } catch {
            return .refused(LocalizedText(vi: "\(error)", en: "\(error)"))
        }
    }
}
