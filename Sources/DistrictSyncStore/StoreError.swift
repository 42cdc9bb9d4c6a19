/// A storage-level failure the user can act on.
public struct StoreError: Error, CustomStringConvertible, Sendable {
    public let code: String
    public let message: String

    public init(_ code: String, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { message }
}
