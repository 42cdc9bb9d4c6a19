import DistrictSyncCore
import DistrictSyncStore
import Foundation
import Glibc

/// File and folder import for `hub import`: collects `*.dsc` files without following symlinks and
/// refuses oversized files before reading them, then hands the bytes to `HubService.submit`.
public struct FileImporter {
    let service: HubService
    let maxBytes: Int

    public init(service: HubService, maxBytes: Int) {
        self.service = service
        self.maxBytes = maxBytes
    }

    /// The files to import: given files as they are; for a folder, its regular `*.dsc` entries, sorted.
    public func collect(_ paths: [String]) throws -> [String] {
        let fm = FileManager.default
        var files: [String] = []
        for path in paths {
            let attributes = try? fm.attributesOfItem(atPath: path)
            let type = attributes?[.type] as? FileAttributeType
            if type == .typeDirectory {
                let names = Self.chainOrder(
                    try fm.contentsOfDirectory(atPath: path).filter { $0.hasSuffix(".dsc") }.sorted(),
                    manifest: path + "/manifest.json")
                for name in names {
                    let full = path + "/" + name
                    // attributesOfItem does not follow symlinks: a link is skipped, never opened.
                    if (try? fm.attributesOfItem(atPath: full))?[.type] as? FileAttributeType == .typeRegular {
                        files.append(full)
                    }
                }
            } else if type == nil {
                throw HubError(
                    "no_such_file",
                    LocalizedText(
                        vi: "\(path) không tồn tại; ghi một tệp .dsc hoặc một thư mục chứa các tệp " + "đó",
                        en: "\(path) does not exist; name a .dsc file or a folder of them"))
            } else if type == .typeRegular {
                files.append(path)
            } else {
                // A device, pipe or socket could feed bytes forever (/dev/zero): never open one.
                throw HubError(
                    "not_regular_file",
                    LocalizedText(
                        vi: "\(path) không phải tệp thông thường (là thiết bị, ống dẫn, socket hoặc "
                            + "liên kết); hãy chép tập thay đổi vào một tệp trước",
                        en:
                            "\(path) is not a regular file (a device, pipe, socket or link); copy the changeset into a file first"
                    ))
            }
        }
        return files
    }

    /// A node's export folder lists its changesets in chain order in `manifest.json`; importing in
    /// that order applies each at once instead of holding later ones until their predecessor
    /// arrives. The manifest only reorders names already listed from the folder (no path is taken
    /// from it); without a readable manifest the order stays by name.
    static func chainOrder(_ names: [String], manifest: String) -> [String] {
        struct Manifest: Decodable {
            struct Item: Decodable {
                let file: String
                let seq: Int64
            }
            let changesets: [Item]
        }
        // Only a regular file under 16 MiB is read: a manifest that is a pipe or a device is ignored (T9).
        let attributes = try? FileManager.default.attributesOfItem(atPath: manifest)
        guard attributes?[.type] as? FileAttributeType == .typeRegular,
            let size = (attributes?[.size] as? NSNumber)?.intValue, size < 16 << 20,
            let data = FileManager.default.contents(atPath: manifest),
            let parsed = try? JSONDecoder().decode(Manifest.self, from: data)
        else { return names }
        var rank: [String: Int64] = [:]
        for item in parsed.changesets { rank[item.file] = item.seq }
        return names.enumerated().sorted { a, b in
            switch (rank[a.element], rank[b.element]) {
            case (let x?, let y?): return x != y ? x < y : a.offset < b.offset
            case (.some, nil): return true
            case (nil, .some): return false
            case (nil, nil): return a.offset < b.offset
            }
        }.map(\.element)
    }

