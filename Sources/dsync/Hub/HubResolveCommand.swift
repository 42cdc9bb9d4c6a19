import ArgumentParser

struct HubResolveCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "resolve")
    func run() throws { throw ExitCode(70) }
}
