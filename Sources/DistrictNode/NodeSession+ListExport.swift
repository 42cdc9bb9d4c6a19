public import DistrictSyncCore

extension NodeSession {
    /// The businesses CSV columns an export writes (the import's, with `status`), so the file
    /// re-imports with `dsync node import businesses`.
    public static let businessExportColumns = Enterprise.requiredColumns + ["status"]

    /// Every enterprise `query` matches (all pages, in the list's order) as a businesses CSV
    /// (`CSVWriter`: UTF-8 with BOM, formula cells guarded), and how many rows it has.
    public func enterpriseCSV(_ query: EnterpriseQuery) throws -> (text: String, rows: Int) {
        var rows: [[String]] = []
        try forEachEnterprise(query) { e in
            rows.append([
                e.key, e.name, e.address, e.ward, e.sector.rawValue, String(e.employees), String(e.capitalVND),
                String(e.revenueVND), e.category.rawValue, e.status.rawValue,
            ])
        }
        return (CSVWriter.document(header: Self.businessExportColumns, rows: rows), rows.count)
    }
}
