public import DistrictSyncCore
import Foundation

/// Reads one sheet of an Excel workbook (.xlsx: a ZIP of OOXML parts) into the table the CSV
/// import reads, so every import rule and message stays on one path.
///
/// The first row of the sheet is the header. Cells are placed by their reference (`C7` is the
/// third column of row 7, whatever the order or gaps); the row number is the table's line. Shared
/// and inline strings are text; numbers are written without exponent or grouping (whole numbers as
/// digits); a number in a cell whose style shows a date becomes `YYYY-MM-DD` (1900 date system,
/// with Excel's 29/02/1900, or the 1904 system when the workbook says so); booleans become
/// `yes`/`no`; a formula gives its cached value.
public enum XLSXReader {
    /// Whether `bytes` look like a ZIP archive (an .xlsx) rather than a CSV text.
    public static func isWorkbook(_ bytes: [UInt8]) -> Bool { bytes.starts(with: [0x50, 0x4B, 0x03, 0x04]) }

    /// The names of the workbook's sheets, in order.
    public static func sheetNames(bytes: [UInt8], name: String, limits: XLSXLimits = .standard) throws(CoreError)
        -> [String]
    {
        var archive = try XLSXArchive(bytes: bytes, name: name, limits: limits)
        return try workbook(&archive).part.sheets.map(\.name)
    }

    /// The table of sheet `sheet` (the first sheet when nil).
    public static func table(
        bytes: [UInt8], name: String, sheet: String? = nil, limits: XLSXLimits = .standard
    ) throws(CoreError) -> CSVTable {
        var archive = try XLSXArchive(bytes: bytes, name: name, limits: limits)
        let (book, relationships) = try workbook(&archive)
        guard !book.sheets.isEmpty else {
            throw XLSXArchive.invalid(name, vi: "sổ làm việc không có trang tính nào", en: "the workbook has no sheet")
        }
        let chosen: (name: String, relationship: String)
        if let sheet {
            let wanted = VietnameseText.clean(sheet).lowercased()
            guard let found = book.sheets.first(where: { VietnameseText.clean($0.name).lowercased() == wanted }) else {
                let names = book.sheets.map { "'\($0.name)'" }.joined(separator: ", ")
                throw CoreError(
                    "xlsx_sheet_missing",
                    LocalizedText(
                        vi: "\(name): không có trang tính '\(sheet)'; các trang tính: \(names)",
                        en: "\(name): there is no sheet '\(sheet)'; the sheets are \(names)"))
            }
            chosen = found
        } else {
            chosen = book.sheets[0]
        }
        guard let path = relationships[chosen.relationship], let data = try archive.part(path) else {
            throw XLSXArchive.invalid(
                name, vi: "thiếu phần dữ liệu của trang tính '\(chosen.name)'",
                en: "the data of sheet '\(chosen.name)' is missing")
        }
        let shared: [String]
        if let part = try archive.part(sharedStringsPath(relationships)) {
            guard let strings = readSharedStrings(part) else {
                throw XLSXArchive.invalid(
                    name, vi: "phần chuỗi dùng chung bị hỏng", en: "the shared strings are damaged")
            }
            shared = strings
        } else {
            shared = []
        }
        let dateStyles: [Bool]
        if let part = try archive.part(stylesPath(relationships)) {
            guard let styles = readDateStyles(part) else {
                throw XLSXArchive.invalid(name, vi: "phần định dạng ô bị hỏng", en: "the cell styles are damaged")
            }
            dateStyles = styles
        } else {
            dateStyles = []
        }
        var sheetReader = SheetReader(shared: shared, dateStyles: dateStyles, date1904: book.date1904)
        guard sheetReader.parse(data) else {
            throw XLSXArchive.invalid(
                name, vi: "trang tính '\(chosen.name)' bị hỏng\(sheetReader.failure.map { " (\($0))" } ?? "")",
                en: "sheet '\(chosen.name)' is damaged\(sheetReader.failure.map { " (\($0))" } ?? "")")
        }
        var rows = sheetReader.rows
        guard !rows.isEmpty else {
            throw CoreError(
                "csv_empty",
                LocalizedText(
                    vi: "\(name): trang tính '\(chosen.name)' trống; cần có dòng tiêu đề",
                    en: "\(name): sheet '\(chosen.name)' is empty; expected a header row"))
        }
        let header = rows.removeFirst()
        return try CSVTable(header: header.values, rows: rows)
    }

