import DistrictSyncCore
import Testing

@Suite("CSV import: RFC 4180 quoting, CRLF, BOM, and errors that name the line")
struct CSVTableTests {
    @Test("quoted fields keep commas, doubled quotes and newlines")
    func quoting() throws {
        let table = try CSVTable(text: "a,b,c\n\"x, y\",\"say \"\"hi\"\"\",\"line1\nline2\"\nnext,2,3\n")
        #expect(table.rows.count == 2)
        #expect(table.rows[0]["a"] == "x, y")
        #expect(table.rows[0]["b"] == "say \"hi\"")
        #expect(table.rows[0]["c"] == "line1\nline2")
        #expect(table.rows[1].line == 4)
        #expect(table.rows[1]["a"] == "next")
    }

    @Test(
        "CRLF line ends and a leading BOM are accepted",
        arguments: [
            "\u{FEFF}name,ward\r\nMinh Phát,Bến Thành\r\n", "name,ward\r\nMinh Phát,Bến Thành",
            "\u{FEFF}name,ward\nMinh Phát,Bến Thành\n",
        ])
    func crlfAndBOM(text: String) throws {
        let table = try CSVTable(text: text)
        #expect(table.header == ["name", "ward"])
        #expect(table.rows.count == 1)
        #expect(Array(table.rows[0]["ward"].utf8) == Array("Bến Thành".utf8))
    }

    @Test("header names are trimmed and lower-cased; missing columns are all named")
    func headerNames() throws {
        let table = try CSVTable(text: " Tax_Code ,Name\n0100109106,X\n")
        #expect(table.rows[0]["tax_code"] == "0100109106")
        #expect {
            try table.requireColumns(["tax_code", "ward", "sector"])
        } throws: {
            let e = $0 as? CoreError
            return e?.code == "csv_missing_columns" && e?.message.contains("ward, sector") == true
        }
    }

    @Test("a field that is not valid UTF-8 is reported by column name and line, and the others survive")
    func invalidUTF8() throws {
        let bytes = Array("tax_code,name\n0100109106,ok\n0100233488,".utf8) + [0xC3, 0x28] + Array("\n".utf8)
        let table = try CSVTable(bytes: bytes)
        let row = table.rows[1]
        #expect(row.line == 3)
        #expect(row.invalidUTF8ColumnNames == ["name"])
        #expect(row.isInvalidUTF8("name"))
        #expect(!row.isInvalidUTF8("tax_code"))
        #expect(row["tax_code"] == "0100233488")
        #expect(table.rows[0].invalidUTF8Columns.isEmpty)
    }

    @Test("an unterminated quote names the line where its record starts")
    func unterminatedQuote() {
        #expect {
            try CSVTable(text: "a,b\n1,2\n3,\"never closed\n4,5\n")
        } throws: {
            let e = $0 as? CoreError
            return e?.code == "csv_unterminated_quote" && e?.message.contains("line 3") == true
        }
    }

    @Test("text after a closing quote is refused with its line")
    func textAfterQuote() {
        #expect {
            try CSVTable(text: "a,b\n\"x\"y,2\n")
        } throws: { ($0 as? CoreError)?.code == "csv_bad_quote" && "\($0)".contains("line 2") }
    }

    @Test("a header that names a column twice is refused")
    func duplicateHeader() {
        #expect {
            try CSVTable(text: "tax_code,name,Tax_Code\n1,2,3\n")
        } throws: { ($0 as? CoreError)?.code == "csv_header" }
    }

    @Test("an empty file is refused; blank lines between rows are skipped")
    func emptyAndBlank() throws {
        #expect { try CSVTable(text: "") } throws: { ($0 as? CoreError)?.code == "csv_empty" }
        let table = try CSVTable(text: "a\n1\n\n2\n")
        #expect(table.rows.map { $0["a"] } == ["1", "2"])
        #expect(table.rows.map(\.line) == [2, 4])
    }

    @Test("a short row reads missing columns as empty")
    func shortRow() throws {
        let table = try CSVTable(text: "a,b,c\n1\n")
        #expect(table.rows[0]["c"] == "")
    }
}
