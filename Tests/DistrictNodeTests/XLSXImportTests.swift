import DistrictNode
import DistrictSyncCore
import DistrictSyncTesting
import Foundation
import Testing
import Workbook

/// XLSX workbooks read into the CSV import's table, and imported through the same `importCSV`.
@Suite("XLSX workbooks: cells by reference, types, dates, sheets, size limits, and the import")
struct XLSXImportTests {
    typealias C = XLSXFixture.Cell

    @Test("cells are placed by their reference: sparse rows, gaps and out-of-order columns read as in Excel")
    func sparseRows() throws {
        let bytes = try XLSXFixture.workbook(sheets: [
            (
                "Sheet1",
                [
                    (1, [.shared("A1", "Tax_Code "), .shared("B1", "name"), .shared("D1", "ward")]),
                    (3, [.shared("D3", "Bến Nghé"), .inline("A3", "0100109106")]),
                    (7, [.shared("B7", "Công ty Bảy")]),
                    (8, [.raw("<c r=\"A8\" t=\"s\"/>")]),
                ]
            )
        ])
        let table = try XLSXReader.table(bytes: bytes, name: "t.xlsx")
        #expect(table.header == ["tax_code", "name", "", "ward"])
        #expect(table.rows.map(\.line) == [3, 7])
        #expect(table.rows[0]["tax_code"] == "0100109106")
        #expect(table.rows[0]["ward"] == "Bến Nghé")
        #expect(table.rows[0]["name"] == "")
        #expect(table.rows[1]["name"] == "Công ty Bảy")
        #expect(table.rows[1]["tax_code"] == "")
    }

    @Test("numbers, booleans, formulas' cached values and dates by style become the CSV import's text")
    func cellTypes() throws {
        let bytes = try XLSXFixture.workbook(sheets: [
            (
                "Sheet1",
                [
                    (
                        1,
                        ["a", "b", "c", "d", "e", "f", "g", "h"].enumerated().map {
                            C.shared(XLSXFixture.columnName($0) + "1", $1)
                        }
                    ),
                    (
                        2,
                        [
                            .number("A2", "1500000000"), .number("B2", "1.5E+9"), .number("C2", "2.25"),
                            .number("D2", "45292", style: 1), .number("E2", "45292.75", style: 2),
                            .bool("F2", true), .raw("<c r=\"G2\"><f>A2*2</f><v>3000000000</v></c>"),
                            .number("H2", "1234567", style: 3),
                        ]
                    ),
                    (3, [.number("D3", "1", style: 1), .number("E3", "61", style: 2), .number("A3", "60", style: 1)]),
                ]
            )
        ])
        let rows = try XLSXReader.table(bytes: bytes, name: "t.xlsx").rows
        #expect(rows[0]["a"] == "1500000000")
        #expect(rows[0]["b"] == "1500000000")
        #expect(rows[0]["c"] == "2.25")
        #expect(rows[0]["d"] == "2024-01-01")
        #expect(rows[0]["e"] == "2024-01-01")
        #expect(rows[0]["f"] == "yes")
        #expect(rows[0]["g"] == "3000000000")
        // A grouping format shows 1,234,567 in Excel; the value read is the number itself.
        #expect(rows[0]["h"] == "1234567")
        #expect(rows[1]["d"] == "1900-01-01")
        #expect(rows[1]["e"] == "1900-03-01")
        // Excel's phantom 29/02/1900 is kept so the date check refuses it.
        #expect(rows[1]["a"] == "1900-02-29")
    }

    @Test("the 1904 date system shifts serials by 1462 days")
    func date1904() throws {
        let bytes = try XLSXFixture.workbook(
            sheets: [("S", [(1, [.shared("A1", "d")]), (2, [.number("A2", "43830", style: 1)])])], date1904: true)
        #expect(try XLSXReader.table(bytes: bytes, name: "t.xlsx").rows[0]["d"] == "2024-01-01")
    }

