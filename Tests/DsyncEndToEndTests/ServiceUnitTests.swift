import DistrictSyncTesting
import Foundation
import Testing

/// The systemd units the package installs (packaging/systemd, docs/operations.md "Service") keep
/// their hardening: a test fails when a line is lost or weakened, before any package is built.
@Suite("Service units keep their hardening")
struct ServiceUnitTests {
    static let unitsFolder = TestPKI.repositoryRoot + "/packaging/systemd"

    /// One unit file as systemd reads it: sections of `Key=value` lines; a key may repeat.
    struct UnitFile {
        var entries: [String: [String: [String]]] = [:]

        init(path: String) throws {
            let text = try String(contentsOfFile: path, encoding: .utf8)
            var section = ""
            for raw in text.split(separator: "\n", omittingEmptySubsequences: false) {
                let line = raw.trimmingCharacters(in: .whitespaces)
                if line.isEmpty || line.hasPrefix("#") || line.hasPrefix(";") { continue }
                if line.hasPrefix("["), line.hasSuffix("]") {
                    section = String(line.dropFirst().dropLast())
                    continue
                }
                guard let equals = line.firstIndex(of: "=") else { continue }
                let key = line[..<equals].trimmingCharacters(in: .whitespaces)
                let value = line[line.index(after: equals)...].trimmingCharacters(in: .whitespaces)
                entries[section, default: [:]][key, default: []].append(value)
            }
        }

        /// The value systemd uses for a single-valued key: the last assignment.
        func last(_ key: String, in section: String = "Service") -> String? { entries[section]?[key]?.last }

        /// Every assignment of a list-valued key, in order.
        func all(_ key: String, in section: String = "Service") -> [String] { entries[section]?[key] ?? [] }
    }

    /// The hardening every unit carries: (key, the value it must have last).
    static let required: [(String, String)] = [
        ("User", "districtsync"), ("Group", "districtsync"),
        ("NoNewPrivileges", "yes"), ("ProtectSystem", "strict"), ("ProtectHome", "yes"), ("PrivateTmp", "yes"),
        ("PrivateDevices", "yes"), ("StateDirectory", "districtsync"), ("CapabilityBoundingSet", ""),
        ("AmbientCapabilities", ""), ("ProtectKernelTunables", "yes"), ("ProtectKernelModules", "yes"),
        ("ProtectKernelLogs", "yes"), ("ProtectControlGroups", "yes"), ("ProtectClock", "yes"),
        ("ProtectHostname", "yes"), ("RestrictNamespaces", "yes"), ("RestrictRealtime", "yes"),
        ("RestrictSUIDSGID", "yes"), ("LockPersonality", "yes"), ("MemoryDenyWriteExecute", "yes"),
        ("SystemCallArchitectures", "native"), ("RestrictAddressFamilies", "AF_INET AF_INET6 AF_UNIX"),
        ("UMask", "0077"),
    ]

    static let units = ["districtsync-hub.service", "districtsync-node-ui@.service"]

    @Test("every unit runs as the districtsync user with the full hardening set", arguments: units)
    func hardening(unit: String) throws {
        let file = try UnitFile(path: Self.unitsFolder + "/" + unit)
        for (key, value) in Self.required {
            #expect(file.last(key) == value, "\(unit): \(key)=\(value) expected, found \(file.last(key) ?? "nothing")")
        }
        #expect(file.all("SystemCallFilter").first == "@system-service", "\(unit): SystemCallFilter=@system-service")
        #expect(file.all("SystemCallFilter").contains("~@privileged"), "\(unit): SystemCallFilter=~@privileged")
        for key in ["PrivateNetwork", "DynamicUser"] { #expect(file.last(key) == nil, "\(unit): \(key) unexpected") }
    }

    @Test("no unit may write outside /var/lib/districtsync or regain privileges", arguments: units)
    func writablePaths(unit: String) throws {
        let file = try UnitFile(path: Self.unitsFolder + "/" + unit)
        for key in ["ReadWritePaths", "ReadWriteDirectories"] {
            for path in file.all(key).flatMap({ $0.split(separator: " ").map(String.init) }) {
                #expect(path.hasPrefix("/var/lib/districtsync"), "\(unit): \(key)=\(path) is outside the state folder")
            }
        }
        for key in ["PermissionsStartOnly", "ExecStartPre", "ExecStartPost"] {
            for value in file.all(key) { #expect(!value.hasPrefix("+") && !value.hasPrefix("!"), "\(unit): \(key)") }
        }
        let exec = try #require(file.last("ExecStart"))
        #expect(exec.hasPrefix("/usr/bin/dsync "), "\(unit): ExecStart runs the packaged dsync")
        #expect(!exec.hasPrefix("+") && !exec.hasPrefix("!"), "\(unit): ExecStart keeps the user and sandbox")
    }

    @Test("the hub unit serves the hub home with its passphrase as a credential and stops gracefully")
    func hubUnit() throws {
        let file = try UnitFile(path: Self.unitsFolder + "/districtsync-hub.service")
        let exec = try #require(file.last("ExecStart"))
        #expect(exec.hasPrefix("/usr/bin/dsync hub serve "))
        #expect(exec.contains("--passphrase-file %d/hub-key-passphrase"))
        #expect(file.last("LoadCredential") == "hub-key-passphrase:/etc/districtsync/hub-key.passphrase")
        #expect(file.last("KillSignal") == "SIGTERM")
        #expect(file.all("EnvironmentFile").contains("-/etc/districtsync/hub.env"))
    }

    @Test("the node app unit serves one node home on loopback only")
    func nodeUIUnit() throws {
        let file = try UnitFile(path: Self.unitsFolder + "/districtsync-node-ui@.service")
        let exec = try #require(file.last("ExecStart"))
        #expect(exec.hasPrefix("/usr/bin/dsync node ui "))
        #expect(file.last("IPAddressDeny") == "any")
        #expect(file.last("IPAddressAllow") == "localhost")
        #expect(file.all("Environment").contains { $0.contains("DSYNC_HOME=/var/lib/districtsync/nodes/%i") })
    }

    @Test("postinst creates the user the units run as and the state folder they write")
    func postinstUser() throws {
        let script = try String(
            contentsOfFile: TestPKI.repositoryRoot + "/packaging/debian/postinst", encoding: .utf8)
        #expect(script.contains("adduser --system"))
        #expect(script.contains("--ingroup districtsync"))
        #expect(script.contains("-o districtsync -g districtsync -m 0750 /var/lib/districtsync"))
        // Containers without systemd: systemctl only when systemd runs.
        #expect(script.contains("if [ -d /run/systemd/system ]; then"))
    }
}
