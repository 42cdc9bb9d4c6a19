public import DistrictSyncCore
import DistrictSyncStore
import Foundation
import Workbook

extension NodeSession {
    /// The largest CSV file an import reads.
    public static let maxImportBytes = 512 * 1024 * 1024

    /// What to import.
    public enum ImportKind: String, Sendable, CaseIterable {
        case businesses, surveys, officers
    }

    /// The table of an import file: an Excel workbook (.xlsx, recognised by its ZIP signature,
    /// whatever its name) read from sheet `sheet` or the first one, else a UTF-8 CSV text. Both
    /// give the same table, so every rule and message below is the same for both.
    public static func importTable(_ bytes: [UInt8], name: String, sheet: String? = nil) throws -> CSVTable {
        if XLSXReader.isWorkbook(bytes) {
            do { return try XLSXReader.table(bytes: bytes, name: name, sheet: sheet) } catch {
                throw NodeError(error.code, error.text)
            }
        }
        if let sheet {
            throw NodeError(
                "xlsx_sheet_missing",
                LocalizedText(
                    vi: "\(name) là tệp CSV, không có trang tính; --sheet '\(sheet)' chỉ dùng cho sổ làm việc .xlsx",
                    en:
                        "\(name) is a CSV file, which has no sheets; --sheet '\(sheet)' applies to an .xlsx workbook only"
                ))
        }
        do { return try CSVTable(bytes: bytes) } catch {
            throw NodeError(error.code, error.text.map { "\(name): \($0)" })
        }
    }

    /// Imports a CSV file or an XLSX workbook (`sheet`, or its first sheet) all or nothing: every
    /// bad row is reported with line, column, value and reason, and nothing is written if any row
    /// is bad unless `skipInvalid` (then the bad rows are listed and the rest written). `dryRun`
    /// checks only. The write is one transaction. `displayName` names the file in the report and
    /// the messages (default: `path`).
    public func importCSV(
        _ kind: ImportKind, path: String, sheet: String? = nil, displayName: String? = nil, dryRun: Bool = false,
        skipInvalid: Bool = false, referenceYear: Int? = nil, progress: ((Int, Int) -> Void)? = nil
    ) throws -> ImportReport {
        let bytes = try Self.readFile(path, limit: Self.maxImportBytes)
        let name = displayName ?? path
        let table = try Self.importTable(bytes, name: name, sheet: sheet)
        let path = name
        var report = ImportReport(kind: kind.rawValue, file: path)
        report.dryRun = dryRun
        report.rows = table.rows.count
        let records: [(line: Int, record: any SyncedRecord)]
        switch kind {
        case .businesses:
            let year = self.referenceYear(referenceYear)
            do { try table.requireColumns(Enterprise.requiredColumns) } catch {
                throw NodeError(error.code, error.text.map { "\(path): \($0)" })
            }
            records = readRows(table, &report) { row in
                Enterprise.read({ row[$0] }, district: config.district, rules: sizeRules, referenceYear: year)
                    .map { $0 as any SyncedRecord }
            }
        case .surveys:
            do { try table.requireColumns(SurveyAnswer.requiredColumns) } catch {
                throw NodeError(error.code, error.text.map { "\(path): \($0)" })
            }
            let today = self.today
            var known = Set(try store.rows(.enterprises).map(\.key))
            if known.isEmpty { known = [] }
            records = readRows(table, &report) { row in
                SurveyAnswer.read(
                    { row[$0] }, district: config.district, defaultCollector: "import", defaultDate: today
                )
                .flatMap { answer in
                    if let issue = periodIssue(.surveyYear(answer.year), column: "year", value: "\(answer.year)") {
                        return .failure(FieldIssues([issue]))
                    }
                    return known.contains(answer.taxCode.value)
                        ? .success(answer as any SyncedRecord)
                        : .failure(
                            FieldIssues([
                                FieldIssue(
                                    column: "tax_code", value: answer.taxCode.value,
                                    reason: LocalizedText(
                                        vi:
                                            "đơn vị không có doanh nghiệp mang mã số thuế này; nhập doanh nghiệp (businesses) trước",
                                        en: "no enterprise with this tax code in the district; import businesses first")
                                )
                            ]))
                }
            }
        case .officers:
            do { try table.requireColumns(["name", "office", "role", "appointed", "decision"]) } catch {
                throw NodeError(error.code, error.text.map { "\(path): \($0)" })
            }
            let existing = try officers()
            records = readRows(table, &report) { row in
                readOfficer(row).flatMap { record in
                    // The same person under another id (added by hand, or from another file).
                    guard let officer = record as? Officer,
                        let same = existing.first(where: { $0.id != officer.id && $0.isSamePerson(as: officer) })
                    else { return .success(record) }
                    return .failure(
                        FieldIssues([
                            FieldIssue(
                                column: "name", value: officer.fullName,
                                reason: LocalizedText(
                                    vi: "duplicate_officer: đã có cán bộ \(same.id.prefix(8)) với cùng quyết định phân "
                                        + "công; sửa bằng `dsync node officer update \(same.id.prefix(8)) …`",
                                    en: "duplicate_officer: already recorded as officer \(same.id.prefix(8)) with the "
                                        + "same appointment decision; change it with `dsync node officer update "
                                        + "\(same.id.prefix(8)) …`"))
                        ]))
                }
            }
        }
        if report.invalidRows > 0 && !skipInvalid {
            return report
        }
        report.skippedLines = skipInvalid ? Array(Set(report.issues.map(\.line))).sorted() : []
        if dryRun { return report }
        let total = records.count
        let written = try capture { writer -> Int in
            var written = 0
            for (i, item) in records.enumerated() {
                var changed = try writer.upsert(
                    table: type(of: item.record).table, key: item.record.key, values: item.record.values)
                // A survey row's own-year figures (optional columns) are a record of their own.
                if let figures = (item.record as? SurveyAnswer)?.figures,
                    try writer.upsert(table: SurveyFigures.table, key: figures.key, values: figures.values)
                {
                    changed = true
                }
                if changed { written += 1 }
                if let progress, i % 1000 == 999 || i == total - 1 { progress(i + 1, total) }
            }
            return written
        }
        report.written = written
        report.unchanged = total - written
        report.committed = true
        return report
    }

