import CityHub
import DistrictSyncCore
import HubServer
import Testing

/// What `hub serve` answers for each outcome: decided by the reason catalogue, so a hub fault can
/// never reach a node as "your changeset is bad" (issue 13: a full disk used to answer 422).
@Suite("Submission outcomes map to HTTP statuses in one place")
struct SubmissionStatusTests {
    @Test(
        "hub_disk_full and hub_busy answer 503, io_error and internal_error 500",
        arguments: [("hub_disk_full", 503), ("hub_busy", 503), ("io_error", 500), ("internal_error", 500)])
    func faultStatus(reason: String, status: Int) {
        let o = SubmissionOutcome(outcome: .rejected, reason: reason, message: "m", id: "x")
        #expect(SubmissionStatus.code(for: o) == status)
    }

    @Test("no reason the catalogue calls the hub's fault is ever answered with a 4xx status")
    func hubFaultsAreNever4xx() {
        let hubFaults = ReasonCode.allCases.filter { $0.fault == .hub }
        #expect(hubFaults.count >= 4)
        for code in hubFaults {
            let o = SubmissionOutcome(outcome: .rejected, reason: code.rawValue, message: "m", id: "x")
            let status = SubmissionStatus.code(for: o)
            #expect(status >= 500, "\(code.rawValue) answers \(status)")
            #expect(HubError.isHubFault(code.rawValue), "\(code.rawValue)")
        }
    }

    @Test("a sender's bad changeset is 422, too large 413, held 202, a fork 409, accepted with receipt 200")
    func senderAndChainOutcomes() {
        func status(_ outcome: SubmissionOutcome.Kind, _ reason: String?, receipt: [UInt8]? = nil) -> Int {
            SubmissionStatus.code(
                for: SubmissionOutcome(outcome: outcome, reason: reason, message: "m", id: "x", receipt: receipt))
        }
        #expect(status(.rejected, "bad_signature") == 422)
        #expect(status(.rejected, "district_unbound") == 422)
        #expect(status(.rejected, "too_large") == 413)
        #expect(status(.held, "gap") == 202)
        #expect(status(.quarantined, "fork") == 409)
        #expect(status(.accepted, nil, receipt: [1]) == 200)
        // An accepted changeset without a receipt is the hub's failure, not success.
        #expect(status(.accepted, nil) == 500)
        // A code outside the catalogue (an older peer) is treated as the sender's.
        #expect(status(.rejected, "no_such_reason") == 422)
    }
}
