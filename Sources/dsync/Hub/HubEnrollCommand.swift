import ArgumentParser

struct HubEnrollCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "enroll")
    func run() throws { throw ExitCode(70) }
}
