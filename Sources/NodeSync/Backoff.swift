/// Exponential backoff with jitter: attempt n waits a random time in [d/2, d] where
/// d = min(cap, base · 2ⁿ). The sleep and the random source are injected so tests run instantly
/// and deterministically.
public struct Backoff: Sendable {
    public var baseMillis: Int
    public var capMillis: Int
    /// Attempts per request before the sync gives up (the first try included).
    public var maxAttempts: Int
    /// Returns a number in [0, 1).
    public var random: @Sendable () -> Double
    public var sleep: @Sendable (_ millis: Int) async throws -> Void

    public init(
        baseMillis: Int = 500, capMillis: Int = 30_000, maxAttempts: Int = 8,
        random: @escaping @Sendable () -> Double = { Double.random(in: 0..<1) },
        sleep: @escaping @Sendable (_ millis: Int) async throws -> Void = { millis in
            try await Task.sleep(for: .milliseconds(millis))
        }
    ) {
        self.baseMillis = baseMillis
        self.capMillis = capMillis
        self.maxAttempts = maxAttempts
        self.random = random
        self.sleep = sleep
    }

    /// The wait before retry number `attempt` (0 for the first retry).
    public func delayMillis(attempt: Int) -> Int {
        let exponent = min(attempt, 30)
        let ceiling = min(capMillis, baseMillis << exponent)
        let half = ceiling / 2
        return half + Int(Double(ceiling - half) * random())
    }
}
