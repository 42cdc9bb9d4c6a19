import DistrictSyncCore
import Foundation

/// Shared inputs for the core tests: the checked-in configuration and small changesets.
enum Fixtures {
    /// The repository root, found from this file's path (Tests/DistrictSyncCoreTests/Support/…).
    static let repoRoot: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    static func text(_ relativePath: String) throws -> String {
        try String(contentsOf: repoRoot.appendingPathComponent(relativePath), encoding: .utf8)
    }

    static func sizeRules() throws -> SizeRuleTable { try SizeRuleTable(csv: text("config/size-rules.csv")) }

    static func districts() throws -> OrgUnitList { try OrgUnitList(csv: text("config/units.csv")) }

    /// A header with fixed values; counts, clock range and lengths are filled in by the encoder.
    static func header(encoding: ChangesetHeader.PayloadEncoding = .raw, sequence: UInt64 = 1) -> ChangesetHeader {
        ChangesetHeader(
            cityID: "79", districtCode: "760", nodeID: "node-760-a", sequence: sequence,
            previousHash: ChangesetHeader.zeroHash, hlcMin: .zero, hlcMax: .zero, counts: [],
            createdMillis: 1_356_998_400_000, payloadEncoding: encoding)
    }

    /// Column index by name, failing loudly on a typo in a test.
    static func column(_ table: SyncedTable, _ name: String) -> Int {
        guard let index = table.columnIndex(name) else { preconditionFailure("no column \(name) in \(table.name)") }
        return index
    }

    /// The fixed two-change changeset of the checked-in test vector.
    static var vectorChanges: [Change] {
        let enterprises = SyncedTable.enterprises
        return [
            Change(
                table: enterprises, key: "0314409058", operation: .upsert,
                fields: [
                    FieldChange(column: column(enterprises, "district"), value: .text("760")),
                    FieldChange(column: column(enterprises, "name"), value: .text("Công ty TNHH Minh Phát")),
                    FieldChange(column: column(enterprises, "employees"), value: .int(42)),
                ],
                hlc: HLCTimestamp(physicalMillis: 1_356_998_400_000, counter: 0)),
            Change(
                table: .surveys, key: "0314409058/2013", operation: .delete, fields: [],
                hlc: HLCTimestamp(physicalMillis: 1_356_998_400_000, counter: 1)),
        ]
    }

    /// Lowercase hex without separators → bytes.
    static func bytes(hex: String) -> [UInt8] {
        let digits = Array(hex.filter { $0.isHexDigit }.utf8)
        return stride(from: 0, to: digits.count - 1, by: 2).compactMap { i in
            UInt8(String(decoding: digits[i...i + 1], as: UTF8.self), radix: 16)
        }
    }
}
