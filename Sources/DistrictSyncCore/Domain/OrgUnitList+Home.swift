import Foundation

extension OrgUnitList {
    /// Where a home (node or hub) keeps an installed list, relative to the home folder.
    public static let installedPath = "config/units.csv"
    /// Older places a hub home kept its own district list; still read when no units.csv exists.
    static let legacyPaths = ["config/districts.csv", "districts.csv"]

    /// The one read path for node and hub: the list installed in the home
    /// (`dsync … units install`), else the built-in `config/units.csv`.
    public static func forHome(_ homePath: String?) throws(CoreError) -> OrgUnitList {
        guard let homePath else { return try embedded() }
        for relative in [installedPath] + legacyPaths {
            let path = homePath + "/" + relative
            guard let data = FileManager.default.contents(atPath: path) else { continue }
            do { return try OrgUnitList(csv: String(decoding: data, as: UTF8.self)) } catch {
                throw CoreError(error.code, error.text.map { "\(path): \($0)" })
            }
        }
        return try embedded()
    }

    /// Checks a replacement list and returns its text to write to `installedPath`: refused
    /// (`units_dropped`) when it no longer holds a unit that holds data (`inUse` codes; a unit is
    /// dropped when no unit with its code and valid_from remains).
    public static func checkReplacement(
        current: OrgUnitList, newText: String, inUse: Set<String>
    ) throws(CoreError) -> OrgUnitList {
        let replacement = try OrgUnitList(csv: newText)
        let dropped = current.dropped(by: replacement).filter { inUse.contains($0.code) }
        guard dropped.isEmpty else {
            throw CoreError(
                "units_dropped",
                LocalizedText(
                    vi:
                        "danh sách mới bỏ mất \(dropped.map(\.label).joined(separator: "; ")), đơn vị đang có dữ liệu ở đây; "
                        + "hãy giữ các dòng đó (kết thúc đơn vị bằng valid_to, không bao giờ xoá) rồi cài đặt lại",
                    en: "the new list drops \(dropped.map(\.label).joined(separator: "; ")), which holds data here; "
                        + "keep those rows (end a unit with valid_to, never delete it) and install again"))
        }
        return replacement
    }
}
