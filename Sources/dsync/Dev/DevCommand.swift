import ArgumentParser
import DistrictNode
import DistrictSyncCore
import Foundation
import SyntheticData

struct DevCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dev",
        abstract: help("Công cụ cho lập trình viên: dữ liệu tổng hợp.", "Developer tools: synthetic data."),
        subcommands: [Generate.self, BenchSignCommand.self, DevHubFixture.self, ErrorsDoc.self, DevLoadCommand.self])

    /// `dsync dev errors-doc > docs/errors.md`: the reason catalogue as Markdown.
    struct ErrorsDoc: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "errors-doc",
            abstract: help("In docs/errors.md từ danh mục mã lỗi.", "Print docs/errors.md from the reason catalogue."))
        @OptionGroup var output: OutputOptions
        func run() { print(ReasonCode.markdown(), terminator: "") }
    }

    struct Generate: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: help(
                "Ghi các tệp CSV nhập mẫu, tất định theo hạt giống (doanh nghiệp, khảo sát, cán bộ) cho một đơn vị.",
                "Write seeded, deterministic import CSVs (businesses, surveys, officers) for one district."))
        @OptionGroup var output: OutputOptions
        @Option(
            name: [.customLong("district"), .customLong("unit")],
            help: help("Mã đơn vị (--unit là tên khác).", "Unit code (--unit is an alias)."))
        var district: String
        @Option(help: "How many enterprises.") var enterprises = 1000
        @Option(help: "Survey years, e.g. 2011-2015.") var years = "2011-2015"
        @Option(help: "How many officers.") var officers = 2
        @Option(help: "Seed (same seed, same files).") var seed: UInt64 = 2471
        @Option(help: "Reference year for size classes.") var referenceYear = 2015
        @Option(help: "Output folder.") var out: String

        func run() throws {
            let parts = years.split(separator: "-").compactMap { Int($0) }
            guard parts.count == 2 || parts.count == 1, let first = parts.first, let last = parts.last,
                first <= last
            else {
                throw NodeError(
                    "bad_years",
                    LocalizedText(
                        vi: "--years '\(years)' không phải khoảng năm dạng 2011-2015",
                        en: "--years '\(years)' is not a range like 2011-2015"))
            }
            guard (0...1_000_000).contains(enterprises) else {
                throw NodeError(
                    "bad_count",
                    LocalizedText(
                        vi: "--enterprises phải nằm trong khoảng từ 0 đến 1000000",
                        en: "--enterprises must be between 0 and 1000000"))
            }
            let rules = try SizeRuleTable(csv: EmbeddedConfig.sizeRulesCSV)
            let list = SyntheticDistrict.enterprises(
                district: district, count: enterprises, seed: seed, rules: rules, referenceYear: referenceYear)
            let surveys = SyntheticDistrict.surveys(for: list, years: first...last, seed: seed)
            let people = SyntheticDistrict.officers(district: district, count: officers, seed: seed)
            try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
            try Data(SyntheticDistrict.enterprisesCSV(list).utf8).write(
                to: URL(fileURLWithPath: out + "/businesses.csv"))
            try Data(SyntheticDistrict.surveysCSV(surveys).utf8).write(
                to: URL(fileURLWithPath: out + "/surveys.csv"))
            var officersCSV = "name,office,role,appointed,decision,decision_date,contact\n"
            for o in people {
                officersCSV +=
                    "\(o.fullName),\(o.office.rawValue),\(o.role.rawValue),\(o.startDate),\(o.decisionNumber),\(o.decisionDate),\(o.contact)\n"
            }
            try Data(officersCSV.utf8).write(to: URL(fileURLWithPath: out + "/officers.csv"))
            emit(
                say(
                    output.lang,
                    "Đã ghi \(list.count) doanh nghiệp, \(surveys.count) phiếu, \(people.count) cán bộ vào \(out).",
                    "Wrote \(list.count) enterprises, \(surveys.count) survey answers, \(people.count) officers to \(out)."
                ))
        }
    }
}