    @Test("the first sheet is read unless a sheet is named; an unknown name lists the sheets (xlsx_sheet_missing)")
    func sheets() throws {
        let bytes = try XLSXFixture.workbook(sheets: [
            ("Hướng dẫn", [(1, [.shared("A1", "note")]), (2, [.shared("A2", "đọc trước")])]),
            ("Doanh nghiệp", [(1, [.shared("A1", "tax_code")]), (2, [.shared("A2", "0100109106")])]),
        ])
        #expect(try XLSXReader.table(bytes: bytes, name: "t.xlsx").header == ["note"])
        #expect(
            try XLSXReader.table(bytes: bytes, name: "t.xlsx", sheet: "doanh nghiệp").rows[0]["tax_code"]
                == "0100109106")
        #expect(try XLSXReader.sheetNames(bytes: bytes, name: "t.xlsx") == ["Hướng dẫn", "Doanh nghiệp"])
        let missing = #expect(throws: CoreError.self) {
            try XLSXReader.table(bytes: bytes, name: "t.xlsx", sheet: "DN")
        }
        #expect(missing?.code == "xlsx_sheet_missing")
        #expect(missing?.message(in: .vi).contains("'Doanh nghiệp'") == true)
    }

    @Test("a file that is not a workbook, or lacks its workbook part, is xlsx_invalid with a Vietnamese remedy")
    func invalid() throws {
        var notZip = Array("PK\u{03}\u{04}garbage".utf8)
        notZip += [UInt8](repeating: 0, count: 64)
        let a = #expect(throws: CoreError.self) { try XLSXReader.table(bytes: notZip, name: "x.xlsx") }
        #expect(a?.code == "xlsx_invalid")
        #expect(a?.message(in: .vi).contains("Sổ làm việc Excel (.xlsx)") == true)
        let noBook = try XLSXFixture.zip([("hello.txt", Data("hi".utf8))])
        let b = #expect(throws: CoreError.self) { try XLSXReader.table(bytes: noBook, name: "x.xlsx") }
        #expect(b?.code == "xlsx_invalid")
        #expect(b?.message(in: .en).contains("xl/workbook.xml") == true)
        let doctype = try XLSXFixture.zip([
            ("xl/workbook.xml", Data("<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY a \"aaaa\">]><workbook/>".utf8)),
            ("xl/_rels/workbook.xml.rels", Data("<Relationships/>".utf8)),
        ])
        let c = #expect(throws: CoreError.self) { try XLSXReader.table(bytes: doctype, name: "x.xlsx") }
        #expect(c?.code == "xlsx_invalid")
    }

    @Test("escapes, character references and CDATA read as their text; a sheet that is not well-formed is xlsx_invalid")
    func xmlText() throws {
        let bytes = try XLSXFixture.workbook(sheets: [
            (
                "Sheet1",
                [
                    (1, [.inline("A1", "name"), .inline("B1", "address")]),
                    (
                        2,
                        [
                            .raw(
                                "<c r=\"A2\" t=\"inlineStr\"><is><t>A &amp; B &lt;Ph&#225;t&gt; &#x110;&#7913;c</t></is></c>"
                            ),
                            .raw("<c r=\"B2\" t=\"inlineStr\"><is><t><![CDATA[1 < 2 & \"Thủ Đức\"]]></t></is></c>"),
                        ]
                    ),
                ]
            )
        ])
        let table = try XLSXReader.table(bytes: bytes, name: "t.xlsx")
        #expect(table.rows.first?["name"] == "A & B <Phát> Đức")
        #expect(table.rows.first?["address"] == "1 < 2 & \"Thủ Đức\"")
        let broken = try XLSXFixture.workbook(sheets: [
            ("Sheet1", [(1, [.inline("A1", "name")]), (2, [.raw("<c r=\"A2\" t=\"inlineStr\"><is><t>x</is></c>")])])
        ])
        let error = #expect(throws: CoreError.self) { try XLSXReader.table(bytes: broken, name: "t.xlsx") }
        #expect(error?.code == "xlsx_invalid")
        #expect(error?.message(in: .en).contains("sheet 'Sheet1' is damaged") == true)
    }

    @Test("an archive, a part or a compression ratio over the limits is xlsx_too_large before the XML is parsed")
    func limits() throws {
        let small = try XLSXFixture.workbook(header: ["a"], rows: [["1"]])
        let archive = #expect(throws: CoreError.self) {
            try XLSXReader.table(bytes: small, name: "x.xlsx", limits: XLSXLimits(archiveBytes: small.count - 1))
        }
        #expect(archive?.code == "xlsx_too_large")
        // 4 MiB of blanks deflate to a few KiB: a ratio far above what a real sheet has.
        let bomb = try XLSXFixture.zip([
            ("xl/workbook.xml", Data("<workbook/>".utf8)),
            ("xl/worksheets/sheet1.xml", Data(repeating: 0x20, count: 4 << 20)),
        ])
        #expect(bomb.count < 64 << 10)
        let ratio = #expect(throws: CoreError.self) { try XLSXReader.table(bytes: bomb, name: "bomb.xlsx") }
        #expect(ratio?.code == "xlsx_too_large")
        #expect(ratio?.message(in: .vi).contains("zip bomb") == true)
        let part = #expect(throws: CoreError.self) {
            try XLSXReader.table(
                bytes: bomb, name: "bomb.xlsx", limits: XLSXLimits(entryBytes: 1 << 20, maxRatio: 100_000))
        }
        #expect(part?.code == "xlsx_too_large")
        #expect(part?.message(in: .en).contains("xl/worksheets/sheet1.xml") == true)
    }

    // MARK: - The import through NodeSession

    func session(_ dir: String) throws -> NodeSession {
        let home = dir + "/home"
        let clock = FixedWallClock(date: "2024-06-01")
        _ = try NodeHome.create(
            at: home, district: "760", orgUnits: try OrgUnitList.embedded(), wallClock: clock, nodeID: "xlsx-test")
        return try NodeSession(path: home, clock: clock)
    }

    static let businessHeader = [
        "tax_code", "name", "address", "ward", "sector", "employees", "capital_vnd", "revenue_vnd", "category",
    ]

    @Test(
        "a workbook imports exactly as the same rows in CSV: same issues on a bad row, nothing written; then all rows")
    func importMatchesCSV() throws {
        let dir = makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let node = try session(dir)
        let rows = [
            ["0100109106", "Công ty A", "1 Lê Lợi", "Bến Nghé", "trade_services", "10", "1000", "1000", "other"],
            ["0100233480", "Công ty C", "3 Lê Lợi", "Bến Nghé", "shipping", "-5", "1000", "1000", "other"],
        ]
        let xlsx = dir + "/b.xlsx"
        try Data(try XLSXFixture.workbook(header: Self.businessHeader, rows: rows)).write(
            to: URL(fileURLWithPath: xlsx))
        let csv = dir + "/b.csv"
        try
            ((Self.businessHeader + []).joined(separator: ",") + "\n"
            + rows.map { $0.joined(separator: ",") }
            .joined(separator: "\n") + "\n").write(toFile: csv, atomically: true, encoding: .utf8)
        let fromXLSX = try node.importCSV(.businesses, path: xlsx, displayName: "b")
        let fromCSV = try node.importCSV(.businesses, path: csv, displayName: "b")
        #expect(fromXLSX.issues == fromCSV.issues)
        #expect(Set(fromXLSX.issues.map { "\($0.line):\($0.column)" }) == ["3:tax_code", "3:sector", "3:employees"])
        #expect(fromXLSX.committed == false)
        #expect(try node.status().enterprises == 0)

        let good = [
            rows[0], ["0100233488", "Công ty B", "2 Lê Lợi", "Bến Nghé", "trade_services", "12", "0", "5", "other"],
        ]
        try Data(try XLSXFixture.workbook(header: Self.businessHeader, rows: good)).write(
            to: URL(fileURLWithPath: xlsx))
        let dry = try node.importCSV(.businesses, path: xlsx, dryRun: true)
        #expect(dry.valid == 2 && dry.committed == false)
        #expect(try node.status().enterprises == 0)
        let done = try node.importCSV(.businesses, path: xlsx)
        #expect(done.committed && done.written == 2)
        #expect(try node.status().enterprises == 2)
    }

    @Test("--sheet on a CSV file is refused: a CSV has no sheets")
    func sheetOnCSV() throws {
        let dir = makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let node = try session(dir)
        try "tax_code\n".write(toFile: dir + "/b.csv", atomically: true, encoding: .utf8)
        let e = #expect(throws: NodeError.self) { try node.importCSV(.businesses, path: dir + "/b.csv", sheet: "DN") }
        #expect(e?.code == "xlsx_sheet_missing")
    }
}

