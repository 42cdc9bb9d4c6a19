import DistrictNode
import DistrictSyncCore
import NodeSync

/// The hub part of `/deliver`: "Gửi lên hub" (`POST /deliver/sync`, the `NodeSyncer` sync of
/// `dsync node sync`), receipts taken from a folder (`POST /deliver/ack`, the call of `dsync node
/// ack`), and every changeset's state: signed → at the hub → receipt verified → accepted or
/// refused. "At the hub" and "accepted" come only from a verified hub receipt stored in the
/// outbox; a refusal only from the hub's own answer, in this sync or kept from an earlier one
/// (`hub_answers`, shown with its date). Making a request proves nothing.
enum HubSendSection {
    /// What the last action on the page brought: a sync report, an acknowledgement, or why neither ran.
    struct State {
        var report: SyncReport? = nil
        var syncIssue: LocalizedText? = nil
        var ack: AckRun? = nil
        var ackFolder = ""
        var ackIssue: LocalizedText? = nil
    }

    /// A failure in Vietnamese: the raise site's text when it gave one, else the catalogue's
    /// meaning of the code; and what to do, from the catalogue.
    static func explain(code: String, localized: LocalizedText?, message: String?) -> (what: String, todo: String?) {
        let reason = ReasonCode(rawValue: code)
        return (localized?.vi ?? reason?.meaning(in: .vi) ?? message ?? code, reason?.action(in: .vi))
    }

    static func alert(_ title: String, _ lines: [HTML]) -> HTML {
        let items = lines.map { line -> HTML in "<li>\(line)</li>" }
        return "<div class=\"summary\" role=\"alert\"><h3>\(title)</h3><ul>\(items)</ul></div>"
    }

    static func render(_ session: NodeSession, formToken: String, state: State) throws -> HTML {
        let states = try session.changesetStates()
        let answers = Dictionary(state.report?.items.map { ($0.id, $0) } ?? [], uniquingKeysWith: { _, last in last })
        let rows = states.map { c -> HTML in row(c, answer: answers[c.id]) }
        let table: HTML =
            rows.isEmpty
            ? "<p>Chưa có gói thay đổi nào. Ký và đóng gói ở trang <a href=\"/commit\">Ký và đóng gói</a>.</p>"
            : """
            <table><caption>Trạng thái từng gói, mới nhất trước</caption><thead><tr><th scope="col">Gói</th>\
            <th scope="col">Đã ký</th><th scope="col">Tới hub</th><th scope="col">Biên nhận của hub</th>\
            <th scope="col">Kết quả của hub</th></tr></thead>
            <tbody>\(rows)</tbody></table>
            """
        return """
            <h2 id="hub">Gửi lên hub qua mạng</h2>
            \(try send(session, formToken: formToken, state: state))
            <h2>Trạng thái các gói thay đổi</h2>
            \(table)
            <h2 id="ack">Nhận biên nhận từ thư mục (USB)</h2>
            \(ack(formToken: formToken, state: state))
            """
    }

    static func row(_ c: ChangesetState, answer: SyncReport.Item?) -> HTML {
        let signed = "Đã ký ngày \(UIFormat.date(millis: c.createdMillis)) (\(c.changeCount) thay đổi)"
        if c.hasReceipt {
            let when = c.deliveredMillis.map { " ngày \(UIFormat.date(millis: $0))" } ?? ""
            return """
                <tr><td>Số \(Int(c.sequence))</td><td>\(signed)</td><td>Đã tới hub (theo biên nhận)</td>\
                <td>Đã xác minh chữ ký của hub\(when)</td><td><strong>Hub đã chấp nhận</strong></td></tr>
                """
        }
        // This sync's answer, else the newest one kept from an earlier sync (with its date).
        let given: (outcome: String, reason: String?, message: String?, when: String)? =
            answer.map { ($0.outcome, $0.reason, $0.message, "") }
            ?? c.hubAnswer.map {
                ($0.outcome, $0.reason, $0.message, " ngày \(UIFormat.date(millis: $0.answeredMillis))")
            }
        let atHub: String
        let result: HTML
        switch given?.outcome {
        case "held":
            atHub = "Hub trả lời\(given?.when ?? "") đã nhận, đang giữ chờ gói trước; chưa có biên nhận"
            result = "Chờ: gửi lại sau khi các gói trước có biên nhận"
        case .some(let outcome) where !["accepted", "duplicate", "already_at_hub"].contains(outcome):
            let text = explain(code: given?.reason ?? outcome, localized: nil, message: given?.message)
            atHub = "Hub đã trả lời\(given?.when ?? "") nhưng không cấp biên nhận"
            result =
                "<strong>Hub từ chối</strong>: \(text.what)\(text.todo.map { ". Cách xử lý: \($0)" } ?? "") (mã \(given?.reason ?? outcome))"
        default:
            atHub = "Chưa có biên nhận nào cho thấy gói đã tới hub"
            result = "—"
        }
        return """
            <tr><td>Số \(Int(c.sequence))</td><td>\(signed)</td><td>\(atHub)</td><td>Chưa có</td><td>\(result)</td></tr>
            """
    }

