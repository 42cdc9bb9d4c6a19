public import DistrictSyncCore

/// How `dsync hub serve` listens and what it enforces (docs/sync.md).
public struct HubServerOptions: Sendable {
    public var host: String
    public var port: Int
    /// PEM file with the hub certificate (and optionally its chain after it).
    public var tlsCertificate: String?
    /// The hub's encrypted PKCS#8 key; decrypted in memory with `passphrase`.
    public var tlsKey: String?
    /// Extra chain certificates (intermediates) to send after the hub certificate.
    public var tlsChain: String?
    /// Plain HTTP; refused unless `host` is a loopback address.
    public var insecureHTTP: Bool
    /// Mutual TLS: a client certificate chaining to one of the hub's trust anchors is required.
    public var requireClientCertificate: Bool
    /// The largest request body accepted (413 above it, decided from the head).
    public var maxBodyBytes: Int
    /// A request's body must arrive in full within this many seconds of its head (408 otherwise).
    public var requestTimeoutSeconds: Int
    /// An idle keep-alive connection is closed after this many seconds.
    public var idleTimeoutSeconds: Int
    /// Submissions allowed to wait for the single writer (503 `hub_busy` beyond).
    public var maxQueuedMerges: Int
    /// Simultaneous connections.
    public var maxConnections: Int
    /// Simultaneous connections from one peer address (one more is closed at once).
    public var maxConnectionsPerPeer: Int
    /// Seconds a new connection has to finish its TLS handshake and send its first request head.
    public var handshakeTimeoutSeconds: Int
    /// Seconds an answer may stay unread (the connection unwritable) before the connection is closed.
    public var writeTimeoutSeconds: Int
    /// Requests one connection may have waiting for their answers (pipelining); more closes it.
    public var maxPipelinedRequests: Int
    /// Request body bytes held in memory at once over all connections (503 `hub_busy` beyond);
    /// never less than `maxBodyBytes`.
    public var maxBodyMemoryBytes: Int

    public init(
        host: String = "127.0.0.1", port: Int = 8443, tlsCertificate: String? = nil, tlsKey: String? = nil,
        tlsChain: String? = nil, insecureHTTP: Bool = false, requireClientCertificate: Bool = false,
        maxBodyBytes: Int = 64 * 1024 * 1024, requestTimeoutSeconds: Int = 60, idleTimeoutSeconds: Int = 60,
        maxQueuedMerges: Int = 64, maxConnections: Int = 256, maxConnectionsPerPeer: Int = 32,
        handshakeTimeoutSeconds: Int = 10, writeTimeoutSeconds: Int = 30, maxPipelinedRequests: Int = 16,
        maxBodyMemoryBytes: Int = 256 * 1024 * 1024
    ) {
        self.maxConnectionsPerPeer = maxConnectionsPerPeer
        self.handshakeTimeoutSeconds = handshakeTimeoutSeconds
        self.writeTimeoutSeconds = writeTimeoutSeconds
        self.maxPipelinedRequests = maxPipelinedRequests
        self.maxBodyMemoryBytes = maxBodyMemoryBytes
        self.host = host
        self.port = port
        self.tlsCertificate = tlsCertificate
        self.tlsKey = tlsKey
        self.tlsChain = tlsChain
        self.insecureHTTP = insecureHTTP
        self.requireClientCertificate = requireClientCertificate
        self.maxBodyBytes = maxBodyBytes
        self.requestTimeoutSeconds = requestTimeoutSeconds
        self.idleTimeoutSeconds = idleTimeoutSeconds
        self.maxQueuedMerges = maxQueuedMerges
        self.maxConnections = maxConnections
    }

    /// Parses `HOST:PORT` (`[::1]:8443` for IPv6).
    public static func parseListen(_ text: String) throws -> (host: String, port: Int) {
        var host: Substring
        var portText: Substring
        if text.hasPrefix("[") {
            guard let close = text.firstIndex(of: "]"), text[text.index(after: close)...].hasPrefix(":") else {
                throw ServeError(
                    "bad_listen",
                    LocalizedText(
                        vi: "--listen \(text) không có dạng [IPv6]:CỔNG", en: "--listen \(text) is not [IPv6]:PORT"))
            }
            host = text[text.index(after: text.startIndex)..<close]
            portText = text[text.index(close, offsetBy: 2)...]
        } else {
            guard let colon = text.lastIndex(of: ":") else {
                throw ServeError(
                    "bad_listen",
                    LocalizedText(
                        vi: "--listen \(text) thiếu cổng; cần dạng HOST:CỔNG, ví dụ 127.0.0.1:8443",
                        en: "--listen \(text) has no port; expected HOST:PORT, e.g. 127.0.0.1:8443"))
            }
            host = text[..<colon]
            portText = text[text.index(after: colon)...]
        }
        guard let port = Int(portText), (0...65535).contains(port), !host.isEmpty else {
            throw ServeError(
                "bad_listen",
                LocalizedText(
                    vi: "--listen \(text) không có dạng HOST:CỔNG với cổng từ 0 đến 65535",
                    en: "--listen \(text) is not HOST:PORT with a port from 0 to 65535"))
        }
        return (String(host), port)
    }

    /// True for 127.0.0.0/8, ::1 and localhost.
    public static func isLoopback(_ host: String) -> Bool {
        if host == "localhost" || host == "::1" { return true }
        let parts = host.split(separator: ".", omittingEmptySubsequences: false)
        return parts.count == 4 && parts[0] == "127" && parts.allSatisfy { UInt8($0) != nil }
    }
}

/// Why the server could not start: a stable reason code and the message in both languages.
public struct ServeError: LocalizedCodedError {
    public let code: String
    public let message: String
    public let localized: LocalizedText?

    public init(code: String, message: String, localized: LocalizedText?) {
        self.code = code
        self.message = message
        self.localized = localized
    }
}
