import ArgumentParser
import CityHub
import DistrictSyncCore
import Foundation

struct HubImportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: help(
            "Nhập các tệp tập thay đổi (.dsc) hoặc thư mục chứa chúng; mỗi tệp một kết quả.",
            "Import changeset files (.dsc) or folders of them; one outcome per file."))

    @Argument(
        help: help(
            "Các tệp hoặc thư mục (thư mục: các tệp *.dsc nằm trực tiếp bên trong, không đi theo liên kết tượng trưng).",
            "Files or folders (folders: *.dsc directly inside, symlinks never followed)."))
    var paths: [String]
    @Option(
        help: help(
            "Ghi biên nhận có chữ ký cho mỗi tập thay đổi được tiếp nhận hoặc trùng, thành DIR/<id>.receipt, "
                + "và nhật ký thành phố (điểm kiểm, bằng chứng) vào DIR/log/ để `node ack` kiểm.",
            "Write a signed receipt per accepted or duplicate changeset as DIR/<id>.receipt, and the city log "
                + "(checkpoint, proofs) under DIR/log/ for `node ack` to check."))
    var receipts: String?
    @Flag(
        help: help(
            "In ra lỗi chuẩn thời gian tiếp nhận và phần của nhật ký minh bạch (thêm lá, ký điểm kiểm).",
            "Print to standard error the accept time and the transparency log's part of it (appends, checkpoint signing)."
        ))
    var timings = false
    @OptionGroup var homeOptions: HubHomeOptions
    @OptionGroup var output: OutputOptions

    struct Row: Encodable {
        let file: String
        let id: String?
        let district: String?
        let seq: UInt64?
        let outcome: String
        let reason: String?

        // The contract prints every key, with null when a value is unknown.
        func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(file, forKey: .file)
            try c.encode(id, forKey: .id)
            try c.encode(district, forKey: .district)
            try c.encode(seq, forKey: .seq)
            try c.encode(outcome, forKey: .outcome)
            try c.encode(reason, forKey: .reason)
        }

        enum CodingKeys: String, CodingKey { case file, id, district, seq, outcome, reason }
    }

    func run() throws {
        var failed = false
        let service = try homeOptions.open()
        let importer = FileImporter(service: service, maxBytes: service.settings.maxChangesetBytes)
        let files = try importer.collect(paths)
        if let receipts {
            try FileManager.default.createDirectory(atPath: receipts, withIntermediateDirectories: true)
        }
        var rows: [Row] = []
        let progress = ProgressBar(label: say(output.lang, "Nhập", "Importing"))
        for (index, file) in files.enumerated() {
            let result = importer.importFile(file)
            if let receipts, let receipt = result.receipt,
                result.outcome == .accepted || result.outcome == .duplicate
            {
                try Data(receipt).write(to: URL(fileURLWithPath: receipts + "/" + result.id + ".receipt"))
            }
            failed = failed || result.isFailure
            rows.append(
                Row(
                    file: file, id: result.id.isEmpty ? nil : result.id, district: result.district,
                    seq: result.sequence, outcome: result.outcome.rawValue, reason: result.reason))
            progress.update(index + 1, files.count)
        }
        if let receipts {
            // A held changeset applied later in this run (its gap filled) has a receipt now too.
            for row in rows where row.outcome == "held" {
                if let id = row.id, let receipt = try service.receipt(changesetID: id) {
                    try Data(receipt).write(to: URL(fileURLWithPath: receipts + "/" + id + ".receipt"))
                }
            }
        }
        // Every import run ends with a signed checkpoint of the city log (docs/transparency.md); a hub
        // without a log key (no passphrase given) signs none, anything else is said.
        do {
            _ = try service.signedCheckpoint()
            if let receipts { try writeLogDelivery(service, rows: rows, to: receipts) }
        } catch let e as HubError where e.code == "no_hub_key" {
        } catch {
            let (code, message) = describe(error, output.lang)
            emitError(say(output.lang, "cảnh báo", "warning") + " [\(code)]: " + message)
        }
        if timings {
            let t = service.logCost.current
            emitError(
                String(
                    format:
                        "timings: submits=%d submit_s=%.6f accepts=%d accept_s=%.6f log_appends=%d log_append_s=%.6f "
                        + "checkpoints=%d checkpoint_sign_s=%.6f log_share=%.6f",
                    t.submits, t.submitSeconds, t.accepts, t.acceptSeconds, t.appends, t.appendSeconds, t.signatures,
                    t.signSeconds, t.logShare))
        }
        if output.json {
            try emitJSON(rows)
            if failed { throw ExitCode(ExitStatus.checkFailed) }
            return
        }
        emit(
            table(
                [
                    "file", "id", say(output.lang, "quận", "district"), "seq",
                    say(output.lang, "kết quả", "outcome"),
                    say(output.lang, "lý do", "reason"),
                ],
                rows.map {
                    [
                        $0.file, String(($0.id ?? "-").prefix(12)), $0.district ?? "-",
                        $0.seq.map(String.init) ?? "-",
                        $0.outcome, $0.reason ?? "",
                    ]
                }))
        if failed { throw ExitCode(ExitStatus.checkFailed) }
    }

    /// `DIR/log/`: the checkpoint after this import, the log key, an inclusion proof per delivered
    /// changeset and a consistency proof from each checkpoint the nodes kept (their export folders'
    /// `node-checkpoint.txt`), so that `node ack` checks the log as `node sync` does.
    func writeLogDelivery(_ service: HubService, rows: [Row], to receipts: String) throws {
        var kept: Set<UInt64> = []
        for path in paths {
            let file = path + "/" + NodeExportNames.checkpoint
            guard let data = FileManager.default.contents(atPath: file), data.count <= SignedNote.maxBytes,
                let size = try? Checkpoint.parse(try SignedNote.parse(String(decoding: data, as: UTF8.self)).text).size
            else { continue }
            kept.insert(size)
        }
        let delivered = rows.filter { ["accepted", "duplicate", "held"].contains($0.outcome) }.compactMap(\.id)
        let log = try service.logDelivery(ids: delivered, keptSizes: kept)
        let folder = receipts + "/" + LogDelivery.folder
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        try Data(log.checkpoint.utf8).write(to: URL(fileURLWithPath: folder + "/" + LogDelivery.checkpointFile))
        try Data((log.keyText + "\n").utf8).write(to: URL(fileURLWithPath: folder + "/" + LogDelivery.keyFile))
        for (id, proof) in log.inclusion {
            try encoder.encode(proof).write(to: URL(fileURLWithPath: folder + "/" + LogDelivery.proofFile(id)))
        }
        for (from, proof) in log.consistency {
            try encoder.encode(proof).write(
                to: URL(fileURLWithPath: folder + "/" + LogDelivery.consistencyFile(from: from)))
        }
    }
}

/// File names of a node's export folder that the hub reads (kept in step with `NodeSession.export`).
enum NodeExportNames {
    static let checkpoint = "node-checkpoint.txt"
}
