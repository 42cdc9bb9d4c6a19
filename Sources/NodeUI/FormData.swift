import Foundation

/// An `application/x-www-form-urlencoded` body or query string, parsed into named values
/// (the last value of a repeated name wins).
struct FormData: Sendable {
    /// The largest form body the app reads.
    static let maxBodyBytes = 256 * 1024
    private(set) var values: [String: String] = [:]
    /// Every value of each name, in order (a group of checkboxes sends one name many times).
    private(set) var lists: [String: [String]] = [:]

    init(_ encoded: String) {
        for pair in encoded.split(separator: "&", omittingEmptySubsequences: true) {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let name = Self.decode(parts[0])
            let value = parts.count > 1 ? Self.decode(parts[1]) : ""
            if !name.isEmpty {
                values[name] = value
                lists[name, default: []].append(value)
            }
        }
    }

    init(values: [String: String]) { self.values = values }

    subscript(_ name: String) -> String { values[name] ?? "" }

    /// Every value sent under `name` (none: empty).
    func all(_ name: String) -> [String] { lists[name] ?? [] }

    static func decode(_ text: Substring) -> String {
        let spaced = text.replacingOccurrences(of: "+", with: " ")
        return spaced.removingPercentEncoding ?? spaced
    }

    /// Percent-encodes one query value.
    static func encode(_ text: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return text.addingPercentEncoding(withAllowedCharacters: allowed) ?? ""
    }

    /// A query string of the non-empty pairs, in the given order.
    static func query(_ pairs: [(String, String)]) -> String {
        pairs.filter { !$0.1.isEmpty }.map { "\(encode($0.0))=\(encode($0.1))" }.joined(separator: "&")
    }
}
