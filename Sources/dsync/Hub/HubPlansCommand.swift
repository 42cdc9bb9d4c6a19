import ArgumentParser
import CityHub
import DistrictSyncCore
import Foundation

/// `dsync hub plans`: the development plans the hub measures (docs/plans.md).
struct HubPlansCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plans",
        abstract: help(
            "Liệt kê các kế hoạch hub đang đánh giá, hoặc cài một tệp kế hoạch.",
            "List the plans the hub measures, or install a plan file."),
        subcommands: [List.self, Install.self])

    /// One plan as `plans list --json` prints it.
    struct Row: Encodable {
        let id: String
        let decision: String
        let decisionDate: String
        let from: Int
        let to: Int
        let targetYear: Int
        let targets: Int
        let titleVi: String

        enum CodingKeys: String, CodingKey {
            case id, decision, from, to, targets
            case decisionDate = "decision_date"
            case targetYear = "target_year"
            case titleVi = "title_vi"
        }

        init(_ plan: Plan) {
            id = plan.id
            decision = plan.decision
            decisionDate = plan.decisionDate
            from = plan.period.lowerBound
            to = plan.period.upperBound
            targetYear = plan.targetYear
            targets = plan.targets.count
            titleVi = plan.titleVi
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: help("Các kế hoạch có sẵn và đã cài.", "The built-in and installed plans."))
        @OptionGroup var homeOptions: HubHomeOptions
        @OptionGroup var output: OutputOptions

        func run() throws {
            let home = try? homeOptions.resolved().path
            let plans = try HubPlans.load(home: home).plans
            if output.json { return try emitJSON(plans.map(Row.init)) }
            let l = output.lang
            emit(
                table(
                    [
                        "id", say(l, "quyết định", "decision"), say(l, "giai đoạn", "period"),
                        say(l, "năm mục tiêu", "target year"), say(l, "chỉ tiêu", "targets"),
                    ],
                    plans.map {
                        [
                            $0.id, "\($0.decision) (\($0.decisionDate))",
                            "\($0.period.lowerBound)–\($0.period.upperBound)", String($0.targetYear),
                            String($0.targets.count),
                        ]
                    }))
        }
    }

    struct Install: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: help(
                "Kiểm tra một tệp kế hoạch và cài vào thư mục hub (thay kế hoạch đã cài có cùng mã).",
                "Check a plan file and install it in the hub home (replaces an installed plan of the same id)."))
        @Argument(help: help("Tệp kế hoạch (YAML, docs/plans.md).", "The plan file (YAML, docs/plans.md).")) var file:
            String
        @OptionGroup var homeOptions: HubHomeOptions
        @OptionGroup var output: OutputOptions

        func run() throws {
            let plan = try HubPlans.install(file: file, home: try homeOptions.resolved().path)
            if output.json { return try emitJSON(Row(plan)) }
            emit(
                say(
                    output.lang,
                    "Đã cài kế hoạch \(plan.id) (\(plan.decision), \(plan.period.lowerBound)–\(plan.period.upperBound), "
                        + "\(plan.targets.count) chỉ tiêu).",
                    "Installed plan \(plan.id) (\(plan.decisionLatin), \(plan.period.lowerBound)–"
                        + "\(plan.period.upperBound), \(plan.targets.count) targets)."))
        }
    }
}
