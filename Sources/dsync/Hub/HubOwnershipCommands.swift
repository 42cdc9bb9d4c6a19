import ArgumentParser
import CityHub
import DistrictSyncCore
import Foundation

struct HubTransferCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "transfer",
        abstract: help(
            "Chuyển một doanh nghiệp và các câu trả lời khảo sát sang đơn vị khác (có ghi kiểm toán; docs/hub.md).",
            "Move an enterprise and its survey answers from one unit to another (audited; docs/hub.md)."))
    @Option(name: .customLong("tax-code"), help: help("Mã số thuế của doanh nghiệp.", "The enterprise's tax code."))
    var taxCode: String
    @Option(help: help("Đơn vị đang quản lý, ví dụ 760.", "The unit that owns it now, e.g. 760.")) var from: String
    @Option(help: help("Đơn vị tiếp nhận, ví dụ 770.", "The unit that takes it over, e.g. 770.")) var to: String
    @Option(help: help("Lý do (lưu trong nhật ký kiểm toán).", "Why (kept in the audit log).")) var reason: String
    @OptionGroup var homeOptions: HubHomeOptions
    @OptionGroup var output: OutputOptions

    func run() throws {
        let result = try homeOptions.open(needsKey: false).transfer(
            taxCode: taxCode, from: from, to: to, reason: reason, source: "hub transfer")
        if output.json { return try emitJSON(result) }
        emit(
            say(output.lang, "Đã chuyển doanh nghiệp", "Transferred enterprise")
                + " \(result.taxCode): \(result.from) → \(result.to) (\(result.surveysMoved) "
                + say(output.lang, "phiếu khảo sát", "survey answers") + ")")
    }
}

struct HubCheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: help(
            "Tính lại dữ liệu thành phố từ các tập thay đổi đã lưu và đối chiếu với dữ liệu đang dùng.",
            "Recompute the city state from the stored changesets and compare it with the live one."))
    @OptionGroup var homeOptions: HubHomeOptions
    @OptionGroup var output: OutputOptions

    func run() throws {
        let result = try homeOptions.open(needsKey: false).check()
        if output.json {
            try emitJSON(result)
        } else {
            let l = output.lang
            emit(say(l, "trạng thái hiện tại:  ", "live city state:       ") + result.liveHash)
            emit(say(l, "tính lại từ kho:      ", "recomputed from store: ") + result.recomputedHash)
            emit(
                say(l, "gói thay đổi: ", "changesets: ") + "\(result.changesets), "
                    + say(l, "chuyển giao: ", "transfers: ") + "\(result.transfers), "
                    + say(l, "dòng hỏng: ", "damaged rows: ") + "\(result.damagedRows)")
            emit(
                result.ok
                    ? say(l, "khớp", "identical")
                    : say(l, "KHÔNG KHỚP: hub.db đã bị hỏng hoặc sửa", "MISMATCH: hub.db was damaged or altered"))
        }
        if !result.ok { throw ExitCode(ExitStatus.checkFailed) }
    }
}
