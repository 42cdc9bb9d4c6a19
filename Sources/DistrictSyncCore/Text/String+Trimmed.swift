extension String {
    /// The string without leading and trailing spaces and tabs. Native and allocation-light:
    /// Foundation's `trimmingCharacters(in:)` bridges through NSString and dominated CSV imports.
    public var trimmedSpaces: String {
        let u = utf8
        guard let first = u.firstIndex(where: { $0 != 0x20 && $0 != 0x09 }) else { return "" }
        guard let last = u.lastIndex(where: { $0 != 0x20 && $0 != 0x09 }) else { return "" }
        if first == u.startIndex && last == u.index(before: u.endIndex) { return self }
        return String(self[first...last])
    }
}
