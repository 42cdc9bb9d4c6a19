import ArgumentParser

@main
struct DsyncCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dsync",
        abstract: "DistrictSync: offline district nodes and the city hub for HCMC's e-commerce plan (2471/QĐ-UBND).",
        subcommands: [NodeCommand.self, HubCommand.self, ChangesetCommand.self, VerifyCommand.self, DevCommand.self])
}
