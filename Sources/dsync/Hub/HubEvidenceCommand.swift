import ArgumentParser
import CityHub
import DistrictSyncCore
import Foundation

/// `dsync hub evidence ID --out DIR`: the evidence bundle of one accepted changeset
/// (docs/transparency.md "Evidence bundles"), checkable with stock `openssl` and `python3` alone.
struct HubEvidenceCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "evidence",
        abstract: help(
            "Ghi hồ sơ bằng chứng của một tập thay đổi đã tiếp nhận (kiểm được chỉ bằng openssl và python3).",
            "Write the evidence bundle of an accepted changeset (checkable with openssl and python3 alone)."))

    @Argument(help: help("Mã tập thay đổi (64 chữ số hex).", "The changeset id (64 hex digits).")) var id: String
    @Option(
        help: help(
            "Thư mục ghi hồ sơ (chưa có, hoặc trống).", "The folder to write the bundle to (new, or empty)."))
    var out: String
    @OptionGroup var homeOptions: HubHomeOptions
    @OptionGroup var output: OutputOptions

    func run() throws {
        let fm = FileManager.default
        if let existing = try? fm.contentsOfDirectory(atPath: out), !existing.isEmpty {
            throw HubError(
                "target_exists",
                LocalizedText(
                    vi: "\(out) đã có tệp; chọn một thư mục mới hoặc trống cho hồ sơ bằng chứng",
                    en: "\(out) already holds files; choose a new or empty folder for the evidence bundle"))
        }
        let bundle = try homeOptions.open().evidence(changesetID: id)
        try fm.createDirectory(atPath: out, withIntermediateDirectories: true)
        for file in bundle.files {
            let path = out + "/" + file.name
            guard fm.createFile(atPath: path, contents: Data(file.bytes), attributes: [.posixPermissions: 0o644])
            else {
                throw HubError(
                    "io_error",
                    LocalizedText(vi: "không ghi được \(path)", en: "cannot write \(path)"))
            }
        }
        if output.json {
            return try emitJSON([
                "changeset_id": bundle.changesetID, "out": out, "leaf_index": String(bundle.leafIndex),
                "tree_size": String(bundle.treeSize), "files": bundle.files.map(\.name).joined(separator: ","),
            ])
        }
        emit(
            say(
                output.lang,
                "Đã ghi hồ sơ bằng chứng của \(bundle.changesetID) vào \(out) (\(bundle.files.count) tệp; mục "
                    + "\(bundle.leafIndex) của nhật ký \(bundle.treeSize) mục). Cách kiểm: \(out)/VERIFY.md",
                "Wrote the evidence of \(bundle.changesetID) to \(out) (\(bundle.files.count) files; entry "
                    + "\(bundle.leafIndex) of a log of \(bundle.treeSize)). How to check it: \(out)/VERIFY.md"))
    }
}
