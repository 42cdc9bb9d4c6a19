import Foundation

/// A UTF-8 CSV file with a header row (RFC 4180 quoting, CRLF or LF, an optional BOM).
///
/// Parsing works on bytes so a 50,000-row file is read in one pass; a field that is not valid
/// UTF-8 is kept as an error marker on its row so the importer can name the line and column.
public struct CSVTable: Sendable {
    public let header: [String]
    public let rows: [CSVRow]
    let index: [String: Int]

    public init(text: String) throws(CoreError) { try self.init(bytes: Array(text.utf8)) }

    public init(bytes: [UInt8]) throws(CoreError) {
        var records = try CSVTable.split(bytes)
        guard !records.isEmpty else {
            throw CoreError(
                "csv_empty",
                LocalizedText(
                    vi: "tệp CSV trống; cần có dòng tiêu đề", en: "the CSV file is empty; expected a header row"))
        }
        let headerRecord = records.removeFirst()
        var header: [String] = []
        for field in headerRecord.fields {
            guard let name = String(validating: field, as: UTF8.self) else {
                throw CoreError(
                    "csv_header",
                    LocalizedText(
                        vi: "dòng tiêu đề CSV không phải UTF-8 hợp lệ; lưu tệp ở dạng UTF-8",
                        en: "the CSV header is not valid UTF-8; save the file as UTF-8"))
            }
            header.append(name)
        }
        let index = try CSVTable.index(normalising: &header)
        self.header = header
        self.index = index
        var rows: [CSVRow] = []
        rows.reserveCapacity(records.count)
        for record in records {
            if record.fields.count == 1 && record.fields[0].isEmpty { continue }  // blank line
            var values: [String] = []
            values.reserveCapacity(record.fields.count)
            var invalid: [Int] = []
            for (i, field) in record.fields.enumerated() {
                if let text = String(validating: field, as: UTF8.self) {
                    values.append(text)
                } else {
                    values.append("")
                    invalid.append(i)
                }
            }
            rows.append(CSVRow(line: record.line, values: values, invalidUTF8Columns: invalid, index: index))
        }
        self.rows = rows
    }

    /// A table read from another format (a workbook sheet): the header row's cells, then each data
    /// row with its 1-based line (the sheet's row number). Header names are matched as in a CSV file
    /// (trimmed, case-insensitive, each at most once); rows whose cells are all empty are dropped.
    public init(header names: [String], rows records: [(line: Int, values: [String])]) throws(CoreError) {
        var header = names
        let index = try CSVTable.index(normalising: &header)
        self.header = header
        self.index = index
        self.rows = records.compactMap { record in
            record.values.allSatisfy(\.isEmpty)
                ? nil : CSVRow(line: record.line, values: record.values, invalidUTF8Columns: [], index: index)
        }
    }

    /// Trims and lowercases the header names and indexes them, refusing a name given twice.
    static func index(normalising header: inout [String]) throws(CoreError) -> [String: Int] {
        header = header.map { $0.trimmedSpaces.lowercased() }
        var index: [String: Int] = [:]
        for (i, name) in header.enumerated() where !name.isEmpty {
            if index[name] != nil {
                throw CoreError(
                    "csv_header",
                    LocalizedText(
                        vi: "dòng tiêu đề CSV ghi cột '\(name)' hai lần",
                        en: "the CSV header names column '\(name)' twice"))
            }
            index[name] = i
        }
        return index
    }

    /// Throws when any of `names` is missing from the header, naming all missing ones.
    public func requireColumns(_ names: [String]) throws(CoreError) {
        let missing = names.filter { index[$0] == nil }
        guard missing.isEmpty else {
            throw CoreError(
                "csv_missing_columns",
                LocalizedText(
                    vi:
                        "dòng tiêu đề CSV thiếu cột \(missing.joined(separator: ", ")); các cột bắt buộc: \(names.joined(separator: ","))",
                    en:
                        "the CSV header lacks column(s) \(missing.joined(separator: ", ")); required: \(names.joined(separator: ","))"
                ))
        }
    }

