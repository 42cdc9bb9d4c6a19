import AsyncHTTPClient
import DistrictNode
import DistrictSyncCore
import DistrictSyncCrypto
import DistrictSyncTesting
import Foundation
import Logging
import NIOCore
import NIOHTTP1
import NIOSSL
import NodeUI
import ServerTLS

/// A node home served by `NodeUIServer` on 127.0.0.1 (a free port), and a real HTTP client that
/// does not follow redirects, so each step of the access flow can be seen.
final class UIFixture: @unchecked Sendable {
    static let today = "2024-06-01"
    let directory: String
    let home: String
    let url: String
    let base: String
    let token: String
    /// The test PKI's root (with `signer`).
    let rootCertificate: String
    private let server: Task<Void, any Error>
    let client: HTTPClient

    struct Reply {
        let status: Int
        let headers: HTTPHeaders
        let body: String
    }

    /// With `signer`, the node signs with the test PKI's officer of Quận 1 (passphrase `TestPKI.passphrase`).
    /// `configure` runs on the node's session before the app starts (e.g. to record a hub).
    /// With `tls`, the app serves HTTPS with the test PKI's hub certificate (as `--tls-cert` and
    /// `--tls-key` would) and the client trusts only the test PKI's root.
    init(signer: Bool = false, tls: Bool = false, configure: (NodeSession) throws -> Void = { _ in }) async throws {
        directory = NSTemporaryDirectory() + "node-ui-" + UUID().uuidString.prefix(8).lowercased()
        home = directory + "/home"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let clock = FixedWallClock(date: Self.today)
        _ = try NodeHome.create(
            at: home, district: "760", orgUnits: try OrgUnitList.embedded(), wallClock: clock, nodeID: "node-ui-test")
        let session = try NodeSession(path: home, clock: clock)
        if signer {
            let pki = try TestPKI.shared()
            let officer = pki.officer(district: "760")
            _ = try session.setSigner(
                certificatePath: officer.certificate, keyPath: officer.key, chainPath: nil,
                caPaths: [pki.rootCertificate], passphrase: Array(TestPKI.passphrase.utf8), officerID: nil)
            rootCertificate = pki.rootCertificate
        } else {
            rootCertificate = ""
        }
        try configure(session)
        var logger = Logger(label: "node-ui-test")
        logger.logLevel = .critical
        let (stream, continuation) = AsyncStream.makeStream(of: String.self)
        let boxed = SessionBox(session)
        var serverTLS: TLSConfiguration?
        var clientTLS: TLSConfiguration?
        if tls {
            let pki = try TestPKI.shared()
            let key = try PrivateKey.load(path: pki.hubKey, passphrase: Array(TestPKI.passphrase.utf8))
            serverTLS = try ServerTLS.configuration(certificatePath: pki.hubCertificate, key: key)
            var client = TLSConfiguration.makeClientConfiguration()
            client.trustRoots = .certificates(
                try Certificate.loadAll(path: pki.rootCertificate).map {
                    try NIOSSLCertificate(bytes: $0.der, format: .der)
                })
            client.certificateVerification = .fullVerification
            clientTLS = client
        }
        client = HTTPClient(
            eventLoopGroupProvider: .singleton,
            configuration: .init(tlsConfiguration: clientTLS, redirectConfiguration: .disallow))
        let served = serverTLS
        server = Task {
            try await NodeUIServer.run(
                session: boxed.take(), listen: .init(host: "127.0.0.1", port: 0), logger: logger,
                handleSignals: false, tls: served
            ) { url in continuation.yield(url) }
        }
        var first = ""
        for await u in stream {
            first = u
            break
        }
        url = first
        let origin = String(url.prefix(while: { $0 != "?" }))
        base = origin.hasSuffix("/") ? String(origin.dropLast()) : origin
        token = String(url.split(separator: "=").last ?? "")
    }

    /// Stops the app (its session, and so the home's lock, ends with it); `removeFiles: false`
    /// keeps the home for a test that reads it afterwards and then removes `directory` itself.
    func stop(removeFiles: Bool = true) async {
        server.cancel()
        _ = try? await server.value
        try? await client.shutdown()
        if removeFiles { try? FileManager.default.removeItem(atPath: directory) }
    }

    func request(
        _ method: HTTPMethod, _ path: String, cookie: String? = nil, headers: [(String, String)] = [],
        form: [(String, String)]? = nil
    ) async throws -> Reply {
        var request = HTTPClientRequest(url: base + path)
        request.method = method
        if let cookie { request.headers.add(name: "Cookie", value: cookie) }
        for (name, value) in headers { request.headers.add(name: name, value: value) }
        if let form {
            request.headers.add(name: "Content-Type", value: "application/x-www-form-urlencoded")
            request.body = .bytes(ByteBuffer(string: Self.encode(form)))
        }
        let response = try await client.execute(request, timeout: .seconds(60))
        let body = try await response.body.collect(upTo: 8 << 20)
        return Reply(status: Int(response.status.code), headers: response.headers, body: String(buffer: body))
    }

    /// Opens a session with the access token; returns the `Cookie` header value.
    func login() async throws -> String {
        let reply = try await request(.GET, "/?token=" + token)
        let setCookie = reply.headers["Set-Cookie"].first ?? ""
        return String(setCookie.split(separator: ";").first ?? "")
    }

    /// The form token of the session, read from a form page.
    func formToken(cookie: String, page: String = "/enterprises/new") async throws -> String {
        let body = try await request(.GET, page, cookie: cookie).body
        guard let range = body.range(of: "name=\"_csrf\" value=\"") else { return "" }
        return String(body[range.upperBound...].prefix(while: { $0 != "\"" }))
    }

    /// A same-origin post as a browser sends it.
    func post(_ path: String, cookie: String, form: [(String, String)]) async throws -> Reply {
        try await request(
            .POST, path, cookie: cookie, headers: [("Origin", base), ("Sec-Fetch-Site", "same-origin")], form: form)
    }

    static func encode(_ pairs: [(String, String)]) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return pairs.map {
            "\($0.0.addingPercentEncoding(withAllowedCharacters: allowed) ?? "")=\($0.1.addingPercentEncoding(withAllowedCharacters: allowed) ?? "")"
        }.joined(separator: "&")
    }

    /// A valid HCMC tax code from a 9-digit prefix, and the same with a wrong check digit.
    static func taxCode(_ prefix: String) -> (valid: String, wrong: String) {
        let digits = prefix.compactMap { $0.wholeNumberValue }
        let check = TaxCode.checkDigit(forPrefix: digits) ?? 0
        return (prefix + String(check), prefix + String((check + 1) % 10))
    }

    static func enterprise(_ taxCode: String, name: String, address: String = "12 Lê Lợi") -> [(String, String)] {
        [
            ("tax_code", taxCode), ("name", name), ("address", address), ("ward", "Bến Nghé"),
            ("sector", "trade_services"), ("employees", "12"), ("capital_vnd", "1500000000"),
            ("revenue_vnd", "3000000000"), ("category", "other"), ("status", "active"),
        ]
    }
}

/// Hands a non-Sendable session to the server task once.
final class SessionBox: @unchecked Sendable {
    private var session: NodeSession?
    init(_ session: NodeSession) { self.session = session }
    func take() -> NodeSession {
        guard let taken = session else { preconditionFailure("the session was already taken") }
        session = nil
        return taken
    }
}
