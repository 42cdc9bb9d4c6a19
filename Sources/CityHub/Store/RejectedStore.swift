import Foundation

/// `HOME/rejected/`: evidence of what the hub refused, bounded (issue 12 Build 6).
///
/// A rejected file up to `keepBytes` is kept whole as `<id>.dsc`; a bigger one (an oversized or
/// garbage upload) only as its first `keepBytes` bytes in `<id>.head` — the id, the SHA-256 of the
/// whole file, is in the name and in the audit row. Once the folder holds `quotaBytes`, nothing more
/// is copied: the audit row still records the refusal, and an attacker without a key cannot fill
/// the hub's disk with garbage. Names come only from the id (T14).
public struct RejectedStore: Sendable {
    public let directory: String
    public let keepBytes: Int
    public let quotaBytes: Int

    public init(directory: String, keepBytes: Int, quotaBytes: Int) {
        self.directory = directory
        self.keepBytes = keepBytes
        self.quotaBytes = quotaBytes
    }

    /// What `keep` did with a file.
    public enum Kept: Equatable, Sendable {
        case whole, head, alreadyKept, overQuota, failed
    }

    /// Keeps evidence of rejected file `id` within the limits.
    @discardableResult
    public func keep(id: String, bytes: [UInt8]) -> Kept {
        guard id.count == 64, id.allSatisfy(\.isHexDigit) else { return .failed }
        let whole = directory + "/" + id + ".dsc"
        let head = directory + "/" + id + ".head"
        let fm = FileManager.default
        if fm.fileExists(atPath: whole) || fm.fileExists(atPath: head) { return .alreadyKept }
        let slice = bytes.count <= keepBytes ? bytes : Array(bytes.prefix(keepBytes))
        guard usedBytes() + slice.count <= quotaBytes else { return .overQuota }
        do {
            try DurableFile.write(slice, to: bytes.count <= keepBytes ? whole : head)
        } catch {
            return .failed
        }
        return bytes.count <= keepBytes ? .whole : .head
    }

    /// Bytes of the regular files directly in the folder.
    public func usedBytes() -> Int {
        let fm = FileManager.default
        guard let names = try? fm.contentsOfDirectory(atPath: directory) else { return 0 }
        var total = 0
        for name in names {
            if let size = (try? fm.attributesOfItem(atPath: directory + "/" + name))?[.size] as? NSNumber {
                total += size.intValue
            }
        }
        return total
    }
}
