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
        guard fd >= 0 else { throw HubError("io_error", "cannot create \(temporary): errno \(errno)") }
        var written = 0
        while written < bytes.count {
            let n = bytes.withUnsafeBytes { buffer in
                Foundation.write(fd, buffer.baseAddress.map { $0 + written }, bytes.count - written)
            }
            if n < 0 {
                if errno == EINTR { continue }
                close(fd)
                unlink(temporary)
                throw HubError("io_error", "cannot write \(temporary): errno \(errno)")
            }
            written += n
        }
        guard fsync(fd) == 0 else {
            close(fd)
            unlink(temporary)
            throw HubError("io_error", "cannot fsync \(temporary): errno \(errno)")
        }
        close(fd)
        guard rename(temporary, path) == 0 else {
            unlink(temporary)
            throw HubError("io_error", "cannot rename \(temporary) to \(path): errno \(errno)")
        }
        let dirFD = open(directory, O_RDONLY)
        if dirFD >= 0 {
            _ = fsync(dirFD)
            close(dirFD)
        }
    }
}