@Suite("Import value cleaning is one path for CSV and XLSX")
struct ImportCleaningPathTests {
    @Test("Vietnamese names, grouped thousands and a dotted tax code give the same record from a CSV and a workbook")
    func sameRecord() throws {
        let dir = makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let clock = FixedWallClock(date: "2024-06-01")
        _ = try NodeHome.create(
            at: dir + "/home", district: "760", orgUnits: try OrgUnitList.embedded(), wallClock: clock,
            nodeID: "clean-test")
        let node = try NodeSession(path: dir + "/home", clock: clock)
        let row = [
            "01.00.109.106", "Công ty A", "1 Lê Lợi", "Bến Nghé", "Thương mại - dịch vụ", "1 200", "5.000.000.000",
            "12.000.000.000", "Bán lẻ hiện đại",
        ]
        try Data(try XLSXFixture.workbook(header: XLSXImportTests.businessHeader, rows: [row]))
            .write(to: URL(fileURLWithPath: dir + "/b.xlsx"))
        let csv = XLSXImportTests.businessHeader.joined(separator: ",") + "\n" + row.joined(separator: ",") + "\n"
        try csv.write(toFile: dir + "/b.csv", atomically: true, encoding: .utf8)
        let fromCSV = try node.importCSV(.businesses, path: dir + "/b.csv", dryRun: true)
        #expect(fromCSV.issues.isEmpty)
        #expect(try node.importCSV(.businesses, path: dir + "/b.xlsx").committed)
        let stored = try node.business("0100109106")
        #expect(stored.sector == .tradeServices)
        #expect(stored.category == .modernRetail)
        #expect(stored.employees == 1200)
        #expect(stored.capitalVND == 5_000_000_000)
        #expect(stored.revenueVND == 12_000_000_000)
        // Re-importing the CSV form of the same row changes nothing: the same record.
        let again = try node.importCSV(.businesses, path: dir + "/b.csv")
        #expect(again.committed && again.written == 0 && again.unchanged == 1)
    }
}
