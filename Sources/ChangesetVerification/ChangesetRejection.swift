public import DistrictSyncCore

/// Why a changeset was refused by the shared verification policy: a stable reason code of the
/// catalogue (`ReasonCode`, docs/errors.md) and a message. `dsync verify` prints it; the hub records
/// it as the rejection reason unchanged, so both say the same of the same file.
public struct ChangesetRejection: LocalizedCodedError {
    public let code: String
    public let message: String
    public let localized: LocalizedText?

    public init(code: String, message: String, localized: LocalizedText?) {
        self.code = code
        self.message = message
        self.localized = localized
    }

    /// The rejection a coded error of a lower layer (decoder, crypto) stands for.
    init(_ error: some LocalizedCodedError) {
        self.init(error.code, error.text)
    }
}