    static func send(_ session: NodeSession, formToken: String, state: State) throws -> HTML {
        let refusal: HTML = state.syncIssue.map { alert("Chưa gửi được", ["\($0.vi)"]) } ?? .empty
        guard let url = session.config.hubURL else {
            return """
                \(refusal)<p>Nút chưa biết địa chỉ hub. Người quản trị ghi một lần bằng lệnh \
                <code>dsync node set-hub --url URL --ca CITY-ROOT.pem</code>; sau đó nút «Gửi lên hub» hiện ở đây. \
                Khi không có mạng, ghi gói ra thư mục (USB) ở trên.</p>
                """
        }
        var notes: [HTML] = [refusal]
        if let report = state.report {
            if let failure = report.error {
                let text = explain(code: failure.code, localized: failure.localized, message: failure.message)
                var lines: [HTML] = ["\(text.what) (mã \(failure.code))"]
                if let todo = text.todo { lines.append("Cách xử lý: \(todo)") }
                lines.append(
                    "Các gói đã có biên nhận vẫn được giữ; gói chưa có biên nhận sẽ được gửi lại ở lần bấm sau.")
                notes.append(alert("Gửi lên hub chưa xong", lines))
            }
            let summary =
                report.synced
                ? "Đã gửi xong: cả \(report.delivered) gói đều có biên nhận đã xác minh của hub."
                : "Lần gửi này: \(report.receiptsVerified) biên nhận mới đã xác minh; "
                    + "còn \(report.undelivered) gói chưa có biên nhận."
            notes.append("<p role=\"status\" class=\"saved\">\(summary)</p>")
            if let failure = report.cosignatureError {
                notes.append(
                    "<p>Chưa gửi được chữ ký đồng ký (nhân chứng) của nút cho hub (mã \(failure.code)); lần gửi sau sẽ thử lại.</p>"
                )
            }
        }
        return """
            <p>Hub: \(url)</p>
            \(HTML.join(notes))
            <form method="post" action="/deliver/sync">
            \(FormParts.token(formToken))
            <div class="field"><label for="f-hub-passphrase">Mật khẩu của khóa ký (chỉ khi hub đòi TLS hai chiều)</label>\
            <p class="hint" id="f-hub-passphrase-hint">Để trống nếu hub không đòi chứng thư của nút. Mật khẩu chỉ dùng cho lần gửi này, không được lưu.</p>\
            <input type="password" id="f-hub-passphrase" name="passphrase" autocomplete="off" aria-describedby="f-hub-passphrase-hint"></div>
            <button type="submit">Gửi lên hub</button>
            </form>
            """
    }

