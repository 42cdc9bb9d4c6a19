import DistrictSyncCore
import DistrictSyncTesting
import Foundation
import SQLiteDB
import Testing

@testable import CityHub

@Suite("Chain order: gaps, forks and broken chains")
struct OrderingTests {
    func chain(_ f: HubFixture, node: String, count: Int, district: String = "760") throws -> [[UInt8]] {
        var files: [[UInt8]] = []
        var previous: [UInt8]? = nil
        for i in 1...count {
            let file = try f.changeset(
                district: district, node: node, seq: UInt64(i), previous: previous,
                changes: [HubFixture.enterprise("0100109106", district: district, name: "v\(i)", hlc: UInt64(i))])
            files.append(file)
            previous = sha(file)
        }
        return files
    }

    @Test("a changeset after a gap is held, then applied when the gap fills")
    func gapThenFill() throws {
        let f = try HubFixture()
        let files = try chain(f, node: "n1", count: 3)
        #expect(f.submitAgreeing(files[0], source: "t").outcome == .accepted)
        let before = try f.cityHash()
        let held = f.submitAgreeing(files[2], source: "t")
        #expect(held.outcome == .held && held.reason == "gap")
        #expect(try f.cityHash() == before)
        #expect(f.submitAgreeing(files[1], source: "t").outcome == .accepted)
        #expect(try f.count("SELECT seq FROM node_heads WHERE node_id = 'n1'") == 3)
        #expect(try f.count("SELECT count(*) FROM held") == 0)
        #expect(try f.service.db.scalar("SELECT name FROM enterprises")?.string == "v3")
    }

    @Test("two different changesets for one (node, seq) are quarantined and neither applies until resolved")
    func fork() throws {
        let f = try HubFixture()
        let files = try chain(f, node: "n1", count: 2)
        let other = try f.changeset(
            district: "760", node: "n1", seq: 2, previous: sha(files[0]),
            changes: [HubFixture.enterprise("0100109106", district: "760", name: "evil", hlc: 9)])
        let third = try f.changeset(
            district: "760", node: "n1", seq: 3, previous: sha(files[1]),
            changes: [HubFixture.enterprise("0100109106", district: "760", name: "v3", hlc: 10)])
        #expect(f.submitAgreeing(files[1], source: "t").outcome == .held)
        let q = f.submitAgreeing(other, source: "t")
        #expect(q.outcome == .quarantined && q.reason == "fork")
        let empty = try f.cityHash()
        #expect(f.submitAgreeing(files[0], source: "t").outcome == .accepted)
        let afterFirst = try f.cityHash()
        #expect(afterFirst != empty)
        #expect(f.submitAgreeing(third, source: "t").outcome == .held)
        #expect(try f.cityHash() == afterFirst)
        #expect(try f.count("SELECT count(*) FROM audit_log WHERE detail LIKE 'ALERT fork%'") == 1)
        let kept = try f.service.resolve(keep: sha(files[1]).map { String(format: "%02x", $0) }.joined())
        #expect(kept.outcome == .accepted, "\(kept)")
        #expect(try f.count("SELECT seq FROM node_heads WHERE node_id = 'n1'") == 3)
        #expect(f.submitAgreeing(other, source: "t").reason == "fork_rejected")
    }

    @Test("a third version of a quarantined (node, seq) is quarantined too, and later seqs wait")
    func forkBlocksNode() throws {
        let f = try HubFixture()
        let files = try chain(f, node: "n1", count: 3)
        func variant(_ name: String) throws -> [UInt8] {
            try f.changeset(
                district: "760", node: "n1", seq: 2, previous: sha(files[0]),
                changes: [HubFixture.enterprise("0100109106", district: "760", name: name, hlc: 7)])
        }
        #expect(f.submitAgreeing(files[1], source: "t").outcome == .held)
        #expect(f.submitAgreeing(try variant("b"), source: "t").outcome == .quarantined)
        #expect(f.submitAgreeing(files[0], source: "t").outcome == .accepted)
        let state = try f.cityHash()
        let third = f.submitAgreeing(try variant("c"), source: "t")
        #expect(third.outcome == .quarantined && third.reason == "fork", "\(third)")
        #expect(f.submitAgreeing(files[2], source: "t").outcome == .held)
        #expect(try f.cityHash() == state)
        #expect(try f.service.status().first?.quarantined == 3)
    }

