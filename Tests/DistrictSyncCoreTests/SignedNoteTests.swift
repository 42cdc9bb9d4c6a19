import DistrictSyncCore
import Foundation
import Testing

@Suite("Checkpoints and signed notes in the C2SP text formats")
struct SignedNoteTests {
    /// The example of Go's golang.org/x/mod/sumdb/note documentation (also in the C2SP spec's
    /// reference implementations): a verifier key and a note it signed.
    static let exampleKey = "example.com/foo+530d903a+AekyeRrm56hApGFkyQR4ZCbV54Id2LKaANYcrnKv3U2k"
    static let exampleNote = """
        This is an example message.

        — example.com/foo Uw2QOkn8srV1yJGh2VYRlL1Tnagv1YEq6TfXppzi2ONncAlTgK7Ztg1ERYNZXsYjOBH3mFXmRKuwHjG1Yu72IneyaQM=

        """

    @Test("a verifier key string parses, its key id is SHA-256(name ‖ LF ‖ 0x01 ‖ key)[:4], and it prints back")
    func verifierKey() throws {
        let key = try NoteVerifierKey.parse(Self.exampleKey)
        #expect(key.name == "example.com/foo")
        #expect(key.keyID == [0x53, 0x0d, 0x90, 0x3a])
        #expect(key.publicKey.count == 32)
        #expect(key.text == Self.exampleKey)
        #expect(throws: CoreError.self) {
            try NoteVerifierKey.parse("example.com/foo+530d903b+AekyeRrm56hApGFkyQR4ZCbV54Id2LKaANYcrnKv3U2k")
        }
        #expect(throws: CoreError.self) { try NoteVerifierKey.parse("example.com/foo+530d903a") }
        // A key whose base64 holds '+' still parses (only the first two '+' separate fields).
        let plus = NoteVerifierKey(name: "log", publicKey: [UInt8](repeating: 0xfb, count: 32))
        #expect(plus.text.split(separator: "+").count > 3)
        #expect(try NoteVerifierKey.parse(plus.text) == plus)
    }

    @Test("a signed note parses into its text and signature lines and serialises to the same bytes")
    func noteRoundTrip() throws {
        let note = try SignedNote.parse(Self.exampleNote)
        #expect(note.text == "This is an example message.\n")
        #expect(note.signatures.count == 1)
        #expect(note.signatures[0].name == "example.com/foo")
        #expect(note.signatures[0].keyID == [0x53, 0x0d, 0x90, 0x3a])
        #expect(note.signatures[0].signature.count == 64)
        #expect(note.serialized == Self.exampleNote)
    }

    @Test(
        "a malformed note is refused",
        arguments: [
            "no blank line\n— example.com/foo AAAAAAAA\n",
            "text\n\n",
            "text\n\n-- example.com/foo Uw2QOkn8srV1yJGh2VYRlL1Tnagv1YEq6TfXppzi2ONncAlTgK7Ztg1ERYNZXsYjOBH3mFXmRKuwHjG1Yu72IneyaQM=\n",
            "text\n\n— example.com/foo not-base64!\n",
            "text\n\n— example.com/foo Uw2QOkn8srV1yJGh2VYRlL1Tnagv1YEq6TfXppzi2ONncAlTgK7Ztg1ERYNZXsYjOBH3mFXmRKuwHjG1Yu72IneyaQM=",
            "\n\n— example.com/foo Uw2QOkn8srV1yJGh2VYRlL1Tnagv1YEq6TfXppzi2ONncAlTgK7Ztg1ERYNZXsYjOBH3mFXmRKuwHjG1Yu72IneyaQM=\n",
        ])
    func malformed(note: String) {
        #expect(throws: CoreError.self) { try SignedNote.parse(note) }
    }

    @Test("a checkpoint body is origin, size, base64 root and a timestamp line, parsed back exactly")
    func checkpoint() throws {
        let root = [UInt8](repeating: 7, count: 32)
        let c = Checkpoint(origin: "districtsync/79/log", size: 42, root: root, timestampMillis: 1_764_658_737_000)
        #expect(
            c.text == "districtsync/79/log\n42\n" + Data(root).base64EncodedString() + "\ntimestamp 1764658737000\n")
        #expect(try Checkpoint.parse(c.text) == c)
        for bad in [
            "districtsync/79/log\n042\n\(Data(root).base64EncodedString())\n",
            "districtsync/79/log\n42\nAAAA\n",
            "\n42\n\(Data(root).base64EncodedString())\n",
            "districtsync/79/log\n42\n\(Data(root).base64EncodedString())",
            "districtsync/79/log\n42\n\(Data(root).base64EncodedString())\n\n",
        ] {
            #expect(throws: CoreError.self, "\(bad)") { try Checkpoint.parse(bad) }
        }
    }

    @Test("only signatures of the given key count, and a bad one by that key rejects the note")
    func verification() throws {
        let key = try NoteVerifierKey.parse(Self.exampleKey)
        let note = try SignedNote.parse(Self.exampleNote)
        // A stand-in verifier: the real Ed25519 check is the crypto target's (its tests run this note).
        let accepted = try note.verifiedSignatures(by: key) { _, message, _ in message == Array(note.text.utf8) }
        #expect(accepted.count == 1)
        #expect(throws: CoreError.self) { try note.verifiedSignatures(by: key) { _, _, _ in false } }
        let other = NoteVerifierKey(name: "other.example/log", publicKey: key.publicKey)
        #expect(try note.verifiedSignatures(by: other) { _, _, _ in true }.isEmpty)
    }
}
