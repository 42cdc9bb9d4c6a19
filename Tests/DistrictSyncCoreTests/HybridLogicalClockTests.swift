import DistrictSyncCore
import Testing

@Suite("Hybrid logical clock: monotonic under clock steps, bounded drift")
struct HybridLogicalClockTests {
    let t0: Int64 = 1_356_998_400_000

    @Test("a wall clock stepped back by one second still yields a later timestamp (counter increases)")
    func stepBackOneSecond() throws {
        var clock = HybridLogicalClock()
        let first = try clock.tick(wallMillis: t0)
        let second = try clock.tick(wallMillis: t0 - 1000)
        #expect(second > first)
        #expect(second.physicalMillis == first.physicalMillis)
        #expect(second.counter == first.counter + 1)
    }

    @Test("a later wall time resets the counter to zero")
    func laterWallResetsCounter() throws {
        var clock = HybridLogicalClock()
        _ = try clock.tick(wallMillis: t0)
        _ = try clock.tick(wallMillis: t0)
        let later = try clock.tick(wallMillis: t0 + 1)
        #expect(later == HLCTimestamp(physicalMillis: t0 + 1, counter: 0))
    }

    @Test("10,000 ticks at a frozen wall clock are strictly increasing")
    func frozenWall() throws {
        var clock = HybridLogicalClock()
        var previous = HLCTimestamp.zero
        for _ in 0..<10_000 {
            let next = try clock.tick(wallMillis: t0)
            #expect(next > previous)
            previous = next
        }
    }

    @Test("counter overflow rolls into the physical part and stays increasing")
    func counterOverflow() throws {
        var clock = HybridLogicalClock(last: HLCTimestamp(physicalMillis: t0, counter: UInt16.max - 5))
        var previous = clock.last
        for _ in 0..<10_000 {
            let next = try clock.tick(wallMillis: t0)
            #expect(next > previous)
            previous = next
        }
        #expect(previous.physicalMillis == t0 + 1)
    }

    @Test("a wall clock stepped back beyond maxDrift is refused with clock_drift and the clock is unchanged")
    func stepBackBeyondDrift() throws {
        var clock = HybridLogicalClock(maxDriftMillis: 60_000)
        let first = try clock.tick(wallMillis: t0)
        #expect {
            try clock.tick(wallMillis: t0 - 60_001)
        } throws: { ($0 as? CoreError)?.code == "clock_drift" }
        #expect(clock.last == first)
        #expect(try clock.tick(wallMillis: t0 - 60_000) > first)
    }

    @Test("observing a remote timestamp far ahead of the wall clock is refused")
    func observeFarAhead() throws {
        var clock = HybridLogicalClock(maxDriftMillis: 60_000)
        let remote = HLCTimestamp(physicalMillis: t0 + 3_600_000, counter: 0)
        #expect {
            try clock.observe(remote, wallMillis: t0)
        } throws: { ($0 as? CoreError)?.code == "clock_drift" }
        #expect(clock.last == .zero)
    }

    @Test("after observing a remote timestamp, the next local tick orders after it")
    func observeThenTick() throws {
        var clock = HybridLogicalClock()
        _ = try clock.tick(wallMillis: t0)
        let remote = HLCTimestamp(physicalMillis: t0 + 5_000, counter: 7)
        try clock.observe(remote, wallMillis: t0)
        let next = try clock.tick(wallMillis: t0 + 10)
        #expect(next > remote)
        #expect(next == HLCTimestamp(physicalMillis: t0 + 5_000, counter: 8))
    }

    @Test("observing an older remote timestamp leaves the clock alone")
    func observeOlder() throws {
        var clock = HybridLogicalClock()
        let mine = try clock.tick(wallMillis: t0)
        try clock.observe(HLCTimestamp(physicalMillis: t0 - 1, counter: 9), wallMillis: t0)
        #expect(clock.last == mine)
    }

    @Test("timestamps order by physical time first, then counter")
    func ordering() {
        #expect(HLCTimestamp(physicalMillis: 2, counter: 0) > HLCTimestamp(physicalMillis: 1, counter: .max))
        #expect(HLCTimestamp(physicalMillis: 1, counter: 3).description == "1.3")
    }
}
