import ArgumentParser
import CityHub
import DistrictSyncCore
import Foundation

/// `dsync hub import-evidence BUNDLE… --log-key LOG.vkey`: changesets another city hub accepted,
/// imported with their evidence bundles (T15: a revocation after their acceptance does not refuse them).
struct HubImportEvidenceCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import-evidence",
        abstract: help(
            "Nhập tập thay đổi mà hub thành phố đã tiếp nhận, kèm bộ bằng chứng của nó (`hub evidence`).",
            "Import changesets a city hub accepted, each with its evidence bundle (`hub evidence`)."),
        discussion: """
            Each BUNDLE is a folder written by `dsync hub evidence ID --out BUNDLE` on the hub that accepted the \
            changeset. It is imported when its checkpoint is signed by a city log key given with --log-key (the \
            other hub's log.vkey, from its operator), its inclusion proof leads from the changeset to that \
            checkpoint, and its receipt is a city hub's receipt for that changeset. The certificate is then judged \
            as of the receipt's time: a certificate revoked after the changeset was accepted into the city log does \
            not refuse it (a revocation before that still does). Everything else is checked as `hub import` checks it.
            """)

    @Argument(help: help("Các thư mục bộ bằng chứng.", "Evidence bundle folders."))
    var bundles: [String]
    @Option(
        help: help(
            "Khóa công khai của nhật ký thành phố (tệp log.vkey, dạng khóa kiểm tra C2SP); có thể lặp lại.",
            "The city log's public key (a log.vkey file, a C2SP verifier key); may be repeated."))
    var logKey: [String] = []
    @OptionGroup var homeOptions: HubHomeOptions
    @OptionGroup var output: OutputOptions

    func run() throws {
        guard !logKey.isEmpty else {
            throw HubError(
                "bad_option",
                LocalizedText(
                    vi: "cần --log-key LOG.vkey: khóa công khai của nhật ký thành phố mà các bộ bằng chứng dẫn tới",
                    en: "--log-key LOG.vkey is required: the public key of the city log the bundles prove against"))
        }
        let keys = try logKey.map { path -> NoteVerifierKey in
            guard let data = FileManager.default.contents(atPath: path), data.count <= SignedNote.maxBytes else {
                throw HubError(
                    "io_error",
                    LocalizedText(
                        vi: "không đọc được \(path); cần tệp log.vkey của hub thành phố",
                        en: "cannot read \(path); expected the city hub's log.vkey"))
            }
            do throws(CoreError) { return try NoteVerifierKey.parse(String(decoding: data, as: UTF8.self)) } catch {
                throw HubError("bad_option", error.text.map { "\(path): \($0)" })
            }
        }
        let service = try homeOptions.open()
        let results = service.importEvidence(directories: bundles, logKeys: keys)
        let rows = results.map { r in
            HubImportCommand.Row(
                file: r.directory, id: r.outcome.id.isEmpty ? nil : r.outcome.id, district: r.outcome.district,
                seq: r.outcome.sequence, outcome: r.outcome.outcome.rawValue, reason: r.outcome.reason)
        }
        let failed = results.contains { $0.outcome.isFailure }
        do { _ = try service.signedCheckpoint() } catch let e as HubError where e.code == "no_hub_key" {}
        if output.json {
            try emitJSON(rows)
            if failed { throw ExitCode(ExitStatus.checkFailed) }
            return
        }
        let header = [
            say(output.lang, "bộ bằng chứng", "bundle"), "id", say(output.lang, "quận", "district"), "seq",
            say(output.lang, "kết quả", "outcome"), say(output.lang, "lý do", "reason"),
        ]
        var lines: [[String]] = []
        for row in rows {
            let id = String((row.id ?? "-").prefix(12))
            let seq = row.seq.map(String.init) ?? "-"
            lines.append([row.file, id, row.district ?? "-", seq, row.outcome, row.reason ?? ""])
        }
        emit(table(header, lines))
        for r in results where r.outcome.isFailure {
            emitError(
                "\(r.directory): [\(r.outcome.reason ?? "error")] \(say(output.lang, r.outcome.messageVi ?? r.outcome.message ?? "", r.outcome.message ?? ""))"
            )
        }
        if failed { throw ExitCode(ExitStatus.checkFailed) }
    }
}
