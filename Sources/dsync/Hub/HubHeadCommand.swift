import ArgumentParser

struct HubHeadCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "head")
    func run() throws { throw ExitCode(70) }
}
