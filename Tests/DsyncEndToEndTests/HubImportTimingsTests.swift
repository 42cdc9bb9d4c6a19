import DistrictSyncTesting
import Foundation
import Testing

@Suite("hub import --timings: the transparency log's part of the hub's work, measured inside the hub")
struct HubImportTimingsTests {
    let dsync = Dsync.realClock()
    let delivery = DeliveryCommandTests()

    @Test("every accept appends one leaf; the log's time is part of the submissions' time and its share a fraction")
    func timingsLine() throws {
        let dir = makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        _ = try delivery.committedNode(dir, name: "n760")
        let hub = try delivery.hub(dir)
        let r = try dsync.run(["hub", "import", dir + "/usb-n760", "--home", hub, "--timings", "--json"])
        #expect(r.status == 0, Comment(rawValue: r.stderr))
        let rows = try #require(try Dsync.json(r) as? [[String: Any]])
        let line = try #require(r.stderr.split(separator: "\n").first { $0.hasPrefix("timings: ") })
        var v: [String: Double] = [:]
        for pair in line.dropFirst("timings: ".count).split(separator: " ") {
            let kv = pair.split(separator: "=")
            if kv.count == 2 { v[String(kv[0])] = Double(kv[1]) }
        }
        #expect(v["submits"] == Double(rows.count) && v["accepts"] == Double(rows.count))
        #expect(v["log_appends"] == Double(rows.count), "one leaf per accepted changeset")
        #expect((v["checkpoints"] ?? 0) >= 1, "the run ends with a signed checkpoint")
        let submit = try #require(v["submit_s"])
        let accept = try #require(v["accept_s"])
        let append = try #require(v["log_append_s"])
        #expect(submit >= accept && accept >= append && append > 0)
        let share = try #require(v["log_share"])
        let sign = try #require(v["checkpoint_sign_s"])
        #expect(abs(share - (append + sign) / (submit + sign)) < 1e-3 && share > 0 && share < 1)
    }
}
