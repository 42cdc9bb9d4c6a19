/// One SQLite value: the five storage classes SQLite keeps in a column.
///
/// Values cross the C boundary only through `Statement`, which binds text as UTF-8 bytes with an
/// explicit length, so strings holding any Unicode (Vietnamese place names included) round-trip.
public enum SQLValue: Sendable, Hashable {
    /// SQL NULL.
    case null
    /// A 64-bit signed integer (SQLite INTEGER).
    case integer(Int64)
    /// An IEEE double (SQLite REAL).
    case real(Double)
    /// UTF-8 text (SQLite TEXT).
    case text(String)
    /// Raw bytes (SQLite BLOB); an empty array is an empty blob, not NULL.
    case blob([UInt8])

    /// The integer, or nil when the value is not `.integer`.
    public var int64: Int64? {
        if case .integer(let value) = self { return value }
        return nil
    }

    /// The double, or nil when the value is not `.real` (integers are not converted).
    public var double: Double? {
        if case .real(let value) = self { return value }
        return nil
    }

    /// The string, or nil when the value is not `.text`.
    public var string: String? {
        if case .text(let value) = self { return value }
        return nil
    }

    /// The bytes, or nil when the value is not `.blob`.
    public var bytes: [UInt8]? {
        if case .blob(let value) = self { return value }
        return nil
    }

    /// True for `.null`.
    public var isNull: Bool { self == .null }
}

extension SQLValue: ExpressibleByNilLiteral {
    /// `nil` in a parameter list binds SQL NULL.
    public init(nilLiteral: ()) { self = .null }
}

extension SQLValue: ExpressibleByIntegerLiteral {
    /// Integer literals bind as `.integer`.
    public init(integerLiteral value: Int64) { self = .integer(value) }
}

extension SQLValue: ExpressibleByFloatLiteral {
    /// Float literals bind as `.real`.
    public init(floatLiteral value: Double) { self = .real(value) }
}

extension SQLValue: ExpressibleByStringLiteral {
    /// String literals bind as `.text`.
    public init(stringLiteral value: String) { self = .text(value) }
}

extension SQLValue: ExpressibleByBooleanLiteral {
    /// Booleans bind as `.integer` 1 or 0, SQLite's own convention.
    public init(booleanLiteral value: Bool) { self = .integer(value ? 1 : 0) }
}

extension SQLValue: CustomStringConvertible {
    /// A type-only description: never the contents, so values can't leak into logs by accident.
    public var description: String {
        switch self {
        case .null: "NULL"
        case .integer: "INTEGER"
        case .real: "REAL"
        case .text(let value): "TEXT(\(value.utf8.count) bytes)"
        case .blob(let value): "BLOB(\(value.count) bytes)"
        }
    }
}
