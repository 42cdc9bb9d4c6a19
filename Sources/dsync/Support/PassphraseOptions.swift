import ArgumentParser
import DistrictNode
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Where a private key's passphrase comes from: `DSYNC_KEY_PASSPHRASE`, `--passphrase-file`, or a
/// prompt on the terminal. The passphrase is never printed or logged.
struct PassphraseOptions: ParsableArguments {
    @Option(help: "A file whose first line is the key passphrase (default: $DSYNC_KEY_PASSPHRASE, else a prompt).")
    var passphraseFile: String?

    func read(prompt: String = "Key passphrase: ") throws -> [UInt8]? {
        if let passphraseFile {
            let bytes = try NodeSession.readFile(passphraseFile, limit: 4096)
            let line = bytes.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).first ?? []
            return Array(line.last == UInt8(ascii: "\r") ? line.dropLast() : line)
        }
        if let env = ProcessInfo.processInfo.environment["DSYNC_KEY_PASSPHRASE"] { return Array(env.utf8) }
        guard isatty(0) == 1, let p = getpass(prompt) else { return nil }
        return Array(String(cString: p).utf8)
    }
}
