// libFuzzer target: changeset content signed under a valid test signature (FuzzHarness.signedContent).
import FuzzSupport

let identity = FuzzHarness.loadIdentity()
runFuzzer { FuzzHarness.signedContent($0, identity: identity) }
