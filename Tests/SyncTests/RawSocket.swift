import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// A plain TCP client for the faults an HTTP library will not produce: a connection dropped
/// mid-upload, a body that never comes, a slow trickle.
final class RawSocket: @unchecked Sendable {
    let fd: Int32

    /// Connects to 127.0.0.1:`port`, from `source` (another loopback address: a second "peer")
    /// and with a small receive buffer when `receiveBufferBytes` is given (a client that reads slowly).
    init(port: UInt16, receiveTimeoutSeconds: Int = 5, source: String? = nil, receiveBufferBytes: Int32? = nil) throws {
        fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        if let source {
            var local = sockaddr_in()
            local.sin_family = sa_family_t(AF_INET)
            local.sin_port = 0
            local.sin_addr.s_addr = inet_addr(source)
            let bound = withUnsafePointer(to: &local) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
                }
            }
            // A throw after `fd` is set runs deinit, which closes it.
            guard bound == 0 else { throw POSIXError(.EADDRNOTAVAIL) }
        }
        if var size = receiveBufferBytes {
            setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &size, socklen_t(MemoryLayout<Int32>.size))
        }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = port.bigEndian
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard result == 0 else { throw POSIXError(.ECONNREFUSED) }
        var timeout = timeval(tv_sec: receiveTimeoutSeconds, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var one: Int32 = 1
        setsockopt(fd, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
    }

    deinit { close(fd) }

    /// Sends all bytes; false when the peer has closed.
    @discardableResult
    func send(_ bytes: [UInt8]) -> Bool {
        var offset = 0
        while offset < bytes.count {
            let n = bytes.withUnsafeBytes {
                Glibc.send(fd, $0.baseAddress.map { $0 + offset }, bytes.count - offset, Int32(MSG_NOSIGNAL))
            }
            if n <= 0 { return false }
            offset += n
        }
        return true
    }

    @discardableResult
    func send(_ text: String) -> Bool { send(Array(text.utf8)) }

    /// Reads until the peer closes or the receive timeout passes.
    func readAll() -> (bytes: [UInt8], closed: Bool) {
        var all: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let n = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, 65536, 0) }
            if n == 0 { return (all, true) }
            if n < 0 { return (all, false) }
            all += buffer[0..<n]
        }
    }

    /// Reads until the peer closes or resets the connection (true), or the receive timeout passes (false).
    func readUntilClosed() -> (bytes: [UInt8], closed: Bool) {
        var all: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let n = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, 65536, 0) }
            if n == 0 { return (all, true) }
            if n < 0 { return (all, errno == ECONNRESET || errno == EPIPE) }
            all += buffer[0..<n]
        }
    }

    /// The status code of an HTTP/1.1 response text.
    static func status(_ bytes: [UInt8]) -> Int? {
        let text = String(decoding: bytes.prefix(64), as: UTF8.self)
        guard text.hasPrefix("HTTP/1.1 ") else { return nil }
        return Int(text.dropFirst(9).prefix(3))
    }
}

/// A tiny TCP proxy on loopback: the first `failures` connections get `503` and are closed, the
/// rest are piped to `upstream`. Models a hub that is briefly overloaded or restarting.
final class FlakyProxy: @unchecked Sendable {
    let listener: Int32
    let port: UInt16
    let upstream: UInt16
    private let lock = NSLock()
    private var remainingFailures: Int
    private(set) var refused = 0

    init(upstream: UInt16, failures: Int) throws {
        self.upstream = upstream
        remainingFailures = failures
        let listener = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        self.listener = listener
        var one: Int32 = 1
        setsockopt(listener, SOL_SOCKET, SO_REUSEADDR, &one, socklen_t(MemoryLayout<Int32>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = 0
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        _ = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(listener, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        listen(listener, 16)
        var bound = sockaddr_in()
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &bound) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(listener, $0, &length) }
        }
        port = UInt16(bigEndian: bound.sin_port)
        let thread = Thread { [self] in acceptLoop() }
        thread.start()
    }

    func stop() { shutdown(listener, Int32(SHUT_RDWR)) }

    private func acceptLoop() {
        while true {
            let client = accept(listener, nil, nil)
            if client < 0 { return }
            let fail = lock.withLock { () -> Bool in
                guard remainingFailures > 0 else { return false }
                remainingFailures -= 1
                refused += 1
                return true
            }
            if fail {
                Thread {
                    // Read the request head, answer 503, close.
                    var buffer = [UInt8](repeating: 0, count: 4096)
                    _ = buffer.withUnsafeMutableBytes { recv(client, $0.baseAddress, 4096, 0) }
                    let answer = Array(
                        "HTTP/1.1 503 Service Unavailable\r\nContent-Length: 0\r\nConnection: close\r\nRetry-After: 1\r\n\r\n"
                            .utf8)
                    _ = answer.withUnsafeBytes { Glibc.send(client, $0.baseAddress, answer.count, Int32(MSG_NOSIGNAL)) }
                    close(client)
                }.start()
                continue
            }
            guard let server = try? RawSocket(port: upstream, receiveTimeoutSeconds: 30) else {
                close(client)
                continue
            }
            let serverFD = server.fd
            Thread { Self.pipe(from: client, to: serverFD) }.start()
            Thread {
                Self.pipe(from: serverFD, to: client)
                withExtendedLifetime(server) {}
            }.start()
        }
    }

    private static func pipe(from: Int32, to: Int32) {
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let n = buffer.withUnsafeMutableBytes { recv(from, $0.baseAddress, 65536, 0) }
            if n <= 0 { break }
            let sent = buffer.withUnsafeBytes { Glibc.send(to, $0.baseAddress, n, Int32(MSG_NOSIGNAL)) }
            if sent <= 0 { break }
        }
        shutdown(to, Int32(SHUT_WR))
    }
}
