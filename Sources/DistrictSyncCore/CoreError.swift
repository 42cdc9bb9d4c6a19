/// A rejected input in the pure core: what was wrong, the value, what was expected.
///
/// `code` is stable (used in JSON output and by the hub); `message` is for people and never
/// carries record contents beyond the offending value the user typed themselves.
public struct CoreError: Error, CustomStringConvertible, Sendable, Equatable {
    public let code: String
    public let message: String

    public init(_ code: String, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { message }
}
