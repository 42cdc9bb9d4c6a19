/// The language of human output: Vietnamese (the users' language, the default) or English.
/// Technical identifiers (reason codes, command and file names) are never translated.
public enum Language: String, CaseIterable, Sendable, Hashable {
    case vi, en

    /// The default for every command: the users are Vietnamese civil servants.
    public static let `default` = Language.vi

    /// The language named by `--lang X` or `--lang=X` in `arguments` (the last one wins), else the
    /// default. An unknown value gives the default here; the argument parser reports it.
    public static func scan(_ arguments: [String]) -> Language {
        var found = Language.default
        var index = arguments.startIndex
        while index < arguments.endIndex {
            let argument = arguments[index]
            if argument == "--" { break }
            if argument == "--lang", arguments.index(after: index) < arguments.endIndex {
                found = Language(rawValue: arguments[arguments.index(after: index)]) ?? found
                index = arguments.index(after: index)
            } else if argument.hasPrefix("--lang=") {
                found = Language(rawValue: String(argument.dropFirst("--lang=".count))) ?? found
            }
            index = arguments.index(after: index)
        }
        return found
    }
}

/// One text in both languages, chosen when it is shown.
public struct LocalizedText: Sendable, Hashable, CustomStringConvertible {
    public let vi: String
    public let en: String

    public init(vi: String, en: String) {
        self.vi = vi
        self.en = en
    }

    /// The text in `language`.
    public func text(_ language: Language) -> String {
        switch language {
        case .vi: vi
        case .en: en
        }
    }

    /// Both texts transformed alike (a file name put in front, a suffix added).
    public func map(_ transform: (String) -> String) -> LocalizedText {
        LocalizedText(vi: transform(vi), en: transform(en))
    }

    /// The English text: what logs, `description` and the `message` field of older APIs carry.
    public var description: String { en }
}
