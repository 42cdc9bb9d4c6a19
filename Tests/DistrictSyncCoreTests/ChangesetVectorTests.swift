import DistrictSyncCore
import Foundation
import Testing

@Suite("The checked-in test vector pins the changeset format v1 (synced schema 1) byte for byte")
struct ChangesetVectorTests {
    static let vectorPath = "Tests/DistrictSyncCoreTests/Vectors/changeset-v1-raw.hex"

    @Test("a fixed two-change raw changeset encodes to the checked-in hex (also shown in docs/changeset-format.md)")
    func encodesToVector() throws {
        // The vector was made under synced schema 1; a schema-1 header still encodes to it exactly.
        var header = Fixtures.header(encoding: .raw)
        header.schemaVersion = 1
        header.schemaFingerprint = SyncedTable.acceptedSchemas[0].fingerprint
        let content = try ChangesetCodec.encode(header: header, changes: Fixtures.vectorChanges)
        let expected = try Fixtures.text(Self.vectorPath)
        #expect(hexString(content) == expected.filter(\.isHexDigit), "got \(hexString(content))")
    }

    @Test("the checked-in hex decodes to the fixed changes")
    func decodesFromVector() throws {
        let bytes = Fixtures.bytes(hex: try Fixtures.text(Self.vectorPath))
        #expect(try ChangesetCodec.decode(bytes).changes == Fixtures.vectorChanges)
    }

    @Test("synced schema 1 keeps the fingerprint every node before schema 2 signed (a5bbba39…)")
    func schemaOneFingerprintIsUnchanged() {
        let hex = SyncedTable.acceptedSchemas[0].fingerprint.map { String(format: "%02x", $0) }.joined()
        #expect(SyncedTable.acceptedSchemas[0].version == 1)
        #expect(hex == "a5bbba399db3a537ad1763c1b2f31dfea460be1a0b887f48cd3478bd01d00b09")
        #expect(SyncedTable.acceptedSchemas.last?.fingerprint == SyncedTable.schemaFingerprint)
    }

    @Test("a schema-1 changeset that writes survey_figures is refused: that table does not exist in schema 1")
    func schemaOneHasNoFigures() throws {
        var header = Fixtures.header(encoding: .raw)
        header.schemaVersion = 1
        header.schemaFingerprint = SyncedTable.acceptedSchemas[0].fingerprint
        let figures = Change(
            table: .surveyFigures, key: "0314409058/2013", operation: .upsert,
            fields: [FieldChange(column: 0, value: .text("760"))], hlc: HLCTimestamp(physicalMillis: 1, counter: 0))
        // The encoder itself counts only schema-1 tables, so the payload's figures row has no count.
        let content = try ChangesetCodec.encode(header: header, changes: [figures])
        let error = #expect(throws: CoreError.self) { try ChangesetCodec.decode(content) }
        #expect(error?.code == "unknown_table")
        var current = Fixtures.header(encoding: .raw)
        current.schemaVersion = SyncedTable.schemaVersion
        let decoded = try ChangesetCodec.decode(try ChangesetCodec.encode(header: current, changes: [figures]))
        #expect(decoded.changes == [figures])
        #expect(decoded.header.counts.map { $0.table } == SyncedTable.allCases)
    }
}
