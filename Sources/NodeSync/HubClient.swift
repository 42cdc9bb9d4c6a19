import AsyncHTTPClient
public import DistrictSyncCore
public import DistrictSyncCrypto
import Foundation
import NIOCore
import NIOSSL

/// One HTTP(S) connection pool to the hub, trusting only the given roots (the city CA from the
/// node's config, never the system store), optionally presenting a client certificate (mutual TLS).
public final class HubClient: Sendable {
    public struct Reply: Sendable {
        public let status: Int
        public let body: [UInt8]
        public let headers: [String: String]
    }

    let client: HTTPClient
    public let baseURL: String
    let timeout: Int64

    public init(
        baseURL: String, trustRoots: [Certificate], identity: (certificate: Certificate, key: PrivateKey)? = nil,
        timeoutSeconds: Int = 60, connectTimeoutSeconds: Int = 10, maxConnections: Int = 8
    ) throws {
        var base = baseURL
        while base.hasSuffix("/") { base.removeLast() }
        guard base.hasPrefix("https://") || base.hasPrefix("http://") else {
            throw SyncError(
                "bad_hub_url",
                LocalizedText(
                    vi: "địa chỉ hub \(baseURL) phải bắt đầu bằng https:// (hoặc http:// cho hub thử trên máy này)",
                    en: "the hub URL \(baseURL) must start with https:// (or http:// for a loopback test hub)"))
        }
        if base.hasPrefix("https://") && trustRoots.isEmpty {
            throw SyncError(
                "no_ca",
                LocalizedText(
                    vi:
                        "nút chưa tin cậy CA nào để kiểm tra hub; chạy `dsync node set-hub --url URL --ca CITY-ROOT.pem`",
                    en: "the node trusts no CA for the hub; run `dsync node set-hub --url URL --ca CITY-ROOT.pem`"))
        }
        self.baseURL = base
        timeout = Int64(timeoutSeconds)
        var tls = TLSConfiguration.makeClientConfiguration()
        tls.minimumTLSVersion = .tlsv12
        tls.trustRoots = .certificates(try trustRoots.map { try NIOSSLCertificate(bytes: $0.der, format: .der) })
        tls.certificateVerification = .fullVerification
        if let identity {
            tls.certificateChain = [.certificate(try NIOSSLCertificate(bytes: identity.certificate.der, format: .der))]
            tls.privateKey = .privateKey(
                try identity.key.withUnencryptedPKCS8DER { try NIOSSLPrivateKey(bytes: $0, format: .der) })
        }
        var configuration = HTTPClient.Configuration(
            tlsConfiguration: tls,
            timeout: .init(connect: .seconds(Int64(connectTimeoutSeconds)), read: .seconds(Int64(timeoutSeconds))))
        configuration.httpVersion = .http1Only
        configuration.redirectConfiguration = .disallow
        configuration.connectionPool.concurrentHTTP1ConnectionsPerHostSoftLimit = max(1, maxConnections)
        client = HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: configuration)
    }

    /// Closes the connection pool; call once when done.
    public func shutdown() async {
        try? await client.shutdown()
    }

    public func get(_ path: String) async throws -> Reply {
        try await send(HTTPClientRequest(url: baseURL + path))
    }

    public func post(_ path: String, body: [UInt8], contentType: String = "application/pkcs7-mime") async throws
        -> Reply
    {
        var request = HTTPClientRequest(url: baseURL + path)
        request.method = .POST
        request.headers.add(name: "Content-Type", value: contentType)
        request.body = .bytes(ByteBuffer(bytes: body))
        return try await send(request)
    }

    func send(_ request: HTTPClientRequest) async throws -> Reply {
        let response = try await client.execute(request, timeout: .seconds(timeout))
        let body = try await response.body.collect(upTo: 16 * 1024 * 1024)
        var headers: [String: String] = [:]
        for header in response.headers { headers[header.name.lowercased()] = header.value }
        return Reply(status: Int(response.status.code), body: Array(body.readableBytesView), headers: headers)
    }

    /// True when `error` means the hub's identity could not be established (a certificate from
    /// another CA, a wrong name) or the hub refused ours: retrying cannot help.
    public static func isTrustFailure(_ error: any Error) -> Bool {
        // A dropped connection (hub killed, link lost) also surfaces as an NIOSSLError
        // (uncleanShutdown); only certificate and handshake refusals are final.
        let text = String(reflecting: error).uppercased()
        let markers = [
            "CERTIFICATE_VERIFY_FAILED", "CERTIFICATE_REQUIRED", "BAD_CERTIFICATE", "UNKNOWN_CA",
            "HANDSHAKE_FAILURE", "HOSTNAME", "CERTIFICATE_UNKNOWN",
        ]
        return markers.contains { text.contains($0) }
    }
}
