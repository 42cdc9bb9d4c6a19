import CityHub
import DistrictSyncCore
import DistrictSyncCrypto
import DistrictSyncTesting
import Foundation
import Testing

/// The attack catalogue of docs/threat-model.md, each attack submitted end to end through
/// `HubService.submit` (the path `hub import` and the HTTP service share): rejected with a specific
/// reason code, recorded in the audit log, and the city state unchanged.
@Suite("Attack catalogue: hostile changesets are refused and change nothing")
struct ThreatCatalogueTests {
    /// Submits `bytes` and checks: rejected, with one of `reasons`, audited, city unchanged.
    @discardableResult
    func expectRefused(_ f: HubFixture, _ bytes: [UInt8], _ reasons: Set<String>) throws -> String? {
        let before = try f.cityHash()
        let accepted = try f.count("SELECT count(*) FROM audit_log WHERE outcome = 'accepted'")
        let r = f.submitAgreeing(bytes, source: "attack")
        #expect(r.outcome == .rejected, "\(r)")
        #expect(r.reason.map { reasons.contains($0) } == true, "reason \(r.reason ?? "nil") not in \(reasons)")
        #expect(try f.cityHash() == before)
        #expect(try f.count("SELECT count(*) FROM audit_log WHERE outcome = 'accepted'") == accepted)
        return r.reason
    }

    func oneEnterprise(_ f: HubFixture, name: String, hlc: UInt64 = 1, seq: UInt64 = 1) throws -> [UInt8] {
        try f.changeset(
            district: "760", node: "n1", seq: seq, previous: nil,
            changes: [HubFixture.enterprise("0100109106", district: "760", name: name, hlc: hlc)])
    }

    /// The signed content (the changeset bytes) inside a `.dsc`.
    func content(of der: [UInt8]) throws -> [UInt8] {
        try CMSInspector.inspect(der: der).content
    }

    @Test("T8 mix-and-match: the envelope of one changeset around the content of another fails the signature")
    func envelopeOfOneContentOfAnother() throws {
        let f = try HubFixture()
        defer { f.remove() }
        let a = try oneEnterprise(f, name: "Alpha")
        let b = try oneEnterprise(f, name: "Bravo")
        let contentA = try content(of: a)
        let contentB = try content(of: b)
        #expect(contentA.count == contentB.count && contentA != contentB)
        let start = try #require(Self.find(contentA, in: a))
        var mixed = a
        mixed.replaceSubrange(start..<start + contentA.count, with: contentB)
        try expectRefused(f, mixed, ["bad_signature"])
        #expect(f.submitAgreeing(a, source: "t").outcome == .accepted)
    }

    @Test("T8 mix-and-match: the header of one changeset over the payload of another is refused even when signed")
    func headerOfOnePayloadOfAnother() throws {
        let f = try HubFixture()
        defer { f.remove() }
        let a = try content(of: try oneEnterprise(f, name: "Alpha", hlc: 1))
        let b = try content(of: try oneEnterprise(f, name: "Bravo", hlc: 9))
        // magic (8) + version (2) + header length (4) + header: the rest is the payload.
        let headerLength = Int(a[10]) << 24 | Int(a[11]) << 16 | Int(a[12]) << 8 | Int(a[13])
        let cut = 14 + headerLength
        #expect(Array(a[cut...]) != Array(b[cut...]))
        let spliced = Array(a[..<cut]) + Array(b[cut...])
        let (cert, key) = try f.signer(f.pki.officer(district: "760"))
        let signed = try CMSSigner.sign(
            content: spliced, certificate: cert, key: key,
            signingTime: Date(timeIntervalSince1970: Double(HubFixture.now - 3_600_000) / 1000))
        try expectRefused(f, signed, ["header_mismatch"])
    }

    @Test("S7 trailing bytes after the DER are refused")
    func trailingBytes() throws {
        let f = try HubFixture()
        defer { f.remove() }
        let file = try oneEnterprise(f, name: "Alpha")
        try expectRefused(f, file + [0], ["trailing_bytes"])
        try expectRefused(f, file + Array("PADDING".utf8), ["trailing_bytes"])
    }

    @Test(
        "S6/T1 certificate abuse: each bad signer is refused with its own reason",
        arguments: [
            ("foreign-officer", "unknown_ca"), ("expired", "cert_expired"), ("not-yet-valid", "cert_not_yet_valid"),
            ("revoked", "cert_revoked"), ("ca-signer", "signer_is_ca"), ("keyenc-only", "wrong_key_usage"),
        ])
    func badSigners(identity: String, reason: String) throws {
        let f = try HubFixture()
        defer { f.remove() }
        let file = try f.changeset(
            district: "760", node: "n1", seq: 1, previous: nil,
            changes: [HubFixture.enterprise("0100109106", district: "760", name: "x", hlc: 1)],
            signer: f.pki.identity(identity))
        try expectRefused(f, file, [reason])
    }

    @Test("S1 single-bit flips anywhere in a small changeset are all refused (every 7th bit: every byte is hit)")
    func bitFlips() throws {
        let f = try HubFixture()
        defer { f.remove() }
        let file = try oneEnterprise(f, name: "Alpha")
        let before = try f.cityHash()
        var reasons: [String: Int] = [:]
        // Stepping 7 bits hits every byte, and bit positions cycle through all 8 (the verifier-level TamperTests flip every bit).
        for bit in stride(from: 0, to: file.count * 8, by: 7) {
            var mutant = file
            mutant[bit / 8] ^= UInt8(1 << (bit % 8))
            let r = f.submitAgreeing(mutant, source: "flip")
            #expect(r.outcome == .rejected, "bit \(bit) accepted")
            reasons[r.reason ?? "none", default: 0] += 1
        }
        #expect(reasons["none"] == nil)
        #expect(try f.cityHash() == before)
        #expect(try f.count("SELECT count(*) FROM audit_log WHERE outcome = 'accepted'") == 0)
        #expect(f.submitAgreeing(file, source: "t").outcome == .accepted)
    }

