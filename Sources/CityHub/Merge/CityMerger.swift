import ChangesetVerification
import DistrictSyncCore
import DistrictSyncStore
import SQLiteDB

/// Applies a changeset's changes to the city tables as they are read (`ChangeStream`): load the
/// record's versions, let the pure `RowVersions.apply` decide field by field, write back exactly the
/// columns that took the incoming value. The caller owns the transaction and commits only after the
/// stream ended (its closing checks passed), so a changeset that turns out bad changes nothing.
///
/// Values are never loaded or compared: a column is written when its version moved, with the
/// incoming value bound straight from the payload bytes. New records are one INSERT.
final class CityMerger {
    let db: Database
    private var selects: [Statement?] = Array(repeating: nil, count: 256)
    private var inserts: [Statement?] = Array(repeating: nil, count: 256)
    private var insertsIfNew: [Statement?] = Array(repeating: nil, count: 256)
    private var updates: [UInt64: Statement] = [:]
    private var deletes: [Statement?] = Array(repeating: nil, count: 256)
    private var enterpriseOwner: [Statement?] = [nil]
    /// The tax code whose enterprise the last survey answer was checked against (answers of one
    /// enterprise come together); ownership cannot move inside one changeset.
    private var lastCheckedEnterprise: [UInt8] = []
    /// Whether the last change created its record (then the next one probably does too).
    private var expectNew = true
    private var scratch: [UInt8] = []
    private var names = NodeNames()

    init(db: Database) {
        self.db = db
    }

    /// Applies every change of `stream`, made by `node` of `district`; returns how many there were.
    ///
    /// Throws `foreign_record` when a change touches a record the hub holds for another district, sets
    /// `district` to anything but the changeset's district, or creates a record without setting it
    /// (threat T3); throws the decoder's error when the payload turns out malformed. The caller rolls
    /// the transaction back then.
    @discardableResult
    func apply(_ stream: ChangeStream, node: String, rules: ChangeRules) throws -> Int {
        // The changeset's own node id is the one most stored versions name: decoded blobs share it.
        names = NodeNames(seed: [node])
        lastCheckedEnterprise = []
        let district = rules.district
        var applied = 0
        while try stream.next() {
            try stream.withCurrentBytes { b in
                // The shared change rules (district field, unit period) first, as `dsync verify` runs them.
                try rules.check(stream, bytes: b)
                try applyCurrent(stream, bytes: b, node: node, district: district)
            }
            applied += 1
        }
        return applied
    }

