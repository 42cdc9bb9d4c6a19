import ArgumentParser
import CityHub
import DistrictSyncCore
import Foundation

struct HubStatusCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: help(
            "Theo từng đơn vị: số thứ tự và mã băm cuối, thời điểm tiếp nhận cuối, số tập đang tạm giữ và cách ly.",
            "Per district: last seq and hash, last accepted time, held and quarantined."))
    @OptionGroup var homeOptions: HubHomeOptions
    @OptionGroup var output: OutputOptions

    func run() throws {
        let service = try homeOptions.open(needsKey: false)
        let rows = try service.status()
        // JSON stays the per-unit array (a contract); the schema versions are a line of the text form.
        if output.json { return try emitJSON(rows) }
        let l = output.lang
        let schema = try service.databaseSchemaVersion()
        let accepted = "1–\(SyncedTable.schemaVersion)"
        emit(
            say(
                l, "Cơ sở dữ liệu hub: lược đồ \(schema); gói thay đổi: lược đồ \(accepted)",
                "Hub database: schema \(schema); changesets: schema \(accepted)"))
        emit(
            table(
                [
                    say(l, "quận", "district"), say(l, "nút", "nodes"), "seq", "hash",
                    say(l, "nhận lúc", "accepted at"), say(l, "chờ", "held"), say(l, "cách ly", "quarantined"),
                ],
                rows.map {
                    [
                        $0.district, String($0.nodes), $0.lastSeq.map(String.init) ?? "-",
                        String(($0.lastHash ?? "-").prefix(12)),
                        $0.lastAcceptedAt.map { ISODate.fromUnixMillis($0) } ?? "-", String($0.held),
                        String($0.quarantined) + ($0.stale ? say(l, "  (cũ)", "  (stale)") : ""),
                    ]
                }))
    }
}

struct HubAuditCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "audit", abstract: help("Xem nhật ký kiểm toán.", "Show the audit log."))
    @Option(help: help("Chỉ đơn vị này.", "Only this district.")) var district: String?
    @Option(
        help: help(
            "Chỉ kết quả này (accepted, duplicate, held, quarantined, rejected).",
            "Only this outcome (accepted, duplicate, held, quarantined, rejected).")) var outcome: String?
    @OptionGroup var homeOptions: HubHomeOptions
    @OptionGroup var output: OutputOptions

    func run() throws {
        let rows = try homeOptions.open(needsKey: false).audit(district: district, outcome: outcome)
        if output.json { return try emitJSON(rows) }
        emit(
            table(
                [
                    "#", say(output.lang, "lúc", "at"), say(output.lang, "kết quả", "outcome"),
                    say(output.lang, "lý do", "reason"), say(output.lang, "đơn vị", "district"),
                    say(output.lang, "nút", "node"), "seq", say(output.lang, "tập thay đổi", "changeset"),
                ],
                rows.map {
                    [
                        String($0.seq), String($0.at), $0.outcome, $0.reason ?? "", $0.district ?? "-",
                        String(($0.nodeID ?? "-").prefix(12)), $0.changesetSeq.map(String.init) ?? "-",
                        String(($0.changesetID ?? "-").prefix(12)),
                    ]
                }))
    }
}

struct HubEnrollCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "enroll",
        abstract: help(
            "Gắn một chứng thư số không ghi đơn vị với một đơn vị.",
            "Bind a certificate without a district URI to a district."))
    @Option(
        name: [.customLong("district"), .customLong("unit")],
        help: help(
            "Mã đơn vị, ví dụ 760 hoặc 26743 (--unit là tên khác).",
            "The unit code, e.g. 760 or 26743 (--unit is an alias)."))
    var district: String
    @Option(help: help("Chứng thư số của cán bộ (PEM).", "The officer's certificate (PEM).")) var cert: String
    @OptionGroup var homeOptions: HubHomeOptions
    @OptionGroup var output: OutputOptions

    func run() throws {
        let c = try homeOptions.open(needsKey: false).enroll(district: district, certificatePath: cert)
        if output.json { return try emitJSON(["fingerprint": c.sha256Fingerprint, "district": district]) }
        emit(say(output.lang, "Đã gắn", "Enrolled") + TerminalText.escape(" \(c.subject) → \(district)"))
    }
}

struct HubCRLCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "crl", abstract: help("Quản lý danh sách chứng thư bị thu hồi (CRL).", "Manage revocation lists."),
        subcommands: [HubCRLAddCommand.self])
}

struct HubCRLAddCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "add",
        abstract: help(
            "Cài một CRL do gốc tin cậy ký (không bao giờ cài CRL cũ hơn).",
            "Install a CRL signed by a trust anchor (never an older one)."))
    @Argument(help: help("Tệp CRL (PEM hoặc DER).", "The CRL file (PEM or DER).")) var file: String
    @OptionGroup var homeOptions: HubHomeOptions
    @OptionGroup var output: OutputOptions

    func run() throws {
        try homeOptions.open(needsKey: false).addCRL(path: file)
        emit(TerminalText.escape(say(output.lang, "Đã cài CRL \(file).", "Installed CRL \(file).")))
    }
}

