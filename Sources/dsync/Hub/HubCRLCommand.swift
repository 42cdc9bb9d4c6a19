import ArgumentParser

struct HubCRLCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "crl")
    func run() throws { throw ExitCode(70) }
}
