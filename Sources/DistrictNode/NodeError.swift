/// A node command that could not be carried out: a stable code and a message that says what was
/// wrong, the value, what was expected and what to do next.
public struct NodeError: Error, CustomStringConvertible, Sendable {
    public let code: String
    public let message: String

    public init(_ code: String, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { message }
}
