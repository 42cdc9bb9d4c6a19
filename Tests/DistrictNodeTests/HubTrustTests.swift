import DistrictNode
import DistrictSyncCore
import DistrictSyncCrypto
import DistrictSyncTesting
import Foundation
import Testing

/// `HubTrust` is the node's one checker of hub documents (receipts, chain heads, CRL updates):
/// one size cap, one clock rule, the hub signer or the pinned one.
@Suite("Hub documents: one size cap, one clock rule, only the hub signs")
struct HubTrustTests {
    let pki: TestPKI
    let trust: HubTrust
    /// A node clock in the back-filled plan period, as a node replaying 2013 has.
    let reference = Date(timeIntervalSince1970: 1_372_586_400)  // 2013-06-30T10:00Z

    init() throws {
        pki = try TestPKI.shared()
        trust = HubTrust(roots: try Certificate.loadAll(path: pki.rootCertificate))
    }

    func sign(_ content: [UInt8], as identity: (certificate: String, key: String), at time: Date) throws -> [UInt8] {
        try CMSSigner.sign(
            content: content, certificate: try Certificate.loadAll(path: identity.certificate)[0],
            key: try PrivateKey.load(path: identity.key, passphrase: Array(TestPKI.passphrase.utf8)),
            signingTime: time)
    }

    var hub: (certificate: String, key: String) { (pki.hubCertificate, pki.hubKey) }

    @Test("a hub document dated up to the lead after the reference passes; a minute past it is signing_time_in_future")
    func clockRule() throws {
        let latest = HubTrust.latestAcceptable(reference: reference)
        #expect(latest.timeIntervalSince(reference) == HubTrust.maxLead)
        let onTime = try sign(Array("ok".utf8), as: hub, at: latest.addingTimeInterval(-1))
        #expect(try trust.verify(onTime, reference: reference, what: "receipt") == Array("ok".utf8))
        let ahead = try sign(Array("ahead".utf8), as: hub, at: latest.addingTimeInterval(60))
        let refused = #expect(throws: NodeError.self) { try trust.verify(ahead, reference: reference, what: "receipt") }
        #expect(refused?.code == "signing_time_in_future")
        #expect(refused?.message(in: .vi).contains("đồng hồ") == true)
        // The same document is fine for a node whose clock has caught up.
        #expect(try trust.verify(ahead, reference: latest, what: "receipt") == Array("ahead".utf8))
    }

    @Test("the reference is the later of the node clock and the computer clock")
    func referenceTime() {
        let system = Date(timeIntervalSince1970: 1_800_000_000)
        #expect(HubTrust.reference(nodeMillis: 1_372_586_400_000, system: system) == system)
        #expect(
            HubTrust.reference(nodeMillis: 1_900_000_000_000, system: system)
                == Date(timeIntervalSince1970: 1_900_000_000))
    }

    @Test("an officer's certificate or another serverAuth certificate of the city CA cannot sign for the hub")
    func onlyTheHub() throws {
        let officer = try sign(Array("r".utf8), as: pki.officer(district: "760"), at: reference)
        let error = #expect(throws: NodeError.self) { try trust.verify(officer, reference: reference, what: "receipt") }
        #expect(error?.code == "not_hub_signer")
        let rogue = try sign(Array("r".utf8), as: pki.identity("rogue-hub"), at: reference)
        // Unpinned, a second server certificate looks like a hub; pinned, only the hub's passes.
        #expect(try trust.verify(rogue, reference: reference, what: "receipt") == Array("r".utf8))
        let pinned = trust.pinning(try Certificate.loadAll(path: pki.hubCertificate)[0])
        let pinnedError = #expect(throws: NodeError.self) {
            try pinned.verify(rogue, reference: reference, what: "receipt")
        }
        #expect(pinnedError?.code == "not_hub_signer")
        let genuine = try sign(Array("r".utf8), as: hub, at: reference)
        #expect(try pinned.verify(genuine, reference: reference, what: "receipt") == Array("r".utf8))
        let foreign = HubTrust(roots: try Certificate.loadAll(path: pki.foreignRootCertificate))
        #expect(throws: NodeError.self) { try foreign.verify(genuine, reference: reference, what: "receipt") }
    }

    @Test("a document over 256 KiB is refused too_large, in memory and as a file, before it is parsed")
    func sizeCap() throws {
        let big = [UInt8](repeating: 0x30, count: HubTrust.maxBytes + 1)
        let error = #expect(throws: NodeError.self) { try trust.verify(big, reference: reference, what: "receipt") }
        #expect(error?.code == "too_large")
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("hubtrust-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try Data(big).write(to: URL(fileURLWithPath: dir + "/big.receipt"))
        let fileError = #expect(throws: NodeError.self) {
            try HubTrust.readDocument(path: dir + "/big.receipt", what: "receipt")
        }
        #expect(fileError?.code == "too_large")
        let missing = #expect(throws: NodeError.self) {
            try HubTrust.readDocument(path: dir + "/none.receipt", what: "receipt")
        }
        #expect(missing?.code == "no_such_file")
        let small = try sign(Array("s".utf8), as: hub, at: reference)
        try Data(small).write(to: URL(fileURLWithPath: dir + "/ok.receipt"))
        #expect(try HubTrust.readDocument(path: dir + "/ok.receipt", what: "receipt") == small)
    }

    @Test("CRL updates follow the same clock rule and must be signed by a trusted CA")
    func crlRule() throws {
        let crls = try CertificateRevocationList.loadAll(path: pki.crl)
        let issued = try #require(crls.first?.lastUpdate)
        #expect(trust.refusal(ofCRLs: crls, reference: issued) == nil)
        #expect(trust.refusal(ofCRLs: crls, reference: issued.addingTimeInterval(-HubTrust.maxLead + 1)) == nil)
        #expect(
            trust.refusal(ofCRLs: crls, reference: issued.addingTimeInterval(-HubTrust.maxLead - 60))
                == "crl_from_future")
        let foreign = HubTrust(roots: try Certificate.loadAll(path: pki.foreignRootCertificate))
        #expect(foreign.refusal(ofCRLs: crls, reference: issued) == "crl_untrusted")
    }
}
