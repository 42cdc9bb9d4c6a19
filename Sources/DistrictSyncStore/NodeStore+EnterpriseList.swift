public import DistrictSyncCore
public import SQLiteDB

/// The officer's enterprise list, run in SQLite over `enterprise_index` (see `EnterpriseIndex`):
/// search, filters, count and one page in Vietnamese alphabetical order of the names (tax code
/// breaking ties).
extension NodeStore {
    /// The condition and parameters of `filter` over `enterprise_index AS i`.
    ///
    /// The search uses `dsync_contains` (`ContainsFunction`: an exact byte substring test, like
    /// Swift's `contains` and SQLite's `instr`, one call per row for both texts), so `%`, `_` and `\`
    /// in the search text are plain characters and need no LIKE escaping.
    static func condition(_ filter: EnterpriseFilter) -> (sql: String, params: [SQLValue]) {
        var terms: [String] = []
        var params: [SQLValue] = []
        if !filter.needle.isEmpty {
            var search = "dsync_contains(?, i.folded_name, i.folded_address)"
            params.append(.text(filter.needle))
            if !filter.digits.isEmpty {
                search += " OR dsync_contains(?, i.tax_code)"
                params.append(.text(filter.digits))
            }
            terms.append("(\(search))")
        }
        if let ward = filter.foldedWard {
            terms.append("i.folded_ward = ?")
            params.append(.text(ward))
        }
        for (column, value) in [("sector", filter.sector), ("size_class", filter.sizeClass), ("status", filter.status)]
        {
            if let value {
                terms.append("i.\(column) = ?")
                params.append(.text(value))
            }
        }
        if let year = filter.surveyYear {
            terms.append(
                (filter.notSurveyed ? "NOT " : "")
                    + "EXISTS (SELECT 1 FROM surveys s WHERE s.tax_code = i.tax_code AND s.year = ?)")
            params.append(.integer(Int64(year)))
        }
        return (terms.isEmpty ? "" : " WHERE " + terms.joined(separator: " AND "), params)
    }

    /// How many enterprises `filter` matches.
    public func enterpriseCount(_ filter: EnterpriseFilter) throws -> Int {
        if filter == EnterpriseFilter() { return try count(.enterprises) }
        let (condition, params) = Self.condition(filter)
        return Int(
            try database.cached("SELECT count(*) FROM enterprise_index i" + condition).rows(params).first?.first?
                .int64 ?? 0)
    }

    /// The tax codes of the enterprises `filter` matches, in list order, `limit` of them after `offset`.
    public func enterpriseKeys(_ filter: EnterpriseFilter, limit: Int, offset: Int) throws -> [String] {
        let (condition, params) = Self.condition(filter)
        let select = try database.cached(
            "SELECT i.tax_code FROM enterprise_index i" + condition
                + " ORDER BY i.sort_key, i.tax_code LIMIT ? OFFSET ?")
        var keys: [String] = []
        try select.forEachRow(params + [.integer(Int64(max(0, limit))), .integer(Int64(max(0, offset)))]) { row in
            keys.append(row.text(at: 0) ?? "")
        }
        return keys
    }

    /// One page of the enterprises `filter` matches, in list order, as (key, values in column order).
    public func enterprisePage(_ filter: EnterpriseFilter, limit: Int, offset: Int) throws -> [(
        key: String, values: [FieldValue]
    )] {
        try enterpriseKeys(filter, limit: limit, offset: offset).compactMap { key in
            try read(table: .enterprises, key: key).map { (key, $0) }
        }
    }

    /// Calls `body` with every enterprise `filter` matches, in list order, from one statement
    /// (an export of the whole list without a count and an offset per page).
    public func forEachEnterprise(_ filter: EnterpriseFilter, _ body: (String, [FieldValue]) throws -> Void) throws {
        let table = SyncedTable.enterprises
        let (condition, params) = Self.condition(filter)
        let columns = ([table.keyColumn] + table.columns.map(\.name)).map { "e.\($0)" }.joined(separator: ", ")
        // CROSS JOIN keeps enterprise_index the outer loop, so rows come in its (list) order.
        let select = try database.prepare(
            "SELECT \(columns) FROM enterprise_index i CROSS JOIN enterprises e ON e.tax_code = i.tax_code"
                + condition + " ORDER BY i.sort_key, i.tax_code")
        try select.forEachRow(params) { row in
            let values = (0..<table.columns.count).map { Self.fieldValue(row.value(at: Int32($0 + 1))) }
            try body(row.text(at: 0) ?? "", values)
        }
    }

    /// Every non-empty ward named by an enterprise (unordered).
    public func enterpriseWards() throws -> [String] {
        try database.cached("SELECT DISTINCT ward FROM enterprises WHERE ward != ''").rows().compactMap(\.first?.string)
    }
}
