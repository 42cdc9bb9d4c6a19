public import DistrictSyncCore

/// A sync failure with a stable reason code.
public struct SyncError: LocalizedCodedError {
    public let code: String
    public let message: String
    /// The message in Vietnamese and English when the raise site gives both (`message` is then
    /// its English text); nil for a message written in English only.
    public let localized: LocalizedText?

    public init(_ code: String, _ message: String) {
        self.code = code
        self.message = message
        self.localized = nil
    }

    /// An error whose message is given in both languages (the same text twice means English only).
    public init(_ code: String, _ text: LocalizedText) {
        self.code = code
        self.message = text.en
        self.localized = text.vi == text.en ? nil : text
    }
}
