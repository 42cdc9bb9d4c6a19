import ChangesetVerification
import DistrictNode
import DistrictSyncCore
import DistrictSyncCrypto
import DistrictSyncTesting
import Foundation
import NodeSync
import Testing

@testable import CityHub

@Suite("witnesses cosign the city log's checkpoints; the hub verifies, keeps and serves their cosignatures")
struct WitnessTests {
    /// Two nodes of districts 760 and 770 that synced; the first synced again, so both cosigned size 5.
    static func twoWitnesses(_ f: SyncFixture) async throws -> (first: String, second: String) {
        let first = try f.makeNode(district: "760", changesets: 3)
        let a = try await f.sync(first)
        #expect(a.synced)
        #expect(a.cosignature == "sent")
        let second = try f.makeNode(district: "770", changesets: 2, seed: 2)
        let b = try await f.sync(second)
        #expect(b.cosignature == "sent")
        #expect(b.logSize == 5)
        let again = try await f.sync(first)
        #expect(again.cosignature == "sent")
        #expect(again.cosignatureError == nil)
        return (first, second)
    }

    func post(_ f: SyncFixture, size: UInt64, line: String, binding: [UInt8]) async throws -> (Int, String?) {
        let body = try JSONSerialization.data(withJSONObject: [
            "size": size, "cosignature": line, "binding": Data(binding).base64EncodedString(),
        ])
        let reply = try await f.withClient {
            try await $0.post("/v1/log/cosignatures", body: [UInt8](body), contentType: "application/json")
        }
        let json = try? JSONSerialization.jsonObject(with: Data(reply.body)) as? [String: Any]
        return (reply.status, json?["reason"] as? String)
    }

    @Test("two nodes of two districts sync and cosign; the served checkpoint carries both cosignatures after the hub's")
    func twoDistrictsCosign() async throws {
        let f = try SyncFixture()
        try await f.start()
        let (first, second) = try await Self.twoWitnesses(f)
        let reply = try await f.withClient { try await $0.get("/v1/log/checkpoint") }
        let note = try SignedNote.parse(String(decoding: reply.body, as: UTF8.self))
        #expect(note.signatures.count == 3)
        #expect(note.signatures[0].name == "districtsync/79/log")
        let list = try await f.withClient { try await $0.get("/v1/log/witnesses") }
        #expect(list.status == 200)
        let witnesses = try JSONDecoder().decode([HubService.Witness].self, from: Data(list.body))
        #expect(Set(witnesses.map(\.district)) == ["760", "770"])
        for path in [first, second] {
            let vkey = try f.session(path).witnessVerifierKey()
            let witness = try #require(witnesses.first { $0.vkey == vkey.text })
            #expect(witness.name.hasPrefix("districtsync/79/witness/"))
            let lines = note.serialized.split(separator: "\n").map(String.init).filter {
                $0.hasPrefix("— \(vkey.name) ")
            }
            #expect(lines.count == 1)
            let cosignature = try Cosignature.parse(line: try #require(lines.first))
            #expect(cosignature.verifies(by: vkey, checkpointText: note.text, verify: Ed25519.verify))
            #expect(cosignature.time == UInt64(SyncFixture.nodeNow / 1000))
        }
        // The binding is written once per key: a second commit keeps the same file.
        let session = try f.session(first)
        let before = try #require(session.witnessBinding())
        #expect(
            try session.writeWitnessBinding(signer: try session.loadSigner(passphrase: SyncFixture.passphrase)) == false
        )
        #expect(session.witnessBinding() == before)
        let attrs = try FileManager.default.attributesOfItem(atPath: first + "/log/witness-key.pem")
        #expect((attrs[.posixPermissions] as? NSNumber)?.intValue == 0o600)
        await f.stop()
    }

    @Test("a node without a binding does not cosign, and a refused cosignature is reported without failing the sync")
    func reportedNotFatal() async throws {
        let f = try SyncFixture()
        try await f.start()
        let path = try f.makeNode(district: "760", changesets: 1)
        try FileManager.default.removeItem(atPath: path + "/log/witness-binding.der")
        let none = try await f.sync(path)
        #expect(none.synced)
        #expect(none.cosignature == "no_binding")
        // A binding damaged on disk: the hub refuses it, the sync still stands.
        try Data([0x30, 0x03, 0x02, 0x01, 0x00]).write(to: URL(fileURLWithPath: path + "/log/witness-binding.der"))
        let refused = try await f.sync(path)
        #expect(refused.synced)
        #expect(refused.log == "verified")
        #expect(refused.cosignature == "failed")
        #expect(refused.cosignatureError?.code != nil)
        #expect(try f.service.cosignatureCount() == 0)
        await f.stop()
    }

