public import DistrictSyncCore

/// A node command that could not be carried out: a stable code and a message that says what was
/// wrong, the value, what was expected and what to do next.
public struct NodeError: LocalizedCodedError {
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
