import DistrictSyncCore
import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Crash-safe file writes: temporary file, fsync, rename, fsync of the directory.
enum DurableFile {
    static func write(_ bytes: [UInt8], to path: String) throws {
        let directory = (path as NSString).deletingLastPathComponent
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let temporary = directory + "/.tmp-\(getpid())-\(UInt64.random(in: 0...UInt64.max))"
        let fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL, 0o644)
        guard fd >= 0 else {
            throw failure(errno, LocalizedText(vi: "không tạo được \(temporary)", en: "cannot create \(temporary)"))
        }
        var written = 0
        while written < bytes.count {
            let n = bytes.withUnsafeBytes { buffer in
                Foundation.write(fd, buffer.baseAddress.map { $0 + written }, bytes.count - written)
            }
            if n < 0 {
                let code = errno
                if code == EINTR { continue }
                close(fd)
                unlink(temporary)
                throw failure(code, LocalizedText(vi: "không ghi được \(temporary)", en: "cannot write \(temporary)"))
            }
            written += n
        }
        guard fsync(fd) == 0 else {
            let code = errno
            close(fd)
            unlink(temporary)
            throw failure(
                code,
                LocalizedText(vi: "không đồng bộ (fsync) được \(temporary) xuống đĩa", en: "cannot fsync \(temporary)"))
        }
        close(fd)
        guard rename(temporary, path) == 0 else {
            let code = errno
            unlink(temporary)
            throw failure(
                code,
                LocalizedText(
                    vi: "không đổi tên được \(temporary) thành \(path)", en: "cannot rename \(temporary) to \(path)"))
        }
        let dirFD = open(directory, O_RDONLY)
        if dirFD >= 0 {
            _ = fsync(dirFD)
            close(dirFD)
        }
    }

    /// A write failure; a full disk or quota gets its own code so the operator knows what to do.
    static func failure(_ code: Int32, _ what: LocalizedText) -> HubError {
        if code == ENOSPC || code == EDQUOT {
            return HubError(
                "hub_disk_full",
                LocalizedText(
                    vi: "\(what.vi): ổ đĩa chứa thư mục hub đã đầy; giải phóng dung lượng ở đó rồi nhập lại đúng "
                        + "các tệp này (chưa hợp nhất phần nào của tập thay đổi này)",
                    en:
                        "\(what.en): the disk holding the hub home is full; free space there and import the same files again "
                        + "(nothing from this changeset was merged)"))
        }
        return HubError(
            "io_error",
            LocalizedText(
                vi: "\(what.vi): \(String(cString: strerror(code))) (errno \(code))",
                en: "\(what.en): \(String(cString: strerror(code))) (errno \(code))"))
    }
}
