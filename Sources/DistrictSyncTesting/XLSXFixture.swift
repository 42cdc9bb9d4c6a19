public import Foundation
import ZIPFoundation

/// Builds real .xlsx workbooks in tests: the OOXML parts written out by hand and zipped with
/// ZIPFoundation, so a test controls exactly which cell types, styles and references a file has.
public enum XLSXFixture {
    /// One cell: its reference (`C7`) and the `<c>` element's attributes and content.
    public struct Cell: Sendable {
        public let xml: String
        /// A shared string (`t="s"`), registered in the workbook's sharedStrings part.
        public static func shared(_ ref: String, _ text: String) -> Cell { Cell(xml: "S:\(ref):\(text)") }
        /// An inline string (`t="inlineStr"`).
        public static func inline(_ ref: String, _ text: String) -> Cell {
            Cell(xml: "<c r=\"\(ref)\" t=\"inlineStr\"><is><t>\(escape(text))</t></is></c>")
        }
        /// A number, with an optional cell style index (`s`: 1 is a date style in `workbook`).
        public static func number(_ ref: String, _ value: String, style: Int? = nil) -> Cell {
            Cell(xml: "<c r=\"\(ref)\"\(style.map { " s=\"\($0)\"" } ?? "")><v>\(value)</v></c>")
        }
        public static func bool(_ ref: String, _ value: Bool) -> Cell {
            Cell(xml: "<c r=\"\(ref)\" t=\"b\"><v>\(value ? 1 : 0)</v></c>")
        }
        /// Any raw `<c>` element.
        public static func raw(_ xml: String) -> Cell { Cell(xml: xml) }
    }

    /// A row: its number (`r`) and its cells, in the order they are written.
    public typealias Row = (number: Int, cells: [Cell])

    public static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }

    /// A workbook of `sheets` (in order). Style 0 is general, style 1 the built-in date format 14
    /// (d/m/yyyy), style 2 a custom `dd/mm/yyyy` format, style 3 a custom number format `#,##0`.
    public static func workbook(sheets: [(name: String, rows: [Row])], date1904: Bool = false) throws -> [UInt8] {
        var shared: [String] = []
        var sharedIndex: [String: Int] = [:]
        var parts: [(String, String)] = []
        var sheetEntries = ""
        var relationships = ""
        for (i, sheet) in sheets.enumerated() {
            var xml = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
            xml += "<worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><sheetData>"
            for row in sheet.rows {
                xml += "<row r=\"\(row.number)\">"
                for cell in row.cells {
                    if cell.xml.hasPrefix("S:"), case let rest = cell.xml.dropFirst(2),
                        let colon = rest.firstIndex(of: ":")
                    {
                        let ref = rest[..<colon]
                        let text = String(rest[rest.index(after: colon)...])
                        let index = sharedIndex[text] ?? shared.count
                        if sharedIndex[text] == nil {
                            sharedIndex[text] = index
                            shared.append(text)
                        }
                        xml += "<c r=\"\(ref)\" t=\"s\"><v>\(index)</v></c>"
                    } else {
                        xml += cell.xml
                    }
                }
                xml += "</row>"
            }
            xml += "</sheetData></worksheet>"
            parts.append(("xl/worksheets/sheet\(i + 1).xml", xml))
            sheetEntries += "<sheet name=\"\(escape(sheet.name))\" sheetId=\"\(i + 1)\" r:id=\"rId\(i + 1)\"/>"
            relationships +=
                "<Relationship Id=\"rId\(i + 1)\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/"
                + "relationships/worksheet\" Target=\"worksheets/sheet\(i + 1).xml\"/>"
        }
        let n = sheets.count
        relationships +=
            "<Relationship Id=\"rId\(n + 1)\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/"
            + "relationships/sharedStrings\" Target=\"sharedStrings.xml\"/>"
            + "<Relationship Id=\"rId\(n + 2)\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/"
            + "relationships/styles\" Target=\"styles.xml\"/>"
        let main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
        let rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
        parts += [
            (
                "[Content_Types].xml",
                "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Types xmlns=\"http://schemas.openxmlformats.org/package/"
                    + "2006/content-types\"><Default Extension=\"xml\" ContentType=\"application/xml\"/></Types>"
            ),
            (
                "_rels/.rels",
                "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Relationships xmlns=\"http://schemas.openxmlformats.org/"
                    + "package/2006/relationships\"><Relationship Id=\"rId1\" Type=\"\(rel)/officeDocument\" "
                    + "Target=\"xl/workbook.xml\"/></Relationships>"
            ),
            (
                "xl/workbook.xml",
                "<?xml version=\"1.0\" encoding=\"UTF-8\"?><workbook xmlns=\"\(main)\" xmlns:r=\"\(rel)\">"
                    + (date1904 ? "<workbookPr date1904=\"1\"/>" : "<workbookPr/>")
                    + "<sheets>\(sheetEntries)</sheets></workbook>"
            ),
            (
                "xl/_rels/workbook.xml.rels",
                "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Relationships xmlns=\"http://schemas.openxmlformats.org/"
                    + "package/2006/relationships\">\(relationships)</Relationships>"
            ),
            (
                "xl/styles.xml",
                "<?xml version=\"1.0\" encoding=\"UTF-8\"?><styleSheet xmlns=\"\(main)\"><numFmts count=\"2\">"
                    + "<numFmt numFmtId=\"164\" formatCode=\"dd/mm/yyyy\"/><numFmt numFmtId=\"165\" "
                    + "formatCode=\"#,##0\"/></numFmts><cellXfs count=\"4\"><xf numFmtId=\"0\"/><xf numFmtId=\"14\" "
                    + "applyNumberFormat=\"1\"/><xf numFmtId=\"164\" applyNumberFormat=\"1\"/><xf numFmtId=\"165\" "
                    + "applyNumberFormat=\"1\"/></cellXfs></styleSheet>"
            ),
            (
                "xl/sharedStrings.xml",
                "<?xml version=\"1.0\" encoding=\"UTF-8\"?><sst xmlns=\"\(main)\" count=\"\(shared.count)\" "
                    + "uniqueCount=\"\(shared.count)\">"
                    + shared.map { "<si><t xml:space=\"preserve\">\(escape($0))</t></si>" }.joined() + "</sst>"
            ),
        ]
        return try zip(parts.map { ($0.0, Data($0.1.utf8)) })
    }

    /// A one-sheet workbook whose first row is `header` and whose other rows are `rows`, every
    /// cell a shared string (empty strings left out, as Excel does).
    public static func workbook(header: [String], rows: [[String]], sheet: String = "Sheet1") throws -> [UInt8] {
        let all = [header] + rows
        let built: [Row] = all.enumerated().map { i, values in
            (
                i + 1,
                values.enumerated().compactMap { c, text in
                    text.isEmpty ? nil : Cell.shared(columnName(c) + "\(i + 1)", text)
                }
            )
        }
        return try workbook(sheets: [(sheet, built)])
    }

    /// `A`, `B`, … `Z`, `AA`, … for a 0-based column.
    public static func columnName(_ column: Int) -> String {
        var n = column + 1
        var name = ""
        while n > 0 {
            let r = (n - 1) % 26
            name = String(UnicodeScalar(UInt8(65 + r))) + name
            n = (n - 1) / 26
        }
        return name
    }

    /// A ZIP archive (deflated) of the given parts.
    public static func zip(_ parts: [(String, Data)]) throws -> [UInt8] {
        let archive = try Archive(data: Data(), accessMode: .create)
        for (path, data) in parts {
            try archive.addEntry(
                with: path, type: .file, uncompressedSize: Int64(data.count), compressionMethod: .deflate,
                provider: { position, size in data.subdata(in: Int(position)..<Int(position) + size) })
        }
        return [UInt8](archive.data ?? Data())
    }
}
