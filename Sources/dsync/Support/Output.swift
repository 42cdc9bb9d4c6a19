public import ArgumentParser
import DistrictSyncCore
import Foundation

/// Language and format options every command shares.
struct OutputOptions: ParsableArguments {
    @Option(help: help("Ngôn ngữ hiển thị: vi (mặc định) hoặc en.", "Language of human output: vi (default) or en."))
    var lang: Language = .vi

    @Flag(help: help("In JSON cho chương trình thay cho văn bản.", "Print JSON for scripts instead of text."))
    var json = false
}

extension Language: ExpressibleByArgument {}

/// Picks the Vietnamese or English text.
func say(_ lang: Language, _ vi: String, _ en: String) -> String { lang == .vi ? vi : en }

/// The language chosen on the command line, read before parsing: help texts are built while the
/// arguments are parsed, so `dsync node init --help --lang en` shows English help.
let startupLanguage = Language.scan(Array(CommandLine.arguments.dropFirst()))

/// A command's abstract or discussion in the startup language.
func help(_ vi: String, _ en: String) -> String { say(startupLanguage, vi, en) }

/// An option's help in the startup language.
func help(_ vi: String, _ en: String) -> ArgumentHelp { ArgumentHelp(say(startupLanguage, vi, en)) }

/// Writes a line to standard output. Control characters other than the line breaks and tabs the
/// program itself writes are escaped (`TerminalText`), so a value cannot drive the terminal.
func emit(_ text: String) {
    FileHandle.standardOutput.write(Data((TerminalText.escape(text, keepLineBreaks: true) + "\n").utf8))
}

/// Writes a line to standard error (escaped like `emit`).
func emitError(_ text: String) {
    FileHandle.standardError.write(Data((TerminalText.escape(text, keepLineBreaks: true) + "\n").utf8))
}

/// Writes machine output (CSV, JSON, HTML report text) unchanged: each format has its own escaping.
func emitRaw(_ text: String) {
    FileHandle.standardOutput.write(Data((text + "\n").utf8))
}

/// Escapes what must never reach a terminal raw from a value (a node id, a file name, a name, a
/// message from the hub): C0 controls (ESC, CR, LF, …), DEL, C1 controls, the Unicode line and
/// paragraph separators and the bidirectional controls (RLO and friends, CVE-2021-42574). Each
/// becomes `\uXXXX`, which is also a valid JSON string escape for the same character.
enum TerminalText {
    static func mustEscape(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x00...0x1F, 0x7F...0x9F: return true
        case 0x061C, 0x200E, 0x200F, 0x2028, 0x2029, 0x202A...0x202E, 0x2066...0x2069: return true
        default: return false
        }
    }

    /// `text` with every such character escaped; `keepLineBreaks` leaves LF and TAB (for whole
    /// lines and tables the program laid out itself).
    static func escape(_ text: String, keepLineBreaks: Bool = false) -> String {
        guard text.unicodeScalars.contains(where: mustEscape) else { return text }
        var out = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            if mustEscape(scalar), !(keepLineBreaks && (scalar == "\n" || scalar == "\t")) {
                let hex = String(scalar.value, radix: 16, uppercase: true)
                out.append(
                    contentsOf: ("\\u" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex).unicodeScalars)
            } else {
                out.append(scalar)
            }
        }
        return String(out)
    }
}

/// Prints a value as pretty, key-sorted JSON.
func emitJSON<T: Encodable>(_ value: T) throws {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
    emit(String(decoding: try encoder.encode(value), as: UTF8.self))
}

/// A plain text table with aligned columns (display width counts characters, not bytes).
func table(_ header: [String], _ rowValues: [[String]]) -> String {
    // A cell is one line: every control character in a value is escaped (a file name with LF or ESC).
    let rows = rowValues.map { $0.map { TerminalText.escape($0) } }
    let all = [header] + rows
    let widths = header.indices.map { i in all.map { $0.indices.contains(i) ? $0[i].count : 0 }.max() ?? 0 }
    func line(_ r: [String]) -> String {
        r.enumerated().map { i, s in i == r.count - 1 ? s : s + String(repeating: " ", count: widths[i] - s.count) }
            .joined(separator: "  ")
    }
    return ([line(header), widths.map { String(repeating: "-", count: $0) }.joined(separator: "  ")] + rows.map(line))
        .joined(separator: "\n")
}

/// A progress bar on standard error, drawn only when standard error is a terminal.
final class ProgressBar {
    let label: String
    let enabled: Bool
    var lastDrawn = -1

    init(label: String) {
        self.label = label
        enabled = isatty(2) == 1
    }

    func update(_ done: Int, _ total: Int) {
        guard enabled, total > 0 else { return }
        let percent = done * 100 / total
        guard percent != lastDrawn else { return }
        lastDrawn = percent
        let width = 30
        let filled = width * done / total
        let bar = String(repeating: "█", count: filled) + String(repeating: "·", count: width - filled)
        FileHandle.standardError.write(Data("\r\(label) [\(bar)] \(percent)% \(done)/\(total)".utf8))
        if done == total { FileHandle.standardError.write(Data("\n".utf8)) }
    }
}
