import ArgumentParser
import DistrictNode
import DistrictSyncCore
import DistrictSyncCrypto
import Foundation

struct NodeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "node",
        abstract: help(
            "Làm việc trên nút của đơn vị, không cần mạng: cán bộ, doanh nghiệp, khảo sát, tập thay đổi.",
            "Work on a district node, offline: officers, enterprises, surveys, changesets."),
        subcommands: [
            NodeInitCommand.self, OfficerCommand.self, TrainingCommand.self, BusinessCommand.self,
            SurveyCommand.self, ImportCommand.self, NodeStatusCommand.self, NodeLogCommand.self, SetSignerCommand.self,
            KeygenCommand.self, CommitCommand.self, ReopenCommand.self, ResignCommand.self, ExportCommand.self,
            NodeAckCommand.self,
            SetHubCommand.self,
            NodeSyncCommand.self, NodeUICommand.self, NodeUnitsCommand.self, NodeBackupCommand.self,
            NodeRestoreCommand.self,
        ])
}

/// `dsync node units install FILE`
struct NodeUnitsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "units",
        abstract: help(
            "Danh sách đơn vị hành chính của nút (docs/units.md).", "The node's org-unit list (docs/units.md)."),
        subcommands: [Install.self])

    struct Install: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: help(
                "Cài danh sách đơn vị mới hơn thành HOME/config/units.csv (bị từ chối nếu bỏ mất đơn vị của nút này).",
                "Install a newer unit list as HOME/config/units.csv (refused if it drops this node's unit)."))
        @Argument(
            help: help(
                "Danh sách đơn vị (CSV, các cột của config/units.csv).",
                "The unit list (CSV, the columns of config/units.csv).")) var file: String
        @OptionGroup var homeOptions: HomeOptions
        @OptionGroup var output: OutputOptions

        func run() throws {
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

/// `--home HOME` or `DSYNC_HOME`.
struct HomeOptions: ParsableArguments {
    @Option(
        help: help("Thư mục làm việc của nút (mặc định: $DSYNC_HOME).", "The node home folder (default: $DSYNC_HOME)."))
    var home: String?

    func resolved() throws -> String {
        if let home { return home }
        if let env = ProcessInfo.processInfo.environment["DSYNC_HOME"], !env.isEmpty { return env }
        throw NodeError(
            "no_home",
            LocalizedText(
                vi:
                    "chưa chỉ thư mục làm việc của nút; ghi --home THƯ_MỤC hoặc đặt DSYNC_HOME (tạo bằng `dsync node init THƯ_MỤC --unit MÃ`)",
                en:
                    "no node home given; pass --home HOME or set DSYNC_HOME (create one with `dsync node init HOME --unit CODE`)"
            ))
    }

    func open() throws -> NodeSession { try NodeSession(path: try resolved()) }
}

struct NodeInitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init",
        abstract: help(
            "Tạo thư mục làm việc của nút cho một đơn vị (phường, xã hoặc quận/huyện): cơ sở dữ liệu, thiết lập, mã nút.",
            "Create a node home for one unit (ward, commune or district): database, settings, node id."))

    @Argument(help: help("Thư mục cần tạo.", "The folder to create.")) var home: String
    @Option(
        name: [.customLong("unit"), .customLong("district")],
        help: help(
            "Mã chính thức của đơn vị, ví dụ 26743 cho Phường Bến Thành, 760 cho Quận 1 (--district là tên khác).",
            "The unit's official code, e.g. 26743 for Phường Bến Thành, 760 for Quận 1 (--district is an alias)."))
    var district: String
    @Option(
        help:
            help(
                "Một ngày đơn vị còn tồn tại, YYYY-MM-DD (mặc định: hôm nay); với đơn vị đã giải thể, ghi một ngày trong thời gian tồn tại để nhập bù dữ liệu.",
                "A date the unit exists on, YYYY-MM-DD (default: today); give one inside an ended unit's lifetime to back-fill it."
            )
    )
    var on: String?
    @Option(help: help("Mã thành phố ghi trong mọi tập thay đổi.", "The city id carried in every changeset."))
    var city = "79"
    @OptionGroup var resume: ResumeOptions
    @OptionGroup var output: OutputOptions

    func run() throws {
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

struct NodeStatusCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: help(
            "Xem dữ liệu nút đang giữ và những gì chờ đồng bộ.", "Show what the node holds and what waits to sync."))
    @OptionGroup var homeOptions: HomeOptions
    @OptionGroup var output: OutputOptions

    func run() throws {
        let s = try homeOptions.open().status()
        if output.json { return try emitJSON(s) }
        let l = output.lang
        emit(
            "\(say(l, "Đơn vị", "Unit")): \(s.districtName) (\(s.district))   \(say(l, "mã nút", "node id")): \(s.nodeID)"
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
        if let seq = s.firstRefusedSequence {
            let reason = s.firstRefusedReason ?? ""
            emit(
                say(
                    l,
                    "Hub đã từ chối \(s.refusedByHub) gói chưa giao; gói đầu là số \(seq) (mã \(reason)). Xem lý do và cách xử lý: `dsync node sync` hoặc trang Gửi đi (/deliver) của `dsync node ui`.",
                    "The hub refused \(s.refusedByHub) undelivered changeset(s); the first is seq \(seq) (code \(reason)). For the reason and what to do: `dsync node sync` or the Deliver page (/deliver) of `dsync node ui`."
                ))
        }
        emit(
            say(
                l, "Cơ sở dữ liệu nút: lược đồ \(s.databaseSchema); gói thay đổi ghi theo lược đồ \(s.changesetSchema)",
                "Node database: schema \(s.databaseSchema); changesets written in schema \(s.changesetSchema)"))
    }
}

struct NodeLogCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "log",
        abstract: help(
            "Liệt kê các thay đổi đã ghi gần đây, mới nhất trước.", "List recent captured changes, newest first."))
    @OptionGroup var homeOptions: HomeOptions
    @OptionGroup var output: OutputOptions
    @Option(help: help("Số thay đổi cần hiển thị.", "How many changes to show.")) var limit = 20

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
