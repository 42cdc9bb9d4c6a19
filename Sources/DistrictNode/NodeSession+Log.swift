public import DistrictSyncCore
import Foundation

/// What the node keeps of the city transparency log (docs/transparency.md): the log's verifier key,
/// pinned when first seen, and the newest checkpoint it verified; plus evidence when the hub showed
/// it a different history. Files under `HOME/log/`.
extension NodeSession {
    var logDirectory: String { home.path + "/log" }
    var logKeyPath: String { logDirectory + "/hub-log.vkey" }
    var checkpointPath: String { logDirectory + "/checkpoint.txt" }

    /// The pinned log key, or nil before the first sync that saw one.
    public func pinnedLogKey() throws -> NoteVerifierKey? {
        guard let data = FileManager.default.contents(atPath: logKeyPath) else { return nil }
        do { return try NoteVerifierKey.parse(String(decoding: data, as: UTF8.self)) } catch {
            throw NodeError(
                error.code, LocalizedText(vi: "\(logKeyPath): \(error.text.vi)", en: "\(logKeyPath): \(error.message)"))
        }
    }

    public func pinLogKey(_ key: NoteVerifierKey) throws {
        try FileManager.default.createDirectory(atPath: logDirectory, withIntermediateDirectories: true)
        try Data((key.text + "\n").utf8).write(to: URL(fileURLWithPath: logKeyPath), options: .atomic)
    }

    /// The newest checkpoint this node verified (its signed note), or nil.
    public func keptCheckpoint() -> String? {
        FileManager.default.contents(atPath: checkpointPath).map { String(decoding: $0, as: UTF8.self) }
    }

    public func keepCheckpoint(_ note: String) throws {
        try FileManager.default.createDirectory(atPath: logDirectory, withIntermediateDirectories: true)
        try Data(note.utf8).write(to: URL(fileURLWithPath: checkpointPath), options: .atomic)
    }

    /// Writes what proves the hub showed two histories: both checkpoints and the proof (or answer) it
    /// gave, in `HOME/log/evidence/<now>/`; returns the folder.
    @discardableResult
    public func keepEvidence(kept: String?, shown: String, proof: [UInt8], reason: String) throws -> String {
        let folder = logDirectory + "/evidence/\(clock.nowMillis())"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        if let kept { try Data(kept.utf8).write(to: URL(fileURLWithPath: folder + "/kept-checkpoint.txt")) }
        try Data(shown.utf8).write(to: URL(fileURLWithPath: folder + "/shown-checkpoint.txt"))
        try Data(proof).write(to: URL(fileURLWithPath: folder + "/proof.json"))
        try Data((reason + "\n").utf8).write(to: URL(fileURLWithPath: folder + "/reason.txt"))
        return folder
    }
}
