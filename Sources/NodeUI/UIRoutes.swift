import DistrictNode
import DistrictSyncCore
import HTTPTypes
import Hummingbird
import NIOCore

/// The app's routes (the paths are a contract, docs/ui.md). Handlers read the request, call
/// `NodeSession` and render; a POST that succeeds redirects (post/redirect/get).
struct UIRoutes {
    let node: NodeAccess

    func register(on router: Router<UIRequestContext>) {
        router.get("/app.css") { _, _ in Pages.css() }
        router.get("/") { _, _ in try page { try HomePage.render($0) } }
        router.get("/officers") { _, _ in try page { try OfficerPages.list($0) } }
        router.get("/officers/new") { request, context in
            let draftID = request.uri.queryParameters.get("draft").map { String($0) }
            return try page { session in
                guard let draftID else {
                    return OfficerPages.form(session, values: [:], issues: [], formToken: context.formToken)
                }
                let draft = try session.draft(draftID)
                return OfficerPages.form(
                    session, values: draft.fields, issues: try session.officerIssues(draft.fields),
                    formToken: context.formToken, draftID: draft.id)
            }
        }
        router.post("/officers/new") { request, context in
            let form = try await Self.form(request)
            return try node.run { session in
                if let saved = try Self.keepDraft(session, .officer, form: form, fields: OfficerPages.fields) {
                    return saved
                }
                switch try OfficerPages.add(session, form: form) {
                case .saved(let id):
                    try Self.dropDraft(session, form: form)
                    return Pages.redirect("/officers/\(FormData.encode(id))?saved=1")
                case .refused(let issues):
                    return Pages.html(
                        OfficerPages.form(
                            session, values: form.values, issues: issues, formToken: context.formToken,
                            draftID: Self.draftID(form)),
                        status: .unprocessableContent)
                }
            }
        }
        router.get("/officers/:id/edit") { _, context in
            let id = context.parameters.get("id") ?? ""
            return try page {
                try OfficerPages.editForm($0, id: id, values: nil, issues: [], formToken: context.formToken)
            }
        }
        router.post("/officers/:id/edit") { request, context in
            let id = context.parameters.get("id") ?? ""
            let form = try await Self.form(request)
            return try page(orResponse: { session in
                switch try OfficerPages.update(session, id: id, form: form) {
                case .saved(let id): return Pages.redirect("/officers/\(FormData.encode(id))?saved=1")
                case .refused(let issues):
                    return Pages.html(
                        try OfficerPages.editForm(
                            session, id: id, values: form.values, issues: issues, formToken: context.formToken),
                        status: .unprocessableContent)
                }
            })
        }
        router.get("/officers/:id") { request, context in
            let id = context.parameters.get("id") ?? ""
            let saved = request.uri.queryParameters.get("saved") != nil
            let added = request.uri.queryParameters.get("training") != nil
            return try page {
                try OfficerPages.record(
                    $0, id: id, saved: saved, formToken: context.formToken, training: .init(added: added))
            }
        }
        router.post("/officers/:id/trainings") { request, context in
            let id = context.parameters.get("id") ?? ""
            let form = try await Self.form(request)
            return try page(orResponse: { session in
                let officer = try session.officer(id)
                switch try TrainingSection.add(session, officerID: officer.id, form: form) {
                case .saved: return Pages.redirect("/officers/\(FormData.encode(officer.id))?training=1#trainings")
                case .refused(let issues):
                    return Pages.html(
                        try OfficerPages.record(
                            session, id: officer.id, saved: false, formToken: context.formToken,
                            training: .init(values: form.values, issues: issues)),
                        status: .unprocessableContent)
                }
            })
        }
        router.get("/enterprises") { request, _ in
            let query = EnterprisePages.query(FormData(request.uri.query ?? ""))
            return try page { try EnterprisePages.list($0, query: query) }
        }
        router.get("/enterprises/new") { request, context in
            let draftID = request.uri.queryParameters.get("draft").map { String($0) }
            return try page { session in
                guard let draftID else {
                    return EnterprisePages.form(session, values: [:], issues: [], formToken: context.formToken)
                }
                let draft = try session.draft(draftID)
                return EnterprisePages.form(
                    session, values: draft.fields, issues: try EnterprisePages.issues(session, draft.fields),
                    formToken: context.formToken, draftID: draft.id)
            }
        }
        router.post("/enterprises/new") { request, context in
            let form = try await Self.form(request)
            return try node.run { session in
                if let saved = try Self.keepDraft(session, .enterprise, form: form, fields: EnterprisePages.fields) {
                    return saved
                }
                switch try EnterprisePages.add(session, form: form) {
                case .saved(let key):
                    try Self.dropDraft(session, form: form)
                    return Pages.redirect("/enterprises/\(FormData.encode(key))?saved=1")
                case .refused(let issues):
                    return Pages.html(
                        EnterprisePages.form(
                            session, values: form.values, issues: issues, formToken: context.formToken,
                            draftID: Self.draftID(form)),
                        status: .unprocessableContent)
                }
            }
        }
        router.get("/enterprises/:tax_code/edit") { _, context in
            let key = context.parameters.get("tax_code") ?? ""
            return try page {
                try EnterprisePages.editForm($0, taxCode: key, values: nil, issues: [], formToken: context.formToken)
            }
        }
        router.post("/enterprises/:tax_code/edit") { request, context in
            let key = context.parameters.get("tax_code") ?? ""
            let form = try await Self.form(request)
            return try page(orResponse: { session in
                switch try EnterprisePages.update(session, taxCode: key, form: form) {
                case .saved(let key): return Pages.redirect("/enterprises/\(FormData.encode(key))?saved=1")
                case .refused(let issues):
                    return Pages.html(
                        try EnterprisePages.editForm(
                            session, taxCode: key, values: form.values, issues: issues, formToken: context.formToken),
                        status: .unprocessableContent)
                }
            })
        }
        router.get("/enterprises/:tax_code") { request, _ in
            let key = lastSegment(request)
            let saved = request.uri.queryParameters.get("saved") != nil
            return try page { try EnterprisePages.record($0, taxCode: key, saved: saved) }
        }
        registerDelivery(on: router)
        registerImport(on: router)
        registerSurveys(on: router)
        registerHub(on: router)
        registerCSVExport(on: router)
        registerXLSXExport(on: router)
        router.get("/drafts") { request, context in
            let saved = request.uri.queryParameters.get("saved") != nil
            let deleted = request.uri.queryParameters.get("deleted") != nil
            return try page { try DraftsPage.render($0, formToken: context.formToken, saved: saved, deleted: deleted) }
        }
        router.post("/drafts/:id/delete") { _, context in
            let id = context.parameters.get("id") ?? ""
            return try node.run { session in
                do { try session.deleteDraft(id) } catch {
                    return Pages.failure(error, district: session.unit?.nameVi ?? session.config.district)
                }
                return Pages.redirect("/drafts?deleted=1")
            }
        }
    }

