import ArgumentParser
import DistrictNode
import DistrictSyncCore
import DistrictSyncCrypto
import Foundation

struct NodeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "node",
        abstract: "Work on a district node, offline: officers, enterprises, surveys, changesets.",
        subcommands: [
            NodeInitCommand.self, OfficerCommand.self, TrainingCommand.self, BusinessCommand.self,
            SurveyCommand.self, ImportCommand.self, NodeStatusCommand.self, NodeLogCommand.self, SetSignerCommand.self,
            KeygenCommand.self, CommitCommand.self, ReopenCommand.self, ExportCommand.self, NodeAckCommand.self,
            SetHubCommand.self,
            NodeSyncCommand.self, NodeUnitsCommand.self, NodeBackupCommand.self, NodeRestoreCommand.self,
        ])
}

/// `dsync node units install FILE`
struct NodeUnitsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "units", abstract: "The node's org-unit list (docs/units.md).", subcommands: [Install.self])

    struct Install: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Install a newer unit list as HOME/config/units.csv (refused if it drops this node's unit).")
        @Argument(help: "The unit list (CSV, the columns of config/units.csv).") var file: String
        @OptionGroup var homeOptions: HomeOptions
        @OptionGroup var output: OutputOptions

        func run() throws {
            try runReportingErrors(output.lang, json: output.json) {
                let text = try readUnitList(file)
                let list = try homeOptions.open().installUnits(text: text)
                if output.json { return try emitJSON(["units": list.units.count]) }
                emit(
                    say(
                        output.lang, "Đã cài danh sách \(list.units.count) đơn vị.",
                        "Installed \(list.units.count) units."))
            }
        }
    }
}

/// `--home HOME` or `DSYNC_HOME`.
struct HomeOptions: ParsableArguments {
    @Option(help: "The node home folder (default: $DSYNC_HOME).")
    var home: String?

    func resolved() throws -> String {
        if let home { return home }
        if let env = ProcessInfo.processInfo.environment["DSYNC_HOME"], !env.isEmpty { return env }
        throw NodeError(
            "no_home",
            "no node home given; pass --home HOME or set DSYNC_HOME (create one with `dsync node init HOME --unit CODE`)"
        )
    }

    func open() throws -> NodeSession { try NodeSession(path: try resolved()) }
}

struct NodeInitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init",
        abstract: "Create a node home for one unit (ward, commune or district): database, settings, node id.")

    @Argument(help: "The folder to create.") var home: String
    @Option(
        name: [.customLong("unit"), .customLong("district")],
        help: "The unit's official code, e.g. 26743 for Phường Bến Thành, 760 for Quận 1 (--district is an alias).")
    var district: String
    @Option(
        help:
            "A date the unit exists on, YYYY-MM-DD (default: today); give one inside an ended unit's lifetime to back-fill it."
    )
    var on: String?
    @Option(help: "The city id carried in every changeset.") var city = "79"
    @OptionGroup var resume: ResumeOptions
    @OptionGroup var output: OutputOptions

    func run() throws {
        try runReportingErrors(output.lang, json: output.json) {
            let units = try OrgUnitList.embedded()
            let day = try on.map { date throws(CoreError) in try ISODate.parse(date, field: "--on") }
            let verified = try resume.verifiedHead(cityID: city, district: district)
            let head = verified?.head
            _ = try NodeHome.create(
                at: home, district: district, on: day, cityID: city, orgUnits: units, wallClock: EnvironmentWallClock(),
                nodeID: head?.nodeID ?? NodeSession.randomID())
            let session = try NodeSession(path: home)
            if let head {
                try session.resume(from: head)
                session.config.caCertificates = resume.ca.map(session.absolute)
                try session.saveConfig()
            }
            // The hub's identity: the --hub-cert given, else the certificate that signed the head.
            if let hubCert = resume.hubCert {
                _ = try session.pinHub(certificatePath: hubCert)
            } else if let signer = verified?.signer {
                try session.pinHub(signer)
            }
            let status = try session.status()
            if output.json { return try emitJSON(status) }
            emit(
                say(
                    output.lang,
                    "Đã tạo nút \(home) cho \(status.districtName) (mã \(status.district)), mã nút \(status.nodeID).",
                    "Created node \(home) for \(status.districtName) (code \(status.district)), node id \(status.nodeID)."
                ))
            if let head {
                emit(
                    say(
                        output.lang,
                        "Tiếp nối chuỗi của nút này từ hub: gói kế tiếp là số \(head.sequence + 1). Dữ liệu chưa được khôi phục: nhập lại CSV của quận.",
                        "Continues this node's chain from the hub: the next changeset is seq \(head.sequence + 1). Data is not restored: re-import the district's CSV files."
                    ))
            }
        }
    }
}

