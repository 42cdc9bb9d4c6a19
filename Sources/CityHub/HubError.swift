public import DistrictSyncCore

/// A hub command or submission that could not be carried out: a stable reason code (the same
/// codes `hub import` prints and the HTTP API returns) and a message for people.
public struct HubError: LocalizedCodedError {
    public let code: String
    public let message: String

    /// The message in Vietnamese and English when the raise site gives both (`message` is then
    /// its English text); nil for a message written in English only.
    public let localized: LocalizedText?

    public init(code: String, message: String, localized: LocalizedText?) {
        self.code = code
        self.message = message
        self.localized = localized
    }

    /// Whether `code` means the hub itself is in trouble, not the changeset (a full disk, a busy
    /// database, an I/O or internal failure, a missing key, a damaged store or database, a stale CRL):
    /// the sender is not at fault and should retry; over HTTP such codes are 5xx, never 4xx. Decided
    /// by the one reason catalogue (`ReasonCode.fault`, docs/errors.md).
    public static func isHubFault(_ code: String?) -> Bool {
        code.flatMap(ReasonCode.init(rawValue:))?.fault == .hub
    }
}
