public import DistrictSyncCore
import Foundation

/// A node home: a folder holding `node.json`, `node.db` and `node.lock`.
public struct NodeHome: Sendable {
    public let path: String
    public var configPath: String { path + "/node.json" }
    public var databasePath: String { path + "/node.db" }
    public var lockPath: String { path + "/node.lock" }

    init(path: String) { self.path = path }

    /// Creates a node home for the unit with code `district` valid on `date` (default: the clock's
    /// day). A unit that has ended (a 2004–2025 district) is chosen by a date it existed on, to
    /// back-fill its data; the node then keeps that unit (code, valid_from) for good.
    public static func create(
        at path: String, district: String, on date: String? = nil, cityID: String = "79", orgUnits: OrgUnitList,
        wallClock: any WallClock, nodeID: String
    ) throws -> NodeHome {
        let fm = FileManager.default
        let day = date ?? ISODate.fromUnixMillis(wallClock.nowMillis())
        let unit: OrgUnit
        do { unit = try orgUnits.requireUnit(code: district, on: day) } catch {
            throw NodeError(error.code, error.text)
        }
        var isDir: ObjCBool = false
        if fm.fileExists(atPath: path, isDirectory: &isDir) {
            guard isDir.boolValue else {
                throw NodeError(
                    "home_exists",
                    LocalizedText(
                        vi: "\(path) đã tồn tại và là một tệp; chọn một thư mục mới",
                        en: "\(path) exists and is a file; choose a new folder"))
            }
            if fm.fileExists(atPath: path + "/node.json") {
                throw NodeError(
                    "home_exists",
                    LocalizedText(
                        vi:
                            "\(path) đã là thư mục làm việc của một nút; dùng nó với --home \(path), hoặc chọn thư mục mới",
                        en: "\(path) is already a node home; use it with --home \(path), or choose a new folder"))
            }
            if let items = try? fm.contentsOfDirectory(atPath: path), !items.isEmpty {
                throw NodeError(
                    "home_not_empty",
                    LocalizedText(
                        vi: "\(path) không trống; chỉ một thư mục mới hoặc trống làm thư mục làm việc của nút",
                        en: "\(path) is not empty; give a new or empty folder for the node home"))
            }
        }
        do {
            try fm.createDirectory(
                atPath: path, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        } catch {
            throw NodeError(
                "io_error",
                LocalizedText(
                    vi: "không tạo được \(path): \(error.localizedDescription)",
                    en: "cannot create \(path): \(error.localizedDescription)"))
        }
        let home = NodeHome(path: path)
        let config = NodeConfig(
            cityID: cityID, district: unit.code, districtValidFrom: unit.validFrom, nodeID: nodeID,
            createdMillis: wallClock.nowMillis())
        try home.save(config)
        return home
    }

    /// Opens an existing home, or explains why `path` is not one.
    public static func open(_ path: String) throws -> NodeHome {
        var isDir: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDir), isDir.boolValue else {
            throw NodeError(
                "not_a_node_home",
                LocalizedText(
                    vi: "\(path) không tồn tại; tạo thư mục làm việc của nút bằng `dsync node init \(path) --unit MÃ`",
                    en: "\(path) does not exist; create a node home with `dsync node init \(path) --unit CODE`"))
        }
        guard FileManager.default.fileExists(atPath: path + "/node.json") else {
            throw NodeError(
                "not_a_node_home",
                LocalizedText(
                    vi:
                        "\(path) không phải thư mục làm việc của nút (không có node.json); chỉ thư mục do `dsync node init` tạo, hoặc đặt DSYNC_HOME",
                    en:
                        "\(path) is not a node home (no node.json); pass the folder made by `dsync node init`, or set DSYNC_HOME"
                ))
        }
        return NodeHome(path: path)
    }

    public func loadConfig() throws -> NodeConfig {
        guard let data = FileManager.default.contents(atPath: configPath), data.count < 1 << 20 else {
            throw NodeError(
                "bad_config", LocalizedText(vi: "không đọc được \(configPath)", en: "cannot read \(configPath)"))
        }
        do { return try JSONDecoder().decode(NodeConfig.self, from: data) } catch {
            throw NodeError(
                "bad_config",
                LocalizedText(
                    vi: "\(configPath) không phải tệp thiết lập nút hợp lệ: \(error)",
                    en: "\(configPath) is not a valid node settings file: \(error)"))
        }
    }

    /// Writes the settings atomically (temporary file, then rename).
    public func save(_ config: NodeConfig) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        do {
            try encoder.encode(config).write(to: URL(fileURLWithPath: configPath), options: .atomic)
        } catch {
            throw NodeError(
                "io_error",
                LocalizedText(
                    vi: "không ghi được \(configPath): \(error.localizedDescription)",
                    en: "cannot write \(configPath): \(error.localizedDescription)"))
        }
    }

    /// Resolves a path stored in the settings (relative to the home).
    public func resolve(_ stored: String) -> String { stored.hasPrefix("/") ? stored : path + "/" + stored }
}
