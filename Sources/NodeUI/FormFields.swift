import DistrictSyncCore

/// One form field: a `<label>`, the control named by its CSV column, an optional hint, and,
/// when the node refused the value, `aria-invalid="true"` and a message tied by `aria-describedby`.
struct FormField {
    enum Control {
        case text(inputMode: String?)
        case choice([(value: String, label: String)])
    }

    let name: String
    let label: String
    let hint: String?
    let control: Control
    var required = true

    static func text(_ name: String, hint: String? = nil, numeric: Bool = false, required: Bool = true) -> FormField {
        FormField(
            name: name, label: Labels.fields[name] ?? name, hint: hint,
            control: .text(inputMode: numeric ? "numeric" : nil),
            required: required)
    }

    static func choice<V: Vocabulary>(_ name: String, _ type: V.Type, label: (V) -> String) -> FormField {
        FormField(
            name: name, label: Labels.fields[name] ?? name, hint: nil,
            control: .choice(V.allCases.map { (value: $0.rawValue, label: label($0)) }))
    }

    var id: String { "f-\(name)" }

    func render(value: String, issue: FieldIssue?) -> HTML {
        let errorID = "\(id)-error"
        let hintID = "\(id)-hint"
        var described: [String] = []
        if hint != nil { described.append(hintID) }
        if issue != nil { described.append(errorID) }
        let describedBy = described.joined(separator: " ")
        let invalid: HTML = issue == nil ? .empty : " aria-invalid=\"true\""
        let describedAttr: HTML = described.isEmpty ? .empty : " aria-describedby=\"\(describedBy)\""
        let requiredAttr: HTML = required ? " required aria-required=\"true\"" : .empty
        let hintHTML: HTML = hint.map { h -> HTML in "<p class=\"hint\" id=\"\(hintID)\">\(h)</p>" } ?? .empty
        let errorHTML: HTML =
            issue.map { i -> HTML in "<p class=\"error\" id=\"\(errorID)\">\(Self.message(i, label: label))</p>" }
            ?? .empty
        let controlHTML: HTML
        switch control {
        case .text(let mode):
            let modeAttr: HTML = mode.map { m -> HTML in " inputmode=\"\(m)\"" } ?? .empty
            controlHTML =
                "<input type=\"text\" id=\"\(id)\" name=\"\(name)\" value=\"\(value)\"\(modeAttr)\(requiredAttr)\(invalid)\(describedAttr)>"
        case .choice(let options):
            let chosen = value
            let optionHTML = options.map { option -> HTML in
                option.value == chosen
                    ? "<option value=\"\(option.value)\" selected>\(option.label)</option>"
                    : "<option value=\"\(option.value)\">\(option.label)</option>"
            }
            controlHTML =
                "<select id=\"\(id)\" name=\"\(name)\"\(requiredAttr)\(invalid)\(describedAttr)><option value=\"\">— chọn —</option>\(optionHTML)</select>"
        }
        return "<div class=\"field\"><label for=\"\(id)\">\(label)</label>\(hintHTML)\(errorHTML)\(controlHTML)</div>"
    }

    /// What was given, what is wrong and expected (the node's own reason), how to fix it.
    static func message(_ issue: FieldIssue, label: String) -> String {
        let given = issue.value.isEmpty ? "Chưa nhập \(label.lowercased())" : "Đã nhập «\(issue.value)»"
        return "\(given): \(issue.reason(in: .vi)). Sửa ô này rồi bấm Lưu lại."
    }
}

/// The forms' shared pieces: the error summary and the hidden form token.
enum FormParts {
    /// `role="alert"` summary with a link to each refused field.
    static func summary(_ issues: [FieldIssue], fields: [FormField]) -> HTML {
        guard !issues.isEmpty else { return .empty }
        let items = issues.map { issue -> HTML in
            let field = fields.first { $0.name == issue.column } ?? fields.first
            let label = field?.label ?? issue.column
            return "<li><a href=\"#\(field?.id ?? "")\">\(label): \(FormField.message(issue, label: label))</a></li>"
        }
        return """
            <div class="summary" role="alert" id="error-summary"><h2>Chưa lưu: có \(issues.count) lỗi cần sửa</h2>
            <ul>\(items)</ul></div>
            """
    }

    /// The two buttons of a record form: save the record, or keep the form as a draft (even with
    /// errors); a resumed draft carries its id so saving replaces or removes it.
    static func buttons(save: String, draftID: String?) -> HTML {
        let hidden: HTML =
            draftID.map { id -> HTML in "<input type=\"hidden\" name=\"_draft\" value=\"\(id)\">" } ?? .empty
        return """
            \(hidden)<p><button type="submit" name="_action" value="save">\(save)</button> \
            <button type="submit" name="_action" value="draft" class="secondary">Lưu nháp</button></p>
            """
    }

    static func token(_ formToken: String) -> HTML {
        "<input type=\"hidden\" name=\"_csrf\" value=\"\(formToken)\">"
    }

    /// The fields in order, each with its value and its first issue.
    static func fields(_ fields: [FormField], values: [String: String], issues: [FieldIssue]) -> HTML {
        HTML.join(
            fields.map { f in f.render(value: values[f.name] ?? "", issue: issues.first { $0.column == f.name }) })
    }
}
