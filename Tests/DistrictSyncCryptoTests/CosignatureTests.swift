import DistrictSyncCore
import DistrictSyncCrypto
import Foundation
import Testing

@Suite("C2SP cosignature/v1 lines, witness keys and bindings")
struct CosignatureTests {
    static let checkpointText =
        "districtsync/79/log\n11\nuDVwdikOa58dctW9tXcP3STaFhQLzUTtTL5cTl4nqMU=\ntimestamp 1796198091145\n"
    static let vkey = "districtsync/79/witness/760/node-760+41f49888+BGMRV9wboxfUnEyQpY+lLhzErmZUjuqUPqKTe9rQjQJB"
    static let line =
        "— districtsync/79/witness/760/node-760 QfSYiAAAAABrD87UTThtJbCZt/SuKX5+27LkEz5d2+HPxeDwwL8I5NDPXbaKO2418b2Z6q6PmM5fos1CFdPOG1iJSlfmBYa6NJtuCg=="

    @Test(
        "the worked cosignature of docs/transparency.md (made by openssl) verifies, and not over another text or time")
    func workedExample() throws {
        let key = try CosignatureKey.parse(Self.vkey)
        #expect(key.text == Self.vkey)
        let c = try Cosignature.parse(line: Self.line)
        #expect(c.time == 1_796_198_100)
        #expect(c.line == Self.line)
        #expect(c.verifies(by: key, checkpointText: Self.checkpointText, verify: Ed25519.verify))
        #expect(!c.verifies(by: key, checkpointText: Self.checkpointText + "x\n", verify: Ed25519.verify))
        var later = c
        later.time += 1
        #expect(!later.verifies(by: key, checkpointText: Self.checkpointText, verify: Ed25519.verify))
        // A cosignature key is not a note key: type 0x01 is refused.
        #expect(throws: CoreError.self) {
            try CosignatureKey.parse("a+00000000+" + Data([1] + key.publicKey).base64EncodedString())
        }
    }

    @Test("a key made here cosigns what verifies; a binding encodes to one form and refuses trailing bytes")
    func roundTrip() throws {
        let key = try PrivateKey.generateEd25519()
        let vkey = CosignatureKey(
            name: CosignatureKey.witnessName(city: "79", district: "760", nodeID: "node-760-abcdef"),
            publicKey: try #require(key.ed25519PublicKey))
        #expect(vkey.name == "districtsync/79/witness/760/node-760")
        let sig = try key.signEd25519(Cosignature.message(time: 7, checkpointText: Self.checkpointText))
        let line = Cosignature(name: vkey.name, keyID: vkey.keyID, time: 7, signature: sig).line
        #expect(
            try Cosignature.parse(line: line).verifies(
                by: vkey, checkpointText: Self.checkpointText, verify: Ed25519.verify))
        let binding = WitnessBinding(cityID: "79", district: "760", nodeID: "node-760-abcdef", vkey: vkey.text)
        #expect(try WitnessBinding.decode(binding.encode()) == binding)
        #expect(throws: CoreError.self) { try WitnessBinding.decode(binding.encode() + [0]) }
        #expect(throws: CoreError.self) {
            try Cosignature.parse(line: "— x " + Data(repeating: 1, count: 70).base64EncodedString())
        }
    }
}
