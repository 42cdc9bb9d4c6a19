import SQLiteDB
import Testing

@Suite("dsync_contains: a substring test in SQL that answers as instr(h, n) > 0 does")
struct ContainsFunctionTests {
    /// Every string of up to `length` letters of `alphabet` (the empty one first).
    static func strings(_ alphabet: [String], upTo length: Int) -> [String] {
        var all = [""]
        var last = [""]
        for _ in 0..<length {
            last = last.flatMap { prefix in alphabet.map { prefix + $0 } }
            all += last
        }
        return all
    }

    @Test("for every needle and haystack of a small alphabet (ASCII, Vietnamese, repeats) it agrees with instr")
    func agreesWithInstr() throws {
        let db = try TestStorage.memory.open()
        let needles = Self.strings(["a", "ă", "b"], upTo: 3)
        let haystacks = Self.strings(["a", "ă", "b"], upTo: 4) + ["nguyễn văn a", "aaab", "ăăb"]
        var checked = 0
        for needle in needles {
            for haystack in haystacks {
                let row = try db.prepare("SELECT dsync_contains(?1, ?2), instr(?2, ?1) > 0").rows([
                    .text(needle), .text(haystack),
                ])
                #expect(
                    row.first?[0] == row.first?[1], "needle \(needle.debugDescription) in \(haystack.debugDescription)")
                checked += 1
            }
        }
        #expect(checked == needles.count * haystacks.count)
    }

    @Test("it matches in any of several haystacks, skips NULL ones, and gives NULL for a NULL needle")
    func severalHaystacks() throws {
        let db = try TestStorage.memory.open()
        #expect(try db.scalar("SELECT dsync_contains('duc', 'cong ty', NULL, 'thu duc')") == .integer(1))
        #expect(try db.scalar("SELECT dsync_contains('duc', 'cong ty', NULL, 'thu du')") == .integer(0))
        #expect(try db.scalar("SELECT dsync_contains('%', '100%')") == .integer(1))
        #expect(try db.scalar("SELECT dsync_contains('_', 'ab')") == .integer(0))
        #expect(try db.scalar("SELECT dsync_contains(NULL, 'ab')") == .null)
        #expect(try db.scalar("SELECT dsync_contains('', 'ab')") == .integer(1))
    }
}
