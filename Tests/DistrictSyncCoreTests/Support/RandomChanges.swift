import DistrictSyncCore
import SyntheticData

/// Random but well-formed changes for property tests: every column gets a value of its own type,
/// texts include Vietnamese NFC strings, and clocks jump both ways so delta coding is exercised.
enum RandomChanges {
    static let texts = ["", "760", "Công ty TNHH Minh Phát", "Đường Nguyễn Thị Minh Khai", "a,b\"c", "Thủy"]

    static func changes(count: Int, using rng: inout SplitMix64) -> [Change] {
        (0..<count).map { _ in change(using: &rng) }
    }

    static func change(using rng: inout SplitMix64) -> Change {
        let table = SyncedTable.allCases.randomElement(using: &rng) ?? .enterprises
        let isDelete = Int.random(in: 0..<5, using: &rng) == 0
        var fields: [FieldChange] = []
        if !isDelete {
            for (index, column) in table.columns.enumerated() where Bool.random(using: &rng) {
                fields.append(FieldChange(column: index, value: value(of: column.type, using: &rng)))
            }
        }
        let physical = Int64.random(in: 1_300_000_000_000...1_800_000_000_000, using: &rng)
        return Change(
            table: table, key: "k\(UInt32.random(in: 0...UInt32.max, using: &rng))",
            operation: isDelete ? .delete : .upsert, fields: fields,
            hlc: HLCTimestamp(physicalMillis: physical, counter: UInt16.random(in: 0...UInt16.max, using: &rng)))
    }

    static func value(of type: SyncedTable.ColumnType, using rng: inout SplitMix64) -> FieldValue {
        if Int.random(in: 0..<8, using: &rng) == 0 { return .null }
        switch type {
        case .int:
            let extremes: [Int64] = [0, -1, .min, .max, 127, 128, -64, -65]
            return Bool.random(using: &rng)
                ? .int(extremes.randomElement(using: &rng) ?? 0) : .int(Int64.random(in: .min ... .max, using: &rng))
        case .text:
            return .text(texts.randomElement(using: &rng) ?? "")
        }
    }
}
