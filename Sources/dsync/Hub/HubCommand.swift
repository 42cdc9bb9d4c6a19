import ArgumentParser
import CityHub
import DistrictSyncCore
import Foundation

struct HubCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "hub",
        abstract: help(
            "Vận hành hub thành phố: xác minh, hợp nhất và kiểm toán tập thay đổi; ký biên nhận.",
            "Run the city hub: verify, merge and audit changesets; sign receipts."),
        subcommands: [
            HubInitCommand.self, HubImportCommand.self, HubImportEvidenceCommand.self, HubStatusCommand.self,
            HubAuditCommand.self,
            HubEnrollCommand.self, HubCRLCommand.self, HubResolveCommand.self, HubHeadCommand.self,
            HubDumpHashCommand.self, HubReportCommand.self, HubServeCommand.self, HubPlansCommand.self,
            HubUnitsCommand.self, HubTransferCommand.self, HubCheckCommand.self, HubLogCommand.self,
            HubBackupCommand.self, HubRestoreCommand.self, HubEvidenceCommand.self,
        ])
}

/// `--home HOME` or `DSYNC_HUB_HOME`, and the key passphrase.
struct HubHomeOptions: ParsableArguments {
    @Option(help: help("Thư mục hub (mặc định: $DSYNC_HUB_HOME).", "The hub home folder (default: $DSYNC_HUB_HOME)."))
    var home: String?

    @Option(
        help: help(
            "Tệp chứa mật khẩu khóa của hub (mặc định: $DSYNC_KEY_PASSPHRASE).",
            "A file holding the hub key's passphrase (default: $DSYNC_KEY_PASSPHRASE)."))
    var passphraseFile: String?

    func resolved() throws -> HubHome {
        if let home { return HubHome(path: home) }
        if let env = ProcessInfo.processInfo.environment["DSYNC_HUB_HOME"], !env.isEmpty { return HubHome(path: env) }
        throw HubError(
            "no_home",
            LocalizedText(
                vi: "chưa chỉ thư mục hub; ghi --home THƯ_MỤC hoặc đặt DSYNC_HUB_HOME (tạo bằng `dsync hub init`)",
                en: "no hub home given; pass --home HOME or set DSYNC_HUB_HOME (create one with `dsync hub init`)"))
    }

    func open(needsKey: Bool = true) throws -> HubService {
        try HubService(
            home: try resolved(), clock: EnvironmentWallClock(),
            passphrase: needsKey ? try readPassphrase(file: passphraseFile) : nil, needsKey: needsKey)
    }
}

/// The key passphrase from a file (`readPassphraseFile`) or DSYNC_KEY_PASSPHRASE; nil when neither is set.
func readPassphrase(file: String?) throws -> [UInt8]? {
    if let file { return try readPassphraseFile(file) }
    return ProcessInfo.processInfo.environment["DSYNC_KEY_PASSPHRASE"].map { Array($0.utf8) }
}

struct HubInitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init",
        abstract: help(
            "Tạo thư mục hub: gốc tin cậy, CRL, chứng thư số và khóa của hub, cơ sở dữ liệu.",
            "Create a hub home: trust anchors, CRLs, hub certificate and key, database."))

    @Argument(help: help("Thư mục cần tạo.", "The folder to create.")) var home: String
    @Option(
        help: help(
            "Một gốc tin cậy (chứng thư số gốc, PEM); ghi nhiều lần nếu có nhiều gốc.",
            "A trust anchor (root certificate, PEM); repeat for several.")) var ca: [String] = []
    @Option(help: help("Chứng thư số của hub (dùng ký biên nhận).", "The hub's certificate (signs receipts)."))
    var cert: String
    @Option(
        help: help(
            "Khóa bí mật đã mã hóa của hub; tệp khóa được giữ nguyên chỗ.",
            "The hub's encrypted private key; it stays where it is.")) var key: String
    @Option(
        help: help(
            "Một CRL (PEM) do gốc tin cậy ký; ghi nhiều lần nếu có nhiều CRL.",
            "A CRL (PEM) signed by a trust anchor; repeat for several.")) var crl: [String] = []
    @Option(
        help: help(
            "Tệp chứa mật khẩu khóa (mặc định: $DSYNC_KEY_PASSPHRASE).",
            "A file holding the key passphrase (default: $DSYNC_KEY_PASSPHRASE).")) var passphraseFile: String?
    @Option(help: help("Mã thành phố mà tập thay đổi phải mang.", "The city id changesets must carry.")) var city = "79"
    @OptionGroup var output: OutputOptions

    func run() throws {
        let created = try HubHome.create(
            at: home, caFiles: ca, certificate: cert, key: key, crlFiles: crl,
            passphrase: try readPassphrase(file: passphraseFile), cityID: city)
        let settings = try created.loadSettings()
        if output.json { return try emitJSON(settings) }
        emit(
            say(
                output.lang, "Đã tạo hub \(home) (thành phố \(city), mã hub \(settings.hubID)).",
                "Created hub \(home) (city \(city), hub id \(settings.hubID))."))
    }
}