    private func applyCurrent(_ stream: ChangeStream, bytes b: UnsafeRawBufferPointer, node: String, district: String)
        throws
    {
        let table = stream.table
        let t = Int(table.rawValue)
        let columnCount = table.columns.count
        let key = UnsafeRawBufferPointer(rebasing: b[stream.keyStart..<stream.keyStart + stream.keyCount])
        let upsert = stream.operation == .upsert
        let createsOwnRecord = !upsert || stream.fields.first?.column == 0
        var mask: UInt64 = 0
        for field in stream.fields { mask |= 1 << UInt64(field.column) }
        let incoming = FieldVersion(hlc: stream.hlc, node: node)
        // A year's figures are keyed and owned like that year's answer (`<tax code>/<year>`, same columns 1–2).
        if (table == .surveys || table == .surveyFigures) && upsert {
            try checkSurveyEnterprise(stream, bytes: b, key: key, district: district)
        }
        // While changes create records (an initial load), try the insert first: one b-tree search
        // instead of a lookup that misses and then an insert. A conflict means the record exists.
        if expectNew && createsOwnRecord {
            let insert = try statement(&insertsIfNew, t) { CityTableSQL.insertIfNew(t) }
            try insertCreated(insert, stream, bytes: b, key: key, district: district, incoming: incoming, mask: mask)
            if db.changes == 1 { return }
            expectNew = false
        }
        let select = try statement(&selects, t) { CityTableSQL.versions(t) }
        try select.bind(borrowedUTF8: key, at: 1)
        var state: PaletteRow
        var claimed = false
        do {
            defer { select.rewind() }
            guard try select.step() else {
                // A record the hub has not seen: this change creates it.
                expectNew = true
                guard createsOwnRecord else {
                    throw HubError(
                        "foreign_record",
                        LocalizedText(
                            vi: "bản ghi \(table.name) mới phải có district = \(district) (đơn vị của tập "
                                + "thay đổi)",
                            en: "a new \(table.name) record must set district = \(district) (the changeset's district)")
                    )
                }
                let insert = try statement(&inserts, t) { CityTableSQL.insert(t) }
                try insertCreated(
                    insert, stream, bytes: b, key: key, district: district, incoming: incoming, mask: mask)
                return
            }
            guard select.int64(at: CityTableSQL.Versions.checkOK) == 1 else {
                throw CityIntegrity.rowDamaged(table, key: String(decoding: key, as: UTF8.self))
            }
            let own = select.withUTF8(at: CityTableSQL.Versions.district) {
                Self.equal(UnsafeRawBufferPointer($0), 0, $0.count, district)
            }
            let names = self.names
            let exists = select.int64(at: CityTableSQL.Versions.exists) != 0
            state = try select.withBlob(at: CityTableSQL.Versions.versions) { blob in
                try VersionCoding.decodeRow(blob, columnCount: columnCount, names: names, exists: exists)
            }
            if own != true {
                // Ownership (Core's `Ownership.decide`, issue 12): the owner's own changes merge; a row
                // whose `district` was never set is only another unit's claimless tombstone, which the
                // creating unit takes over; anything else is foreign.
                let owner = select.withUTF8(at: CityTableSQL.Versions.district) { String(decoding: $0, as: UTF8.self) }
                switch Ownership.decide(
                    unit: district, owner: owner, ownerClaimed: state.columns.first != 0,
                    creates: upsert && createsOwnRecord)
                {
                case .own: break
                case .takeOver: claimed = true
                case .foreign:
                    throw HubError(
                        "foreign_record",
                        LocalizedText(
                            vi: "một thay đổi đối với bản ghi \(table.name) \(String(decoding: key, as: UTF8.self)) "
                                + "của đơn vị \(owner ?? "none"); đơn vị \(district) chỉ được sửa bản ghi "
                                + "của mình (chuyển bản ghi giữa các đơn vị: `dsync hub transfer`)",
                            en: "a change to \(table.name) record \(String(decoding: key, as: UTF8.self)) of district "
                                + "\(owner ?? "none"); district \(district) may only change records it owns (moving a "
                                + "record between districts: `dsync hub transfer`)"))
                }
            }
        }
        if claimed {
            try deleteRow(table, key: key)
            let insert = try statement(&inserts, t) { CityTableSQL.insert(t) }
            try insertCreated(insert, stream, bytes: b, key: key, district: district, incoming: incoming, mask: mask)
            return
        }
        expectNew = false
        let outcome = state.apply(incoming: incoming, upsert: upsert, setColumns: mask)
        guard outcome.moved else { return }
        let update = try updateStatement(table, mask: outcome.taken)
        defer { update.rewind() }
        var index: Int32 = 1
        for field in stream.fields where outcome.taken & (1 << UInt64(field.column)) != 0 {
            try bind(field, bytes: b, to: update, at: index)
            index += 1
        }
        try update.bind(int64: state.exists ? 1 : 0, at: index)
        VersionCoding.encode(state, into: &scratch)
        try update.bind(blob: scratch, at: index + 1)
        try update.bind(borrowedUTF8: key, at: index + 2)
        while try update.step() {}
    }

    /// A survey answer names its enterprise in its key (`<tax code>/<year>`, `SurveyAnswer.key`), and
    /// the enterprise must exist at the hub (or earlier in this changeset: rows are written as they
    /// are read) created by this same district; else `unknown_enterprise`. So no unit can file answers
    /// that count for another unit's enterprise, or for a tax code that exists nowhere.
    private func checkSurveyEnterprise(
        _ stream: ChangeStream, bytes b: UnsafeRawBufferPointer, key: UnsafeRawBufferPointer, district: String
    ) throws {
        guard let slash = key.firstIndex(of: UInt8(ascii: "/")), slash > 0 else {
            throw HubError(
                "unknown_enterprise",
                LocalizedText(
                    vi: "câu trả lời khảo sát \(String(decoding: key, as: UTF8.self)) không chỉ "
                        + "doanh nghiệp nào (khóa có dạng <mã số thuế>/<năm>)",
                    en: "survey answer \(String(decoding: key, as: UTF8.self)) does not name an enterprise "
                        + "(the key is <tax code>/<year>)"))
        }
        let taxCode = UnsafeRawBufferPointer(rebasing: key[..<slash])
        let yearText = UnsafeRawBufferPointer(rebasing: key[(slash + 1)...])
        for field in stream.fields {
            // The tax_code and year columns repeat the key; they may not say something else.
            let agrees: Bool
            switch (field.column, field.kind) {
            case (1, 2):
                agrees = UnsafeRawBufferPointer(rebasing: b[field.start..<field.start + field.count])
                    .elementsEqual(taxCode)
            case (2, 1): agrees = String(field.int).utf8.elementsEqual(yearText)
            case (1, _), (2, _): agrees = false
            default: continue
            }
            guard agrees else {
                throw HubError(
                    "unknown_enterprise",
                    LocalizedText(
                        vi: "câu trả lời khảo sát \(String(decoding: key, as: UTF8.self)) ghi mã số "
                            + "thuế hoặc năm khác với khóa của nó",
                        en:
                            "survey answer \(String(decoding: key, as: UTF8.self)) sets a tax code or year other than its key's"
                    ))
            }
        }
        if lastCheckedEnterprise.elementsEqual(taxCode) { return }
        let select = try statement(&enterpriseOwner, 0) { CityTableSQL.enterpriseOwner }
        try select.bind(borrowedUTF8: taxCode, at: 1)
        defer { select.rewind() }
        let columnCount = SyncedTable.enterprises.columns.count
        let names = self.names
        let found = try select.step()
        if found && select.int64(at: CityTableSQL.Owner.checkOK) != 1 {
            throw CityIntegrity.rowDamaged(.enterprises, key: String(decoding: taxCode, as: UTF8.self))
        }
        guard found,
            select.withUTF8(
                at: CityTableSQL.Owner.district, { Self.equal(UnsafeRawBufferPointer($0), 0, $0.count, district) })
                == true,
            try select.withBlob(
                at: CityTableSQL.Owner.versions,
                { blob in
                    try VersionCoding.decodeRow(blob, columnCount: columnCount, names: names, exists: false)
                }
            ).columns.first != 0
        else {
            throw HubError(
                "unknown_enterprise",
                LocalizedText(
                    vi: "câu trả lời khảo sát \(String(decoding: key, as: UTF8.self)) chỉ doanh "
                        + "nghiệp \(String(decoding: taxCode, as: UTF8.self)), mà hub không ghi nhận "
                        + "doanh nghiệp này thuộc đơn vị \(district); hãy gửi doanh nghiệp trước "
                        + "(mỗi đơn vị chỉ trả lời cho doanh nghiệp của mình)",
                    en: "survey answer \(String(decoding: key, as: UTF8.self)) names enterprise "
                        + "\(String(decoding: taxCode, as: UTF8.self)), which district \(district) does not hold at the "
                        + "hub; deliver the enterprise first (a district answers only for its own enterprises)"))
        }
        lastCheckedEnterprise = Array(taxCode)
    }

