/// A rejected input in the pure core: what was wrong, the value, what was expected.
///
/// `code` is stable (used in JSON output and by the hub); `message` is for people and never
/// carries record contents beyond the offending value the user typed themselves.
public struct CoreError: LocalizedCodedError, Equatable {
    public let code: String
    public let message: String

    /// The message in Vietnamese and English when the raise site gives both (`message` is then
    /// its English text); nil for a message written in English only.
    public let localized: LocalizedText?

    public init(code: String, message: String, localized: LocalizedText?) {
        self.code = code
        self.message = message
        self.localized = localized
    }
}
