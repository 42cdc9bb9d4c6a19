import Foundation
import SQLiteDB
import Testing

@Suite("dsync_row_check: a checksum of a row's exact values, the same in SQL and in Swift")
struct RowChecksumTests {
    static let rows: [[SQLValue]] = [
        [.text("0100109106"), .text("760"), .text("Công ty TNHH Minh Phát"), .integer(12), .null, .blob([1, 2, 3])],
        [.text(""), .integer(.min), .integer(.max), .real(1.5), .blob([])],
        [.null],
        [.text("a longer text of more than eight bytes, with Vietnamese: Hòa Bình, Thủ Đức")],
    ]

    @Test("the SQL function and RowChecksum.of agree on every kind of value", arguments: rows)
    func agree(row: [SQLValue]) throws {
        let db = try TestStorage.memory.open()
        let placeholders = row.map { _ in "?" }.joined(separator: ", ")
        let sql = try db.scalar("SELECT \(RowChecksum.functionName)(\(placeholders))", row)
        #expect(sql == .integer(RowChecksum.of(row)))
    }

    @Test("one changed bit, a changed type or a moved value changes the checksum")
    func sensitive() {
        let base: [SQLValue] = [.text("Minh Phát"), .integer(12), .null]
        let variants: [[SQLValue]] = [
            [.text("Linh Phát"), .integer(12), .null], [.text("Minh Phát"), .integer(13), .null],
            [.text("Minh Phát"), .text("12"), .null], [.text("Minh Phát"), .null, .integer(12)],
            [.text("Minh Phát"), .integer(12)], [.text("Minh Phát"), .integer(12), .null, .null],
        ]
        for variant in variants { #expect(RowChecksum.of(variant) != RowChecksum.of(base), "\(variant)") }
    }
}