struct NodeStatusCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status", abstract: "Show what the node holds and what waits to sync.")
    @OptionGroup var homeOptions: HomeOptions
    @OptionGroup var output: OutputOptions

    func run() throws {
        try runReportingErrors(output.lang, json: output.json) {
            let s = try homeOptions.open().status()
            if output.json { return try emitJSON(s) }
            let l = output.lang
            emit(
                "\(say(l, "Quận/huyện", "District")): \(s.districtName) (\(s.district))   \(say(l, "mã nút", "node id")): \(s.nodeID)"
            )
            emit(
                "\(say(l, "Cán bộ", "Officers")): \(s.officers) (\(say(l, "đang công tác", "active")) \(s.activeOfficers))"
            )
            emit(
                "\(say(l, "Doanh nghiệp", "Enterprises")): \(s.enterprises)   \(say(l, "Phiếu khảo sát", "Survey answers")): \(s.surveyAnswers)   \(say(l, "Lượt tập huấn", "Trainings")): \(s.trainings)"
            )
            emit("\(say(l, "Thay đổi chờ đóng gói", "Pending changes")): \(s.pendingChanges)")
            emit(
                "\(say(l, "Gói thay đổi", "Changesets")): \(s.outbox) (\(say(l, "đã giao", "delivered")) \(s.delivered), \(say(l, "chưa giao", "undelivered")) \(s.undelivered))"
            )
        }
    }
}

struct NodeLogCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "log", abstract: "List recent captured changes, newest first.")
    @OptionGroup var homeOptions: HomeOptions
    @OptionGroup var output: OutputOptions
    @Option(help: "How many changes to show.") var limit = 20

    struct Entry: Encodable {
        let seq: Int64
        let table: String
        let key: String
        let op: String
        let hlc: String
        let fields: [String: String]
        let changeset: Int64?
    }

    func run() throws {
        try runReportingErrors(output.lang, json: output.json) {
            let changes = try homeOptions.open().store.recentChanges(limit: limit)
            let entries = changes.map { c in
                Entry(
                    seq: c.seq, table: c.change.table.name, key: c.change.key,
                    op: c.change.operation == .upsert ? "upsert" : "delete", hlc: c.change.hlc.description,
                    fields: Dictionary(
                        uniqueKeysWithValues: c.change.fields.map {
                            (c.change.table.columns[$0.column].name, $0.value.description)
                        }),
                    changeset: c.changesetSeq)
            }
            if output.json { return try emitJSON(entries) }
            emit(
                table(
                    [
                        "#", say(output.lang, "bảng", "table"), say(output.lang, "khóa", "key"), "op", "hlc",
                        say(output.lang, "trường", "fields"), say(output.lang, "gói", "changeset"),
                    ],
                    entries.map { e in
                        [
                            String(e.seq), e.table, e.key, e.op, e.hlc, e.fields.keys.sorted().joined(separator: ","),
                            e.changeset.map(String.init) ?? "-",
                        ]
                    }))
        }
    }
}