    static func draftID(_ form: FormData) -> String? { form["_draft"].isEmpty ? nil : form["_draft"] }

    /// With `_action=draft`: keeps the form's fields as a draft (errors and all) and answers
    /// with the drafts page (post/redirect/get); nil for a normal save.
    static func keepDraft(_ session: NodeSession, _ kind: Draft.Kind, form: FormData, fields: [FormField]) throws
        -> Response?
    {
        guard form["_action"] == "draft" else { return nil }
        var values: [String: String] = [:]
        for f in fields { values[f.name] = form[f.name] }
        do { _ = try session.saveDraft(kind: kind, fields: values, id: draftID(form)) } catch {
            return Pages.failure(error, district: session.unit?.nameVi ?? session.config.district)
        }
        return Pages.redirect("/drafts?saved=1")
    }

    /// A record saved from a resumed draft removes the draft.
    static func dropDraft(_ session: NodeSession, form: FormData) throws {
        if let id = draftID(form) { try session.deleteDraft(id) }
    }

    func registerDelivery(on router: Router<UIRequestContext>) {
        router.get("/changes") { _, _ in try page { try ChangesPage.render($0) } }
        router.get("/commit") { request, context in
            let made = request.uri.queryParameters.get("made").flatMap { Int($0) }
            return try page { try CommitPage.render($0, formToken: context.formToken, made: made) }
        }
        router.post("/commit") { request, context in
            let form = try await Self.form(request)
            return try node.run { session in
                switch CommitPage.commit(session, form: form) {
                case .done(let n): return Pages.redirect("/commit?made=\(n)")
                case .refused(let text):
                    return Pages.html(
                        try CommitPage.render(session, formToken: context.formToken, issue: text),
                        status: .unprocessableContent)
                }
            }
        }
        router.get("/deliver") { request, context in
            let exported = request.uri.queryParameters.get("exported").flatMap { Int($0) }
            return try page { try DeliverPage.render($0, formToken: context.formToken, exported: exported) }
        }
        router.post("/deliver") { request, context in
            let form = try await Self.form(request)
            return try node.run { session in
                switch DeliverPage.export(session, form: form) {
                case .done(let n): return Pages.redirect("/deliver?exported=\(n)")
                case .refused(let text):
                    return Pages.html(
                        try DeliverPage.render(
                            session, formToken: context.formToken, directory: form["directory"], issue: text),
                        status: .unprocessableContent)
                }
            }
        }
    }

    /// The last path segment (a tax code), percent-decoded.
    func lastSegment(_ request: Request) -> String {
        FormData.decode(request.uri.path.split(separator: "/").last ?? "")
    }

    /// Answers with the node, or the node's error as a page.
    func page(orResponse respond: (NodeSession) throws -> Response) throws -> Response {
        try node.run { session in
            do { return try respond(session) } catch let error as NodeError {
                let status: HTTPResponse.Status = error.code.hasPrefix("unknown_") ? .notFound : .unprocessableContent
                return Pages.failure(error, district: session.unit?.nameVi ?? session.config.district, status: status)
            }
        }
    }

    /// Renders a page with the node, or the node's error as a page.
    func page(_ render: (NodeSession) throws -> HTML) throws -> Response {
        try node.run { session in
            do { return Pages.html(try render(session)) } catch let error as NodeError {
                let status: HTTPResponse.Status = error.code.hasPrefix("unknown_") ? .notFound : .unprocessableContent
                return Pages.failure(error, district: session.unit?.nameVi ?? session.config.district, status: status)
            }
        }
    }

    static func form(_ request: Request) async throws -> FormData {
        var request = request
        return FormData(String(buffer: try await request.collectBody(upTo: FormData.maxBodyBytes)))
    }
}

/// The result of a form post.
enum FormOutcome {
    case saved(String)
    case refused([FieldIssue])
}

/// The result of an action form (commit, export): how many changesets, or why not.
enum ActionOutcome {
    case done(Int)
    case refused(LocalizedText)
}
