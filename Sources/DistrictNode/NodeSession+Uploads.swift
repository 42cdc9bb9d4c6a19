public import DistrictSyncCore
import Foundation

/// A file uploaded to import, kept in the node home between its preview and the confirmation
/// (`HOME/uploads/ID.data` and `ID.json`, mode 0600): the confirmation names only the id, so
/// what is imported is what was previewed, never bytes sent again by the browser.
public struct ImportUpload: Codable, Sendable, Equatable {
    public let id: String
    public let kind: String
    public let sheet: String?
    /// The file's name as the browser gave it (shown, never used as a path).
    public let fileName: String
    public let savedMillis: Int64

    enum CodingKeys: String, CodingKey {
        case id, kind, sheet
        case fileName = "file_name"
        case savedMillis = "saved_millis"
    }
}

extension NodeSession {
    /// The largest file the app accepts to import (the CLI reads up to `maxImportBytes`).
    public static let maxUploadBytes = 32 * 1024 * 1024
    /// Uploads left unconfirmed longer than this are removed when the next one is kept.
    static let uploadLifetimeMillis: Int64 = 24 * 3600 * 1000

    var uploadsDirectory: String { home.path + "/uploads" }

    /// Keeps an uploaded file under a new random id; refuses one over `maxUploadBytes`.
    public func keepUpload(_ bytes: [UInt8], kind: ImportKind, sheet: String?, fileName: String) throws
        -> ImportUpload
    {
        guard bytes.count <= Self.maxUploadBytes else {
            throw NodeError(
                "file_too_large",
                LocalizedText(
                    vi: "tệp tải lên có \(bytes.count) byte; giới hạn là \(Self.maxUploadBytes) byte",
                    en: "the uploaded file is \(bytes.count) bytes; the limit is \(Self.maxUploadBytes) bytes"))
        }
        let fm = FileManager.default
        try? fm.createDirectory(
            atPath: uploadsDirectory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        pruneUploads()
        let sheetName = sheet.map { VietnameseText.clean($0) }.flatMap { $0.isEmpty ? nil : String($0.prefix(100)) }
        let upload = ImportUpload(
            id: try checkedUploadID(makeID()), kind: kind.rawValue, sheet: sheetName,
            fileName: String(VietnameseText.clean(fileName).prefix(200)), savedMillis: clock.nowMillis())
        try writePrivate(Data(bytes), to: uploadPath(upload.id))
        try writePrivate(try JSONEncoder().encode(upload), to: uploadsDirectory + "/\(upload.id).json")
        return upload
    }

    /// The kept upload with `id` (`unknown_upload` when it is gone or the id is not one).
    public func upload(_ id: String) throws -> ImportUpload {
        let id = try checkedUploadID(id)
        guard let data = FileManager.default.contents(atPath: uploadsDirectory + "/\(id).json"),
            let upload = try? JSONDecoder().decode(ImportUpload.self, from: data), upload.id == id,
            FileManager.default.fileExists(atPath: uploadPath(id))
        else {
            throw Self.unknownUpload(id)
        }
        return upload
    }

    /// The kept file's table (every row, as the import reads it) and the dry run's report.
    public func previewUpload(_ upload: ImportUpload) throws -> (table: CSVTable, report: ImportReport) {
        let kind = try importKind(upload)
        let bytes = try Self.readFile(uploadPath(upload.id), limit: Self.maxUploadBytes)
        let table = try Self.importTable(bytes, name: upload.fileName, sheet: upload.sheet)
        let report = try importCSV(
            kind, path: uploadPath(upload.id), sheet: upload.sheet, displayName: upload.fileName, dryRun: true)
        return (table, report)
    }

    /// Imports the kept file all or nothing (the call of `dsync node import`), then removes it
    /// whatever the outcome.
    public func importUpload(_ upload: ImportUpload) throws -> ImportReport {
        defer { dropUpload(upload.id) }
        return try importCSV(
            try importKind(upload), path: uploadPath(upload.id), sheet: upload.sheet, displayName: upload.fileName)
    }

    /// Removes a kept upload (nothing when it is already gone).
    public func dropUpload(_ id: String) {
        guard let id = try? checkedUploadID(id) else { return }
        try? FileManager.default.removeItem(atPath: uploadPath(id))
        try? FileManager.default.removeItem(atPath: uploadsDirectory + "/\(id).json")
    }

    func uploadPath(_ id: String) -> String { uploadsDirectory + "/\(id).data" }

    func importKind(_ upload: ImportUpload) throws -> ImportKind {
        guard let kind = ImportKind(rawValue: upload.kind) else { throw Self.unknownUpload(upload.id) }
        return kind
    }

    /// Removes uploads older than a day (abandoned previews).
    func pruneUploads() {
        let now = clock.nowMillis()
        let names = (try? FileManager.default.contentsOfDirectory(atPath: uploadsDirectory)) ?? []
        for name in names where name.hasSuffix(".json") {
            let id = String(name.dropLast(5))
            guard let kept = try? upload(id) else { continue }
            if now - kept.savedMillis > Self.uploadLifetimeMillis { dropUpload(id) }
        }
    }

    func writePrivate(_ data: Data, to path: String) throws {
        guard FileManager.default.createFile(atPath: path, contents: data, attributes: [.posixPermissions: 0o600])
        else {
            throw NodeError("io_error", LocalizedText(vi: "không ghi được \(path)", en: "cannot write \(path)"))
        }
    }

    /// An upload id names files: only lower-case hex digits and dashes.
    func checkedUploadID(_ id: String) throws -> String {
        guard (1...64).contains(id.count), id.allSatisfy({ ($0.isHexDigit && !$0.isUppercase) || $0 == "-" }) else {
            throw Self.unknownUpload(String(id.prefix(64)))
        }
        return id
    }

    static func unknownUpload(_ id: String) -> NodeError {
        NodeError(
            "unknown_upload",
            LocalizedText(
                vi: "không còn tệp tải lên mang mã '\(id)' trên nút (đã nhập, hoặc đã quá hạn); tải tệp lên lại",
                en:
                    "no uploaded file with id '\(id)' is kept on the node (imported already, or expired); upload it again"
            ))
    }
}
