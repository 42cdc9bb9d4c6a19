import DistrictNode
import DistrictSyncCore
import HTTPTypes
import Hummingbird

/// The survey routes: `/surveys?year=Y` and the survey form of one enterprise for one year.
extension UIRoutes {
    func registerSurveys(on router: Router<UIRequestContext>) {
        router.get("/surveys") { request, _ in
            let query = FormData(request.uri.query ?? "")
            let notSurveyed = query["not_surveyed"] == "1"
            let page = Int(query["page"]) ?? 1
            return try self.page { session in
                let year = SurveyPages.year(query["year"]) ?? session.currentSurveyYear
                return try SurveyPages.list(session, year: year, notSurveyed: notSurveyed, page: page)
            }
        }
        router.get("/enterprises/:tax_code/surveys/:year") { request, context in
            let key = context.parameters.get("tax_code").map { FormData.decode(Substring($0)) } ?? ""
            let yearText = context.parameters.get("year") ?? ""
            let draftID = request.uri.queryParameters.get("draft").map { String($0) }
            let saved = request.uri.queryParameters.get("saved") != nil
            return try page(orResponse: { session in
                guard let year = SurveyPages.year(yearText) else {
                    return Self.notSurveyYear(yearText, district: SurveyPages.district(session))
                }
                guard let draftID else {
                    return Pages.html(
                        try SurveyPages.form(
                            session, taxCode: key, year: year, values: nil, issues: [],
                            formToken: context.formToken, saved: saved))
                }
                let draft = try session.draft(draftID)
                return Pages.html(
                    try SurveyPages.form(
                        session, taxCode: key, year: year, values: draft.fields,
                        issues: try session.surveyIssues(draft.fields), formToken: context.formToken, draftID: draft.id)
                )
            })
        }
        router.post("/enterprises/:tax_code/surveys/:year") { request, context in
            let key = context.parameters.get("tax_code").map { FormData.decode(Substring($0)) } ?? ""
            let yearText = context.parameters.get("year") ?? ""
            let form = try await Self.form(request)
            return try page(orResponse: { session in
                guard let year = SurveyPages.year(yearText) else {
                    return Self.notSurveyYear(yearText, district: SurveyPages.district(session))
                }
                let e = try session.business(key)
                let values = SurveyPages.values(form, taxCode: e.key, year: year)
                if form["_action"] == "draft" {
                    do { _ = try session.saveDraft(kind: .survey, fields: values, id: Self.draftID(form)) } catch {
                        return Pages.failure(error, district: SurveyPages.district(session))
                    }
                    return Pages.redirect("/drafts?saved=1")
                }
                switch try SurveyPages.save(session, values: values) {
                case .saved:
                    try Self.dropDraft(session, form: form)
                    return Pages.redirect(SurveyPages.formPath(taxCode: e.key, year: String(year)) + "?saved=1")
                case .refused(let issues):
                    return Pages.html(
                        try SurveyPages.form(
                            session, taxCode: e.key, year: year, values: values, issues: issues,
                            formToken: context.formToken, draftID: Self.draftID(form)),
                        status: .unprocessableContent)
                }
            })
        }
    }

    /// The page for a survey path whose year is not a survey year (404).
    static func notSurveyYear(_ text: String, district: String) -> Response {
        Pages.html(
            Layout.page(
                title: "Không có trang này", district: district, active: "/surveys",
                body: """
                    <div class="summary" role="alert"><p>«\(text)» không phải năm khảo sát \
                    (\(SurveyAnswer.years.lowerBound)–\(SurveyAnswer.years.upperBound)). \
                    Mở phiếu từ trang <a href="/surveys">Khảo sát</a>.</p></div>
                    """),
            status: .notFound)
    }
}
