import ArgumentParser
import DistrictNode
import DistrictSyncCore

/// `--refused-by-hub`: the confirmation `node reopen` and `node resign` need, since both act on every
/// changeset without a receipt — one the hub accepted without the node knowing would come back as a fork.
struct RefusedByHubConfirmation: ParsableArguments {
    @Flag(
        help: help(
            "Xác nhận rằng hub đã từ chối (hoặc chưa từng nhận) mọi tập thay đổi chưa có biên nhận.",
            "Confirm that the hub refused (or never received) every changeset without a receipt."))
    var refusedByHub = false

    /// Throws `confirm_needed` naming `command` (`reopen`, `resign`) and what it does (`vi`, `en`)
    /// unless the flag was given.
    func require(_ command: String, vi: String, en: String) throws {
        guard !refusedByHub else { return }
        throw NodeError(
            "confirm_needed",
            LocalizedText(
                vi: "\(command) \(vi); hãy chạy `dsync node sync` (hoặc hub import và `dsync node ack`) trước, rồi "
                    + "mới chạy `dsync node \(command) --refused-by-hub`",
                en: "\(command) \(en); run `dsync node sync` (or hub import and `dsync node ack`) first, then "
                    + "`dsync node \(command) --refused-by-hub`"))
    }
}
