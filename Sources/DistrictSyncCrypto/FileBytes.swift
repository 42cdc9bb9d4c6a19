import Foundation

/// Whole-file reads with errors that name the file but never its contents.
enum FileBytes {
    static func read(_ path: String, what: String) throws(CryptoError) -> [UInt8] {
        guard let data = FileManager.default.contents(atPath: path) else {
            let exists = FileManager.default.fileExists(atPath: path)
            throw CryptoError(
                .ioError,
                exists
                    ? "cannot read \(what) '\(path)': check its permissions"
                    : "\(what) '\(path)' does not exist; check the path")
        }
        return [UInt8](data)
    }
}