    /// Imports one file.
    public func importFile(_ path: String) -> SubmissionOutcome {
        let fm = FileManager.default
        let attributes = try? fm.attributesOfItem(atPath: path)
        if let type = attributes?[.type] as? FileAttributeType, type != .typeRegular {
            return service.recordRejectionWithoutBytes(
                source: "file:" + path,
                error: HubError(
                    "not_regular_file",
                    LocalizedText(
                        vi: "\(path) không phải tệp thông thường; chưa mở tệp",
                        en: "\(path) is not a regular file; it was not opened")))
        }
        let size = (attributes?[.size] as? NSNumber)?.intValue ?? -1
        guard size >= 0, size <= maxBytes else {
            let reason = size < 0 ? "io_error" : "too_large"
            return service.recordRejectionWithoutBytes(
                source: "file:" + path,
                error: HubError(
                    reason,
                    size < 0
                        ? LocalizedText(vi: "không đọc được \(path)", en: "cannot read \(path)")
                        : LocalizedText(
                            vi: "\(size) byte; giới hạn \(maxBytes) byte", en: "\(size) bytes; limit \(maxBytes)")))
        }
        // Read at most one byte past the limit, so a file that grows after the size check is still capped;
        // straight into one array (a 64 MB changeset is not held twice). The file opened must be the
        // one checked above: no link (O_NOFOLLOW), same device and inode (fstat).
        let identity = FileIdentity(attributes)
        let bytes: [UInt8]
        switch Self.readChecked(path, expected: size, limit: maxBytes + 1, identity: identity) {
        case .success(let read): bytes = read
        case .failure(let error):
            return service.recordRejectionWithoutBytes(source: "file:" + path, error: error)
        }
        guard bytes.count <= maxBytes else {
            return service.recordRejectionWithoutBytes(
                source: "file:" + path,
                error: HubError(
                    "too_large",
                    LocalizedText(
                        vi: "\(path) đã lớn quá giới hạn \(maxBytes) byte trong lúc đọc",
                        en: "\(path) grew past the \(maxBytes)-byte limit while read")))
        }
        return service.submit(bytes: bytes, source: "file:" + path)
    }

    /// The device and inode `lstat` saw for a path (`CappedFile.Identity`).
    typealias FileIdentity = CappedFile.Identity

    /// Reads up to `limit` bytes of `path` (expected to hold `expected`); nil when it cannot be read.
    static func read(_ path: String, expected: Int, limit: Int) -> [UInt8]? {
        try? readChecked(path, expected: expected, limit: limit, identity: nil).get()
    }

    /// Reads up to `limit` bytes of `path`, refusing a symlink (`O_NOFOLLOW`: one swapped in after
    /// the `lstat` is not followed), anything but a regular file, and — with `identity` — a file other
    /// than the one checked (a rename swapped in between `lstat` and `open`). Threat T14, issue 12.
    static func readChecked(_ path: String, expected: Int, limit: Int, identity: FileIdentity?) -> Result<
        [UInt8], HubError
    > {
        CappedFile.read(path, limit: limit, expected: expected, identity: identity).mapError { failure in
            switch failure {
            case .symbolicLink:
                HubError(
                    "not_regular_file",
                    LocalizedText(
                        vi: "\(path) là liên kết tượng trưng (bị tráo sau bước kiểm tra?); không đi theo liên kết",
                        en: "\(path) is a symbolic link (swapped in after the check?); not followed"))
            case .cannotOpen:
                HubError(
                    "io_error",
                    LocalizedText(
                        vi: "không đọc được \(path); kiểm tra tệp có tồn tại và đọc được không",
                        en: "cannot read \(path); check it exists and is readable"))
            case .notRegular:
                HubError(
                    "not_regular_file",
                    LocalizedText(
                        vi: "\(path) không phải tệp thông thường; chưa đọc tệp",
                        en: "\(path) is not a regular file; it was not read"))
            case .replaced:
                HubError(
                    "not_regular_file",
                    LocalizedText(
                        vi: "\(path) đã bị thay bằng tệp khác giữa bước kiểm tra và lúc mở; chưa đọc tệp",
                        en: "\(path) was replaced by another file between the check and the open; not read"))
            case .readFailed(let code):
                HubError(
                    "io_error",
                    LocalizedText(
                        vi: "không đọc được \(path): \(String(cString: strerror(code)))",
                        en: "cannot read \(path): \(String(cString: strerror(code)))"))
            }
        }
    }
}
