import DistrictSyncCore
import DistrictSyncCrypto
import Foundation
import Testing

@Suite("Ed25519 through OpenSSL signs and verifies C2SP notes")
struct Ed25519Tests {
    @Test("the sumdb/note example signature verifies with its published key, and not over other text")
    func knownAnswer() throws {
        let key = try NoteVerifierKey.parse("example.com/foo+530d903a+AekyeRrm56hApGFkyQR4ZCbV54Id2LKaANYcrnKv3U2k")
        let note = try SignedNote.parse(
            "This is an example message.\n\n— example.com/foo "
                + "Uw2QOkn8srV1yJGh2VYRlL1Tnagv1YEq6TfXppzi2ONncAlTgK7Ztg1ERYNZXsYjOBH3mFXmRKuwHjG1Yu72IneyaQM=\n")
        #expect(try note.verifiedSignatures(by: key, verify: Ed25519.verify).count == 1)
        let forged = SignedNote(text: "This is another message.\n", signatures: note.signatures)
        #expect(throws: CoreError.self) { try forged.verifiedSignatures(by: key, verify: Ed25519.verify) }
    }

    @Test("a generated key signs; the signature verifies with its raw public key and fails when one bit changes")
    func roundTrip() throws {
        let key = try PrivateKey.generateEd25519()
        #expect(key.isEd25519)
        let publicKey = try #require(key.ed25519PublicKey)
        let message = Array("districtsync/79/log\n1\nAAAA\n".utf8)
        var signature = try key.signEd25519(message)
        #expect(signature.count == 64)
        #expect(Ed25519.verify(publicKey: publicKey, message: message, signature: signature))
        #expect(!Ed25519.verify(publicKey: publicKey, message: message + [0], signature: signature))
        signature[10] ^= 1
        #expect(!Ed25519.verify(publicKey: publicKey, message: message, signature: signature))
        #expect(!Ed25519.verify(publicKey: Array(publicKey.prefix(31)), message: message, signature: signature))
        let ec = try PrivateKey.generate(.ecP256)
        #expect(ec.ed25519PublicKey == nil)
        #expect(throws: CryptoError.self) { try ec.signEd25519(message) }
    }

    @Test("an Ed25519 key written encrypted with mode 0600 loads back with its passphrase")
    func persisted() throws {
        let key = try PrivateKey.generateEd25519()
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("log-\(UUID().uuidString).key").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        try key.writeEncryptedPKCS8(path: path, passphrase: Array("log key passphrase".utf8))
        let mode = try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int
        #expect(mode == 0o600)
        let loaded = try PrivateKey.load(path: path, passphrase: Array("log key passphrase".utf8))
        #expect(loaded.ed25519PublicKey == key.ed25519PublicKey)
    }
}
