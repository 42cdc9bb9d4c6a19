public import DistrictSyncCore
import Foundation

/// The plans a hub home holds: the built-in ones plus `HOME/config/plans/*.yaml` (docs/plans.md).
/// Reports and the dashboard read them through here, so both see the same plans.
public enum HubPlans {
    /// The folder of installed plan files.
    public static func directory(home: String) -> String { home + "/config/plans" }

    /// The built-in plans, then every installed plan (an installed plan replaces a built-in one of
    /// the same id). A home still holding the old `config/targets.yaml` is refused with what to do,
    /// never silently ignored.
    public static func load(home: String?) throws -> PlanCatalogue {
        do {
            var catalogue = try PlanCatalogue.embedded()
            guard let home else { return catalogue }
            if FileManager.default.fileExists(atPath: home + "/config/targets.yaml") {
                throw HubError(
                    "legacy_targets_file",
                    LocalizedText(
                        vi: "\(home)/config/targets.yaml không còn được đọc: các chỉ tiêu nay thuộc "
                            + "một tệp kế hoạch. Hãy viết các chỉ tiêu thành một kế hoạch (docs/plans.md; "
                            + "kế hoạch có sẵn là config/plans/hcmc-2471-2011.yaml), cài bằng `dsync "
                            + "hub plans install TỆP`, rồi xóa targets.yaml",
                        en:
                            "\(home)/config/targets.yaml is no longer read: targets are part of a plan file now. Write the "
                            + "targets as a plan (docs/plans.md; the built-in one is config/plans/hcmc-2471-2011.yaml), "
                            + "install it with `dsync hub plans install FILE`, and remove targets.yaml"))
            }
            let folder = directory(home: home)
            let names = ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? [])
                .filter { $0.hasSuffix(".yaml") }.sorted()
            for name in names {
                try catalogue.add(Plan.parse(yaml: try read(folder + "/" + name), source: "\(folder)/\(name)"))
            }
            return catalogue
        } catch let error as CoreError {
            throw HubError(error.code, error.text)
        }
    }

    /// Checks the plan file and copies it into the home as `<id>.yaml` (durably), replacing an
    /// installed plan of the same id. Refused when it is not a valid plan or its period overlaps
    /// another plan's. Returns the plan.
    @discardableResult
    public static func install(file: String, home: String) throws -> Plan {
        let text = try read(file)
        let plan: Plan
        do {
            plan = try Plan.parse(yaml: text, source: file)
            var catalogue = try load(home: home)
            try catalogue.add(plan)
        } catch let error as CoreError {
            throw HubError(error.code, error.text)
        }
        try DurableFile.write(Array(text.utf8), to: directory(home: home) + "/\(plan.id).yaml")
        return plan
    }

    static func read(_ path: String) throws -> String {
        var info = stat()
        guard lstat(path, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else {
            throw HubError(
                "not_regular_file",
                LocalizedText(
                    vi: "\(path) không phải tệp thông thường; ghi đường dẫn tới tệp .yaml của một " + "kế hoạch",
                    en: "\(path) is not a regular file; give the path of a plan's .yaml file"))
        }
        guard Int(info.st_size) <= Plan.maxFileBytes else {
            throw HubError(
                "bad_plan",
                LocalizedText(
                    vi: "\(path) dài \(info.st_size) byte; một tệp kế hoạch chỉ vài kilobyte (tối "
                        + "đa \(Plan.maxFileBytes) byte)",
                    en:
                        "\(path) is \(info.st_size) bytes; a plan file is a few kilobytes (at most \(Plan.maxFileBytes))"
                ))
        }
        guard let data = FileManager.default.contents(atPath: path),
            let text = String(data: data, encoding: .utf8)
        else {
            throw HubError(
                "bad_plan",
                LocalizedText(
                    vi: "\(path) không đọc được dưới dạng văn bản UTF-8", en: "\(path) cannot be read as UTF-8 text"))
        }
        return text
    }
}
