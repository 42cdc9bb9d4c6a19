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
        abstract: "Serve the hub over HTTPS: nodes push changesets and get receipts (docs/sync.md).")

    @Option(help: "Address and port to listen on, HOST:PORT (port 0: any free port).")
    var listen = "127.0.0.1:8443"
    @Option(
        name: .customLong("tls-cert"),
        help: "The hub's TLS certificate (PEM; default: the hub certificate of hub.json).")
    var tlsCert: String?
    @Option(name: .customLong("tls-key"), help: "Its encrypted PKCS#8 key (default: the hub key of hub.json).")
    var tlsKey: String?
    @Option(name: .customLong("tls-chain"), help: "Intermediate CA certificates to send after the hub certificate.")
    var tlsChain: String?
    @Flag(name: .customLong("insecure-http"), help: "Plain HTTP, for tests only; refused on non-loopback addresses.")
    var insecureHTTP = false
    @Flag(name: .customLong("require-client-cert"), help: "Mutual TLS: require a client certificate from the city CA.")
    var requireClientCert = false
    @Option(
        name: .customLong("max-body-bytes"),
        help: "Largest changeset body accepted (413 above, decided before reading).")
    var maxBodyBytes: Int?
    @Option(name: .customLong("request-timeout"), help: "Seconds a request body may take to arrive (408 after).")
    var requestTimeout = 60
    @Option(name: .customLong("idle-timeout"), help: "Seconds before an idle connection is closed.")
    var idleTimeout = 60
    @Option(name: .customLong("max-queued"), help: "Changesets allowed to wait for the merge (503 beyond).")
    var maxQueued = 64
    @Option(name: .customLong("ready-file"), help: "Write the base URL to FILE once listening (for scripts).")
    var readyFile: String?
    @Option(name: .customLong("max-connections"), help: "Open connections in total.")
    var maxConnections = 256
    @Option(name: .customLong("max-connections-per-peer"), help: "Open connections from one peer address.")
    var maxConnectionsPerPeer = 32
    @Option(
        name: .customLong("handshake-timeout"),
        help: "Seconds a new connection has to finish TLS and send its first request.")
    var handshakeTimeout = 10
    @Option(name: .customLong("write-timeout"), help: "Seconds an answer may stay unread before the connection closes.")
    var writeTimeout = 30
    @Option(name: .customLong("max-pipelined"), help: "Requests of one connection that may wait for answers.")
    var maxPipelined = 16
    @Option(
        name: .customLong("max-body-memory"),
        help: "Request body bytes held in memory at once, all connections (503 hub_busy beyond).")
    var maxBodyMemory = 256 * 1024 * 1024
    @OptionGroup var homeOptions: HubHomeOptions
    @OptionGroup var output: OutputOptions

    func run() async throws {
        do {
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
            let worker = MergeWorker(service: service, maxQueued: maxQueued)
            var logger = Logger(label: "dsync.hub")
            logger.logLevel =
                ProcessInfo.processInfo.environment["LOG_LEVEL"].flatMap { Logger.Level(rawValue: $0) } ?? .warning
            let ready = readyFile
            let lang = output.lang
            try await HubHTTPServer.run(
                worker: worker, options: options, tlsKey: key, clock: EnvironmentWallClock(), logger: logger
            ) { url in
                emit(say(lang, "Hub đang phục vụ tại \(url)", "Hub listening on \(url)"))
                if let ready { try? Data((url + "\n").utf8).write(to: URL(fileURLWithPath: ready), options: .atomic) }
            }
            emit(say(lang, "Hub đã dừng; mọi gói đang gộp đã xong.", "Hub stopped; every in-flight merge finished."))
        } catch let error as ServeError {
            emitError(say(output.lang, "lỗi", "error") + " [\(error.code)]: " + TerminalText.escape(error.message))
            throw ExitCode.validationFailure
        } catch {
            let (code, message) = describe(error)
            emitError(say(output.lang, "lỗi", "error") + " [\(code)]: " + TerminalText.escape(message))
            throw ExitCode.validationFailure
        }
    }
}
