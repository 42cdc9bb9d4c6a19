import DistrictNode
import DistrictSyncCore

/// The training events of one officer on `/officers/{id}` (B4a/B4b): the list by date and the
/// form that adds one (`POST /officers/{id}/trainings`), checked by `trainingIssues` and saved by
/// `addTraining`, the calls of `dsync node training add`.
enum TrainingSection {
    static let defaultOrganiser = "Sở Công Thương TP.HCM"

    static let fields: [FormField] = [
        FormField(
            name: "date", label: "Ngày tập huấn", hint: "Dạng NĂM-THÁNG-NGÀY, ví dụ 2024-03-15.",
            control: .text(inputMode: nil)),
        FormField(name: "course", label: "Tên khóa tập huấn", hint: nil, control: .text(inputMode: nil)),
        FormField(name: "organiser", label: "Đơn vị tổ chức", hint: nil, control: .text(inputMode: nil)),
    ]

    /// What the form shows: the typed values and the node's refusals (none on a fresh page).
    struct State {
        var values: [String: String] = ["organiser": defaultOrganiser]
        var issues: [FieldIssue] = []
        var added = false
    }

    static func render(_ session: NodeSession, officerID: String, state: State, formToken: String) throws -> HTML {
        let rows = try session.trainings(officerID: officerID).map { t -> HTML in
            "<tr><td>\(UIFormat.date(t.date))</td><td>\(t.course)</td><td>\(t.organiser)</td></tr>"
        }
        let table: HTML =
            rows.isEmpty
            ? "<p>Chưa ghi lượt tập huấn nào.</p>"
            : """
            <table><caption>Các lượt tập huấn, theo ngày</caption><thead><tr><th scope="col">Ngày</th>\
            <th scope="col">Khóa</th><th scope="col">Đơn vị tổ chức</th></tr></thead>
            <tbody>\(rows)</tbody></table>
            """
        let banner: HTML = state.added ? "<div class=\"saved\" role=\"status\">Đã ghi lượt tập huấn.</div>" : .empty
        return """
            <h2 id="trainings">Tập huấn</h2>
            \(banner)
            \(table)
            <h3>Ghi một lượt tập huấn</h3>
            \(FormParts.summary(state.issues, fields: fields))
            <form method="post" action="/officers/\(officerID)/trainings" novalidate>
            \(FormParts.token(formToken))
            \(FormParts.fields(fields, values: state.values, issues: state.issues))
            <p><button type="submit">Ghi lượt tập huấn</button></p>
            </form>
            """
    }

    /// Checks the form by `trainingIssues`, then records it with `addTraining`.
    static func add(_ session: NodeSession, officerID: String, form: FormData) throws -> FormOutcome {
        var values: [String: String] = [:]
        for f in fields { values[f.name] = form[f.name] }
        let found = try session.trainingIssues(officerID: officerID, values)
        guard found.isEmpty else { return .refused(found) }
        do {
            let t = try session.addTraining(
                officerID: officerID, date: (values["date"] ?? "").trimmedSpaces, course: values["course"] ?? "",
                organiser: values["organiser"] ?? "")
            return .saved(t.id)
        } catch let error as NodeError {
            let column = error.code == "training_course" ? "course" : "date"
            return .refused([FieldIssue(column: column, value: values[column] ?? "", reason: error.text)])
        }
    }
}
