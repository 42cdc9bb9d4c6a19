import ArgumentParser
import CityHub
import DistrictNode
import DistrictSyncCore
import DistrictSyncCrypto
import DistrictSyncStore
import Foundation
import HubServer
import NodeSync
import SQLiteDB

/// The one place that turns an error into what the user sees and an exit status. The root command
/// (`DsyncCommand.main`) calls it for every error a command throws; commands never print errors.
///
/// Human output (stderr), in the chosen language:
///
///     lỗi [code]: the catalogue's meaning of the code
///       chi tiết: what the raise site said (the value, what was expected)
///       cách xử lý: the catalogue's remedy
///
/// `--json`: `{"error": {"code", "message", "message_vi"?, "exit_status"}}` on stderr (`code` and
/// `message` are the contract; `message` is the raise site's English text). The exit status comes
/// from the code's fault (`ExitStatus`, docs/errors.md). Messages never carry key material.
enum ErrorRendering {
    /// Renders `error` and returns the status to exit with.
    static func render(_ error: any Error, language: Language, json: Bool) -> Int32 {
        let failure = Failure(error)
        let status = ExitStatus.forFailure(failure.reason)
        if json {
            var body: [String: Any] = ["code": failure.code, "message": failure.message, "exit_status": status]
            if let vi = failure.localized?.vi { body["message_vi"] = vi }
            if let data = try? JSONSerialization.data(withJSONObject: ["error": body], options: [.sortedKeys]) {
                emitError(String(decoding: data, as: UTF8.self))
            }
        } else {
            emitError(humanText(failure, language))
        }
        return status
    }

    /// Whether the arguments ask for machine output (`--json`, or `--format json` of the reports),
    /// read before parsing so that even a failed parse answers in JSON.
    static func wantsJSON(_ arguments: [String]) -> Bool {
        for (index, argument) in arguments.enumerated() {
            if argument == "--" { return false }
            if argument == "--json" || argument == "--format=json" { return true }
            if argument == "--format", index + 1 < arguments.count, arguments[index + 1] == "json" { return true }
        }
        return false
    }

    /// The lines a person reads for `failure`.
    static func humanText(_ failure: Failure, _ language: Language) -> String {
        let detail = TerminalText.escape(failure.localized?.text(language) ?? failure.message)
        let head = say(language, "lỗi", "error") + " [\(TerminalText.escape(failure.code))]: "
        guard let reason = failure.reason, reason != .error else { return head + detail }
        return [
            head + reason.meaning(in: language),
            "  " + say(language, "chi tiết", "detail") + ": " + detail,
            "  " + say(language, "cách xử lý", "what to do") + ": " + reason.action(in: language),
        ].joined(separator: "\n")
    }
}

/// Any error this program raises, as a code, its catalogue entry and the raise site's message.
struct Failure {
    let code: String
    /// The raise site's message (English, or the English half of `localized`).
    let message: String
    /// The raise site's message in both languages, when it gave both.
    let localized: LocalizedText?

    /// The catalogued reason (nil for a code the catalogue does not hold).
    var reason: ReasonCode? { ReasonCode(rawValue: code) }

    /// Whether the error is one this program raises (not the argument parser's or a library's).
    var isOurs: Bool { code != ReasonCode.error.rawValue }

    init(code: String, message: String, localized: LocalizedText? = nil) {
        self.code = code
        self.message = message
        self.localized = localized
    }

    init(_ error: any Error) {
        switch error {
        case let e as any LocalizedCodedError: self.init(code: e.code, message: e.message, localized: e.localized)
        case let e as CryptoError: self.init(code: e.code.rawValue, message: e.reason, localized: e.text)
        case let e as MigrationError: self.init(code: e.reasonCode, localized: e.text())
        case let e as SQLiteError:
            if e.isBusy {
                self.init(
                    code: "database_locked",
                    localized: LocalizedText(
                        vi: "cơ sở dữ liệu đang bị một tiến trình khác khóa; chờ tiến trình đó xong rồi thử lại",
                        en: "the database is locked by another process; wait for it and retry"))
            } else if e.isCorrupt {
                self.init(
                    code: "database_corrupt",
                    localized: LocalizedText(
                        vi: "tệp cơ sở dữ liệu bị hỏng (\(e.message)); khôi phục từ bản sao lưu",
                        en: "the database file is damaged (\(e.message)); restore it from a backup"))
            } else {
                self.init(
                    code: "database_error",
                    localized: LocalizedText(vi: "lỗi cơ sở dữ liệu: \(e.message)", en: "database error: \(e.message)"))
            }
        default: self.init(code: "error", message: "\(error)")
        }
    }

    private init(code: String, localized: LocalizedText) {
        self.init(code: code, message: localized.en, localized: localized)
    }
}

/// A stable code and the raise site's (English) message for any error this program raises: what
/// JSON outputs carry per item (`dsync verify --json`, `node sync --json`).
func describe(_ error: any Error) -> (code: String, message: String) {
    let failure = Failure(error)
    return (failure.code, failure.message)
}

/// A stable code and the message in `language`, for per-item lines of human output.
func describe(_ error: any Error, _ language: Language) -> (code: String, message: String) {
    let failure = Failure(error)
    return (failure.code, failure.localized?.text(language) ?? failure.message)
}
