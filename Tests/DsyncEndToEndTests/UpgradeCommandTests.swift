import DistrictSyncTesting
import Foundation
import Testing

/// Upgrades (issue 17 item 5; docs/operations.md, "Versions and upgrades"): a hub and a node made
/// by the previous release's code open with this one, migrate, keep the city, and go on working;
/// a database newer than this dsync is refused with `database_too_new` and left as it was.
@Suite("upgrades: an older release's databases, and a newer database refused")
struct UpgradeCommandTests {
    /// Made by `scripts/make-upgrade-fixture` with dsync built from eb10f8b (hub schema 7, node
    /// schema 1, changeset schema 1): Tests/Fixtures/upgrade-eb10f8b/README.md.
    static let fixture = TestPKI.repositoryRoot + "/Tests/Fixtures/upgrade-eb10f8b"

    /// A day after the fixture's clock (2013-06-30), so the new changeset's clock follows the old ones.
    let dsync = Dsync(now: "2013-07-01T09:00:00Z")

    /// `PRAGMA user_version` of a database, read with the sqlite3 CLI.
    static func userVersion(_ path: String) throws -> Int {
        try sqlite(path, "PRAGMA user_version;").flatMap { Int($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
            ?? -1
    }

    @discardableResult
    static func sqlite(_ path: String, _ sql: String) throws -> String? {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/sqlite3")
        process.arguments = [path, sql]
        let out = Pipe()
        process.standardOutput = out
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return process.terminationStatus == 0 ? String(decoding: data, as: UTF8.self) : nil
    }

    /// A copy of the fixture in a fresh folder, with hub.json naming the copied hub key (the one path
    /// the old hub init wrote as absolute and outside the home).
    static func copyFixture() throws -> String {
        let dir = makeTemporaryDirectory("dsync-upgrade")
        for name in ["hub", "node", "pki"] {
            try FileManager.default.copyItem(atPath: fixture + "/" + name, toPath: dir + "/" + name)
        }
        // git keeps no modes: the keys get back the 0600 dsync requires of them.
        for key in ["pki/hub/hub.key", "pki/districts/760/officer.key", "hub/log-key.pem"] {
            try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: dir + "/" + key)
        }
        let settingsPath = dir + "/hub/hub.json"
        var settings = try #require(
            try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: settingsPath)))
                as? [String: Any])
        settings["key"] = dir + "/pki/hub/hub.key"
        try JSONSerialization.data(withJSONObject: settings, options: [.prettyPrinted, .sortedKeys])
            .write(to: URL(fileURLWithPath: settingsPath))
        return dir
    }

    func run(_ args: [String], sourceLocation: SourceLocation = #_sourceLocation) throws -> Dsync.Result {
        let r = try dsync.run(args)
        #expect(r.status == 0, "dsync \(args.joined(separator: " ")): \(r.stderr)", sourceLocation: sourceLocation)
        return r
    }

    @Test("the fixture holds the previous release's schemas: hub 7, node 1")
    func fixtureIsOld() throws {
        #expect(try Self.userVersion(Self.fixture + "/hub/hub.db") == 7)
        #expect(try Self.userVersion(Self.fixture + "/node/node.db") == 1)
    }

    @Test(
        "a hub and a node made by the previous release migrate on open, keep the city dump hash, and take a new changeset"
    )
    func upgradeKeepsTheCity() throws {
        let dir = try Self.copyFixture()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let hub = dir + "/hub"
        let node = dir + "/node"
        let expected = try String(contentsOfFile: Self.fixture + "/expected-dump-hash", encoding: .utf8)
            .trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(expected.count == 64)

        // Hub: the first open migrates 7 → today's schema (8 when this was written); the city's dump
        // hash is the one the old dsync printed.
        let hash = try run(["hub", "dump-hash", "--home", hub]).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(hash == expected)
        let hubSchema = try Self.userVersion(hub + "/hub.db")
        #expect(hubSchema >= 8)
        let status = try run(["hub", "status", "--home", hub, "--lang", "en"])
        #expect(status.stdout.contains("Hub database: schema \(hubSchema);"), "\(status.stdout)")
        _ = try run(["hub", "check", "--home", hub])

        // Node: the first open migrates 1 → today's schema (2); its outbox is what the old dsync reported.
        let before = try #require(
            try JSONSerialization.jsonObject(
                with: Data(contentsOf: URL(fileURLWithPath: Self.fixture + "/node-status.json"))) as? [String: Any])
        let after = try #require(
            try Dsync.json(try run(["node", "status", "--home", node, "--json"])) as? [String: Any])
        let nodeSchema = try Self.userVersion(node + "/node.db")
        #expect(nodeSchema >= 2)
        #expect(after["database_schema"] as? Int == nodeSchema)
        for key in ["outbox", "delivered", "undelivered", "pending_changes", "node_id", "district"] {
            #expect("\(after[key] ?? "none")" == "\(before[key] ?? "none")", "node status \(key)")
        }
        #expect(after["undelivered"] as? Int == 0)

        // The upgraded node signs a new changeset (changeset schema 2); the upgraded hub accepts it.
        let pki = dir + "/pki"
        _ = try run([
            "node", "set-signer", "--home", node, "--cert", pki + "/districts/760/officer.pem", "--key",
            pki + "/districts/760/officer.key", "--ca", pki + "/ca/root.pem",
        ])
        _ = try run([
            "node", "business", "add", "--home", node, "--tax-code", "0301234562", "--name", "Công ty TNHH Sài Gòn Số",
            "--address", "8 Đồng Khởi", "--sector", "trade_services", "--employees", "12", "--capital-vnd",
            "3000000000", "--revenue-vnd", "5000000000", "--category", "ecommerce_service", "--reference-year", "2013",
        ])
        _ = try run(["node", "commit", "--home", node])
        let usb = dir + "/usb"
        _ = try run(["node", "export", "--home", node, "--out", usb])
        let imported = try run(["hub", "import", usb, "--home", hub, "--receipts", usb + "/receipts", "--json"])
        let rows = try #require(try Dsync.json(imported) as? [[String: Any]])
        #expect(rows.count == 1)
        #expect(rows.first?["outcome"] as? String == "accepted", "\(imported.stdout)")
        #expect(rows.first?["seq"] as? Int == (before["outbox"] as? Int ?? 0) + 1, "\(imported.stdout)")
        _ = try run(["node", "ack", usb + "/receipts", "--home", node])
        let final = try #require(
            try Dsync.json(try run(["node", "status", "--home", node, "--json"])) as? [String: Any])
        #expect(final["undelivered"] as? Int == 0)
        let newHash = try run(["hub", "dump-hash", "--home", hub]).stdout
            .trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(newHash != expected)
        _ = try run(["hub", "check", "--home", hub])
    }

    /// SHA-256 of every file of a folder, by name: to show a refused open changed nothing.
    static func fingerprint(_ dir: String) throws -> [String: String] {
        var result: [String: String] = [:]
        for name in try FileManager.default.contentsOfDirectory(atPath: dir) {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: dir + "/" + name, isDirectory: &isDirectory),
                !isDirectory.boolValue
            else { continue }
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/sha256sum")
            process.arguments = [dir + "/" + name]
            let out = Pipe()
            process.standardOutput = out
            try process.run()
            let data = out.fileHandleForReading.readDataToEndOfFile()
            process.waitUntilExit()
            result[name] = String(decoding: data, as: UTF8.self).split(separator: " ").first.map(String.init)
        }
        return result
    }

    @Test(
        "a hub database from a newer dsync is refused with database_too_new (exit 74) in Vietnamese or English, and not changed"
    )
    func newerHubRefused() throws {
        let dir = try Self.copyFixture()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let hub = dir + "/hub"
        _ = try run(["hub", "dump-hash", "--home", hub])  // migrated to today's schema first
        let current = try Self.userVersion(hub + "/hub.db")
        #expect(try Self.sqlite(hub + "/hub.db", "PRAGMA user_version = 99;") != nil)
        let before = try Self.fingerprint(hub)
        for args in [["hub", "status"], ["hub", "dump-hash"], ["hub", "import", dir + "/node"]] {
            let vi = try dsync.run(args + ["--home", hub])
            #expect(vi.status == 74, "\(args): \(vi.stderr)")
            #expect(vi.stderr.contains("database_too_new"), "\(vi.stderr)")
            #expect(vi.stderr.contains("lược đồ phiên bản 99"), "\(vi.stderr)")
            #expect(vi.stderr.contains("chỉ đọc được đến phiên bản \(current):"), "\(vi.stderr)")
        }
        let en = try dsync.run(["hub", "status", "--home", hub, "--lang", "en"])
        #expect(en.status == 74)
        #expect(
            en.stderr.contains(
                "hub.db: the database has schema version 99, but this dsync reads up to version \(current):"))
        #expect(en.stderr.contains("it was not changed. Use the newer dsync"), "\(en.stderr)")
        #expect(try Self.fingerprint(hub) == before)
        #expect(try Self.userVersion(hub + "/hub.db") == 99)
    }

    @Test(
        "a node database from a newer dsync is refused with database_too_new (exit 74) in Vietnamese or English, and not changed"
    )
    func newerNodeRefused() throws {
        let dir = try Self.copyFixture()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let node = dir + "/node"
        _ = try run(["node", "status", "--home", node])  // migrated to today's schema first
        let current = try Self.userVersion(node + "/node.db")
        #expect(try Self.sqlite(node + "/node.db", "PRAGMA user_version = 99;") != nil)
        let before = try Self.fingerprint(node)
        let vi = try dsync.run(["node", "status", "--home", node])
        #expect(vi.status == 74, "\(vi.stderr)")
        #expect(vi.stderr.contains("database_too_new"))
        #expect(vi.stderr.contains("node.db: cơ sở dữ liệu có lược đồ phiên bản 99"), "\(vi.stderr)")
        let en = try dsync.run(["node", "commit", "--home", node, "--lang", "en"])
        #expect(en.status == 74, "\(en.stderr)")
        #expect(
            en.stderr.contains(
                "node.db: the database has schema version 99, but this dsync reads up to version \(current):"))
        #expect(try Self.fingerprint(node) == before)
    }
}
