/// Self-contained HTML pages for reports: no external scripts, fonts or stylesheets.
public enum ReportHTML {
    public static func page(
        coverage: CoverageReport?, progress: ProgressReport?, quarterly: QuarterlyReport?, lang: ReportLanguage
    ) -> String {
        "<!doctype html><html><body></body></html>"
    }
}
