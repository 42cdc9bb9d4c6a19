import ArgumentParser
import CityHub
import DistrictSyncCore
import DistrictSyncCrypto
import Foundation
import SQLiteDB

/// `dsync hub report`: coverage, progress and the quarterly report from the hub database.
struct HubReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: help(
            "Báo cáo bố trí cán bộ, tiến độ so với chỉ tiêu kế hoạch, báo cáo quý.",
            "Officer coverage, progress against the plan's targets, quarterly reports."),
        subcommands: [Coverage.self, Progress.self, Quarterly.self])

    /// Serials revoked by the CRLs installed in the hub home (wired by the hub's CRL code).
    nonisolated(unsafe) static var revokedSerials: (_ home: String?) throws -> Set<String> = { home in
        guard let home else { return [] }
        let dir = home + "/crls"
        let files = (try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? []
        var serials = Set<String>()
        for file in files where file.hasSuffix(".pem") {
            for crl in try CertificateRevocationList.loadAll(path: dir + "/" + file) {
                serials.formUnion(crl.revokedSerials)
            }
        }
        return serials
    }

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case table, json, csv, html
    }

    /// Options every report shares.
    struct Options: ParsableArguments {
        @Option(
            help: help(
                "Thư mục hub; cơ sở dữ liệu là HOME/hub.db (mặc định: $DSYNC_HUB_HOME).",
                "The hub home folder; the database is HOME/hub.db (default: $DSYNC_HUB_HOME)."))
        var home: String?

        @Option(help: help("Tệp cơ sở dữ liệu hub (thay cho --home).", "The hub database file (instead of --home)."))
        var db: String?

        @Option(
            name: .customLong("as-of"),
            help:
                help(
                    "Thời gian hiệu lực: ngày mà báo cáo mô tả, YYYY-MM-DD (đơn vị nào tồn tại, cán bộ nào đang công tác; mặc định: hôm nay, hoặc ngày cuối năm khảo sát đối với báo cáo tiến độ).",
                    "Valid time: the day the report describes, YYYY-MM-DD (which units exist, which officers serve; default: today, or the survey year's last day for progress)."
                )
        )
        var asOf: String?

        @Option(
            name: .customLong("known-at"),
            help:
                help(
                    "Thời gian giao dịch: chỉ tính các tập thay đổi hub đã tiếp nhận đến lúc đó, YYYY-MM-DD (cuối ngày đó, UTC) hoặc YYYY-MM-DDTHH:MM:SSZ (mặc định: bây giờ).",
                    "Transaction time: count only changesets the hub had accepted by then, YYYY-MM-DD (end of that day, UTC) or YYYY-MM-DDTHH:MM:SSZ (default: now)."
                )
        )
        var knownAt: String?

        /// The cut-off without --known-at, when a report has its own (the quarterly report: the
        /// quarter's end, so late deliveries stay late). Nil: now.
        var knownAtDefault: Int64?

        enum CodingKeys: String, CodingKey {
            case home, db, asOf, knownAt, format, out, staleDays, expiringDays, output
        }

        @Option(
            help: help(
                "Định dạng kết quả: table (mặc định), json, csv hoặc html.",
                "Output format: table (default), json, csv or html."))
        var format: Format = .table

        @Option(
            help: help(
                "Ghi báo cáo vào TỆP thay vì in ra màn hình.", "Write the report to FILE instead of standard output."))
        var out: String?

        @Option(
            name: .customLong("stale-days"),
            help: help(
                "Số ngày không có tập thay đổi được tiếp nhận trước khi đơn vị bị coi là lâu không cập nhật.",
                "Days without an accepted changeset before a district is stale."))
        var staleDays = 90

        @Option(
            name: .customLong("expiring-days"),
            help: help(
                "Số ngày trước khi hết hạn mà chứng thư số được coi là sắp hết hạn.",
                "Days before expiry a certificate counts as expiring."))
        var expiringDays = 30

        @OptionGroup var output: OutputOptions

        var effectiveFormat: Format { output.json ? .json : format }
        var language: ReportLanguage { output.lang == .vi ? .vi : .en }

        func homePath() -> String? {
            if let home { return home }
            if let env = ProcessInfo.processInfo.environment["DSYNC_HUB_HOME"], !env.isEmpty { return env }
            return nil
        }

        func databasePath() throws -> String {
            if let db { return db }
            if let home = homePath() { return (home as NSString).appendingPathComponent("hub.db") }
            throw HubError(
                "no_hub",
                LocalizedText(
                    vi: "chưa ghi cơ sở dữ liệu hub; ghi --db ĐƯỜNG_DẪN hoặc --home THƯ_MỤC (cơ "
                        + "sở dữ liệu là THƯ_MỤC/hub.db)",
                    en: "no hub database given; pass --db PATH or --home HOME (the database is HOME/hub.db)"))
        }

        /// Reads a config file from HOME/config when the home has its own copy, else the built-in one.
        func config(_ name: String, _ builtIn: String) -> String {
            guard let home = homePath() else { return builtIn }
            let path = (home as NSString).appendingPathComponent("config/\(name)")
            return (try? String(contentsOfFile: path, encoding: .utf8)) ?? builtIn
        }

        /// The report's "now" (generated time, default known-at): the system clock (`DSYNC_NOW` is a
        /// test hook only).
        func nowMillis() -> Int64 { EnvironmentWallClock().nowMillis() }

        /// The --as-of date (valid time), or by default today.
        func resolvedAsOf(now: Int64) throws -> String {
            if let asOf { return try ISODate.parse(asOf, field: "--as-of") }
            return ISODate.fromUnixMillis(now)
        }

        /// The --known-at instant (transaction time, exclusive cut-off in Unix ms), or by default now.
        func resolvedKnownAt(now: Int64) throws -> Int64 {
            guard let knownAt else { return knownAtDefault ?? now + 1 }
            let text = knownAt.trimmingCharacters(in: .whitespaces)
            if ISODate.isValid(text), let day = ISODate.unixMillis(text) { return day + 86_400_000 }
            let formatter = ISO8601DateFormatter()
            // The whole second named is included (accepted_at has milliseconds).
            if let date = formatter.date(from: text) {
                return Int64((date.timeIntervalSince1970 * 1000).rounded()) + 1000
            }
            throw HubError(
                "bad_date",
                LocalizedText(
                    vi: "--known-at '\(knownAt)' không phải ngày hay thời điểm hợp lệ; cần dạng "
                        + "YYYY-MM-DD hoặc YYYY-MM-DDTHH:MM:SSZ, ví dụ 2026-01-15T08:00:00Z",
                    en: "--known-at '\(knownAt)' is not a date or time; expected YYYY-MM-DD or YYYY-MM-DDTHH:MM:SSZ, "
                        + "e.g. 2026-01-15T08:00:00Z"))
        }

        /// ` --known-at …` for a recompute line, when the user gave one.
        var knownAtArgument: String { knownAt.map { " --known-at \($0)" } ?? "" }

        func inputs(asOf: String, year: Int, now: Int64, plan: String? = nil) throws -> ReportInputs {
            let inputs = ReportInputs(
                units: try OrgUnitList.forHome(homePath()),
                plans: try HubPlans.load(home: homePath()), planID: plan,
                sizeRules: try SizeRuleTable(csv: config("size-rules.csv", EmbeddedConfig.sizeRulesCSV)), asOf: asOf,
                year: year, staleDays: staleDays, expiringDays: expiringDays,
                revokedSerials: try HubReportCommand.revokedSerials(homePath()), now: now,
                knownAtMillis: try resolvedKnownAt(now: now),
                eligibleOffices: try EligibleOffices(
                    csv: config("eligible-offices.csv", EmbeddedConfig.eligibleOfficesCSV)))
            if inputs.units.units(validOn: asOf).isEmpty {
                let dates = inputs.units.units.map(\.validFrom).min() ?? ""
                throw HubError(
                    "no_districts_on_date",
                    LocalizedText(
                        vi:
                            "không có đơn vị nào trong danh sách có hiệu lực ngày \(asOf) (danh sách bắt đầu từ \(dates)); "
                            + "ghi --as-of một ngày trong danh sách, hoặc cài danh sách bao gồm ngày đó (dsync hub units install TỆP)",
                        en:
                            "no unit of the unit list is valid on \(asOf) (the list starts \(dates)); give --as-of a date "
                            + "inside the list, or install a list that covers it (dsync hub units install FILE)"))
            }
            return inputs
        }

        /// Opens the live database read-only.
        func openLive() throws -> Database {
            let path = try databasePath()
            guard FileManager.default.fileExists(atPath: path) else {
                throw HubError(
                    "no_hub",
                    LocalizedText(
                        vi: "không có cơ sở dữ liệu hub tại \(path); tạo hub trước hoặc ghi --db ĐƯỜNG_DẪN",
                        en: "no hub database at \(path); create the hub first or pass --db PATH"))
            }
            return try Database(path: path, mode: .readOnly)
        }

        /// The database as the hub knew it at the known-at cut-off (transaction time): the live one
        /// when nothing was accepted later, else the replayed one (`HubSnapshot`), else a clear refusal.
        func database(now: Int64) throws -> Database {
            try HubSnapshot.open(live: try openLive(), home: homePath(), knownBefore: try resolvedKnownAt(now: now))
        }

        /// Writes `text` to --out or standard output.
        func write(_ text: String) throws {
            if let out {
                try Data(text.utf8).write(to: URL(fileURLWithPath: out))
            } else {
                // Tables are human output (escaped by `emit`); CSV, JSON and HTML keep their own escaping.
                let line = text.hasSuffix("\n") ? String(text.dropLast()) : text
                if format == .table { emit(line) } else { emitRaw(line) }
            }
        }

        func json<T: Encodable>(_ value: T) throws -> String {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            return String(decoding: try encoder.encode(value), as: UTF8.self) + "\n"
        }
    }

    /// `dsync hub report coverage`
    struct Coverage: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract:
                help(
                    "Mức bố trí cán bộ ở mọi đơn vị có hiệu lực vào ngày báo cáo (mục C.V.2 của kế hoạch); thoát với mã 2 khi còn đơn vị chưa có cán bộ.",
                    "Officer coverage of every district valid on the date (plan C.V.2); exits 2 when any is not covered."
                ))

        @OptionGroup var options: Options

        func run() throws {
            var allCovered = true
            let now = options.nowMillis()
            let asOf = try options.resolvedAsOf(now: now)
            let inputs = try options.inputs(asOf: asOf, year: Int(asOf.prefix(4)) ?? 0, now: now)
            var report = try ReportEngine(database: try options.database(now: now), inputs: inputs).coverage()
            report.provenance.recompute =
                "dsync hub report coverage --as-of \(asOf)\(options.knownAtArgument) --format json"
            allCovered = report.allCovered
            let lang = options.language
            switch options.effectiveFormat {
            case .json: try options.write(try options.json(report))
            case .csv: try options.write(ReportCSV.coverage(report))
            case .html:
                try options.write(ReportHTML.page(coverage: report, progress: nil, quarterly: nil, lang: lang))
            case .table: try options.write(HubReportCommand.coverageTable(report, lang))
            }
            if !allCovered { throw ExitCode(ExitStatus.checkFailed) }
        }
    }

    /// `dsync hub report progress`
    struct Progress: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: help(
                "Tiến độ so với mọi chỉ tiêu của kế hoạch (phần B), theo đơn vị và toàn thành phố.",
                "Progress against every target of the plan (section B), per district and city-wide."))

        @OptionGroup var options: Options

        @Option(
            help: help(
                "Năm khảo sát (mặc định: năm gần nhất có câu trả lời khảo sát).",
                "Survey year (default: the latest year with survey answers)."))
        var year: Int?

        @Option(
            name: [.customLong("district"), .customLong("unit")],
            help: help(
                "Chỉ hiển thị đơn vị này (mã có hiệu lực vào ngày báo cáo; --unit là tên khác).",
                "Show only this unit (code valid on the as-of date; --unit is an alias)."))
        var district: String?

        @Option(help: help("Chỉ hiển thị chỉ tiêu mang mã này (ví dụ B1a).", "Show only this target id (e.g. B1a)."))
        var target: String?

        @Option(
            help: help(
                "Kế hoạch cần đánh giá (mã, ví dụ hcmc-2471-2011; mặc định: kế hoạch có thời kỳ chứa năm đó).",
                "The plan to measure (id, e.g. hcmc-2471-2011; default: the plan whose period holds the year)."))
        var plan: String?

        func run() throws {
            let now = options.nowMillis()
            let today = try options.resolvedAsOf(now: now)
            let db = try options.database(now: now)
            let chosenYear = try year ?? HubReportCommand.latestSurveyYear(db, upTo: Int(today.prefix(4)) ?? 0)
            // Valid time: by default the survey year's last day (or today, if that is earlier), so
            // a 2015 report lists the units and officers of 2015 whenever it is made.
            let yearEnd = String(format: "%04d-12-31", chosenYear)
            let asOf = options.asOf == nil ? min(today, yearEnd) : today
            let inputs = try options.inputs(asOf: asOf, year: chosenYear, now: now, plan: plan)
            _ = try inputs.requirePlan()
            if let target { _ = try inputs.requireTarget(target) }
            if let district { _ = try inputs.requireDistrict(district) }
            var report = try ReportEngine(database: db, inputs: inputs).progress()
            var recompute =
                "dsync hub report progress --year \(chosenYear)\(plan.map { " --plan \($0)" } ?? "") --as-of \(asOf)"
                + options.knownAtArgument
            report = report.narrowed(target: target, district: district)
            if let target { recompute += " --target \(target)" }
            if let district { recompute += " --district \(district)" }
            report.provenance.recompute = recompute + " --format json"
            let lang = options.language
            switch options.effectiveFormat {
            case .json: try options.write(try options.json(report))
            case .csv: try options.write(ReportCSV.progress(report))
            case .html:
                try options.write(ReportHTML.page(coverage: nil, progress: report, quarterly: nil, lang: lang))
            case .table:
                try options.write(
                    HubReportCommand.progressTable(report, lang, perDistrict: target != nil || district != nil))
            }
        }
    }

    /// `dsync hub report quarterly`
    struct Quarterly: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: help(
                "Báo cáo quý (mục D.4 của kế hoạch) dưới dạng tệp HTML và CSV trong một thư mục.",
                "The quarterly report (plan D.4) as HTML and CSV files in a folder."))

        @Option(help: help("Quý, ví dụ 2013Q2.", "The quarter, e.g. 2013Q2."))
        var quarter: String

        @Option(
            name: .customLong("out-dir"),
            help: help(
                "Thư mục ghi các tệp (mặc định: thư mục hiện tại).",
                "Folder to write the files to (default: the current folder)."))
        var outDir: String = "."

        @OptionGroup var options: Options

        func run() throws {
            let q = try QuarterlyReport.parseQuarter(quarter)
            let now = options.nowMillis()
            var options = options
            options.knownAtDefault = (ISODate.unixMillis(q.end) ?? 0) + 86_400_000
            let db = try options.database(now: now)
            let year = Int(q.end.prefix(4)) ?? 0
            let inputs = try options.inputs(asOf: q.end, year: year, now: now)
            let report = try ReportEngine(database: db, inputs: inputs).quarterly(q.quarter)
            let dir = URL(fileURLWithPath: options.out ?? outDir, isDirectory: true)
            try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
            let lang = options.language
            var files: [(String, String)] = [
                (
                    "quarterly-\(q.quarter).html",
                    ReportHTML.page(
                        coverage: report.coverage, progress: report.progress, quarterly: report, lang: lang)
                ),
                ("quarterly-\(q.quarter)-coverage.csv", ReportCSV.coverage(report.coverage)),
                ("quarterly-\(q.quarter)-changesets.csv", ReportCSV.changesets(report)),
            ]
            if let progress = report.progress {
                files.append(("quarterly-\(q.quarter)-progress.csv", ReportCSV.progress(progress)))
            }
            for (name, text) in files {
                try Data(text.utf8).write(to: dir.appendingPathComponent(name))
                emit(dir.appendingPathComponent(name).path)
            }
            let late = report.lateOrMissing.map { "\($0.code) \($0.name)" }
            if !late.isEmpty {
                emit(
                    say(options.output.lang, "Chậm hoặc thiếu báo cáo: ", "Late or missing: ")
                        + late.joined(separator: ", "))
            }
        }
    }

    static func latestSurveyYear(_ db: Database, upTo year: Int) throws -> Int {
        guard let latest = try ReportEngine.latestSurveyYear(db, upTo: year) else {
            throw HubError(
                "no_survey_data",
                LocalizedText(
                    vi: "hub chưa có câu trả lời khảo sát nào đến năm \(year); ghi --year hoặc nhập dữ liệu khảo sát",
                    en: "the hub holds no survey answers up to \(year); give --year or import surveys"))
        }
        return latest
    }

    static func footer(_ p: DataProvenance, generated: String, _ lang: ReportLanguage) -> String {
        lang == .vi
            ? "Lập lúc \(generated) · \(p.acceptedChangesets) gói thay đổi · mã dữ liệu \(p.dataHash)\nTính lại: \(p.recompute)"
            : "Generated \(generated) · \(p.acceptedChangesets) changesets · data hash \(p.dataHash)\nRecompute: \(p.recompute)"
    }

    static func coverageTable(_ r: CoverageReport, _ lang: ReportLanguage) -> String {
        let vi = lang == .vi
        // Before 2025-07-01 the units are districts; after, wards, communes and the special zone.
        let districtLevel = r.districts.allSatisfy { ["quan", "huyen", "thanh-pho", ""].contains($0.kind) }
        let header =
            vi
            ? [
                "Mã", districtLevel ? "Quận/huyện" : "Phường/xã", "Có CB", "Cán bộ phụ trách", "Chứng thư",
                "Tiếp nhận cuối", "Vấn đề",
            ]
            : [
                "Code", districtLevel ? "District" : "Unit", "Covered", "Officers", "Certificate", "Last accepted",
                "Issues",
            ]
        let rows = r.districts.map { d in
            [
                d.code, d.name, d.covered ? (vi ? "có" : "yes") : (vi ? "KHÔNG" : "NO"),
                d.officers.map { "\($0.name) (\(ReportWording.role($0.role, lang)))" }.joined(separator: "; "),
                ReportWording.certificate(d.certificate.status, lang), d.lastAccepted ?? "—",
                d.issues.map { ReportWording.issue($0, lang) }.joined(separator: "; "),
            ]
        }
        let title =
            vi
            ? "Cán bộ phụ trách TMĐT theo \(districtLevel ? "quận/huyện" : "phường/xã/đặc khu"), ngày \(r.asOf): "
                + "\(r.coveredCount)/\(r.total) có cán bộ"
            : "E-commerce officer coverage on \(r.asOf): \(r.coveredCount)/\(r.total) covered"
        return [title, "", table(header, rows), "", footer(r.provenance, generated: r.generatedAt, lang)]
            .joined(separator: "\n")
    }

    static func progressTable(_ r: ProgressReport, _ lang: ReportLanguage, perDistrict: Bool) -> String {
        let vi = lang == .vi
        let header =
            vi
            ? [
                "Chỉ tiêu", "Phạm vi", "Tử số", "Mẫu số", "Tỷ lệ", "Mục tiêu", "Kết quả", "So năm trước",
                "Chưa khảo sát / lượt",
            ]
            : [
                "Target", "Scope", "Numerator", "Denominator", "Value", "Bar", "Result", "Change",
                "Not surveyed / attendances",
            ]
        var rows: [[String]] = []
        for t in r.targets {
            let cells = perDistrict ? [t.city] + t.districts : [t.city]
            for c in cells {
                let extra =
                    c.notSurveyed.map { "\($0)" } ?? c.attendances.map { vi ? "\($0) lượt" : "\($0) att." } ?? ""
                rows.append([
                    t.label, c.code.map { "\($0) \(c.name ?? "")" } ?? (vi ? "Toàn thành phố" : "City"),
                    c.numerator.map { "\($0)" } ?? "—", c.denominator.map { "\($0)" } ?? "—",
                    ReportWording.percent(c, lang), c.code == nil || t.unit != "count" ? ReportWording.bar(t) : "—",
                    ReportWording.status(c.status, lang), ReportWording.change(c, unit: t.unit), extra,
                ])
            }
        }
        let title =
            vi
            ? "Tiến độ thực hiện chỉ tiêu kế hoạch \(r.plan.decision), năm khảo sát \(r.year) (quy tắc quy mô \(r.sizeRule)), ngày \(r.asOf)"
            : "Progress against plan \(r.plan.decisionLatin) targets, survey year \(r.year) (size rule \(r.sizeRule)), as of \(r.asOf)"
        let legend =
            vi
            ? "Mẫu số: doanh nghiệp đang hoạt động có phiếu khảo sát năm \(r.year); n/a không tính; B.3 và B.4.c không chấm."
            : "Denominator: active enterprises with a survey answer for \(r.year); n/a left out; B.3 and B.4.c not scored."
        var lines = [title, "", table(header, rows), "", legend]
        if let sizing = r.sizing { lines.append(ReportWording.sizing(sizing, year: r.year, lang)) }
        lines.append(footer(r.provenance, generated: r.generatedAt, lang))
        return lines.joined(separator: "\n")
    }
}
