import DistrictNode
import DistrictSyncCore
import HTTPTypes
import Hummingbird

/// `POST /deliver/sync` (send to the hub, as `dsync node sync`) and `POST /deliver/ack` (take the
/// receipts of a folder, as `dsync node ack`). Both answer with the `/deliver` page showing what
/// happened; the changesets' states there come from the stored receipts.
extension UIRoutes {
    func registerHub(on router: Router<UIRequestContext>) {
        router.post("/deliver/sync") { request, context in
            let form = try await Self.form(request)
            return try await node.runExclusive { session in
                let state = await HubSendSection.sync(session, form: form)
                let failed = state.syncIssue != nil
                return Pages.html(
                    try DeliverPage.render(session, formToken: context.formToken, hub: state),
                    status: failed ? .unprocessableContent : .ok)
            }
        }
        router.post("/deliver/ack") { request, context in
            let form = try await Self.form(request)
            return try node.run { session in
                let state = HubSendSection.acknowledge(session, form: form)
                return Pages.html(
                    try DeliverPage.render(session, formToken: context.formToken, hub: state),
                    status: state.ackIssue != nil ? .unprocessableContent : .ok)
            }
        }
    }
}
