/// Writes CSV for people to open in a spreadsheet: RFC 4180 quoting, CRLF line ends, a UTF-8
/// byte order mark (so Excel reads Vietnamese text as UTF-8), and cells that a spreadsheet would
/// run as a formula (starting with = + - @, a tab or a carriage return) prefixed with `'`.
public enum CSVWriter {
    public static let byteOrderMark = "\u{FEFF}"

    /// One cell, made safe against formula injection, then quoted when it needs quotes.
    public static func cell(_ text: String) -> String {
        var value = text
        if let first = value.unicodeScalars.first, ["=", "+", "-", "@", "\t", "\r"].contains(first) {
            value = "'" + value
        }
        guard value.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return value }
        return "\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    /// A whole file: the BOM, the header row, then the rows.
    public static func document(header: [String], rows: [[String]]) -> String {
        var out = byteOrderMark + header.map(cell).joined(separator: ",") + "\r\n"
        for row in rows { out += row.map(cell).joined(separator: ",") + "\r\n" }
        return out
    }
}
