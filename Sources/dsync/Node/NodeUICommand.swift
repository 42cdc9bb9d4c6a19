import ArgumentParser
import DistrictNode
import Foundation
import Logging
import NodeUI

/// `dsync node ui`: the officer's browser app on this machine (docs/ui.md).
struct NodeUICommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ui",
        abstract: help(
            "Mở ứng dụng trên trình duyệt cho cán bộ (chỉ trên máy này, 127.0.0.1); in địa chỉ có mã truy cập.",
            "Serve the officer's browser app on this machine (127.0.0.1 only); prints the URL with its access token."))
    @OptionGroup var homeOptions: HomeOptions
    @Option(
        help: help(
            "Địa chỉ lắng nghe HOST:CỔNG, chỉ địa chỉ của máy này (cổng 0: chọn cổng trống).",
            "Address to listen on, HOST:PORT, loopback only (port 0 picks a free port)."))
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
            "Cho máy khác truy cập (cần TLS, chưa có: hiện bị từ chối).",
            "Let other machines connect (needs TLS, not built yet: refused for now)."))
    var allowRemote = false
    @OptionGroup var output: OutputOptions

    func run() async throws {
        let listen = try NodeUIServer.parseListen(self.listen, allowRemote: allowRemote)
        let session = try homeOptions.open()
        var logger = Logger(label: "dsync.node-ui")
        logger.logLevel =
            ProcessInfo.processInfo.environment["LOG_LEVEL"].flatMap { Logger.Level(rawValue: $0) } ?? .warning
        let ready = readyFile
        let lang = output.lang
        let openBrowser = open
        try await NodeUIServer.run(session: session, listen: listen, logger: logger) { url in
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
