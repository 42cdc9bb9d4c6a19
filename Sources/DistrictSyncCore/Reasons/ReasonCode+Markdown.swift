extension ReasonCode {
    /// `docs/errors.md`: the exit statuses of `dsync`, then every code with whose fault it is, its
    /// HTTP status, its exit status, its meaning and what to do in English and in Vietnamese, by
    /// fault then code. `dsync dev errors-doc > docs/errors.md` writes it.
    public static func markdown() -> String {
        var out = """
            # Reason codes

            Every code an error, a rejected changeset or a refused document carries: in `--json`
            output (`{"error": {"code", "message"}}`), in `hub import --json` and the HTTP API
            (`reason`), and in the audit log. The codes are a contract: they are never renamed or
            dropped. The message beside a code says what was wrong, the value, what was expected and
            what to do; this table gives each code's meaning and remedy, in English and in
            Vietnamese (what `dsync` prints by default; `--lang en` for English).

            Generated from `Sources/DistrictSyncCore/Reasons/` by `dsync dev errors-doc` (a test
            fails when this file and the catalogue differ). The HTTP status is what `dsync hub serve`
            answers with; hub faults are never 4xx.

            | fault | meaning |
            | --- | --- |
            | `sender` | the changeset or request is bad: fix it where it was made; sending it again as is gets the same answer |
            | `conflict` | the changeset waits for an earlier one (`gap`) or conflicts with one the hub holds (`fork`) |
            | `user` | the command, option or file given is wrong |
            | `hub` | the hub's own trouble, never the sender's: retry later, or the hub operator acts |
            | `peer` | seen by a node: the hub is unreachable or answered something the node must refuse |
            | `local` | this machine's own files or state |
            | `audit` | not an error: the audit log's reason for an operator's action |

            """
        out += """

            ## Exit statuses of `dsync`

            Every error is printed once, on standard error: `lỗi [code]: …` (`error [code]: …` with
            `--lang en`) with the code's meaning and what to do, or `{"error": {"code", "message"}}`
            with `--json`. The exit status says what kind of failure it was (decided by
            `ExitStatus` in `Sources/DistrictSyncCore/Reasons/ExitStatus.swift`):

            | exit | meaning |
            | --- | --- |

            """
        for row in ExitStatus.table { out += "| \(row.status) | \(row.meaning) |\n" }
        for fault in ReasonFault.allCases {
            out += "\n## \(fault.rawValue)\n\n"
            out += fault == .audit ? "" : "A command failing with one of these codes exits \(fault.exitStatus).\n\n"
            out +=
                "| code | HTTP | meaning | what to do | ý nghĩa | cách xử lý |\n| --- | --- | --- | --- | --- | --- |\n"
            for code in allCases.filter({ $0.fault == fault }).sorted(by: { $0.rawValue < $1.rawValue }) {
                let retired = retired.contains(code) ? " (retired: no longer raised)" : ""
                out += "| `\(code.rawValue)`\(retired) | \(code.httpStatus) | \(code.meaning) | \(code.action)"
                out += " | \(code.meaning(in: .vi)) | \(code.action(in: .vi)) |\n"
            }
        }
        return out
    }
}
