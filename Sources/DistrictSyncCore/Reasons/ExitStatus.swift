/// The exit statuses of `dsync`, decided here and nowhere else (docs/errors.md prints this table).
///
/// A command that ran to the end exits 0, or 2/3 when what it checked or delivered is not all
/// right (its output says what). A command that failed exits by whose fault the error is
/// (`ReasonFault`): the numbers follow BSD `sysexits.h` where one fits, so 64 stays "usage" (what
/// the argument parser exits with too).
public enum ExitStatus {
    /// Done.
    public static let ok: Int32 = 0
    /// An error with no catalogued reason (`error`): a bug; report it with the command.
    public static let unexpected: Int32 = 1
    /// The command ran and found problems: a changeset `dsync verify` or `hub import` refused, a
    /// coverage report with an uncovered unit, a failed `hub check` or `hub log verify`, a
    /// `node export` the hub had refused before.
    public static let checkFailed: Int32 = 2
    /// `node sync` ended with changesets still without a verified receipt.
    public static let notSynced: Int32 = 3
    /// `node import` found invalid rows (and `--skip-invalid` was not given): nothing was written.
    public static let invalidRows: Int32 = 65

    /// The status of a command that failed with `code` (an uncatalogued code is `unexpected`).
    public static func forFailure(_ code: ReasonCode?) -> Int32 {
        guard let code, code != .error else { return unexpected }
        return code.fault.exitStatus
    }

    /// Every status `dsync` exits with and what it means, in the order docs/errors.md lists them.
    public static var table: [(status: Int32, meaning: String)] {
        var rows: [(Int32, String)] = [
            (ok, "done"),
            (unexpected, "an unexpected error (code `error`): report it with the command that produced it"),
            (checkFailed, "the command ran and found problems (refused changesets, an uncovered unit, a failed check)"),
            (notSynced, "`node sync` ended with changesets still without a verified receipt"),
        ]
        for fault in ReasonFault.allCases where fault != .audit {
            let also =
                switch fault {
                case .user: "; also every argument the parser refuses (an unknown option, a missing value)"
                case .sender: "; also `node import` with invalid rows (nothing was written)"
                default: ""
                }
            rows.append((fault.exitStatus, "failed with a `\(fault.rawValue)` code\(also)"))
        }
        return rows.sorted { $0.0 < $1.0 }
    }
}

extension ReasonFault {
    /// The exit status of a command that failed with a code of this fault.
    public var exitStatus: Int32 {
        switch self {
        case .user: 64  // EX_USAGE: the command, an option or a file given is wrong
        case .sender: 65  // EX_DATAERR: the data (a changeset, a CSV row, a document) is bad
        case .conflict: 67  // the changeset waits for an earlier one or conflicts with one the hub holds
        case .peer: 69  // EX_UNAVAILABLE: the hub is unreachable or answered what the node refuses
        case .local: 74  // EX_IOERR: this machine's files or state
        case .hub: 75  // EX_TEMPFAIL: the hub's own trouble; retry later or the operator acts
        case .audit: 1  // never an error; listed so the switch is exhaustive
        }
    }
}