    static func workbook(_ archive: inout XLSXArchive) throws(CoreError) -> (
        part: WorkbookPart, relationships: [String: String]
    ) {
        guard let data = try archive.part("xl/workbook.xml"), let book = WorkbookPart(data) else {
            throw XLSXArchive.invalid(
                archive.name, vi: "thiếu hoặc hỏng phần xl/workbook.xml", en: "xl/workbook.xml is missing or damaged")
        }
        guard let rels = try archive.part("xl/_rels/workbook.xml.rels"),
            let relationships = WorkbookPart.relationships(rels)
        else {
            throw XLSXArchive.invalid(
                archive.name, vi: "thiếu hoặc hỏng phần xl/_rels/workbook.xml.rels",
                en: "xl/_rels/workbook.xml.rels is missing or damaged")
        }
        return (book, relationships)
    }

    static func sharedStringsPath(_ relationships: [String: String]) -> String {
        relationships.values.first { $0.hasSuffix("sharedStrings.xml") } ?? "xl/sharedStrings.xml"
    }

    static func stylesPath(_ relationships: [String: String]) -> String {
        relationships.values.first { $0.hasSuffix("styles.xml") } ?? "xl/styles.xml"
    }
}

/// The rows of one worksheet part (`<sheetData>`), placed by cell reference.
struct SheetReader {
    /// Excel's own bounds: a reference beyond them is a damaged sheet, not a wide table.
    static let maxColumns = 16_384
    static let maxRows = 1_048_576

    let shared: [String]
    let dateStyles: [Bool]
    let date1904: Bool
    var rows: [(line: Int, values: [String])] = []
    var failure: String?

    init(shared: [String], dateStyles: [Bool], date1904: Bool) {
        self.shared = shared
        self.dateStyles = dateStyles
        self.date1904 = date1904
    }

    mutating func parse(_ data: Data) -> Bool {
        let events = XMLEvents()
        var rows: [(line: Int, values: [String])] = []
        var failure: String?
        var rowNumber = 0
        var cells: [Int: String] = [:]
        var column = -1
        var type = "n"
        var style = 0
        var value = ""
        var inValue = false
        var inInline = false
        var phonetic = 0
        let shared = shared
        let dateStyles = dateStyles
        let date1904 = date1904
        events.start = { name, attributes in
            switch name {
            case "row":
                if let r = attributes["r"] {
                    guard let n = Int(r), n > rowNumber, n <= Self.maxRows else {
                        failure = failure ?? "row r='\(r)'"
                        return
                    }
                    rowNumber = n
                } else {
                    rowNumber += 1
                }
                cells = [:]
                column = -1
            case "c":
                if let ref = attributes["r"] {
                    guard let c = Self.column(of: ref), cells[c] == nil else {
                        failure = failure ?? "cell r='\(ref)'"
                        return
                    }
                    column = c
                } else {
                    column += 1
                }
                if column >= Self.maxColumns { failure = failure ?? "column \(column + 1)" }
                type = attributes["t"] ?? "n"
                style = attributes["s"].flatMap { Int($0) } ?? 0
                value = ""
            case "v": inValue = true
            case "is": inInline = true
            case "rPh": phonetic += 1
            case "t": if inInline && phonetic == 0 { inValue = true }
            default: break
            }
        }
        events.end = { name in
            switch name {
            case "v", "t": inValue = false
            case "is": inInline = false
            case "rPh": phonetic -= 1
            case "c":
                if let cell = Self.cellText(
                    value, type: type, isDate: style < dateStyles.count && dateStyles[style], shared: shared,
                    date1904: date1904)
                {
                    cells[column] = cell
                } else {
                    failure = failure ?? "cell \(column + 1) of row \(rowNumber): '\(value.prefix(40))'"
                }
            case "row":
                guard let last = cells.keys.max() else { return }
                var values = [String](repeating: "", count: last + 1)
                for (c, text) in cells { values[c] = text }
                rows.append((rowNumber, values))
            default: break
            }
        }
        events.text = { if inValue { value += $0 } }
        let parsed = events.parse(data)
        self.rows = rows
        self.failure = failure
        return parsed && failure == nil
    }

