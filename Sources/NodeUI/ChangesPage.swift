import DistrictNode
import DistrictSyncCore

/// `/changes`: pending and recent captured changes, newest first.
enum ChangesPage {
    static let tables: [String: String] = [
        "officers": "Cán bộ", "trainings": "Tập huấn", "enterprises": "Doanh nghiệp", "surveys": "Khảo sát",
        "survey_figures": "Số liệu khảo sát",
    ]

    static func render(_ session: NodeSession) throws -> HTML {
        let pending = try session.store.pendingChangeCount()
        let rows = try session.recentChanges(limit: 200).map { c -> HTML in
            let fields = c.fields.map { f -> HTML in "<li>\(Labels.fields[f.column] ?? f.column): \(f.value)</li>" }
            let what: HTML = c.isDelete ? "xóa" : "<ul>\(fields)</ul>"
            let state = c.changesetSeq.map { "trong gói số \($0)" } ?? "chờ đóng gói"
            let record: HTML =
                c.table == "enterprises"
                ? "<a href=\"/enterprises/\(c.key)\">\(c.key)</a>"
                : c.table == "officers" ? "<a href=\"/officers/\(c.key)\">\(String(c.key.prefix(8)))</a>" : "\(c.key)"
            return """
                <tr><td>\(UIFormat.date(millis: c.wallMillis))</td><td>\(tables[c.table] ?? c.table)</td>\
                <td>\(record)</td><td>\(what)</td><td>\(state)</td></tr>
                """
        }
        let table: HTML =
            rows.isEmpty
            ? "<p>Chưa có thay đổi nào.</p>"
            : """
            <table><caption>200 thay đổi gần nhất, mới nhất trước</caption><thead><tr><th scope="col">Ngày</th>\
            <th scope="col">Bảng</th><th scope="col">Bản ghi</th><th scope="col">Trường</th><th scope="col">Trạng thái</th></tr></thead>
            <tbody>\(rows)</tbody></table>
            """
        let body: HTML = """
            <p>Thay đổi chờ đóng gói: \(pending). <a href="/commit">Ký và đóng gói</a></p>
            \(table)
            """
        return Layout.page(
            title: "Thay đổi", district: session.unit?.nameVi ?? session.config.district, active: "/changes", body: body
        )
    }
}
