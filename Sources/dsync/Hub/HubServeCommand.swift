import ArgumentParser
import CityHub
import DistrictSyncCore
import DistrictSyncCrypto
import Foundation
import HubServer
import Logging

/// `dsync hub serve`: the hub as an HTTPS service (docs/sync.md). Same verify-and-merge path as
/// `hub import`; SIGTERM stops it gracefully (in-flight merges finish).
struct HubServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: help(
            "Phục vụ hub qua HTTPS: các nút gửi tập thay đổi và nhận biên nhận (docs/sync.md).",
            "Serve the hub over HTTPS: nodes push changesets and get receipts (docs/sync.md)."))

    @Option(
        help: help(
            "Địa chỉ và cổng lắng nghe, MÁY:CỔNG (cổng 0: một cổng trống bất kỳ).",
            "Address and port to listen on, HOST:PORT (port 0: any free port)."))
    var listen = "127.0.0.1:8443"
    @Option(
        name: .customLong("tls-cert"),
        help: help(
            "Chứng thư TLS của hub (PEM; mặc định: chứng thư hub ghi trong hub.json).",
            "The hub's TLS certificate (PEM; default: the hub certificate of hub.json)."))
    var tlsCert: String?
    @Option(
        name: .customLong("tls-key"),
        help: help(
            "Khóa PKCS#8 đã mã hóa của chứng thư đó (mặc định: khóa hub ghi trong hub.json).",
            "Its encrypted PKCS#8 key (default: the hub key of hub.json)."))
    var tlsKey: String?
    @Option(
        name: .customLong("tls-chain"),
        help: help(
            "Các chứng thư CA trung gian gửi kèm sau chứng thư của hub.",
            "Intermediate CA certificates to send after the hub certificate."))
    var tlsChain: String?
    @Flag(
        name: .customLong("insecure-http"),
        help: help(
            "HTTP không mã hóa, chỉ để kiểm thử; bị từ chối trên địa chỉ không phải loopback.",
            "Plain HTTP, for tests only; refused on non-loopback addresses."))
    var insecureHTTP = false
    @Flag(
        name: .customLong("require-client-cert"),
        help: help(
            "TLS hai chiều: yêu cầu máy khách có chứng thư do CA của thành phố cấp.",
            "Mutual TLS: require a client certificate from the city CA."))
    var requireClientCert = false
    @Option(
        name: .customLong("max-body-bytes"),
        help: help(
            "Kích thước lớn nhất của tập thay đổi được nhận (lớn hơn thì trả 413, quyết định trước khi đọc).",
            "Largest changeset body accepted (413 above, decided before reading)."))
    var maxBodyBytes: Int?
    @Option(
        name: .customLong("request-timeout"),
        help: help(
            "Số giây tối đa để nhận hết nội dung yêu cầu (quá thì trả 408).",
            "Seconds a request body may take to arrive (408 after)."))
    var requestTimeout = 60
    @Option(
        name: .customLong("idle-timeout"),
        help: help("Số giây trước khi đóng kết nối không hoạt động.", "Seconds before an idle connection is closed."))
    var idleTimeout = 60
    @Option(
        name: .customLong("max-queued"),
        help: help(
            "Số tập thay đổi được chờ hợp nhất (vượt quá thì trả 503).",
            "Changesets allowed to wait for the merge (503 beyond)."))
    var maxQueued = 64
    @Option(
        name: .customLong("ready-file"),
        help: help(
            "Ghi địa chỉ gốc vào TỆP khi đã bắt đầu lắng nghe (cho script).",
            "Write the base URL to FILE once listening (for scripts)."))
    var readyFile: String?
    @Option(name: .customLong("max-connections"), help: help("Tổng số kết nối mở.", "Open connections in total."))
    var maxConnections = 256
    @Option(
        name: .customLong("max-connections-per-peer"),
        help: help("Số kết nối mở từ một địa chỉ.", "Open connections from one peer address."))
    var maxConnectionsPerPeer = 32
    @Option(
        name: .customLong("handshake-timeout"),
        help: help(
            "Số giây để kết nối mới hoàn tất TLS và gửi yêu cầu đầu tiên.",
            "Seconds a new connection has to finish TLS and send its first request."))
    var handshakeTimeout = 10
    @Option(
        name: .customLong("write-timeout"),
        help: help(
            "Số giây câu trả lời được phép chưa được đọc trước khi đóng kết nối.",
            "Seconds an answer may stay unread before the connection closes."))
    var writeTimeout = 30
    @Option(
        name: .customLong("max-pipelined"),
        help: help(
            "Số yêu cầu của một kết nối được chờ trả lời.", "Requests of one connection that may wait for answers."))
    var maxPipelined = 16
    @Option(
        name: .customLong("max-body-memory"),
        help: help(
            "Số byte nội dung yêu cầu giữ trong bộ nhớ cùng lúc, mọi kết nối (vượt quá thì trả 503 hub_busy).",
            "Request body bytes held in memory at once, all connections (503 hub_busy beyond)."))
    var maxBodyMemory = 256 * 1024 * 1024
    @OptionGroup var homeOptions: HubHomeOptions
    @OptionGroup var output: OutputOptions
    @OptionGroup var log: LogOptions

    func run() async throws {
        let service = try homeOptions.open()
        let settings = service.settings
        let (host, port) = try HubServerOptions.parseListen(listen)
        var options = HubServerOptions(
            host: host, port: port, insecureHTTP: insecureHTTP, requireClientCertificate: requireClientCert,
            maxBodyBytes: maxBodyBytes ?? min(settings.maxChangesetBytes, 64 * 1024 * 1024),
            requestTimeoutSeconds: requestTimeout, idleTimeoutSeconds: idleTimeout, maxQueuedMerges: maxQueued,
            maxConnections: maxConnections, maxConnectionsPerPeer: maxConnectionsPerPeer,
            handshakeTimeoutSeconds: handshakeTimeout, writeTimeoutSeconds: writeTimeout,
            maxPipelinedRequests: maxPipelined, maxBodyMemoryBytes: maxBodyMemory)
        var key: PrivateKey?
        if !insecureHTTP {
            options.tlsCertificate = tlsCert ?? service.home.resolve(settings.certificate)
            options.tlsKey = tlsKey ?? service.home.resolve(settings.key)
            options.tlsChain = tlsChain
            key = try PrivateKey.load(
                path: options.tlsKey ?? "", passphrase: try readPassphrase(file: homeOptions.passphraseFile))
        }
        let logger = log.makeLogger(label: "dsync.hub")
        let worker = MergeWorker(service: service, maxQueued: maxQueued, logger: logger)
        let ready = readyFile
        let lang = output.lang
        let hubID = settings.hubID
        try await HubHTTPServer.run(
            worker: worker, options: options, tlsKey: key, clock: EnvironmentWallClock(), logger: logger
        ) { url in
            logger.notice("hub_listening", metadata: ["url": "\(url)", "hub_id": "\(hubID)"])
            emit(say(lang, "Hub đang phục vụ tại \(url)", "Hub listening on \(url)"))
            if let ready { try? Data((url + "\n").utf8).write(to: URL(fileURLWithPath: ready), options: .atomic) }
        }
        logger.notice("hub_stopped", metadata: ["hub_id": "\(hubID)"])
        emit(say(lang, "Hub đã dừng; mọi gói đang gộp đã xong.", "Hub stopped; every in-flight merge finished."))
    }
}
