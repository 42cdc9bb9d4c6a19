public import DistrictSyncCore
import Foundation
import ZIPFoundation

/// The size limits a workbook must keep before any XML in it is parsed (zip bombs refused).
public struct XLSXLimits: Sendable {
    /// The largest workbook file (the ZIP archive itself).
    public var archiveBytes: Int
    /// The largest part (one XML file inside the archive) once inflated.
    public var entryBytes: Int
    /// The largest sum of the inflated parts that are read.
    public var totalBytes: Int
    /// The largest inflated/compressed ratio of a part above `ratioFloorBytes` (real sheets stay
    /// well under 100; a zip bomb is in the thousands).
    public var maxRatio: Int
    /// Parts smaller than this inflated are not held to `maxRatio` (tiny XML compresses very well).
    public var ratioFloorBytes: Int

    public init(
        archiveBytes: Int = 64 << 20, entryBytes: Int = 256 << 20, totalBytes: Int = 512 << 20, maxRatio: Int = 200,
        ratioFloorBytes: Int = 1 << 20
    ) {
        self.archiveBytes = archiveBytes
        self.entryBytes = entryBytes
        self.totalBytes = totalBytes
        self.maxRatio = maxRatio
        self.ratioFloorBytes = ratioFloorBytes
    }

    public static let standard = XLSXLimits()
}

/// The parts of a workbook archive, read one at a time under `XLSXLimits`.
struct XLSXArchive {
    let archive: Archive
    let limits: XLSXLimits
    let name: String
    var readBytes = 0

    init(bytes: [UInt8], name: String, limits: XLSXLimits) throws(CoreError) {
        guard bytes.count <= limits.archiveBytes else {
            throw XLSXArchive.tooLarge(
                name,
                vi: "tệp có \(bytes.count) byte, lớn hơn giới hạn \(limits.archiveBytes) byte",
                en: "the file is \(bytes.count) bytes, over the limit of \(limits.archiveBytes) bytes")
        }
        guard bytes.starts(with: [0x50, 0x4B, 0x03, 0x04]),
            let archive = try? Archive(data: Data(bytes), accessMode: .read)
        else {
            throw XLSXArchive.invalid(
                name, vi: "không phải tệp Excel .xlsx (không đọc được dạng ZIP)",
                en: "is not an Excel .xlsx workbook (not a readable ZIP archive)")
        }
        self.archive = archive
        self.limits = limits
        self.name = name
        // Every part is checked before any is inflated: a bomb is refused without inflating it.
        for entry in archive where entry.type == .file {
            try check(declared: entry)
        }
    }

    func check(declared entry: Entry) throws(CoreError) {
        let size = entry.uncompressedSize
        let packed = max(entry.compressedSize, 1)
        if size > UInt64(limits.entryBytes) {
            throw XLSXArchive.tooLarge(
                name,
                vi: "phần '\(entry.path)' giải nén ra \(size) byte, lớn hơn giới hạn \(limits.entryBytes) byte",
                en: "part '\(entry.path)' inflates to \(size) bytes, over the limit of \(limits.entryBytes) bytes")
        }
        if size > UInt64(limits.ratioFloorBytes) && size / packed > UInt64(limits.maxRatio) {
            throw XLSXArchive.tooLarge(
                name,
                vi: "phần '\(entry.path)' nén với tỉ lệ \(size / packed):1 (giới hạn \(limits.maxRatio):1) — "
                    + "có thể là tệp độc hại (zip bomb)",
                en: "part '\(entry.path)' is compressed \(size / packed):1 (the limit is \(limits.maxRatio):1) — "
                    + "possibly a zip bomb")
        }
    }

    func contains(_ path: String) -> Bool { archive[path] != nil }

    /// The inflated bytes of part `path` (nil when absent), stopping as soon as a limit is passed
    /// whatever the archive's directory claims.
    mutating func part(_ path: String) throws(CoreError) -> Data? {
        guard let entry = archive[path], entry.type == .file else { return nil }
        try check(declared: entry)
        let entryLimit = min(limits.entryBytes, limits.totalBytes - readBytes)
        var data = Data()
        var overflow = false
        do {
            _ = try archive.extract(entry, skipCRC32: false) { chunk in
                if data.count + chunk.count > entryLimit {
                    overflow = true
                    throw CocoaError(.fileReadTooLarge)
                }
                data.append(chunk)
            }
        } catch {
            if overflow {
                throw XLSXArchive.tooLarge(
                    name,
                    vi: "phần '\(path)' giải nén ra hơn \(entryLimit) byte (tổng giới hạn \(limits.totalBytes) byte)",
                    en: "part '\(path)' inflates to more than \(entryLimit) bytes (total limit \(limits.totalBytes))")
            }
            throw XLSXArchive.invalid(
                name, vi: "phần '\(path)' bị hỏng, không giải nén được",
                en: "part '\(path)' is damaged and cannot be read")
        }
        readBytes += data.count
        return data
    }

    static func invalid(_ name: String, vi: String, en: String) -> CoreError {
        CoreError(
            "xlsx_invalid",
            LocalizedText(
                vi: "\(name): \(vi); lưu lại bằng Excel ở dạng Sổ làm việc Excel (.xlsx) hoặc CSV UTF-8",
                en: "\(name): \(en); save it again from Excel as an Excel Workbook (.xlsx) or as CSV UTF-8"))
    }

    static func tooLarge(_ name: String, vi: String, en: String) -> CoreError {
        CoreError(
            "xlsx_too_large",
            LocalizedText(
                vi: "\(name): \(vi); chia tệp thành nhiều tệp nhỏ hơn hoặc lưu ở dạng CSV UTF-8",
                en: "\(name): \(en); split the workbook into smaller ones or save it as CSV UTF-8"))
    }
}
