public import DistrictSyncCore
import Foundation

/// What acknowledging receipt files and folders did (`dsync node ack`, the app's `/deliver`).
public struct AckRun {
    /// One outcome per receipt file.
    public let results: [AckOutcome]
    /// The city log each folder carried, checked as `node sync` checks it.
    public let logChecks: [(folder: String, size: UInt64, proofs: Int)]
    /// The first log check that failed (e.g. `log_inconsistent`); the receipts before it stand.
    public let logError: (any Error)?

    public var refused: Bool { results.contains { $0.outcome == .refused } }
}

extension NodeSession {
    /// Verifies and records every receipt in `paths` (files, or folders of `*.receipt` as
    /// `dsync hub import --receipts` writes them), then checks the city log a folder carries
    /// (`log/` beside the receipts) for the changesets acknowledged from it.
    public func acknowledge(paths: [String], trust: HubTrust) throws -> AckRun {
        let files = try Self.receiptFiles(paths)
        let results = files.map { acknowledge(file: $0, trust: trust) }
        func acknowledged(in folder: String) -> [String] {
            results.filter { $0.outcome != .refused && $0.file.hasPrefix(folder + "/") }.compactMap(\.id)
        }
        var logChecks: [(folder: String, size: UInt64, proofs: Int)] = []
        var logError: (any Error)?
        for folder in paths
        where (try? FileManager.default.attributesOfItem(atPath: folder))?[.type] as? FileAttributeType
            == .typeDirectory
        {
            do {
                guard let shown = try shownLog(inReceiptsFolder: folder, ids: acknowledged(in: folder)) else {
                    continue
                }
                logChecks.append((folder, try verifyShownLog(shown, maxAgeMillis: nil).size, shown.inclusions.count))
            } catch {
                logError = error
                break
            }
        }
        return AckRun(results: results, logChecks: logChecks, logError: logError)
    }
}
