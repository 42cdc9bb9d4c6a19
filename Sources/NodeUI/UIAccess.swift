import Foundation

/// The app's access control: one random access token per start (carried once by the printed
/// URL), turned into a session on the first visit; every session has its own form token for
/// CSRF checks. Nothing here is written to disk or logged.
final class UIAccess: @unchecked Sendable {
    /// The token of the printed URL (`/?token=…`).
    let accessToken: String
    private let lock = NSLock()
    private var sessions: [String: String] = [:]
    static let cookieName = "dsync_ui"
    static let maxSessions = 64

    init(accessToken: String = UIAccess.randomToken()) {
        self.accessToken = accessToken
    }

    /// 32 random bytes (the system's cryptographic generator) as lower-case hex.
    static func randomToken() -> String {
        var generator = SystemRandomNumberGenerator()
        return (0..<32).map { _ in String(format: "%02x", UInt8.random(in: 0...255, using: &generator)) }.joined()
    }

    /// Whether `token` is the access token (compared in constant time).
    func acceptsAccessToken(_ token: String) -> Bool { Self.constantTimeEqual(token, accessToken) }

    /// A new session; returns its id. The oldest sessions go when there are too many.
    func openSession() -> String {
        let id = Self.randomToken()
        lock.withLock {
            if sessions.count >= Self.maxSessions, let victim = sessions.keys.first { sessions[victim] = nil }
            sessions[id] = Self.randomToken()
        }
        return id
    }

    /// The form token of a live session, nil for an unknown one.
    func formToken(session: String) -> String? {
        guard !session.isEmpty else { return nil }
        return lock.withLock { sessions[session] }
    }

    /// The session id named by a `Cookie` header, when it is a live session.
    func session(cookieHeader: String?) -> String? {
        guard let header = cookieHeader else { return nil }
        for part in header.split(separator: ";") {
            let pair = part.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            if pair.count == 2, pair[0] == Self.cookieName, formToken(session: pair[1]) != nil { return pair[1] }
        }
        return nil
    }

    static func constantTimeEqual(_ a: String, _ b: String) -> Bool {
        let x = Array(a.utf8)
        let y = Array(b.utf8)
        guard x.count == y.count else { return false }
        var diff: UInt8 = 0
        for i in x.indices { diff |= x[i] ^ y[i] }
        return diff == 0
    }
}
