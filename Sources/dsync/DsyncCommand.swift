import ArgumentParser
import DistrictSyncCore
import Foundation

@main
struct DsyncCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dsync",
        abstract: help(
            "DistrictSync: nút dữ liệu ngoại tuyến của đơn vị và hub thành phố cho kế hoạch thương mại điện tử TP.HCM (2471/QĐ-UBND).",
            "DistrictSync: offline unit nodes and the city hub for HCMC's e-commerce plan (2471/QĐ-UBND)."),
        discussion: help(
            "Mọi lệnh nhận --lang vi|en (mặc định vi: tiếng Việt) và nhiều lệnh nhận --json. Mã thoát và mã lỗi: docs/errors.md.",
            "Every command takes --lang vi|en (default vi: Vietnamese) and many take --json. Exit statuses and reason codes: docs/errors.md."
        ),
        version: DsyncCommand.version,
        subcommands: [
            NodeCommand.self, HubCommand.self, ChangesetCommand.self, VerifyCommand.self, AuditCommand.self,
            DevCommand.self,
        ])

    /// Parses the arguments, runs the command, and renders any error once (`ErrorRendering`) with
    /// the exit status of its kind. The argument parser's own errors (an unknown option, a missing
    /// value) and help keep its text and its statuses (64 for usage, 0 for help).
    static func main() async {
        let arguments = Array(CommandLine.arguments.dropFirst())
        let language = Language.scan(arguments)
        var command: any ParsableCommand
        do {
            command = try parseAsRoot(arguments)
        } catch {
            if Failure(error).isOurs {
                Foundation.exit(
                    ErrorRendering.render(error, language: language, json: ErrorRendering.wantsJSON(arguments)))
            }
            if exitCode(for: error) != .success, language == .vi {
                emitError("lỗi cú pháp lệnh (thông báo của bộ phân tích đối số, bằng tiếng Anh):")
            }
            exit(withError: error)
        }
        do {
            if var asyncCommand = command as? any AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch let exit as ExitCode {
            Foundation.exit(exit.rawValue)
        } catch let error where !Failure(error).isOurs && exitCode(for: error) != .failure {
            exit(withError: error)  // help (`dsync help …` runs as a command) and the parser's own refusals
        } catch {
            Foundation.exit(ErrorRendering.render(error, language: language, json: ErrorRendering.wantsJSON(arguments)))
        }
    }
}

extension DsyncCommand {
    /// What `dsync --version` prints: the release and the changeset schema it writes (it reads 1…that).
    static let version = "dsync 0.7.0 (changeset schema \(SyncedTable.schemaVersion))"
}
