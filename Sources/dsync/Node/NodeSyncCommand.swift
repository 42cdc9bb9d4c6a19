import ArgumentParser
import DistrictNode
import DistrictSyncCore
import DistrictSyncCrypto
import Foundation
import NodeSync

/// `dsync node set-hub`: where the hub is and which CA vouches for it.
struct SetHubCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "set-hub",
        abstract: help(
            "Ghi địa chỉ hub và CA của thành phố mà nút tin cậy cho hub đó.",
            "Record the hub's URL and the city CA the node trusts for it."))

    @Option(
        help: help(
            "Địa chỉ gốc của hub, ví dụ https://hub.example:8443.", "The hub's base URL, e.g. https://hub.example:8443."
        )) var url: String
    @Option(
        help: help(
            "Chứng thư số CA của thành phố (PEM) mà chứng thư TLS và biên nhận của hub phải nối tới.",
            "City CA certificate(s) (PEM) the hub's TLS certificate and receipts must chain to."))
    var ca: [String] = []
    @Option(
        name: .customLong("client-cert"),
        help: help(
            "Chứng thư máy khách cho hub yêu cầu TLS hai chiều (mặc định: chứng thư của người ký).",
            "Client certificate for a hub requiring mutual TLS (default: the signer's)."))
    var clientCert: String?
    @Option(name: .customLong("client-key"), help: help("Khóa đã mã hóa của chứng thư đó.", "Its encrypted key."))
    var clientKey: String?
    @Option(
        name: .customLong("hub-cert"),
        help: ArgumentHelp(
            help(
                "Ghim chứng thư của hub: chỉ chứng thư này được ký biên nhận và đầu chuỗi (nên dùng; nếu không, "
                    + "người ký biên nhận đầu tiên của hub sẽ được ghim).",
                "Pin the hub's certificate: only it may sign receipts and chain heads (recommended; without it the "
                    + "first hub receipt's signer is pinned)."), valueName: "HUB.pem"))
    var hubCert: String?
    @OptionGroup var homeOptions: HomeOptions
    @OptionGroup var output: OutputOptions

    func run() throws {
        guard url.hasPrefix("https://") || url.hasPrefix("http://") else {
            throw NodeError(
                "bad_hub_url",
                LocalizedText(
                    vi: "--url \(url) phải bắt đầu bằng https://", en: "--url \(url) must start with https://"))
        }
        guard (clientCert == nil) == (clientKey == nil) else {
            throw NodeError(
                "bad_option",
                LocalizedText(
                    vi: "ghi --client-cert và --client-key cùng nhau",
                    en: "give --client-cert and --client-key together"))
        }
        let session = try homeOptions.open()
        func absolute(_ p: String) -> String {
            p.hasPrefix("/") ? p : FileManager.default.currentDirectoryPath + "/" + p
        }
        for file in ca + [clientCert].compactMap({ $0 }) {
            guard !(try Certificate.loadAll(path: file)).isEmpty else {
                throw NodeError(
                    "bad_certificate_file",
                    LocalizedText(vi: "\(file) không chứa chứng thư số nào", en: "\(file) holds no certificate"))
            }
        }
        session.config.hubURL = url
        if !ca.isEmpty { session.config.caCertificates = ca.map(absolute) }
        if let clientCert, let clientKey {
            session.config.hubClientCertificate = absolute(clientCert)
            session.config.hubClientKey = absolute(clientKey)
        }
        guard !session.config.caCertificates.isEmpty || url.hasPrefix("http://") else {
            throw NodeError(
                "no_ca",
                LocalizedText(
                    vi: "ghi --ca CITY-ROOT.pem: nút phải biết CA nào bảo chứng cho hub",
                    en: "give --ca CITY-ROOT.pem: the node must know which CA vouches for the hub"))
        }
        try session.saveConfig()
        let pinned = try hubCert.map { try session.pinHub(certificatePath: $0) }
        if output.json {
            return try emitJSON([
                "hub_url": url, "ca_certificates": session.config.caCertificates.joined(separator: ","),
                "hub_certificate": pinned?.sha256Fingerprint ?? "",
            ])
        }
        emit(say(output.lang, "Đã ghi địa chỉ hub \(url).", "Hub set to \(url)."))
        if let pinned {
            emit(
                say(
                    output.lang, "Đã ghim chứng thư hub \(pinned.sha256Fingerprint.prefix(16)).",
                    "Pinned the hub certificate \(pinned.sha256Fingerprint.prefix(16))."))
        }
    }
}

