/// The shape every coded error of DistrictSync shares (`CoreError`, `NodeError`, `HubError`,
/// `StoreError`, `SyncError`): a stable reason code, the English message, and the message in both
/// languages when the raise site gave them. The root command renders any of them the same way.
public protocol LocalizedCodedError: Error, CustomStringConvertible, Sendable {
    var code: String { get }
    /// The English message.
    var message: String { get }
    /// Both languages when the raise site gave them; nil for a message written in English only.
    var localized: LocalizedText? { get }
}

extension LocalizedCodedError {
    /// The message in both languages (English twice when only English was given).
    public var text: LocalizedText { localized ?? LocalizedText(vi: message, en: message) }

    /// The message in `language` (the English one when only English was given).
    public func message(in language: Language) -> String { localized?.text(language) ?? message }

    public var description: String { message }
}
