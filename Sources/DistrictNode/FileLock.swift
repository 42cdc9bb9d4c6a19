import DistrictSyncCore
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// An exclusive advisory lock on a file (flock), held for the life of the object, so two `dsync`
/// processes never work on one home at once. The kernel drops it if the process dies.
final class FileLock {
    let fd: Int32

    init(path: String, what: String) throws {
        fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard fd >= 0 else {
            throw NodeError(
                "lock_failed",
                LocalizedText(
                    vi: "không mở được tệp khóa \(path): \(String(cString: strerror(errno)))",
                    en: "cannot open the lock file \(path): \(String(cString: strerror(errno)))"))
        }
        if flock(fd, LOCK_EX | LOCK_NB) != 0 {
            close(fd)
            throw NodeError(
                "home_locked",
                LocalizedText(
                    vi:
                        "\(what) đang được một tiến trình dsync khác dùng (khóa \(path)); chờ nó chạy xong rồi chạy lại lệnh",
                    en:
                        "\(what) is in use by another dsync process (lock \(path)); wait for it to finish, then run the command again"
                ))
        }
    }

    deinit {
        flock(fd, LOCK_UN)
        close(fd)
    }
}
