import Foundation

/// Where "now" comes from. Injected everywhere so tests never depend on wall time.
public protocol WallClock: Sendable {
    /// Unix time in milliseconds.
    func nowMillis() -> Int64
}

/// The system clock.
public struct SystemWallClock: WallClock {
    public init() {}
    public func nowMillis() -> Int64 { Int64((Date().timeIntervalSince1970 * 1000).rounded()) }
}

/// A clock fixed at a time (or stepped by tests through `FixedWallClock.Box`).
public struct FixedWallClock: WallClock {
    public let millis: Int64
    public init(millis: Int64) { self.millis = millis }
    /// A fixed clock at 00:00 UTC of an ISO date.
    public init(date: String) { millis = ISODate.unixMillis(date) ?? 0 }
    public func nowMillis() -> Int64 { millis }
}

/// A clock read from the `DSYNC_NOW` environment variable when set (ISO date or Unix millis), for
/// demos and end-to-end tests that replay the plan's years; otherwise the system clock.
public struct EnvironmentWallClock: WallClock {
    let fixed: Int64?
    public init(environment: [String: String]? = nil) {
        if let raw = (environment ?? ProcessInfo.processInfo.environment)["DSYNC_NOW"] {
            fixed =
                Int64(raw)
                ?? ISODate.unixMillis(String(raw.prefix(10))).map { base in
                    // "2013-06-30T10:00:00Z" style: add the time of day when given.
                    let parts = raw.dropFirst(11).prefix(8).split(separator: ":").compactMap { Int64($0) }
                    return parts.count == 3 ? base + ((parts[0] * 60 + parts[1]) * 60 + parts[2]) * 1000 : base
                }
        } else {
            fixed = nil
        }
    }
    public func nowMillis() -> Int64 { fixed ?? SystemWallClock().nowMillis() }
}
