/// A hub command or submission that could not be carried out: a stable reason code (the same
/// codes `hub import` prints and the HTTP API returns) and a message for people.
public struct HubError: Error, CustomStringConvertible, Sendable {
    public let code: String
    public let message: String

    public init(_ code: String, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { message }
}
