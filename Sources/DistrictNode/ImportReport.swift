public import DistrictSyncCore

/// The outcome of a bulk import. JSON field names are a contract for scripts.
public struct ImportReport: Codable, Sendable {
    /// One refused field of one row.
    public struct RowIssue: Codable, Sendable, Hashable {
        public let line: Int
        public let column: String
        public let value: String
        /// What is wrong, in English (the contract field).
        public let reason: String
        /// What is wrong in Vietnamese, when the check gave it (JSON `reason_vi`).
        public let reasonVi: String?

        public init(line: Int, column: String, value: String, reason: String, reasonVi: String? = nil) {
            self.line = line
            self.column = column
            self.value = value
            self.reason = reason
            self.reasonVi = reasonVi
        }

        /// The reason in `language` (English when no Vietnamese was given).
        public func reason(in language: Language) -> String { language == .vi ? reasonVi ?? reason : reason }

        enum CodingKeys: String, CodingKey {
            case line, column, value, reason
            case reasonVi = "reason_vi"
        }
    }

    public var kind: String
    public var file: String
    public var rows = 0
    public var valid = 0
    public var invalidRows = 0
    public var issues: [RowIssue] = []
    /// Records whose fields changed (new or edited).
    public var written = 0
    public var unchanged = 0
    public var skippedLines: [Int] = []
    public var dryRun = false
    /// True when the import wrote to the database.
    public var committed = false

    enum CodingKeys: String, CodingKey {
        case kind, file, rows, valid, issues, written, unchanged, committed
        case invalidRows = "invalid_rows"
        case skippedLines = "skipped_lines"
        case dryRun = "dry_run"
    }
}
