/// `HOME/hub.json`: what the hub trusts and who it is.
///
/// Paths to trust anchors and CRLs point at the copies under `HOME/trust/` and `HOME/crls/`; the
/// hub's own key stays where the operator keeps it and only its path is recorded here.
public struct HubSettings: Codable, Sendable, Equatable {
    /// The city (environment) id every changeset must carry ("79" for HCMC).
    public var cityID: String
    /// An id for this hub, written into receipts.
    public var hubID: String
    /// Trust anchors (root certificates), relative to the home or absolute.
    public var trustAnchors: [String]
    /// Installed CRLs (PEM), relative to the home or absolute.
    public var crls: [String]
    /// The hub's certificate (signs receipts).
    public var certificate: String
    /// The hub's private key; encrypted, passphrase from DSYNC_KEY_PASSPHRASE or a file.
    public var key: String
    /// A district with no accepted changeset for this many days is reported stale.
    public var staleDays: Int
    /// Largest changeset file the hub reads (threat T9).
    public var maxChangesetBytes: Int
    /// How far ahead of a node's head a changeset may be held before it is refused (threat T6).
    public var maxSequenceGap: UInt64
    /// How far a changeset's newest clock may run ahead of the hub's clock, in milliseconds.
    public var maxClockAheadMillis: Int64
    /// `rejected/` keeps a whole copy of a rejected file up to this size, else only its first this
    /// many bytes (`<id>.head`; the id is the SHA-256 of the whole file). nil: 1 MiB.
    public var rejectedKeepBytes: Int?
    /// The most bytes `rejected/` may hold; beyond it nothing more is copied (the audit row still
    /// says what was refused). nil: 256 MiB.
    public var rejectedQuotaBytes: Int?

    /// `rejectedKeepBytes` or its default.
    public var effectiveRejectedKeepBytes: Int { max(0, rejectedKeepBytes ?? 1024 * 1024) }
    /// `rejectedQuotaBytes` or its default.
    public var effectiveRejectedQuotaBytes: Int { max(0, rejectedQuotaBytes ?? 256 * 1024 * 1024) }

    /// How much older than its acceptance a changeset's signing time may be, in days (issue 12, Why 4):
    /// USB sticks travel for days or weeks, so the default is 90; an older signing time is refused
    /// `signing_time_implausible`. Absent in hub.json written before it existed: the default.
    public var signingTimeWindowDays: Int?

    /// The transparency log's origin (the first line of its checkpoints, also its key's name);
    /// nil: `districtsync/<city id>/log` (docs/transparency.md).
    public var logOrigin: String?

    /// `logOrigin` or its default.
    public var effectiveLogOrigin: String { logOrigin ?? "districtsync/\(cityID)/log" }

    /// The default of `signingTimeWindowDays`.
    public static let defaultSigningTimeWindowDays = 90

    /// `signingTimeWindowDays` in milliseconds (the default when unset).
    public var signingTimeWindowMillis: Int64 {
        let days = Int64(clamping: max(0, signingTimeWindowDays ?? Self.defaultSigningTimeWindowDays))
        let (millis, overflow) = days.multipliedReportingOverflow(by: 86_400_000)
        return overflow ? .max : millis
    }

    public init(
        cityID: String = "79", hubID: String, trustAnchors: [String], crls: [String], certificate: String, key: String,
        staleDays: Int = 30, maxChangesetBytes: Int = 256 * 1024 * 1024, maxSequenceGap: UInt64 = 1000,
        maxClockAheadMillis: Int64 = 5 * 60 * 1000, signingTimeWindowDays: Int? = defaultSigningTimeWindowDays
    ) {
        self.cityID = cityID
        self.hubID = hubID
        self.trustAnchors = trustAnchors
        self.crls = crls
        self.certificate = certificate
        self.key = key
        self.staleDays = staleDays
        self.maxChangesetBytes = maxChangesetBytes
        self.maxSequenceGap = maxSequenceGap
        self.maxClockAheadMillis = maxClockAheadMillis
        self.signingTimeWindowDays = signingTimeWindowDays
    }
}
