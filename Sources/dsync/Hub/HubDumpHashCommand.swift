import ArgumentParser
import CityHub
import Foundation

struct HubDumpHashCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dump-hash",
        abstract: help(
            "In mã SHA-256 của bản kết xuất chuẩn các bảng dữ liệu thành phố.",
            "Print the SHA-256 of a canonical dump of the city tables."))
    @OptionGroup var homeOptions: HubHomeOptions
    @OptionGroup var output: OutputOptions

    func run() throws {
        let db = try homeOptions.resolved().openDatabase()
        let hash = try CityDump.hash(db)
        if output.json { return try emitJSON(["city_state_sha256": hash]) }
        emit(hash)
    }
}