/// `dsync node sync`: push what the hub lacks, bring back verified receipts (docs/sync.md).
struct NodeSyncCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sync",
        abstract: help(
            "Gửi các tập thay đổi chưa gửi tới hub qua HTTPS và lưu biên nhận đã xác minh.",
            "Send undelivered changesets to the hub over HTTPS and store its verified receipts."))

    @Option(
        help: help(
            "Địa chỉ gốc của hub (mặc định: địa chỉ đã ghi bằng `node set-hub`).",
            "The hub's base URL (default: the one recorded by `node set-hub`).")) var hub: String?
    @Option(
        name: .customLong("max-attempts"),
        help: help("Số lần thử cho mỗi yêu cầu trước khi dừng.", "Attempts per request before giving up."))
    var maxAttempts = 8
    @Option(
        name: .customLong("retry-base-ms"),
        help: help(
            "Thời gian chờ trước lần thử lại đầu tiên, tính bằng ms (tăng gấp đôi, có dao động, tối đa 30 giây).",
            "First retry delay in ms (doubles, with jitter, up to 30 s)."))
    var retryBaseMs = 500
    @Option(help: help("Số giây chờ một câu trả lời.", "Seconds to wait for one answer.")) var timeout = 120
    @OptionGroup var homeOptions: HomeOptions
    @OptionGroup var output: OutputOptions
    @OptionGroup var passphrase: PassphraseOptions

    func run() async throws {
        let lang = output.lang
        let report: SyncReport
        let session = try homeOptions.open()
        let url = try HubConnection.url(session, override: hub)
        let bar = ProgressBar(label: say(lang, "Đồng bộ", "Syncing"))
        report = try await HubConnection.sync(
            session, url: url, identity: try identity(session), timeoutSeconds: timeout,
            backoff: Backoff(baseMillis: retryBaseMs, maxAttempts: max(1, maxAttempts)),
            progress: { done, total in bar.update(done, total) })
        if output.json {
            try emitJSON(report)
        } else {
            for item in report.items {
                emit(
                    TerminalText.escape(
                        "#\(item.seq) \(item.id.prefix(12))  \(item.outcome)\(item.reason.map { " (\($0))" } ?? "")"))
            }
            if report.synced {
                emit(
                    say(
                        lang,
                        "Đã đồng bộ: \(report.delivered) gói đều có biên nhận hợp lệ của hub (CRL: \(report.crl); "
                            + "nhật ký thành phố: \(Self.logState(report, lang))).",
                        "Synced: all \(report.delivered) changesets have a verified hub receipt (CRL: \(report.crl); "
                            + "city log: \(Self.logState(report, lang)))."))
            } else {
                emitError(
                    say(lang, "CHƯA đồng bộ", "NOT synced") + ": \(report.undelivered) "
                        + say(lang, "gói chưa có biên nhận", "changesets without a receipt")
                        + (report.error.map { " [\($0.code)]: " + TerminalText.escape($0.message) } ?? ""))
            }
            if let failure = report.cosignatureError {
                emitError(
                    say(
                        lang,
                        "Cảnh báo: chưa gửi được chữ ký đồng ký (nhân chứng) của nút cho hub; lần đồng bộ sau sẽ thử lại",
                        "Warning: this node's witness cosignature was not sent to the hub; the next sync tries again")
                        + " [\(failure.code)]: " + TerminalText.escape(failure.message))
            }
        }
        if !report.synced { throw ExitCode(ExitStatus.notSynced) }
    }

    /// The city log check in words: verified (with the size kept), or why not.
    static func logState(_ report: SyncReport, _ lang: Language) -> String {
        switch report.log {
        case "verified":
            return say(lang, "đã kiểm chứng", "verified")
                + (report.logSize.map { ", \($0) " + say(lang, "mục", "entries") } ?? "")
        case "not_available": return say(lang, "hub chưa có", "the hub has none")
        default: return report.log
        }
    }

    /// The client certificate for mutual TLS: the configured one, else the signer's when its
    /// passphrase is available without a prompt; none otherwise.
    func identity(_ session: NodeSession) throws -> (certificate: Certificate, key: PrivateKey)? {
        try HubConnection.identity(
            session,
            signerPassphraseGiven: passphrase.passphraseFile != nil
                || ProcessInfo.processInfo.environment["DSYNC_KEY_PASSPHRASE"] != nil,
            passphrase: { try passphrase.read() })
    }
}
