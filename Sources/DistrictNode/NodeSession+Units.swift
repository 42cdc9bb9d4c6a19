public import DistrictSyncCore
import Foundation

extension NodeSession {
    /// Refuses a record whose valid time lies outside the node's unit's lifetime
    /// (`period_outside_unit`): a 2026 survey for Quận 1, an officer of Quận 2 still in post in 2022.
    func checkPeriod(_ period: UnitPeriod.Value) throws {
        guard let unit else { return }
        do { try UnitPeriod.check(period, in: [unit]) } catch { throw NodeError(error.code, error.text) }
    }

    /// Installs a new unit list in this home (`dsync node units install FILE`), refused when it
    /// drops the node's own unit.
    public func installUnits(text: String) throws -> OrgUnitList {
        let replacement: OrgUnitList
        do {
            replacement = try OrgUnitList.checkReplacement(current: units, newText: text, inUse: [config.district])
        } catch { throw NodeError(error.code, error.text) }
        guard replacement.unit(code: config.district, validFrom: config.districtValidFrom) != nil else {
            throw NodeError(
                "units_dropped",
                LocalizedText(
                    vi:
                        "danh sách mới không có đơn vị \(config.district) từ \(config.districtValidFrom), đơn vị của nút này; giữ dòng của đơn vị đó rồi cài lại",
                    en:
                        "the new list has no unit \(config.district) from \(config.districtValidFrom), this node's unit; "
                        + "keep its row and install again"))
        }
        let dir = home.path + "/config"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let path = home.path + "/" + OrgUnitList.installedPath
        let temporary = path + ".tmp"
        guard FileManager.default.createFile(atPath: temporary, contents: Data(text.utf8)) else {
            throw NodeError(
                "io_error",
                LocalizedText(
                    vi: "không ghi được \(temporary); kiểm tra quyền ghi và chỗ trống trên đĩa",
                    en: "cannot write \(temporary)"))
        }
        guard rename(temporary, path) == 0 else {
            throw NodeError(
                "io_error",
                LocalizedText(vi: "không thay được \(path); kiểm tra quyền ghi", en: "cannot replace \(path)"))
        }
        units = replacement
        return replacement
    }
}
