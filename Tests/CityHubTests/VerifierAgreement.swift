import ChangesetVerification
import CityHub
import DistrictSyncCore
import Foundation
import Testing

/// The hub and `dsync verify` run one verifier (`ChangesetVerifier`); these helpers check, for any
/// file a test submits, that they say the same of it.
extension HubFixture {
    /// The reasons the hub can give where the verifier passes: they need its database (chain
    /// position, records it holds for another unit — `foreign_record` then —, when it received the
    /// bytes) or are its own trouble.
    static let statefulReasons: Set<String> = [
        "replay", "chain_broken", "foreign_record", "seq_gap_too_large", "fork_rejected", "district_mismatch",
        "wrong_owner",
        "unknown_enterprise", "signing_time_implausible", "hub_disk_full", "hub_busy", "internal_error",
    ]

    /// What the shared verifier answers for `bytes` under this hub's policy, at the hub's clock:
    /// nil when it passes, else its reason code.
    func verifierReason(_ bytes: [UInt8], enrolled: [String: String] = [:]) -> String? {
        let now = Date(timeIntervalSince1970: Double(nowMillis) / 1000)
        do {
            _ = try ChangesetVerifier.verify(
                bytes, policy: service.changesetPolicy, now: now, validityAt: now, enrolled: enrolled)
            return nil
        } catch {
            return error.code
        }
    }

    /// Submits `bytes` to the hub and expects the verifier to agree: the same reason when the hub
    /// refuses it for something any verifier can see, a pass when the hub accepts or refuses it for
    /// something only the hub knows.
    @discardableResult
    func submitAgreeing(
        _ bytes: [UInt8], source: String = "t", enrolled: [String: String] = [:],
        sourceLocation: SourceLocation = #_sourceLocation
    ) -> SubmissionOutcome {
        let stateless = verifierReason(bytes, enrolled: enrolled)
        let r = service.submit(bytes: bytes, source: source)
        if let stateless {
            #expect(
                r.outcome == .rejected && r.reason == stateless, "verifier: \(stateless), hub: \(r)",
                sourceLocation: sourceLocation)
        } else if r.outcome == .rejected {
            #expect(
                Self.statefulReasons.contains(r.reason ?? ""),
                "the hub refused with \(r.reason ?? "nil") what the verifier passes", sourceLocation: sourceLocation)
        }
        return r
    }
}
