import ArgumentParser
import DistrictNode
import DistrictSyncCore
import DistrictSyncCrypto
import Foundation
import Logging
import NIOSSL
import NodeUI
import ServerTLS

/// `dsync node ui`: the officer's browser app on this machine (docs/ui.md).
struct NodeUICommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ui",
        abstract: help(
            "Mở ứng dụng trên trình duyệt cho cán bộ (mặc định chỉ trên máy này, 127.0.0.1; máy khác chỉ qua TLS với "
                + "--allow-remote); in địa chỉ có mã truy cập.",
            "Serve the officer's browser app on this machine (127.0.0.1 by default; other machines only over TLS with "
                + "--allow-remote); prints the URL with its access token."))
    @OptionGroup var homeOptions: HomeOptions
    @Option(
        help: help(
            "Địa chỉ lắng nghe HOST:CỔNG, chỉ địa chỉ của máy này trừ khi có --allow-remote (cổng 0: chọn cổng trống).",
            "Address to listen on, HOST:PORT, loopback unless --allow-remote (port 0 picks a free port)."))
    var listen = "127.0.0.1:8080"
    @Option(
        name: .customLong("ready-file"),
        help: help(
            "Ghi {\"url\": …, \"pid\": …} vào TỆP khi đã lắng nghe (cho script).",
            "Write {\"url\": …, \"pid\": …} to FILE once listening (for scripts)."))
    var readyFile: String?
    @Flag(help: help("Mở trình duyệt của máy này ở địa chỉ đó.", "Open this machine's browser at the URL."))
    var open = false
    @Flag(
        name: .customLong("allow-remote"),
        help: help(
            "Cho máy khác truy cập (chỉ cùng --tls-cert và --tls-key; không có TLS thì bị từ chối).",
            "Let other machines connect (only with --tls-cert and --tls-key; refused without TLS)."))
    var allowRemote = false
    @Option(
        name: .customLong("tls-cert"),
        help: help(
            "Chứng thư TLS (PEM) để phục vụ qua HTTPS; cookie phiên khi đó có Secure.",
            "A TLS certificate (PEM) to serve over HTTPS; the session cookie then gets Secure."))
    var tlsCert: String?
    @Option(
        name: .customLong("tls-key"),
        help: help(
            "Khóa PKCS#8 của chứng thư đó (có thể mã hóa: mật khẩu từ --passphrase-file, $DSYNC_KEY_PASSPHRASE "
                + "hoặc hỏi khi chạy).",
            "Its PKCS#8 key (may be encrypted: passphrase from --passphrase-file, $DSYNC_KEY_PASSPHRASE or a prompt)."))
    var tlsKey: String?
    @OptionGroup var passphrase: PassphraseOptions
    @OptionGroup var output: OutputOptions

    func run() async throws {
        guard (tlsCert == nil) == (tlsKey == nil) else {
            throw NodeError(
                "no_tls",
                LocalizedText(
                    vi: "ghi cả --tls-cert TỆP và --tls-key TỆP (chứng thư PEM và khóa của nó), hoặc không ghi cái nào",
                    en: "give both --tls-cert FILE and --tls-key FILE (a PEM certificate and its key), or neither"))
        }
        let listen = try NodeUIServer.parseListen(self.listen, allowRemote: allowRemote, tls: tlsCert != nil)
        var tls: TLSConfiguration?
        if let tlsCert, let tlsKey {
            let key = try PrivateKey.load(path: tlsKey, passphrase: try passphrase.read())
            tls = try ServerTLS.configuration(certificatePath: tlsCert, key: key)
        }
        let session = try homeOptions.open()
        var logger = Logger(label: "dsync.node-ui")
        logger.logLevel =
            ProcessInfo.processInfo.environment["LOG_LEVEL"].flatMap { Logger.Level(rawValue: $0) } ?? .warning
        let ready = readyFile
        let lang = output.lang
        let openBrowser = open
        try await NodeUIServer.run(
            session: session, listen: listen, logger: logger, tls: tls, remote: allowRemote
        ) { url in
            emit(say(lang, "Mở ứng dụng tại: \(url)", "Open the app at: \(url)"))
            if let ready {
                let body: [String: Any] = ["url": url, "pid": Int(ProcessInfo.processInfo.processIdentifier)]
                if let data = try? JSONSerialization.data(withJSONObject: body, options: [.sortedKeys]) {
                    // The URL carries the access token: the file is for this user only.
                    // Written whole, then renamed, so a reader never sees half of it.
                    let temporary = ready + ".tmp"
                    if FileManager.default.createFile(
                        atPath: temporary, contents: data, attributes: [.posixPermissions: 0o600])
                    {
                        _ = rename(temporary, ready)
                    }
                }
            }
            if openBrowser { Self.openBrowser(url) }
        }
        emit(say(lang, "Ứng dụng đã dừng.", "The app stopped."))
    }

    static func openBrowser(_ url: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["xdg-open", url]
        try? process.run()
    }
}
