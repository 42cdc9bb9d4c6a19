/// A column value in a change: the model stores integers and NFC text only (money in whole VND,
/// dates as ISO text), so the encoding never depends on floating point.
public enum FieldValue: Hashable, Sendable, CustomStringConvertible {
    case null
    case int(Int64)
    case text(String)

    public var description: String {
        switch self {
        case .null: "∅"
        case .int(let v): String(v)
        case .text(let s): s
        }
    }

    public var text: String? { if case .text(let s) = self { s } else { nil } }
    public var int: Int64? { if case .int(let v) = self { v } else { nil } }
}
