import ArgumentParser
import DistrictNode
import DistrictSyncCore
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Where a private key's passphrase comes from: `DSYNC_KEY_PASSPHRASE`, `--passphrase-file`, or a
/// prompt on the terminal. The passphrase is never printed or logged.
struct PassphraseOptions: ParsableArguments {
    @Option(
        help: help(
            "Tệp có dòng đầu là mật khẩu khóa (mặc định: $DSYNC_KEY_PASSPHRASE, nếu không có thì hỏi khi chạy).",
            "A file whose first line is the key passphrase (default: $DSYNC_KEY_PASSPHRASE, else a prompt)."))
    var passphraseFile: String?

    /// The passphrase; `prompt` (default: the key passphrase, in the language of `--lang`) is what
    /// the terminal asks when neither the file nor the variable gives one.
    func read(prompt: String? = nil) throws -> [UInt8]? {
        if let passphraseFile { return try readPassphraseFile(passphraseFile) }
        if let env = ProcessInfo.processInfo.environment["DSYNC_KEY_PASSPHRASE"] { return Array(env.utf8) }
        let text = prompt ?? say(Language.scan(CommandLine.arguments), "Mật khẩu khóa: ", "Key passphrase: ")
        guard isatty(0) == 1, let p = getpass(text) else { return nil }
        return Array(String(cString: p).utf8)
    }
}

/// Reads a passphrase file the one way every command does (node and hub): the file's bytes with
/// exactly one trailing line break (CR LF or LF) removed. A file that still holds a line break
/// after that (two lines, a lone CR) is refused, so no reader could take a different passphrase
/// from it (the PKI scripts take its first line).
func readPassphraseFile(_ path: String) throws -> [UInt8] {
    let bytes = try NodeSession.readFile(path, limit: 4096)
    return try passphrase(fromFileBytes: bytes, path: path)
}

/// The passphrase in a passphrase file's bytes (see `readPassphraseFile`).
func passphrase(fromFileBytes bytes: [UInt8], path: String) throws -> [UInt8] {
    var value = bytes[...]
    if value.last == UInt8(ascii: "\n") {
        value = value.dropLast()
        if value.last == UInt8(ascii: "\r") { value = value.dropLast() }
    }
    guard !value.contains(UInt8(ascii: "\n")), !value.contains(UInt8(ascii: "\r")) else {
        throw NodeError(
            "bad_passphrase_file",
            LocalizedText(
                vi: "\(path) có nhiều hơn một dòng; tệp mật khẩu chỉ chứa mật khẩu và tối đa " + "một dấu xuống dòng",
                en:
                    "\(path) holds more than one line; a passphrase file holds the passphrase and at most one line break"
            ))
    }
    return Array(value)
}
