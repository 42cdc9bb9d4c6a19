// libFuzzer target: whole .dsc files through the CMS envelope path (FuzzHarness.envelope).
import FuzzSupport

let identity = FuzzHarness.loadIdentity()
runFuzzer { FuzzHarness.envelope($0, identity: identity) }
