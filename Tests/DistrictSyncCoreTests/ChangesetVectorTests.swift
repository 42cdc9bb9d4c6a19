import DistrictSyncCore
import Testing

@Suite("The checked-in test vector pins the changeset format v1 byte for byte")
struct ChangesetVectorTests {
    static let vectorPath = "Tests/DistrictSyncCoreTests/Vectors/changeset-v1-raw.hex"

    @Test("a fixed two-change raw changeset encodes to the checked-in hex (also shown in docs/changeset-format.md)")
    func encodesToVector() throws {
        let content = try ChangesetCodec.encode(
            header: Fixtures.header(encoding: .raw), changes: Fixtures.vectorChanges)
        let expected = try Fixtures.text(Self.vectorPath)
        #expect(hexString(content) == expected.filter(\.isHexDigit), "got \(hexString(content))")
    }

    @Test("the checked-in hex decodes to the fixed changes")
    func decodesFromVector() throws {
        let bytes = Fixtures.bytes(hex: try Fixtures.text(Self.vectorPath))
        #expect(try ChangesetCodec.decode(bytes).changes == Fixtures.vectorChanges)
    }
}
