// The one escaping HTML type of the officer's app: markup is built from literal text and
// interpolated values, and every interpolated String is escaped. There is no initialiser that
// takes a runtime String as markup, so user data cannot reach the page unescaped.

/// A fragment of HTML that is safe by construction.
public struct HTML: Sendable, Equatable, ExpressibleByStringInterpolation, CustomStringConvertible {
    public private(set) var markup: String

    public init(stringLiteral value: StaticString) {
        markup = value.description
    }

    public init(stringInterpolation: Interpolation) {
        markup = stringInterpolation.markup
    }

    private init(trusted: String) {
        markup = trusted
    }

    public static let empty = HTML(trusted: "")

    public var description: String { markup }

    /// Escapes text for element content and for quoted attribute values.
    public static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for ch in text.unicodeScalars {
            switch ch {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.unicodeScalars.append(ch)
            }
        }
        return out
    }

    /// Joins fragments (each already safe).
    public static func join(_ parts: some Sequence<HTML>, separator: HTML = .empty) -> HTML {
        HTML(trusted: parts.map(\.markup).joined(separator: separator.markup))
    }

    public struct Interpolation: StringInterpolationProtocol, Sendable {
        var markup = ""

        public init(literalCapacity: Int, interpolationCount: Int) {
            markup.reserveCapacity(literalCapacity + interpolationCount * 16)
        }

        public mutating func appendLiteral(_ literal: StaticString) {
            markup += literal.description
        }

        public mutating func appendInterpolation(_ text: String) {
            markup += HTML.escape(text)
        }

        public mutating func appendInterpolation(_ value: Int) {
            markup += String(value)
        }

        public mutating func appendInterpolation(_ html: HTML) {
            markup += html.markup
        }

        public mutating func appendInterpolation(_ parts: [HTML]) {
            for part in parts { markup += part.markup }
        }
    }
}
