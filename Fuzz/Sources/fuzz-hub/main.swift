// libFuzzer target: changeset content signed under a valid test signature and submitted to one
// long-lived hub (HubService.submit itself, not only the decoder): FuzzSupport.HubTarget.
import FuzzSupport

let hub = HubTarget(identity: FuzzHarness.loadIdentity())
runFuzzer { hub.submit($0) }