    @Test("different content for an accepted (node, seq) is quarantined as a fork and stops the node until resolved")
    func equivocationAfterAccept() throws {
        let f = try HubFixture()
        let files = try chain(f, node: "n1", count: 3)
        #expect(f.submitAgreeing(files[0], source: "t").outcome == .accepted)
        #expect(f.submitAgreeing(files[1], source: "t").outcome == .accepted)
        let state = try f.cityHash()
        let evil = try f.changeset(
            district: "760", node: "n1", seq: 2, previous: sha(files[0]),
            changes: [HubFixture.enterprise("0100109106", district: "760", name: "evil", hlc: 99)])
        let q = f.submitAgreeing(evil, source: "t")
        #expect(q.outcome == .quarantined && q.reason == "fork", "\(q)")
        #expect(f.submitAgreeing(files[2], source: "t").outcome == .held)
        #expect(try f.cityHash() == state)
        #expect(throws: HubError.self) { try f.service.resolve(keep: q.id) }
        _ = try f.service.resolve(keep: hexString(sha(files[1])))
        #expect(try f.count("SELECT seq FROM node_heads WHERE node_id = 'n1'") == 3)
    }

    @Test("the next sequence with a wrong previous hash is rejected as chain_broken")
    func chainBroken() throws {
        let f = try HubFixture()
        let files = try chain(f, node: "n1", count: 1)
        _ = f.submitAgreeing(files[0], source: "t")
        let before = try f.cityHash()
        let bad = try f.changeset(
            district: "760", node: "n1", seq: 2, previous: [UInt8](repeating: 7, count: 32),
            changes: [HubFixture.enterprise("0100109106", district: "760", name: "x", hlc: 5)])
        let r = f.submitAgreeing(bad, source: "t")
        #expect(r.outcome == .rejected && r.reason == "chain_broken")
        #expect(try f.cityHash() == before)
        #expect(FileManager.default.fileExists(atPath: f.home.rejectedDirectory + "/" + r.id + ".dsc"))
    }

    @Test("a sequence pushed far ahead is refused (fast-forward)")
    func fastForward() throws {
        let f = try HubFixture()
        let far = try f.changeset(
            district: "760", node: "n1", seq: 5000, previous: nil,
            changes: [HubFixture.enterprise("0100109106", district: "760", name: "x", hlc: 5)])
        let r = f.submitAgreeing(far, source: "t")
        #expect(r.outcome == .rejected && r.reason == "seq_gap_too_large")
    }

    @Test("a replacement node of the same district starts its own chain at seq 1")
    func replacementNode() throws {
        let f = try HubFixture()
        let old = try chain(f, node: "old", count: 2)
        for file in old { _ = f.submitAgreeing(file, source: "t") }
        let head = try f.service.head(node: "old")
        #expect(head.seq == 2 && head.district == "760")
        let fresh = try chain(f, node: "new", count: 1)
        #expect(f.submitAgreeing(fresh[0], source: "t").outcome == .accepted)
    }
}

@Suite("Replaying the hub as of a moment")
struct ReplayerTests {
    @Test("materializing everything accepted reproduces the city state; an earlier cut-off gives less")
    func materialize() throws {
        let f = try HubFixture()
        defer { f.remove() }
        let files = try PropertyTests.makeCorpus(f, seed: 7)
        for file in files { _ = f.submitAgreeing(file, source: "t") }
        let all = f.home.path + "/replay-all.db"
        try HubReplayer.materialize(home: f.home.path, acceptedBefore: .max, into: all)
        let replayed = try Database(path: all)
        #expect(try CityDump.hash(replayed) == f.cityHash())
        let none = f.home.path + "/replay-none.db"
        try HubReplayer.materialize(home: f.home.path, acceptedBefore: HubFixture.now, into: none)
        #expect(try Database(path: none).scalar("SELECT count(*) FROM enterprises")?.int64 == 0)
    }
}
