import ArgumentParser
import Foundation
import Logging

/// The log format of a long-running command (`hub serve`): `text` for a person reading a
/// terminal, `json` for journald, Loki or any tool that reads one JSON object a line.
enum LogFormat: String, CaseIterable, ExpressibleByArgument {
    case text, json
}

/// `--log-format` and `--log-level` (docs/operations.md, "Logs").
struct LogOptions: ParsableArguments {
    @Option(
        name: .customLong("log-format"),
        help: help(
            "Định dạng nhật ký trên stderr: text (mặc định) hoặc json (mỗi dòng một đối tượng JSON).",
            "Log format on stderr: text (default) or json (one JSON object a line)."))
    var format: LogFormat = .text

    @Option(
        name: .customLong("log-level"),
        help: help(
            "Mức nhật ký thấp nhất: trace, debug, info, notice, warning, error, critical "
                + "(mặc định: LOG_LEVEL, hoặc info với json, warning với text).",
            "Lowest level logged: trace, debug, info, notice, warning, error, critical "
                + "(default: LOG_LEVEL, else info for json and warning for text)."))
    var level: String?

    func validate() throws {
        if let level, Logger.Level(rawValue: level) == nil {
            throw ValidationError(
                help(
                    "--log-level '\(level)' không hợp lệ; ghi một trong trace, debug, info, notice, warning, error, "
                        + "critical",
                    "--log-level '\(level)' is not a level; give one of trace, debug, info, notice, warning, error, "
                        + "critical"))
        }
    }

    /// A logger writing to standard error in the chosen format.
    func makeLogger(label: String) -> Logger {
        let chosen =
            level.flatMap(Logger.Level.init(rawValue:))
            ?? ProcessInfo.processInfo.environment["LOG_LEVEL"].flatMap(Logger.Level.init(rawValue:))
            ?? (format == .json ? .info : .warning)
        var logger: Logger
        switch format {
        case .json: logger = Logger(label: label) { label in JSONLogHandler(label: label, sink: .standardError) }
        case .text: logger = Logger(label: label) { label in StreamLogHandler.standardError(label: label) }
        }
        logger.logLevel = chosen
        return logger
    }
}
