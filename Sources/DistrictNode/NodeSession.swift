public import DistrictSyncCore
public import DistrictSyncStore
import Foundation
import SQLiteDB

/// An open node home: its settings, its database, and the lock that keeps other `dsync`
/// processes out while this one works.
public final class NodeSession {
    public let home: NodeHome
    public var config: NodeConfig
    public let store: NodeStore
    public let clock: any WallClock
    let makeID: @Sendable () -> String
    public let sizeRules: SizeRuleTable
    /// The unit list of this home (installed copy, else built in).
    public internal(set) var units: OrgUnitList
    let lock: FileLock

    /// Opens the node at `path`, migrating its database when an older dsync wrote it.
    public init(
        path: String, clock: any WallClock = EnvironmentWallClock(),
        makeID: (@Sendable () -> String)? = nil
    ) throws {
        home = try NodeHome.open(path)
        lock = try FileLock(path: home.lockPath, what: "node home \(path)")
        config = try home.loadConfig()
        self.clock = clock
        self.makeID = makeID ?? NodeSession.randomID
        sizeRules = try SizeRuleTable(csv: EmbeddedConfig.sizeRulesCSV)
        do { units = try OrgUnitList.forHome(path) } catch { throw NodeError(error.code, error.text) }
        do {
            store = try NodeStore(path: home.databasePath, mode: .readWriteCreate, wallClock: clock)
        } catch let error as MigrationError {
            throw NodeError(error.reasonCode, error.text(path: home.databasePath))
        } catch let error as SQLiteError where error.isCorrupt {
            throw NodeError(
                "database_corrupt",
                LocalizedText(
                    vi:
                        "\(home.databasePath) không phải cơ sở dữ liệu DistrictSync đọc được (\(error.message)); khôi phục từ bản sao lưu",
                    en:
                        "\(home.databasePath) is not a readable DistrictSync database (\(error.message)); restore it from a backup"
                ))
        } catch let error as SQLiteError where error.isBusy {
            throw NodeError(
                "home_locked",
                LocalizedText(
                    vi: "\(home.databasePath) đang bị một tiến trình khác khóa; chờ rồi thử lại",
                    en: "\(home.databasePath) is locked by another process; wait and retry"))
        }
    }

    /// A random UUID in lower case.
    public static let randomID: @Sendable () -> String = { UUID().uuidString.lowercased() }

    /// The node's own unit: (code, valid_from) from `node.json`, looked up in the unit list.
    public var unit: OrgUnit? { units.unit(code: config.district, validFrom: config.districtValidFrom) }

    /// Today's date on the node's clock.
    public var today: String { ISODate.fromUnixMillis(clock.nowMillis()) }

    /// Persists changed settings.
    public func saveConfig() throws { try home.save(config) }

    /// Runs `body` as one captured transaction, turning clock refusals into node errors.
    func capture<T>(_ body: (ChangeWriter) throws -> T) throws -> T {
        do { return try store.capture(body) } catch let error as CoreError {
            throw NodeError(error.code, error.text)
        }
    }
}

extension NodeSession {
    /// Counts for `dsync node status`.
    public func status() throws -> NodeStatus {
        let name = unit?.nameVi
        let outbox = try store.outboxCounts()
        var status = NodeStatus(
            district: config.district, districtName: name ?? config.district, nodeID: config.nodeID,
            pendingChanges: try store.pendingChangeCount(), officers: try store.count(.officers),
            activeOfficers: try officers(activeOn: today).count, enterprises: try store.count(.enterprises),
            surveyAnswers: try store.count(.surveys), trainings: try store.count(.trainings), outbox: outbox.total,
            delivered: outbox.delivered, undelivered: outbox.total - outbox.delivered,
            lastSequence: try store.lastSequence(),
            signerConfigured: config.signerCertificate != nil && config.signerKey != nil)
        status.databaseSchema = try store.database.userVersion
        let refused = try store.refusedUndelivered()
        status.refusedByHub = refused.count
        status.firstRefusedSequence = refused.first?.sequence
        status.firstRefusedReason = refused.first.map { $0.reason ?? $0.outcome }
        return status
    }
}
