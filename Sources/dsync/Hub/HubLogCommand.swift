import ArgumentParser
import CityHub
import DistrictSyncCore
import Foundation

/// `dsync hub log`: the city transparency log (docs/transparency.md).
struct HubLogCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "log",
        abstract: help(
            "Nhật ký minh bạch của thành phố: điểm kiểm, bằng chứng, xác minh.",
            "The city transparency log: checkpoints, proofs, verification."),
        subcommands: [Checkpoint.self, Key.self, Proof.self, Consistency.self, Verify.self])

    struct Checkpoint: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: help(
                "Ký (nếu có mục mới) và in điểm kiểm mới nhất (ghi chú có chữ ký C2SP).",
                "Sign (if entries were added) and print the latest checkpoint (C2SP signed note)."))
        @OptionGroup var homeOptions: HubHomeOptions
        @OptionGroup var output: OutputOptions

        func run() throws {
            let note = try homeOptions.open().signedCheckpoint()
            if output.json { return try emitJSON(["checkpoint": note]) }
            emitRaw(String(note.dropLast()))  // emitRaw ends the output with the note's own last newline
        }
    }

    struct Key: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: help("In khóa xác minh của nhật ký (C2SP vkey).", "Print the log's verifier key (C2SP vkey)."))
        @OptionGroup var homeOptions: HubHomeOptions
        @OptionGroup var output: OutputOptions

        func run() throws {
            guard let key = try homeOptions.resolved().logVerifierKey() else {
                throw HubError(
                    "no_hub_key",
                    LocalizedText(
                        vi: "hub này chưa có khóa nhật ký; hãy mở hub một lần với mật khẩu khóa (ví "
                            + "dụ dsync hub log checkpoint)",
                        en:
                            "this hub has no log key yet; open it once with the key passphrase (e.g. dsync hub log checkpoint)"
                    ))
            }
            if output.json { return try emitJSON(["key": key.text]) }
            emitRaw(key.text)
        }
    }

    struct Proof: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: help(
                "Bằng chứng có mặt (đường kiểm toán RFC 6962) của một tập thay đổi đã tiếp nhận.",
                "The inclusion proof (RFC 6962 audit path) of an accepted changeset."))
        @Option(help: help("Mã tập thay đổi (64 chữ số hex).", "The changeset id (64 hex digits).")) var id: String
        @Option(
            help: help(
                "Kích thước cây dùng để chứng minh (mặc định: toàn bộ nhật ký).",
                "The tree size to prove against (default: the whole log).")) var size: UInt64?
        @OptionGroup var homeOptions: HubHomeOptions
        @OptionGroup var output: OutputOptions

        func run() throws {
            let proof = try homeOptions.open(needsKey: false).logInclusionProof(
                changesetID: id.lowercased(), size: size)
            let body = LogInclusionBody(leafIndex: proof.index, treeSize: proof.size, hashes: proof.hashes)
            if output.json { return try emitJSON(body) }
            let hashes = body.hashes
            emit(
                say(
                    output.lang, "mục \(proof.index) trong cây \(proof.size) mục; \(hashes.count) mã băm:",
                    "entry \(proof.index) of a tree of \(proof.size); \(hashes.count) hashes:"))
            for h in hashes { emit(h) }
        }
    }

    struct Consistency: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: help(
                "Bằng chứng nhất quán rằng nhật ký --from mục là phần đầu của nhật ký --to mục.",
                "The consistency proof that the log of --from entries is a prefix of the log of --to."))
        @Option(help: help("Kích thước cây cũ hơn.", "The older tree size.")) var from: UInt64
        @Option(help: help("Kích thước cây mới hơn.", "The newer tree size.")) var to: UInt64
        @OptionGroup var homeOptions: HubHomeOptions
        @OptionGroup var output: OutputOptions

        func run() throws {
            let body = LogConsistencyBody(
                from: from, to: to,
                hashes: try homeOptions.open(needsKey: false).logConsistencyProof(from: from, to: to))
            if output.json { return try emitJSON(body) }
            for h in body.hashes { emit(h) }
        }
    }

    struct Verify: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract:
                help(
                    "Tính lại toàn bộ nhật ký từ các lá đã lưu và kiểm tra mọi nút cây và điểm kiểm (thoát mã 2 khi sai lệch).",
                    "Recompute the whole log from its stored leaves and check every node and checkpoint (exit 2 on a mismatch)."
                )
        )
        @OptionGroup var homeOptions: HubHomeOptions
        @OptionGroup var output: OutputOptions

        func run() throws {
            var failed = false
            let report = try homeOptions.open(needsKey: false).verifyLog()
            failed = !report.problems.isEmpty
            if output.json {
                struct Row: Encodable {
                    let size: UInt64
                    let root: String
                    let checkpoints: Int
                    let problems: [String]
                    let ok: Bool
                }
                try emitJSON(
                    Row(
                        size: report.size, root: Data(report.root).base64EncodedString(),
                        checkpoints: report.checkpoints, problems: report.problems, ok: !failed))
                if failed { throw ExitCode(ExitStatus.checkFailed) }
                return
            }
            if failed {
                for p in report.problemTexts { emit(say(output.lang, "SAI: ", "MISMATCH: ") + p.text(output.lang)) }
            } else {
                emit(
                    say(
                        output.lang,
                        "Nhật ký đúng: \(report.size) mục, \(report.checkpoints) điểm kiểm tra đã ký khớp với các lá.",
                        "Log verified: \(report.size) entries, \(report.checkpoints) signed checkpoints match the leaves."
                    ))
            }
            if failed { throw ExitCode(ExitStatus.checkFailed) }
        }
    }
}
