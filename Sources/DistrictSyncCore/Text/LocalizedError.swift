/// The shape every coded error of DistrictSync shares (`CoreError`, `NodeError`, `HubError`,
/// `StoreError`, `SyncError`, `ServeError`, `ChangesetRejection`, `ReceiptRefusal`): a stable
/// reason code, the English message, and the message in both languages when the raise site gave
/// them. The root command renders any of them the same way. A conforming type declares the three
/// stored properties and the memberwise initialiser; the two raise-site initialisers
/// (`T("code", "English")`, `T("code", LocalizedText(vi:en:))`) are written once, here.
public protocol LocalizedCodedError: Error, CustomStringConvertible, Sendable {
    var code: String { get }
    /// The English message.
    var message: String { get }
    /// Both languages when the raise site gave them; nil for a message written in English only.
    var localized: LocalizedText? { get }

    init(code: String, message: String, localized: LocalizedText?)
}

extension LocalizedCodedError {
    /// An error whose message is written in English only.
    public init(_ code: String, _ message: String) {
        self.init(code: code, message: message, localized: nil)
    }

    /// An error whose message is given in both languages (the same text twice means English only).
    public init(_ code: String, _ text: LocalizedText) {
        self.init(code: code, message: text.en, localized: text.vi == text.en ? nil : text)
    }

    /// The message in both languages (English twice when only English was given).
    public var text: LocalizedText { localized ?? LocalizedText(vi: message, en: message) }

    /// The message in `language` (the English one when only English was given).
    public func message(in language: Language) -> String { localized?.text(language) ?? message }

    public var description: String { message }
}
