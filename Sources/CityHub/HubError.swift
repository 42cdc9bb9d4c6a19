/// A hub command or submission that could not be carried out: a stable reason code (the same
/// codes `hub import` prints and the HTTP API returns) and a message for people.
public struct HubError: Error, CustomStringConvertible, Sendable {
    public let code: String
    public let message: String

    public init(_ code: String, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { message }

    /// The codes that mean the hub itself is in trouble, not the changeset: a full disk, a busy
    /// database, an I/O or internal failure, a missing key, a stored changeset missing or damaged. The sender is not at fault and should retry;
    /// over HTTP they are 5xx, never 4xx (docs/threat-model.md, issue 13).
    public static let hubFaultCodes: Set<String> = [
        "hub_disk_full", "hub_busy", "internal_error", "io_error", "no_hub_key", "store_missing", "store_corrupt",
    ]

    /// True when `code` is one of `hubFaultCodes`.
    public static func isHubFault(_ code: String?) -> Bool { code.map(hubFaultCodes.contains) ?? false }
}