    /// The 0-based column of a reference such as `C7` or `AA12` (nil when it is not one).
    static func column(of reference: String) -> Int? {
        var column = 0
        var letters = 0
        for byte in reference.utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"):
                guard letters < 3 else { return nil }
                column = column * 26 + Int(byte - UInt8(ascii: "A")) + 1
                letters += 1
            case UInt8(ascii: "0")...UInt8(ascii: "9"):
                guard letters > 0 else { return nil }
            case UInt8(ascii: "$"): continue
            default: return nil
            }
        }
        return letters > 0 ? column - 1 : nil
    }

    /// The text a cell holds as the CSV import would read it; nil when the cell is malformed.
    static func cellText(_ raw: String, type: String, isDate: Bool, shared: [String], date1904: Bool) -> String? {
        if raw.isEmpty { return "" }  // a styled cell with no value
        switch type {
        case "s":
            guard let i = Int(raw.trimmingCharacters(in: .whitespaces)), i >= 0, i < shared.count else { return nil }
            return shared[i]
        case "inlineStr", "str", "e": return raw
        case "b":
            switch raw.trimmingCharacters(in: .whitespaces) {
            case "1": return "yes"
            case "0": return "no"
            default: return nil
            }
        case "d":
            // An ISO 8601 date(-time) cell: the date part.
            return String(raw.prefix(10))
        default:
            let text = raw.trimmingCharacters(in: .whitespaces)
            if text.isEmpty { return "" }
            guard let number = Double(text), number.isFinite else { return nil }
            if isDate { return excelDate(number, date1904: date1904) ?? text }
            return plainNumber(text, number)
        }
    }

    /// A number as digits: whole numbers without exponent (`1.5E+9` → `1500000000`), others in
    /// the shortest decimal form with a point.
    static func plainNumber(_ text: String, _ number: Double) -> String {
        if text.utf8.allSatisfy({ ($0 >= 0x30 && $0 <= 0x39) || $0 == UInt8(ascii: "-") }) { return text }
        if number == number.rounded(), abs(number) < 9_007_199_254_740_992 { return String(Int64(number)) }
        let formatted = "\(number)"
        return formatted.contains("e") ? String(format: "%.15f", number).trimmingTrailingZeros : formatted
    }

    /// The ISO date of an Excel serial day number (its fraction, the time, is dropped). In the
    /// 1900 system serial 60 is Excel's 29/02/1900, which did not exist: it stays "1900-02-29" so
    /// the date check refuses it.
    static func excelDate(_ serial: Double, date1904: Bool) -> String? {
        guard serial >= 0, serial < 2_958_466 else { return nil }  // up to 9999-12-31
        var days = Int(serial.rounded(.down))
        if date1904 {
            days += 1462  // 1904-01-01 is serial 1462 of the 1900 system
        } else if days == 60 {
            return "1900-02-29"
        } else if days < 60 {
            days += 1  // before Excel's phantom leap day
        }
        // Serial 0 of the corrected count is 1899-12-30.
        return ISODate.string(daysSince18991230: days)
    }
}

extension String {
    fileprivate var trimmingTrailingZeros: String {
        guard contains(".") else { return self }
        var s = self
        while s.hasSuffix("0") { s.removeLast() }
        if s.hasSuffix(".") { s.removeLast() }
        return s
    }
}

extension ISODate {
    /// The `YYYY-MM-DD` of `days` days after 1899-12-30 (proleptic Gregorian): day 25,569 is 1970-01-01.
    static func string(daysSince18991230 days: Int) -> String {
        fromUnixMillis(Int64(days - 25_569) * 86_400_000)
    }
}
