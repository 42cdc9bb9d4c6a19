import ArgumentParser

struct HubAuditCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "audit")
    func run() throws { throw ExitCode(70) }
}
