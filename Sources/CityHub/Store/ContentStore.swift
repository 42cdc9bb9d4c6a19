import DistrictSyncCore
import Foundation

/// The content-addressed store of changeset files: `store/<first 2 hex>/<id>.dsc`, exact bytes.
///
/// Files are written to a temporary name, fsynced, renamed into place and the directory fsynced, so
/// a crash leaves either no file or the whole file; the hub writes them before the transaction that
/// refers to them commits. Names come only from the SHA-256 id, never from file content (T14).
public struct ContentStore: Sendable {
    public let directory: String

    public init(directory: String) { self.directory = directory }

    /// The path of changeset `id` (64 hex digits).
    public func path(id: String) -> String { directory + "/" + String(id.prefix(2)) + "/" + id + ".dsc" }

    /// Writes `bytes` as `id` unless a file with that id already exists.
    public func put(id: String, bytes: [UInt8]) throws {
        let target = path(id: id)
        if FileManager.default.fileExists(atPath: target) { return }
        try DurableFile.write(bytes, to: target)
    }

    /// The exact bytes of changeset `id`, checked against the id.
    public func get(id: String) throws -> [UInt8] {
        guard let data = FileManager.default.contents(atPath: path(id: id)) else {
            throw HubError(
                "store_missing",
                LocalizedText(
                    vi: "tập thay đổi \(id) không có trong kho của hub (\(path(id: id)))",
                    en: "changeset \(id) is missing from the hub's store (\(path(id: id)))"))
        }
        let bytes = [UInt8](data)
        guard hexString(SHA256.hash(bytes)) == id else {
            throw HubError(
                "store_corrupt",
                LocalizedText(
                    vi: "tệp đã lưu của tập thay đổi \(id) không khớp mã băm của nó",
                    en: "the stored file for changeset \(id) does not match its hash"))
        }
        return bytes
    }
}
