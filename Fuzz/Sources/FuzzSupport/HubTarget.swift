import CityHub
import DistrictSyncCore
import DistrictSyncCrypto
import Foundation

/// The hub path (issue 12, Build 3): each input is changeset *content*, signed with the test
/// officer's valid signature and handed to `HubService.submit` itself — size cap, CMS checks, strict
/// decode, value domains, the merge transaction with its ownership, chain, fork and gap decisions —
/// against one hub that keeps its state from input to input. Any outcome is fine except a crash, a
/// hang, a sanitizer report, or a broken invariant: an accepted changeset has a receipt, and every
/// city row keeps matching its checksum.
public final class HubTarget {
    let service: HubService
    let identity: FuzzHarness.Identity
    let home: HubHome
    var inputs = 0

    /// A fresh hub home in the temporary folder on the PKI in DSYNC_FUZZ_PKI.
    public init(identity: FuzzHarness.Identity) {
        guard let dir = ProcessInfo.processInfo.environment["DSYNC_FUZZ_PKI"] else {
            fatalError("set DSYNC_FUZZ_PKI to a directory made by scripts/make-test-pki (scripts/fuzz does this)")
        }
        self.identity = identity
        let path = FileManager.default.temporaryDirectory.path + "/dsync-fuzz-hub-\(UUID().uuidString)"
        let passphrase = Array("demo-passphrase".utf8)
        do {
            home = try HubHome.create(
                at: path, caFiles: [dir + "/ca/root.pem"], certificate: dir + "/hub/hub.pem",
                key: dir + "/hub/hub.key", crlFiles: [dir + "/crls.pem"], passphrase: passphrase)
            let key = try PrivateKey.load(path: dir + "/hub/hub.key", passphrase: passphrase)
            let millis = Int64(FuzzHarness.now.timeIntervalSince1970 * 1000)
            service = try HubService(home: home, clock: FixedWallClock(millis: millis), hubKey: key)
        } catch {
            fatalError("cannot create the fuzz hub at \(path): \(error)")
        }
    }

    /// Signs `content` and submits it.
    public func submit(_ content: [UInt8]) {
        guard
            let signed = try? CMSSigner.sign(
                content: content, certificate: identity.certificate, key: identity.key, padding: .pkcs1v15,
                signingTime: FuzzHarness.now)
        else { return }
        let outcome = service.submit(bytes: signed, source: "fuzz")
        if outcome.outcome == .accepted || outcome.outcome == .duplicate {
            precondition(outcome.receipt != nil, "an accepted changeset has no receipt")
        }
        precondition(
            !["internal_error", "hub_db_corrupt"].contains(outcome.reason ?? ""),
            "the hub failed inside: \(outcome.reason ?? "") \(outcome.message ?? "")")
        inputs += 1
        if inputs % 500 == 0 {
            do {
                try service.verifyCityIntegrity()
            } catch {
                preconditionFailure("a city row no longer matches its checksum: \(error)")
            }
            // Rejected copies are the hub's business, not the fuzzer's: keep the disk small.
            let rejected = home.rejectedDirectory
            for name in (try? FileManager.default.contentsOfDirectory(atPath: rejected)) ?? [] {
                try? FileManager.default.removeItem(atPath: rejected + "/" + name)
            }
        }
    }
}
