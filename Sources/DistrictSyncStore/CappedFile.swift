public import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Reads a file from outside (a changeset, a receipt, a proof) with a size cap and without races:
/// the descriptor is opened first and everything is decided on it (`fstat`), so a file swapped or
/// grown between a check and the read cannot slip past the cap or the type check. Shared by the
/// hub's `FileImporter` (threat T14) and the node's `HubTrust.readDocument`.
public enum CappedFile {
    /// The device and inode `lstat` saw for a path, to check the descriptor later opened is that file.
    public struct Identity: Equatable, Sendable {
        public let device: UInt64
        public let inode: UInt64

        public init?(_ attributes: [FileAttributeKey: Any]?) {
            guard let device = (attributes?[.systemNumber] as? NSNumber)?.uint64Value,
                let inode = (attributes?[.systemFileNumber] as? NSNumber)?.uint64Value
            else { return nil }
            self.device = device
            self.inode = inode
        }

        public init(device: UInt64, inode: UInt64) {
            self.device = device
            self.inode = inode
        }
    }

    /// Why a read was refused; callers turn it into their own reason code and words.
    public enum Failure: Error, Equatable, Sendable {
        /// Nothing at the path, or it cannot be opened (errno).
        case cannotOpen(errno: Int32)
        /// A symbolic link, with `followLinks: false`.
        case symbolicLink
        /// Not a regular file (a directory, a FIFO, a device).
        case notRegular
        /// Another file than the one `identity` named (swapped in after the check).
        case replaced
        /// A read error (errno).
        case readFailed(errno: Int32)
    }

    /// Up to `limit` bytes of `path` (read `limit` as one more than the most a caller accepts to
    /// tell "too large" from "exactly at the limit"). `expected` only sizes the first allocation.
    public static func read(
        _ path: String, limit: Int, expected: Int = 0, identity: Identity? = nil, followLinks: Bool = false
    ) -> Result<[UInt8], Failure> {
        // O_NONBLOCK: a file swapped for a FIFO must not block the open; fstat then refuses it.
        let fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK | (followLinks ? 0 : O_NOFOLLOW))
        guard fd >= 0 else {
            return .failure(errno == ELOOP && !followLinks ? .symbolicLink : .cannotOpen(errno: errno))
        }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0, info.st_mode & S_IFMT == S_IFREG else { return .failure(.notRegular) }
        if let identity, identity != Identity(device: UInt64(info.st_dev), inode: UInt64(info.st_ino)) {
            return .failure(.replaced)
        }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(min(max(expected, Int(info.st_size)), limit) + 1)
        var chunk = [UInt8](repeating: 0, count: min(1 << 20, max(limit, 1)))
        while bytes.count < limit {
            let want = min(chunk.count, limit - bytes.count)
            let n = chunk.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, want) }
            if n < 0 {
                if errno == EINTR { continue }
                return .failure(.readFailed(errno: errno))
            }
            if n == 0 { break }
            bytes.append(contentsOf: chunk[0..<n])
        }
        return .success(bytes)
    }
}