    @Test("S1 every truncation of a small changeset is refused")
    func truncations() throws {
        let f = try HubFixture()
        defer { f.remove() }
        let file = try oneEnterprise(f, name: "Alpha")
        let before = try f.cityHash()
        for length in 0..<file.count {
            let r = f.submitAgreeing(Array(file[..<length]), source: "cut")
            #expect(r.outcome == .rejected, "prefix of \(length) bytes accepted")
        }
        #expect(try f.cityHash() == before)
    }

    @Test("T9 endless data: a device or pipe named on the command line is refused before it is read")
    func endlessFiles() throws {
        let f = try HubFixture()
        defer { f.remove() }
        let importer = FileImporter(service: f.service, maxBytes: f.service.settings.maxChangesetBytes)
        #expect {
            _ = try importer.collect(["/dev/zero"])
        } throws: { ($0 as? HubError)?.code == "not_regular_file" }
        let fifo = f.home.path + "/pipe.dsc"
        #expect(mkfifo(fifo, 0o600) == 0)
        #expect {
            _ = try importer.collect([fifo])
        } throws: { ($0 as? HubError)?.code == "not_regular_file" }
        // Inside a folder, such entries are skipped, never opened; nor is a manifest that is a pipe.
        #expect(mkfifo(f.home.path + "/manifest.json", 0o600) == 0)
        #expect(try importer.collect([f.home.path]).isEmpty)
        let r = importer.importFile("/dev/zero")
        #expect(r.outcome == .rejected && r.reason == "not_regular_file")
    }

    @Test("T14 unusual names: odd Unicode, control characters and links out of the folder never change what is read")
    func hostileNames() throws {
        let f = try HubFixture()
        defer { f.remove() }
        let dir = f.home.path + "/stick"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let file = try oneEnterprise(f, name: "Alpha")
        let names = ["..\u{202E}csd.dsc", "a\nb.dsc", "Quận 1 — thay đổi.dsc", "-rf.dsc", " .dsc"]
        for name in names { try Data(file).write(to: URL(fileURLWithPath: dir + "/" + name)) }
        try FileManager.default.createSymbolicLink(atPath: dir + "/escape.dsc", withDestinationPath: "/etc/passwd")
        try FileManager.default.createSymbolicLink(atPath: dir + "/up.dsc", withDestinationPath: "../hub.db")
        let importer = FileImporter(service: f.service, maxBytes: f.service.settings.maxChangesetBytes)
        let files = try importer.collect([dir])
        #expect(Set(files) == Set(names.map { dir + "/" + $0 }))
        let outcomes = files.map { importer.importFile($0).outcome }
        #expect(outcomes.filter { $0 == .accepted }.count == 1)
        #expect(outcomes.filter { $0 == .duplicate }.count == names.count - 1)
        // The hub names what it stores by content hash only: nothing was written outside its home.
        #expect(!FileManager.default.fileExists(atPath: f.home.path + "/../csd.dsc"))
    }

    @Test("T4/T15 an accepted changeset delivered again after its signer was revoked is a duplicate with its receipt")
    func duplicateAfterRevocation() throws {
        let pki = try TestPKI.build()  // its own PKI: this test revokes an officer
        defer { try? FileManager.default.removeItem(atPath: pki.directory) }
        let f = try HubFixture(pki: pki)
        defer { f.remove() }
        let file = try oneEnterprise(f, name: "Alpha")
        let first = f.submitAgreeing(file, source: "t")
        #expect(first.outcome == .accepted)
        let revoke = Process()
        revoke.executableURL = URL(fileURLWithPath: TestPKI.repositoryRoot + "/scripts/pki-revoke")
        revoke.arguments = [pki.directory, pki.officer(district: "760").certificate, "--reason", "keyCompromise"]
        revoke.environment = ["DSYNC_KEY_PASSPHRASE": TestPKI.passphrase, "PATH": "/usr/bin:/bin"]
        revoke.standardOutput = FileHandle.nullDevice
        try revoke.run()
        revoke.waitUntilExit()
        #expect(revoke.terminationStatus == 0)
        try f.service.addCRL(path: pki.crl)
        let key = try PrivateKey.load(path: pki.hubKey, passphrase: Array(TestPKI.passphrase.utf8))
        let restarted = try HubService(home: f.home, clock: FixedWallClock(millis: HubFixture.now), hubKey: key)
        let again = restarted.submit(bytes: file, source: "t")
        #expect(again.outcome == .duplicate)
        #expect(again.receipt == first.receipt && again.receipt != nil)
        #expect(again.district == "760" && again.sequence == 1)
        let next = try f.changeset(
            district: "760", node: "n1", seq: 2, previous: sha(file),
            changes: [HubFixture.enterprise("0100109106", district: "760", name: "Bravo", hlc: 5)])
        let refused = restarted.submit(bytes: next, source: "t")
        #expect(refused.outcome == .rejected && refused.reason == "cert_revoked", "\(refused)")
    }

    static func find(_ needle: [UInt8], in haystack: [UInt8]) -> Int? {
        guard needle.count <= haystack.count else { return nil }
        for i in 0...(haystack.count - needle.count) where haystack[i..<i + needle.count].elementsEqual(needle) {
            return i
        }
        return nil
    }
}