    static func ack(formToken: String, state: State) -> HTML {
        var notes: [HTML] = []
        if let issue = state.ackIssue {
            notes.append(alert("Chưa nhận được biên nhận", ["<a href=\"#f-receipts\">Thư mục: \(issue.vi)</a>"]))
        }
        if let run = state.ack {
            let delivered = run.results.filter { $0.outcome == .delivered }.count
            let already = run.results.filter { $0.outcome == .alreadyDelivered }.count
            notes.append(
                "<p role=\"status\" class=\"saved\">Đã đọc \(run.results.count) biên nhận: \(delivered) gói được đánh dấu đã giao, \(already) gói đã có biên nhận từ trước.</p>"
            )
            let refused = run.results.filter { $0.outcome == .refused }.map { r -> HTML in
                let text = explain(code: r.reason ?? "receipt_invalid", localized: nil, message: r.message)
                return
                    "Tệp \(r.file): \(text.what)\(text.todo.map { ". Cách xử lý: \($0)" } ?? "") (mã \(r.reason ?? ""))"
            }
            if !refused.isEmpty { notes.append(alert("Có biên nhận không nhận được", refused)) }
            for check in run.logChecks {
                notes.append(
                    "<p>Nhật ký thành phố trong \(check.folder): đã kiểm chữ ký, tính nối tiếp và \(check.proofs) bằng chứng (cây \(Int(check.size)) mục).</p>"
                )
            }
            if let error = run.logError as? any LocalizedCodedError {
                notes.append(alert("Nhật ký thành phố không khớp", ["\(error.message(in: .vi)) (mã \(error.code))"]))
            }
        }
        let invalid: HTML =
            state.ackIssue == nil
            ? " aria-describedby=\"f-receipts-hint\""
            : " aria-invalid=\"true\" aria-describedby=\"f-receipts-hint f-receipts-error\""
        let fieldError: HTML =
            state.ackIssue.map { text -> HTML in "<p class=\"error\" id=\"f-receipts-error\">\(text.vi)</p>" } ?? .empty
        return """
            \(HTML.join(notes))
            <form method="post" action="/deliver/ack">
            \(FormParts.token(formToken))
            <div class="field"><label for="f-receipts">Thư mục biên nhận</label>\
            <p class="hint" id="f-receipts-hint">Thư mục hub ghi bằng <code>dsync hub import --receipts</code>, đường dẫn đầy đủ, ví dụ /media/usb/receipts.</p>\(fieldError)\
            <input type="text" id="f-receipts" name="receipts" value="\(state.ackFolder)" required aria-required="true"\(invalid)></div>
            <button type="submit">Nhận biên nhận</button>
            </form>
            """
    }

    /// Runs the sync of `dsync node sync` (`HubConnection`, `NodeSyncer`) with short retries (two
    /// attempts, 3 s to connect: the officer waits on the page, about 6 s when the hub is down). The passphrase (optional, for mutual TLS) is zeroed after use.
    static func sync(_ session: NodeSession, form: FormData) async -> State {
        var passphrase = Array(form["passphrase"].utf8)
        defer {
            for i in passphrase.indices { passphrase[i] = 0 }
        }
        do {
            let url = try HubConnection.url(session)
            let given = passphrase
            let identity = try HubConnection.identity(
                session, signerPassphraseGiven: !given.isEmpty, passphrase: { given.isEmpty ? nil : given })
            let report = try await HubConnection.sync(
                session, url: url, identity: identity, timeoutSeconds: 30, connectTimeoutSeconds: 3,
                backoff: Backoff(baseMillis: 300, maxAttempts: 2))
            return State(report: report)
        } catch let error as any LocalizedCodedError {
            return State(syncIssue: error.text)
        } catch {
            return State(syncIssue: LocalizedText(vi: "\(error)", en: "\(error)"))
        }
    }

    /// Takes the receipts of a folder (the call of `dsync node ack FOLDER`).
    static func acknowledge(_ session: NodeSession, form: FormData) -> State {
        let folder = form["receipts"].trimmedSpaces
        guard folder.hasPrefix("/") else {
            return State(
                ackFolder: folder,
                ackIssue: LocalizedText(
                    vi: "đã nhập «\(folder)»; cần đường dẫn đầy đủ bắt đầu bằng /, ví dụ /media/usb/receipts",
                    en: "got '\(folder)'; expected a full path starting with /, e.g. /media/usb/receipts"))
        }
        do {
            let trust = try session.hubTrust(caPaths: [])
            return State(ack: try session.acknowledge(paths: [folder], trust: trust), ackFolder: folder)
        } catch let error as any LocalizedCodedError {
            return State(ackFolder: folder, ackIssue: error.text)
        } catch {
            return State(ackFolder: folder, ackIssue: LocalizedText(vi: "\(error)", en: "\(error)"))
        }
    }
}