struct HubResolveCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "resolve",
        abstract: help(
            "Xử lý rẽ nhánh: giữ một tập thay đổi, loại tập kia, áp dụng các tập đang chờ.",
            "Resolve a fork: keep one changeset, reject the other, apply what waits."))
    @Option(help: help("Mã của tập thay đổi đang cách ly cần giữ.", "The id of the quarantined changeset to keep."))
    var keep: String
    @OptionGroup var homeOptions: HubHomeOptions
    @OptionGroup var output: OutputOptions

    func run() throws {
        let result = try homeOptions.open().resolve(keep: keep)
        if output.json {
            return try emitJSON([
                "id": result.id, "outcome": result.outcome.rawValue, "reason": result.reason ?? "",
            ])
        }
        emit(TerminalText.escape("\(result.id): \(result.outcome.rawValue) \(result.reason ?? "")"))
    }
}

struct HubHeadCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "head",
        abstract: help(
            "In đầu chuỗi của một nút (cho nút thay thế: docs/hub.md).",
            "Print a node's chain head (for a replacement node: docs/hub.md)."))
    @Option(help: help("Mã nút.", "The node id.")) var node: String?
    @Option(help: help("Mã đơn vị (khi đơn vị chỉ có một nút).", "The district code (when the district has one node)."))
    var district: String?
    @Option(
        help: help(
            "Ghi thêm đầu chuỗi do khóa hub ký vào TỆP (cho `dsync node init --resume-from-hub`).",
            "Also write the head signed by the hub key to FILE (for `dsync node init --resume-from-hub`)."))
    var out: String?
    @OptionGroup var homeOptions: HubHomeOptions
    @OptionGroup var output: OutputOptions

    func run() throws {
        let service = try homeOptions.open(needsKey: out != nil)
        let head: NodeHead
        switch (node, district) {
        case (let node?, nil): head = try service.head(node: node)
        case (nil, let district?): head = try service.head(district: district)
        default:
            throw HubError(
                "bad_option",
                LocalizedText(
                    vi: "ghi đúng một trong hai: --node ID hoặc --district MÃ",
                    en: "give exactly one of --node ID or --district CODE"))
        }
        if let out {
            try Data(try service.signedHead(head)).write(to: URL(fileURLWithPath: out), options: .atomic)
        }
        if output.json { return try emitJSON(head) }
        emit(
            TerminalText.escape(
                say(output.lang, "nút", "node") + " \(head.nodeID)  " + say(output.lang, "đơn vị", "district")
                    + " \(head.district)  seq \(head.seq)  " + say(output.lang, "mã băm", "hash") + " \(head.hash)"))
        if let out {
            emit(say(output.lang, "Đã ghi đầu chuỗi đã ký: ", "Wrote the signed head: ") + TerminalText.escape(out))
        }
    }
}

/// `dsync hub units install FILE`
struct HubUnitsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "units",
        abstract: help(
            "Danh sách đơn vị hành chính của hub (docs/units.md).", "The hub's org-unit list (docs/units.md)."),
        subcommands: [Install.self])

    struct Install: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: help(
                "Cài danh sách đơn vị mới hơn thành HOME/config/units.csv (bị từ chối nếu bỏ mất đơn vị đang có dữ liệu).",
                "Install a newer unit list as HOME/config/units.csv (refused if it drops a unit that holds data).")
        )
        @Argument(
            help: help(
                "Danh sách đơn vị (CSV, các cột của config/units.csv).",
                "The unit list (CSV, the columns of config/units.csv).")) var file: String
        @OptionGroup var homeOptions: HubHomeOptions
        @OptionGroup var output: OutputOptions

        func run() throws {
            let text = try readUnitList(file)
            let list = try homeOptions.open(needsKey: false).installUnits(text: text)
            if output.json { return try emitJSON(["units": list.units.count]) }
            emit(
                say(
                    output.lang, "Đã cài danh sách \(list.units.count) đơn vị.",
                    "Installed \(list.units.count) units."))
        }
    }
}

/// Reads a unit list file the user named (at most 4 MiB).
func readUnitList(_ path: String) throws -> String {
    guard let data = FileManager.default.contents(atPath: path) else {
        throw HubError(
            "bad_unit_list_file",
            LocalizedText(
                vi: "không đọc được \(path); ghi đường dẫn tới một tệp CSV danh sách đơn vị",
                en: "cannot read \(path); give the path of a units CSV file"))
    }
    guard data.count <= 4 << 20 else {
        throw HubError(
            "bad_unit_list_file",
            LocalizedText(
                vi: "\(path) dài \(data.count) byte; danh sách đơn vị tối đa 4 MiB",
                en: "\(path) is \(data.count) bytes; a unit list is at most 4 MiB"))
    }
    return String(decoding: data, as: UTF8.self)
}
