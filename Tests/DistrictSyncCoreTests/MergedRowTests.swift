import DistrictSyncCore
import SyntheticData
import Testing

@Suite("Merged rows converge: the result does not depend on delivery order or duplicates")
struct MergedRowTests {
    typealias Delivery = (change: Change, node: String)
    static let table = SyncedTable.enterprises
    static let base: Int64 = 1_356_998_400_000

    static func edit(_ column: String, _ value: FieldValue, at millis: Int64, _ counter: UInt16 = 0) -> Change {
        Change(
            table: table, key: "0314409058", operation: .upsert,
            fields: [FieldChange(column: Fixtures.column(table, column), value: value)],
            hlc: HLCTimestamp(physicalMillis: base + millis, counter: counter))
    }

    static func delete(at millis: Int64, _ counter: UInt16 = 0) -> Change {
        Change(
            table: table, key: "0314409058", operation: .delete, fields: [],
            hlc: HLCTimestamp(physicalMillis: base + millis, counter: counter))
    }

    static func merge(_ deliveries: [Delivery]) -> MergedRow {
        var row = MergedRow(table: table)
        for d in deliveries { row.apply(d.change, node: d.node) }
        return row
    }

    @Test("a delete with a newer clock wins over an older edit, in either order")
    func newerDeleteWins() {
        let edit = Self.edit("name", .text("Minh Phát"), at: 1)
        let delete = Self.delete(at: 2)
        for order in [[(edit, "a"), (delete, "b")], [(delete, "b"), (edit, "a")]] as [[Delivery]] {
            #expect(Self.merge(order).exists == false)
        }
    }

    @Test("an edit with a newer clock brings the record back after a delete, in either order")
    func newerEditWins() {
        let edit = Self.edit("name", .text("Minh Phát"), at: 3)
        let delete = Self.delete(at: 2)
        for order in [[(edit, "a"), (delete, "b")], [(delete, "b"), (edit, "a")]] as [[Delivery]] {
            let row = Self.merge(order)
            #expect(row.exists)
            #expect(row.values[Fixtures.column(Self.table, "name")] == .text("Minh Phát"))
        }
    }

    @Test("with the same clock, the change from the higher node id wins, in either order")
    func sameClockTie() {
        let fromA = Self.edit("employees", .int(10), at: 5)
        let fromB = Self.edit("employees", .int(20), at: 5)
        for order in [[(fromA, "node-a"), (fromB, "node-b")], [(fromB, "node-b"), (fromA, "node-a")]] as [[Delivery]] {
            let row = Self.merge(order)
            #expect(row.values[Fixtures.column(Self.table, "employees")] == .int(20))
            #expect(row.versions[Fixtures.column(Self.table, "employees")]?.node == "node-b")
        }
    }

    @Test("an older edit of one field does not undo a newer edit of it, but still sets other fields")
    func fieldLevel() {
        var row = MergedRow(table: Self.table)
        row.apply(Self.edit("name", .text("New"), at: 9), node: "a")
        let older = Change(
            table: Self.table, key: "0314409058", operation: .upsert,
            fields: [
                FieldChange(column: Fixtures.column(Self.table, "name"), value: .text("Old")),
                FieldChange(column: Fixtures.column(Self.table, "ward"), value: .text("Bến Thành")),
            ], hlc: HLCTimestamp(physicalMillis: Self.base + 1, counter: 0))
        let changed = row.apply(older, node: "b")
        #expect(changed)
        #expect(row.values[Fixtures.column(Self.table, "name")] == .text("New"))
        #expect(row.values[Fixtures.column(Self.table, "ward")] == .text("Bến Thành"))
    }

    @Test("applying the same change twice changes nothing the second time")
    func idempotent() {
        var row = MergedRow(table: Self.table)
        let change = Self.edit("name", .text("Minh Phát"), at: 1)
        let first = row.apply(change, node: "a")
        let snapshot = row
        let second = row.apply(change, node: "a")
        #expect(first)
        #expect(second == false)
        #expect(row == snapshot)
    }

