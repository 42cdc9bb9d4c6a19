import DistrictSyncCore
public import DistrictSyncCrypto
import Foundation
import SQLiteDB

/// The HTML dashboard `dsync hub serve` shows at `/` and `/reports/`: the coverage report and the
/// progress report of the latest survey year, as of the day of the newest accepted changeset —
/// what `dsync hub report coverage --format html` and `… progress --format html` print for the
/// live hub, on one page.
public enum ReportDashboard {
    /// Renders the page from the hub home (its live database opened read-only, its config files or
    /// the built-in ones, its installed CRLs).
    public static func html(
        homePath: String, nowMillis: Int64, lang: ReportLanguage, staleDays: Int = 90, expiringDays: Int = 30
    ) throws -> String {
        // Everything accepted by now: the live database (`HubSnapshot`, as the CLI's reports).
        let db = try HubSnapshot.open(
            live: try Database(path: homePath + "/hub.db", mode: .readOnly), home: homePath,
            knownBefore: nowMillis + 1)
        defer { db.close() }
        func config(_ name: String, _ builtIn: String) -> String {
            (try? String(contentsOfFile: homePath + "/config/" + name, encoding: .utf8)) ?? builtIn
        }
        // Valid time: today (the units that exist now); transaction time: everything accepted.
        let asOf = ISODate.fromUnixMillis(nowMillis)
        let year = Int(asOf.prefix(4)) ?? 0
        var revoked = Set<String>()
        let crlDirectory = homePath + "/crls"
        for file in (try? FileManager.default.contentsOfDirectory(atPath: crlDirectory)) ?? []
        where file.hasSuffix(".pem") {
            for crl in try CertificateRevocationList.loadAll(path: crlDirectory + "/" + file) {
                revoked.formUnion(crl.revokedSerials)
            }
        }
        var inputs = ReportInputs(
            units: try OrgUnitList.forHome(homePath),
            plans: try HubPlans.load(home: homePath),
            sizeRules: try SizeRuleTable(csv: config("size-rules.csv", EmbeddedConfig.sizeRulesCSV)), asOf: asOf,
            year: year, staleDays: staleDays, expiringDays: expiringDays, revokedSerials: revoked, now: nowMillis,
            knownAtMillis: nowMillis + 1,
            eligibleOffices: try EligibleOffices(
                csv: config("eligible-offices.csv", EmbeddedConfig.eligibleOfficesCSV)))
        let coverage = try ReportEngine(database: db, inputs: inputs).coverage()
        var progress: ProgressReport?
        if let latest = try ReportStore(db: db).latestSurveyYear(upTo: year),
            inputs.plans.plans.contains(where: { $0.covers(year: latest) })
        {
            inputs.year = Int(latest)
            // The survey year's own units and officers: its last day, or today if earlier.
            inputs.asOf = min(asOf, String(format: "%04d-12-31", Int(latest)))
            progress = try ReportEngine(database: db, inputs: inputs).progress()
        }
        return ReportHTML.page(coverage: coverage, progress: progress, quarterly: nil, lang: lang)
    }
}
