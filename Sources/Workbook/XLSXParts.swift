import Foundation

/// `xl/workbook.xml` with its relationships: the sheets in order and the date system.
struct WorkbookPart {
    var sheets: [(name: String, relationship: String)] = []
    var date1904 = false

    init?(_ data: Data) {
        let events = XMLEvents()
        var sheets: [(name: String, relationship: String)] = []
        var date1904 = false
        events.start = { name, attributes in
            if name == "sheet", let sheetName = attributes["name"] {
                // The relationship attribute is `r:id` under whatever prefix the file uses.
                let rid =
                    attributes.all.first { XMLEvents.local($0.name) == "id" && $0.name.contains(":") }?.value ?? ""
                sheets.append((sheetName, rid))
            } else if name == "workbookPr", let flag = attributes["date1904"] {
                date1904 = flag == "1" || flag.lowercased() == "true"
            }
        }
        guard events.parse(data) else { return nil }
        self.sheets = sheets
        self.date1904 = date1904
    }

    /// `xl/_rels/workbook.xml.rels`: relationship id → part path inside the archive.
    static func relationships(_ data: Data) -> [String: String]? {
        let events = XMLEvents()
        var targets: [String: String] = [:]
        events.start = { name, attributes in
            guard name == "Relationship", let id = attributes["Id"], let target = attributes["Target"] else { return }
            targets[id] = target.hasPrefix("/") ? String(target.dropFirst()) : "xl/" + target
        }
        guard events.parse(data) else { return nil }
        return targets
    }
}

/// `xl/sharedStrings.xml`: the strings cells of type `s` point at (rich-text runs joined,
/// phonetic runs left out).
func readSharedStrings(_ data: Data) -> [String]? {
    let events = XMLEvents()
    var strings: [String] = []
    var current = ""
    var inText = false
    var phonetic = 0
    events.start = { name, _ in
        switch name {
        case "si": current = ""
        case "rPh": phonetic += 1
        case "t": inText = phonetic == 0
        default: break
        }
    }
    events.end = { name in
        switch name {
        case "si": strings.append(current)
        case "rPh": phonetic -= 1
        case "t": inText = false
        default: break
        }
    }
    events.text = { if inText { current += $0 } }
    guard events.parse(data) else { return nil }
    return strings
}

/// `xl/styles.xml`: for each cell style index (`s`), whether its number format shows a date.
func readDateStyles(_ data: Data) -> [Bool]? {
    let events = XMLEvents()
    var customFormats: [Int: String] = [:]
    var cellFormats: [Int] = []
    var inCellXfs = false
    events.start = { name, attributes in
        switch name {
        case "numFmt":
            if let id = attributes["numFmtId"].flatMap({ Int($0) }), let code = attributes["formatCode"] {
                customFormats[id] = code
            }
        case "cellXfs": inCellXfs = true
        case "xf" where inCellXfs: cellFormats.append(attributes["numFmtId"].flatMap { Int($0) } ?? 0)
        default: break
        }
    }
    events.end = { name in if name == "cellXfs" { inCellXfs = false } }
    guard events.parse(data) else { return nil }
    return cellFormats.map { id in customFormats[id].map(isDateFormat) ?? isBuiltInDateFormat(id) }
}

/// The built-in number formats that show a date (ECMA-376 §18.8.30, and the East Asian ids Excel
/// uses for dates).
func isBuiltInDateFormat(_ id: Int) -> Bool {
    (14...22).contains(id) || (27...36).contains(id) || (45...47).contains(id) || (50...58).contains(id)
}

/// Whether a custom format code shows a date: it has a day or year token outside quoted text,
/// escapes and bracketed parts (`[Red]`, `[$-42A]`). Only minutes ("mm") or a time is not a date.
func isDateFormat(_ code: String) -> Bool {
    var quoted = false
    var bracket = false
    var escaped = false
    for ch in code {
        if escaped {
            escaped = false
            continue
        }
        switch ch {
        case "\"": quoted.toggle()
        case "\\" where !quoted: escaped = true
        case "[" where !quoted: bracket = true
        case "]" where !quoted: bracket = false
        default:
            if !quoted && !bracket && "dDyY".contains(ch) { return true }
        }
    }
    return false
}
