import DistrictSyncCore
import Foundation

/// Whole-file reads with errors that name the file but never its contents.
enum FileBytes {
    static func read(_ path: String, what: LocalizedText) throws(CryptoError) -> [UInt8] {
        guard let data = FileManager.default.contents(atPath: path) else {
            let exists = FileManager.default.fileExists(atPath: path)
            throw CryptoError(
                .ioError,
                exists
                    ? LocalizedText(
                        vi: "không đọc được \(what.vi) '\(path)': hãy kiểm tra quyền truy cập tệp",
                        en: "cannot read \(what.en) '\(path)': check its permissions")
                    : LocalizedText(
                        vi: "\(what.vi) '\(path)' không tồn tại; hãy kiểm tra đường dẫn",
                        en: "\(what.en) '\(path)' does not exist; check the path"))
        }
        return [UInt8](data)
    }
}
