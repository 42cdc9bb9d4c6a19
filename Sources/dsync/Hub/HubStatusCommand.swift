import ArgumentParser

struct HubStatusCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "status")
    func run() throws { throw ExitCode(70) }
}
