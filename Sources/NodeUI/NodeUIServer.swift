public import DistrictNode
import DistrictSyncCore
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdCore
import HummingbirdTLS
public import Logging
import NIOCore
public import NIOSSL

/// The request context of the app: the session the request belongs to (set by `UIGuard`).
struct UIRequestContext: RequestContext {
    var coreContext: CoreRequestContextStorage
    var session = ""
    var formToken = ""

    init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
    }
}

/// The node session shared by the app's requests, one at a time (NodeSession is not thread-safe).
final class NodeAccess: @unchecked Sendable {
    private let session: NodeSession
    private let lock = NSLock()

    init(_ session: NodeSession) { self.session = session }

    /// True while a sync with the hub has the session (`runExclusive`).
    private var exclusive = false

    func run<T>(_ body: (NodeSession) throws -> T) throws -> T {
        try lock.withLock {
            guard !exclusive else { throw Self.busy }
            return try body(session)
        }
    }

    /// Runs an asynchronous piece of work (a sync with the hub) with the session to itself: the
    /// lock is not held across suspension points; instead every other request is refused with
    /// `home_locked` until it ends.
    func runExclusive<T>(_ body: (NodeSession) async throws -> T) async throws -> T {
        try lock.withLock {
            guard !exclusive else { throw Self.busy }
            exclusive = true
        }
        defer { lock.withLock { exclusive = false } }
        return try await body(session)
    }

    static let busy = NodeError(
        "home_locked",
        LocalizedText(
            vi: "nút đang gửi các gói thay đổi lên hub; chờ vài giây cho việc gửi xong rồi tải lại trang",
            en: "the node is sending changesets to the hub; wait a few seconds for it to finish, then reload"))
}

/// `dsync node ui`: the officer's browser app on loopback (or, with `--allow-remote`, over TLS). It only renders and forwards: every
/// check and every write is a `NodeSession` call, the same the CLI makes.
public enum NodeUIServer {
    /// Where the app listens.
    public struct Listen: Sendable, Equatable {
        public let host: String
        public let port: Int

        public init(host: String, port: Int) {
            self.host = host
            self.port = port
        }
    }

    /// Parses `--listen HOST:PORT` (`bad_listen`) and applies the remote-access rule
    /// (`ui_not_loopback`): a loopback address by default; any other address only with
    /// `allowRemote` and `tls` (a certificate and key given); `allowRemote` without TLS is refused
    /// on every address. Nothing is bound here, so a refusal opens no socket.
    public static func parseListen(_ text: String, allowRemote: Bool, tls: Bool = false) throws -> Listen {
        if allowRemote && !tls {
            throw NodeError(
                "ui_not_loopback",
                LocalizedText(
                    vi: "--allow-remote cần TLS: ghi thêm --tls-cert TỆP và --tls-key TỆP (chứng thư PEM và khóa của "
                        + "nó), hoặc bỏ --allow-remote và mở trên chính máy này (127.0.0.1)",
                    en: "--allow-remote requires TLS: also give --tls-cert FILE and --tls-key FILE (a PEM "
                        + "certificate and its key), or drop --allow-remote and open it on this machine (127.0.0.1)"))
        }
        let colon = text.lastIndex(of: ":")
        let host = colon.map { String(text[..<$0]) } ?? ""
        let portText = colon.map { String(text[text.index(after: $0)...]) } ?? ""
        guard let port = Int(portText), (0...65535).contains(port), !host.isEmpty else {
            throw NodeError(
                "bad_listen",
                LocalizedText(
                    vi: "--listen \(text) không có dạng HOST:CỔNG với cổng từ 0 đến 65535; ví dụ 127.0.0.1:8080",
                    en: "--listen \(text) is not HOST:PORT with a port from 0 to 65535; e.g. 127.0.0.1:8080"))
        }
        guard allowRemote || ["127.0.0.1", "localhost", "[::1]", "::1"].contains(host) || host.hasPrefix("127.")
        else {
            throw NodeError(
                "ui_not_loopback",
                LocalizedText(
                    vi: "--listen \(text) không phải địa chỉ của chính máy này; ứng dụng chỉ mở trên 127.0.0.1 "
                        + "(ví dụ --listen 127.0.0.1:8080), hoặc cho máy khác truy cập bằng --allow-remote cùng "
                        + "--tls-cert TỆP và --tls-key TỆP",
                    en: "--listen \(text) is not a loopback address; the app listens only on 127.0.0.1 "
                        + "(e.g. --listen 127.0.0.1:8080), or lets other machines in with --allow-remote together "
                        + "with --tls-cert FILE and --tls-key FILE"))
        }
        let bindHost = host == "localhost" ? "127.0.0.1" : host.trimmingCharacters(in: CharacterSet(charactersIn: "[]"))
        return Listen(host: bindHost, port: port)
    }

    /// Serves until SIGTERM/SIGINT (when `handleSignals`) or until the calling task is cancelled.
    /// `onRunning` gets the URL with the access token once the socket is bound (https with `tls`,
    /// from `ServerTLS.configuration`; `remote` answers other host names than this machine's,
    /// and is only honoured with `tls`).
    public static func run(
        session: NodeSession, listen: Listen, logger: Logger, handleSignals: Bool = true,
        accessToken: String? = nil, tls: TLSConfiguration? = nil, remote: Bool = false,
        onRunning: @escaping @Sendable (String) async -> Void
    ) async throws {
        let access = accessToken.map { UIAccess(accessToken: $0) } ?? UIAccess()
        let node = NodeAccess(session)
        let router = Router(context: UIRequestContext.self)
        router.add(middleware: UIGuard(access: access, tls: tls != nil, remote: remote && tls != nil))
        UIRoutes(node: node).register(on: router)
        let server: HTTPServerBuilder = try tls.map { try .tls(.http1(), tlsConfiguration: $0) } ?? .http1()
        let scheme = tls == nil ? "http" : "https"
        let app = Application(
            router: router, server: server,
            configuration: ApplicationConfiguration(
                address: .hostname(listen.host, port: listen.port), serverName: "dsync-node-ui"),
            onServerRunning: { channel in
                let port = channel.localAddress?.port ?? listen.port
                let host = listen.host.contains(":") ? "[\(listen.host)]" : listen.host
                await onRunning("\(scheme)://\(host):\(port)/?token=\(access.accessToken)")
            }, logger: logger)
        try await app.runService(gracefulShutdownSignals: handleSignals ? [.sigterm, .sigint] : [])
    }
}
