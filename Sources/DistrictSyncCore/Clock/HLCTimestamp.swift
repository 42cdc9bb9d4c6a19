/// A hybrid logical clock timestamp: physical milliseconds in the high 48 bits, a counter in the
/// low 16. Ordering the raw value orders by time, then counter.
public struct HLCTimestamp: Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
    public let rawValue: UInt64

    public init(rawValue: UInt64) { self.rawValue = rawValue }

    public init(physicalMillis: Int64, counter: UInt16) {
        rawValue = UInt64(max(0, physicalMillis)) << 16 | UInt64(counter)
    }

    public var physicalMillis: Int64 { Int64(rawValue >> 16) }
    public var counter: UInt16 { UInt16(truncatingIfNeeded: rawValue) }
    public static let zero = HLCTimestamp(rawValue: 0)

    public static func < (a: Self, b: Self) -> Bool { a.rawValue < b.rawValue }
    public var description: String { "\(physicalMillis).\(counter)" }
}

/// A hybrid logical clock (Kulkarni et al., 2014) that stays monotonic when the wall clock steps
/// back and refuses to run more than `maxDriftMillis` ahead of the wall clock.
///
/// The wall time is injected on every call, so tests drive it and nothing reads the system clock here.
public struct HybridLogicalClock: Sendable {
    public private(set) var last: HLCTimestamp
    public let maxDriftMillis: Int64

    public init(last: HLCTimestamp = .zero, maxDriftMillis: Int64 = 60_000) {
        self.last = last
        self.maxDriftMillis = maxDriftMillis
    }

    /// The next timestamp for a local event at wall time `wallMillis`.
    public mutating func tick(wallMillis: Int64) throws(CoreError) -> HLCTimestamp {
        let next: HLCTimestamp
        if wallMillis > last.physicalMillis {
            next = HLCTimestamp(physicalMillis: wallMillis, counter: 0)
        } else if last.counter < UInt16.max {
            next = HLCTimestamp(physicalMillis: last.physicalMillis, counter: last.counter + 1)
        } else {
            next = HLCTimestamp(physicalMillis: last.physicalMillis + 1, counter: 0)
        }
        try checkDrift(next, wallMillis: wallMillis)
        last = next
        return next
    }

    /// Merges a timestamp seen from elsewhere (so later local events order after it).
    public mutating func observe(_ remote: HLCTimestamp, wallMillis: Int64) throws(CoreError) {
        guard remote > last else { return }
        try checkDrift(remote, wallMillis: wallMillis)
        last = remote
    }

    func checkDrift(_ candidate: HLCTimestamp, wallMillis: Int64) throws(CoreError) {
        let ahead = candidate.physicalMillis - wallMillis
        guard ahead <= maxDriftMillis else {
            throw CoreError(
                "clock_drift",
                LocalizedText(
                    vi:
                        "đồng hồ sẽ chạy nhanh hơn đồng hồ hệ thống \(ahead / 1000) giây (giới hạn \(maxDriftMillis / 1000) giây): "
                        + "đồng hồ hệ thống đã bị chỉnh lùi, hoặc đã gặp một thay đổi ở tương lai xa; hãy chỉnh lại ngày giờ hệ thống rồi thử lại",
                    en:
                        "the clock would run \(ahead / 1000) s ahead of the system clock (limit \(maxDriftMillis / 1000) s): "
                        + "the system clock was set back, or a far-future change was seen; fix the system date and time, then retry"
                )
            )
        }
    }
}