    @Test(
        "a cosignature over another root, a binding by a non-city key, a binding for another district than the certificate's and a replay for another size are refused with their codes and keep nothing"
    )
    func refusals() async throws {
        let f = try SyncFixture()
        try await f.start()
        let path = try f.makeNode(district: "760", changesets: 3)
        // The node syncs: the hub signs size 3 and keeps the node's own cosignature of it.
        #expect(try await f.sync(path).cosignature == "sent")
        let session = try f.session(path)
        #expect(try f.service.cosignatureCount() == 1)
        let note3 = try #require(try f.service.latestCheckpoint())
        let binding = try #require(session.witnessBinding())
        let vkey = try session.witnessVerifierKey()
        let key = try session.witnessKey()
        func line(over text: String, time: UInt64 = 1_372_546_800) throws -> String {
            let sig = try key.signEd25519(Cosignature.message(time: time, checkpointText: text))
            return Cosignature(name: vkey.name, keyID: vkey.keyID, time: time, signature: sig).line
        }
        let text3 = try SignedNote.parse(note3).text
        // Another root, same size.
        var forged = try Checkpoint.parse(text3)
        forged.root = [UInt8](repeating: 7, count: 32)
        #expect(
            try await post(f, size: 3, line: try line(over: forged.text), binding: binding) == (422, "bad_cosignature"))
        // Unknown size.
        #expect(
            try await post(f, size: 99, line: try line(over: text3), binding: binding).1 == "unknown_checkpoint_size")
        // A binding signed by a key outside the city's PKI.
        let foreign = f.pki.identity("foreign-officer")
        let foreignDER = try CMSSigner.sign(
            content: WitnessBinding(cityID: "79", district: "760", nodeID: session.config.nodeID, vkey: vkey.text)
                .encode(),
            certificate: try Certificate.loadAll(path: foreign.certificate)[0],
            key: try PrivateKey.load(path: foreign.key, passphrase: SyncFixture.passphrase),
            signingTime: Date(timeIntervalSince1970: Double(SyncFixture.nodeNow / 1000)))
        let foreignAnswer = try await post(f, size: 3, line: try line(over: text3), binding: foreignDER)
        #expect(foreignAnswer.0 == 422)
        #expect(foreignAnswer.1 == "unknown_ca")
        // A binding naming district 770, signed by the 760 officer (its certificate's district).
        let other = CosignatureKey(
            name: CosignatureKey.witnessName(city: "79", district: "770", nodeID: session.config.nodeID),
            publicKey: vkey.publicKey)
        let officer = f.pki.officer(district: "760")
        let otherDER = try CMSSigner.sign(
            content: WitnessBinding(cityID: "79", district: "770", nodeID: session.config.nodeID, vkey: other.text)
                .encode(),
            certificate: try Certificate.loadAll(path: officer.certificate)[0],
            key: try PrivateKey.load(path: officer.key, passphrase: SyncFixture.passphrase),
            signingTime: Date(timeIntervalSince1970: Double(SyncFixture.nodeNow / 1000)))
        let sig = try key.signEd25519(Cosignature.message(time: 1, checkpointText: text3))
        let otherLine = Cosignature(name: other.name, keyID: other.keyID, time: 1, signature: sig).line
        #expect(try await post(f, size: 3, line: otherLine, binding: otherDER) == (422, "district_mismatch"))
        // A valid cosignature of size 3, replayed for size 5 once the log grew.
        let good3 = try line(over: text3, time: 1)
        let second = try f.makeNode(district: "770", changesets: 2, seed: 2)
        #expect(try await f.sync(second).logSize == 5)
        #expect(try await post(f, size: 5, line: good3, binding: binding) == (422, "bad_cosignature"))
        // Nothing refused was kept: the 760 node's cosignature of size 3 and the 770 node's of size 5.
        #expect(try f.service.cosignatureCount() == 2)
        #expect(try f.service.witnesses().map(\.district).sorted() == ["760", "770"])
        // An older time for the same size and key is accepted but does not replace the newer one.
        #expect(try await post(f, size: 3, line: try line(over: text3, time: 5), binding: binding).0 == 200)
        #expect(try f.service.cosignatureCount() == 2)
        let kept = try f.service.witnessStore.cosignatures(
            size: 3, textSHA256: Digest.sha256(Array(text3.utf8)), limit: 10)
        #expect(kept.map(\.cosignedAt) == [UInt64(SyncFixture.nodeNow / 1000)])
        await f.stop()
    }
}

@Suite("dsync audit verify-log counts the districts whose witnesses cosigned the hub's checkpoint")
struct AuditVerifyLogTests {
    @Test("with two districts' cosignatures --witnesses 2 passes and --witnesses 3 fails with too_few_witnesses")
    func verifyLog() async throws {
        let f = try SyncFixture()
        try await f.start()
        _ = try await WitnessTests.twoWitnesses(f)
        let dsync = Dsync(now: "2013-06-30T10:00:00Z")
        // The hub serves in this process: run dsync on a thread of its own, never blocking the
        // cooperative pool the server (and the other suites' servers) answer on.
        func run(_ args: [String]) async throws -> Dsync.Result {
            try await withCheckedThrowingContinuation { continuation in
                Thread.detachNewThread { continuation.resume(with: Result { try dsync.run(args) }) }
            }
        }
        let pass = try await run([
            "audit", "verify-log", "--hub", f.url, "--ca", f.pki.rootCertificate, "--witnesses", "2", "--json",
        ])
        #expect(pass.status == 0, "\(pass.stderr)")
        let result = try JSONSerialization.jsonObject(with: Data(pass.stdout.utf8)) as? [String: Any]
        #expect(result?["districts"] as? [String] == ["760", "770"])
        #expect(result?["size"] as? Int == 5)
        let keyFile = f.directory + "/log.vkey"
        try Data(try await f.withClient { try await $0.get("/v1/log/key") }.body).write(
            to: URL(fileURLWithPath: keyFile))
        let fail = try await run([
            "audit", "verify-log", "--hub", f.url, "--ca", f.pki.rootCertificate, "--witnesses", "3",
            "--log-key", keyFile, "--lang", "en",
        ])
        #expect(fail.status != 0)
        #expect(fail.stderr.contains("too_few_witnesses"))
        #expect(fail.stderr.contains("cosigned by only 2 districts"))
        // Against another city's root no binding verifies, so not even one district counts.
        let foreign = try await run([
            "audit", "verify-log", "--hub", f.url, "--ca", f.pki.foreignRootCertificate, "--witnesses", "1",
        ])
        #expect(foreign.status != 0)
        #expect(foreign.stderr.contains("too_few_witnesses"))
        await f.stop()
    }
}