    @Test("every permutation of five conflicting changes from three nodes gives one row")
    func everyPermutation() {
        let deliveries: [Delivery] = [
            (Self.edit("name", .text("A1"), at: 1), "a"), (Self.edit("name", .text("B1"), at: 1), "b"),
            (Self.delete(at: 2), "c"), (Self.edit("employees", .int(7), at: 1, 3), "a"),
            (Self.edit("employees", .int(9), at: 1, 3), "c"),
        ]
        let reference = Self.merge(deliveries)
        var count = 0
        Self.permutations(Array(deliveries.indices)) { order in
            count += 1
            #expect(Self.merge(order.map { deliveries[$0] }) == reference, "order \(order)")
        }
        #expect(count == 120)
        #expect(reference.exists == false)
        #expect(reference.values[Fixtures.column(Self.table, "name")] == .text("B1"))
        #expect(reference.values[Fixtures.column(Self.table, "employees")] == .int(9))
    }

    @Test("500 seeded random histories converge to the last-writer-wins row under shuffles and duplicates")
    func randomConvergence() {
        let seed: UInt64 = 0xD157_2471
        var rng = SplitMix64(seed: seed)
        let columns = ["name", "ward", "employees"]
        for round in 0..<500 {
            var deliveries: [Delivery] = []
            for node in ["node-a", "node-b", "node-c"] {
                for sequence in 0..<UInt16.random(in: 1...3, using: &rng) {
                    // A small clock range makes equal clocks (and node-id tie-breaks) common; the
                    // counter keeps one node from reusing a timestamp, as its real clock guarantees.
                    let millis = Int64.random(in: 0...3, using: &rng)
                    let change =
                        Int.random(in: 0..<4, using: &rng) == 0
                        ? Self.delete(at: millis, sequence)
                        : Self.edit(
                            columns.randomElement(using: &rng) ?? "name", .int(Int64.random(in: 0...9, using: &rng)),
                            at: millis, sequence)
                    deliveries.append((change, node))
                }
            }
            let expected = Self.oracle(deliveries)
            for _ in 0..<4 {
                var shuffled = deliveries.shuffled(using: &rng)
                shuffled += deliveries.shuffled(using: &rng).prefix(Int.random(in: 0...3, using: &rng))
                shuffled.shuffle(using: &rng)
                let row = Self.merge(shuffled)
                #expect(row.values == expected.values, Comment(rawValue: "seed \(seed) round \(round)"))
                #expect(row.exists == expected.exists, Comment(rawValue: "seed \(seed) round \(round)"))
            }
        }
    }

    /// Last writer wins computed directly: each field takes the value of its greatest version.
    static func oracle(_ deliveries: [Delivery]) -> (values: [FieldValue], exists: Bool) {
        var values = [FieldValue](repeating: .null, count: table.columns.count)
        var best = [FieldVersion?](repeating: nil, count: table.columns.count)
        var existence: (FieldVersion, Bool)?
        for d in deliveries {
            let v = FieldVersion(hlc: d.change.hlc, node: d.node)
            if existence.map({ v > $0.0 }) ?? true { existence = (v, d.change.operation == .upsert) }
            for f in d.change.fields where best[f.column].map({ v > $0 }) ?? true {
                best[f.column] = v
                values[f.column] = f.value
            }
        }
        return (values, existence?.1 ?? false)
    }

    static func permutations(_ items: [Int], _ body: ([Int]) -> Void) {
        if items.count <= 1 { return body(items) }
        for (i, first) in items.enumerated() {
            var rest = items
            rest.remove(at: i)
            permutations(rest) { body([first] + $0) }
        }
    }
}

@Suite("PaletteRow decides exactly as RowVersions")
struct PaletteRowTests {
    @Test("20,000 seeded changes on rows of 13 columns: same outcomes, same versions")
    func agreesWithRowVersions() {
        var random = SeededGenerator(seed: 0xBA1E77E)
        let nodes = ["node-760-a", "node-760-b", "node-770-a"]
        for _ in 0..<500 {
            var spec = RowVersions(columnCount: 13)
            var compact = PaletteRow(palette: [], exists: false, existence: 0, columns: Array(repeating: 0, count: 13))
            for _ in 0..<40 {
                // Few distinct clocks, so ties (same clock, other node) and exact repeats happen.
                let incoming = FieldVersion(
                    hlc: HLCTimestamp(physicalMillis: 1_372_550_400_000 + Int64(random.next() % 6), counter: 0),
                    node: nodes[Int(random.next() % 3)])
                let upsert = random.next() % 4 != 0
                let mask = upsert ? random.next() & 0x1FFF : 0
                let expected = spec.apply(incoming: incoming, upsert: upsert, setColumns: mask)
                let got = compact.apply(incoming: incoming, upsert: upsert, setColumns: mask)
                #expect(got == expected)
                #expect(compact.expanded == spec)
            }
        }
    }
}
