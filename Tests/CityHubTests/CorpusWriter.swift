import CityHub
import DistrictSyncCore
import DistrictSyncTesting
import Foundation
import SyntheticData
import Testing

/// Writes a corpus of signed changesets and the PKI files a hub needs, for `scripts/hub-kill-test`.
/// Runs only when DSYNC_HUB_CORPUS names an output folder.
@Suite("Corpus for the crash harness")
struct CorpusWriter {
    @Test("writes signed changesets and PKI files when DSYNC_HUB_CORPUS is set")
    func write() throws {
        guard let out = ProcessInfo.processInfo.environment["DSYNC_HUB_CORPUS"], !out.isEmpty else { return }
        let perNode = Int(ProcessInfo.processInfo.environment["DSYNC_HUB_CORPUS_PER_NODE"] ?? "") ?? 30
        let f = try HubFixture()
        defer { f.remove() }
        let files = try PropertyTests.makeCorpus(f, seed: 42, perNode: perNode)
        let fm = FileManager.default
        try fm.createDirectory(atPath: out + "/files", withIntermediateDirectories: true)
        try fm.createDirectory(atPath: out + "/pki", withIntermediateDirectories: true)
        var rng = SplitMix64(seed: 42)
        let order = Array(files.indices).shuffled(using: &rng)
        for (position, index) in order.enumerated() {
            let id = hexString(sha(files[index]))
            try Data(files[index]).write(
                to: URL(fileURLWithPath: out + "/files/" + String(format: "%05d-", position) + id + ".dsc"))
        }
        for (from, to) in [
            (f.pki.rootCertificate, "root.pem"), (f.pki.crl, "crl.pem"), (f.pki.hubCertificate, "hub.pem"),
            (f.pki.hubKey, "hub.key"),
        ] {
            try? fm.removeItem(atPath: out + "/pki/" + to)
            try fm.copyItem(atPath: from, toPath: out + "/pki/" + to)
        }
    }
}