    struct RawRecord {
        var line: Int
        var fields: [ArraySlice<UInt8>]
    }

    static func split(_ input: [UInt8]) throws(CoreError) -> [RawRecord] {
        var bytes = input[...]
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes = bytes.dropFirst(3) }
        var records: [RawRecord] = []
        var fields: [ArraySlice<UInt8>] = []
        var line = 1
        var recordLine = 1
        var i = bytes.startIndex
        let end = bytes.endIndex
        var fieldStart = i
        var quoted: [UInt8]? = nil
        while i < end {
            let byte = bytes[i]
            if byte == UInt8(ascii: "\"") && i == fieldStart {
                // Quoted field: copy until the closing quote, turning "" into ".
                var buffer: [UInt8] = []
                var j = i + 1
                var closed = false
                while j < end {
                    let b = bytes[j]
                    if b == UInt8(ascii: "\"") {
                        if j + 1 < end && bytes[j + 1] == UInt8(ascii: "\"") {
                            buffer.append(b)
                            j += 2
                            continue
                        }
                        closed = true
                        j += 1
                        break
                    }
                    if b == UInt8(ascii: "\n") { line += 1 }
                    buffer.append(b)
                    j += 1
                }
                guard closed else {
                    throw CoreError(
                        "csv_unterminated_quote",
                        LocalizedText(
                            vi: "dòng \(recordLine): một ô mở ngoặc kép mà không đóng",
                            en: "line \(recordLine): a quoted field is never closed"))
                }
                quoted = buffer
                i = j
                fieldStart = i
                continue
            }
            if byte == UInt8(ascii: ",") || byte == UInt8(ascii: "\n") || byte == UInt8(ascii: "\r") {
                if let q = quoted {
                    fields.append(q[...])
                    quoted = nil
                } else {
                    fields.append(bytes[fieldStart..<i])
                }
                if byte == UInt8(ascii: "\r") && i + 1 < end && bytes[i + 1] == UInt8(ascii: "\n") { i += 1 }
                if byte != UInt8(ascii: ",") {
                    records.append(RawRecord(line: recordLine, fields: fields))
                    fields = []
                    line += 1
                    recordLine = line
                }
                i += 1
                fieldStart = i
                continue
            }
            if quoted != nil {
                throw CoreError(
                    "csv_bad_quote",
                    LocalizedText(
                        vi: "dòng \(recordLine): có chữ sau dấu ngoặc kép đóng; cần dấu ',' hoặc hết dòng",
                        en: "line \(recordLine): text after a closing quote; expected ',' or end of line"))
            }
            i += 1
        }
        if fieldStart < end || quoted != nil || !fields.isEmpty {
            if let q = quoted { fields.append(q[...]) } else { fields.append(bytes[fieldStart..<end]) }
            records.append(RawRecord(line: recordLine, fields: fields))
        }
        return records
    }
}

/// One data row of a CSV file, addressed by header name.
public struct CSVRow: Sendable {
    /// The 1-based line number where the row starts.
    public let line: Int
    public let values: [String]
    /// Columns whose bytes were not valid UTF-8.
    public let invalidUTF8Columns: [Int]
    let index: [String: Int]

    /// The value of column `name`, or "" when the row is short or the column is absent.
    public subscript(name: String) -> String {
        guard let i = index[name], i < values.count else { return "" }
        return values[i]
    }

    /// Whether column `name` held bytes that are not valid UTF-8.
    public func isInvalidUTF8(_ name: String) -> Bool {
        guard let i = index[name] else { return false }
        return invalidUTF8Columns.contains(i)
    }

    /// The header names of invalid-UTF-8 columns.
    public var invalidUTF8ColumnNames: [String] {
        invalidUTF8Columns.compactMap { i in index.first { $0.value == i }?.key }
    }
}