    private func deleteRow(_ table: SyncedTable, key: UnsafeRawBufferPointer) throws {
        let delete = try statement(&deletes, Int(table.rawValue)) { CityTableSQL.delete(table) }
        defer { delete.rewind() }
        try delete.bind(borrowedUTF8: key, at: 1)
        while try delete.step() {}
    }

    /// INSERTs the record the current change creates: every column in order (the change's fields,
    /// NULL elsewhere; a tombstone for a record never seen remembers whose it is), then `_exists`,
    /// `_versions`, the key.
    private func insertCreated(
        _ insert: Statement, _ stream: ChangeStream, bytes b: UnsafeRawBufferPointer, key: UnsafeRawBufferPointer,
        district: String, incoming: FieldVersion, mask: UInt64
    ) throws {
        let upsert = stream.operation == .upsert
        let columnCount = stream.table.columns.count
        defer { insert.rewind() }
        var index: Int32 = 1
        var fieldIndex = 0
        let fields = stream.fields
        for column in 0..<columnCount {
            if fieldIndex < fields.count, fields[fieldIndex].column == column {
                try bind(fields[fieldIndex], bytes: b, to: insert, at: index)
                fieldIndex += 1
            } else if column == 0 {
                try insert.bind(text: district, at: index)
            } else {
                try insert.bindNull(at: index)
            }
            index += 1
        }
        VersionCoding.encodeCreated(by: incoming, mask: upsert ? mask : 0, columnCount: columnCount, into: &scratch)
        try insert.bind(int64: upsert ? 1 : 0, at: index)
        try insert.bind(blob: scratch, at: index + 1)
        try insert.bind(borrowedUTF8: key, at: index + 2)
        while try insert.step() {}
    }

    private func bind(_ field: ChangeStream.Field, bytes b: UnsafeRawBufferPointer, to s: Statement, at index: Int32)
        throws
    {
        switch field.kind {
        case 1: try s.bind(int64: field.int, at: index)
        case 2:
            try s.bind(
                borrowedUTF8: UnsafeRawBufferPointer(rebasing: b[field.start..<field.start + field.count]), at: index)
        default: try s.bindNull(at: index)
        }
    }

    private func statement(_ cache: inout [Statement?], _ t: Int, _ sql: () -> String) throws -> Statement {
        if let s = cache[t] { return s }
        let s = try db.prepare(sql())
        cache[t] = s
        return s
    }

    /// UPDATE of the columns in `mask` (in column order), then `_exists`, `_versions`, the key.
    private func updateStatement(_ table: SyncedTable, mask: UInt64) throws -> Statement {
        let cacheKey = mask << 8 | UInt64(table.rawValue)
        if let s = updates[cacheKey] { return s }
        let s = try db.prepare(CityTableSQL.update(table, mask: mask))
        updates[cacheKey] = s
        return s
    }

    private static func equal(_ b: UnsafeRawBufferPointer, _ start: Int, _ count: Int, _ text: String) -> Bool {
        var text = text
        return text.withUTF8 { utf8 in
            utf8.count == count && UnsafeRawBufferPointer(rebasing: b[start..<start + count]).elementsEqual(utf8)
        }
    }
}