    func readRows(
        _ table: CSVTable, _ report: inout ImportReport, _ read: (CSVRow) -> Result<any SyncedRecord, FieldIssues>
    ) -> [(line: Int, record: any SyncedRecord)] {
        var out: [(line: Int, record: any SyncedRecord)] = []
        out.reserveCapacity(table.rows.count)
        var seen: [String: Int] = [:]
        for row in table.rows {
            var issues: [FieldIssue] = row.invalidUTF8ColumnNames.map {
                FieldIssue(
                    column: $0, value: "(bytes)",
                    reason: LocalizedText(
                        vi: "không phải UTF-8 hợp lệ; lưu tệp ở dạng UTF-8",
                        en: "is not valid UTF-8; save the file as UTF-8"))
            }
            var record: (any SyncedRecord)?
            if issues.isEmpty {
                switch read(row) {
                case .success(let r): record = r
                case .failure(let f): issues = f.issues
                }
            }
            if let r = record {
                if let first = seen[r.key] {
                    issues.append(
                        FieldIssue(
                            column: type(of: r).table == .enterprises ? "tax_code" : "key", value: r.key,
                            reason: LocalizedText(
                                vi: "trùng với dòng \(first) của cùng tệp",
                                en: "duplicates line \(first) of the same file")))
                } else {
                    seen[r.key] = row.line
                }
            }
            if issues.isEmpty, let r = record {
                out.append((row.line, r))
                report.valid += 1
            } else {
                report.invalidRows += 1
                report.issues += issues.map {
                    ImportReport.RowIssue(
                        line: row.line, column: $0.column, value: $0.value, reason: $0.reason,
                        reasonVi: $0.localizedReason?.vi)
                }
            }
        }
        return out
    }

    /// The row issue for a valid time outside the node's unit's lifetime (`period_outside_unit`).
    func periodIssue(_ period: UnitPeriod.Value, column: String, value: String) -> FieldIssue? {
        guard let unit else { return nil }
        do { try UnitPeriod.check(period, in: [unit]) } catch {
            return FieldIssue(column: column, value: value, reason: error.text.map { "period_outside_unit: " + $0 })
        }
        return nil
    }

    func readOfficer(_ row: CSVRow) -> Result<any SyncedRecord, FieldIssues> { readOfficer(lookup: { row[$0] }) }

    /// Reads an officer from named fields (the CSV columns of docs/import-format.md): the import's rules.
    func readOfficer(lookup: @escaping (String) -> String?) -> Result<any SyncedRecord, FieldIssues> {
        var r = FieldReader(lookup)
        let name = r.text("name")
        let office = r.choice("office", Office.self)
        let role = r.choice("role", OfficerRole.self)
        let appointed = r.date("appointed")
        let decision = r.text("decision")
        let decisionDate = r.date("decision_date", required: false)
        let end = r.date("end_date", required: false)
        let contact = r.text("contact", required: false)
        guard r.issues.isEmpty, let office, let role else { return .failure(FieldIssues(r.issues)) }
        // A stable id per (district, name, decision) so re-importing the same file changes nothing.
        let id = hexString(Array(SHA256.hash(Array("\(config.district)|\(name)|\(decision)".utf8)).prefix(16)))
        let officer = Officer(
            id: id, district: config.district, fullName: name, office: office, role: role, decisionNumber: decision,
            decisionDate: decisionDate.isEmpty ? appointed : decisionDate, startDate: appointed,
            endDate: end.isEmpty ? nil : end, contact: contact)
        do { try officer.validate() } catch {
            return .failure(FieldIssues([FieldIssue(column: "end_date", value: end, reason: error.text)]))
        }
        if let issue = periodIssue(
            .service(start: officer.startDate, end: officer.endDate), column: "appointed", value: appointed)
        {
            return .failure(FieldIssues([issue]))
        }
        return .success(officer)
    }

    /// Reads a whole file, refusing anything over `limit` bytes before reading it.
    public static func readFile(_ path: String, limit: Int) throws -> [UInt8] {
        guard let attributes = try? FileManager.default.attributesOfItem(atPath: path),
            let size = attributes[.size] as? NSNumber
        else {
            throw NodeError(
                "file_not_found",
                LocalizedText(vi: "không đọc được \(path): tệp không tồn tại", en: "cannot read \(path): no such file"))
        }
        guard size.intValue <= limit else {
            throw NodeError(
                "file_too_large",
                LocalizedText(
                    vi: "\(path) có \(size.intValue) byte; giới hạn là \(limit) byte",
                    en: "\(path) is \(size.intValue) bytes; the limit is \(limit) bytes"))
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw NodeError("io_error", LocalizedText(vi: "không đọc được \(path)", en: "cannot read \(path)"))
        }
        return [UInt8](data)
    }
}
