public import DistrictSyncCore
public import DistrictSyncCrypto

/// What a changeset is checked against, by `dsync verify` and by the hub alike: the city PKI (roots,
/// intermediates, CRLs), the unit list, the city, and the limits. The hub builds it from hub.json
/// and its home; `dsync verify` from its options and the embedded unit list. The same file under the
/// same policy gets the same answer on both sides.
public struct ChangesetPolicy: Sendable {
    /// The largest changeset file read (threat T9), unless a hub's settings say otherwise.
    public static let defaultMaxBytes = 256 * 1024 * 1024
    /// How far the newest change's clock may run ahead of the verifier's clock.
    public static let defaultMaxClockAheadMillis: Int64 = 5 * 60 * 1000

    public var trust: VerificationPolicy
    public var units: OrgUnitList
    /// Only changesets for this city id; nil accepts any city.
    public var cityID: String?
    public var maxBytes: Int
    public var maxClockAheadMillis: Int64

    public init(
        trust: VerificationPolicy, units: OrgUnitList, cityID: String? = nil, maxBytes: Int = defaultMaxBytes,
        maxClockAheadMillis: Int64 = defaultMaxClockAheadMillis
    ) {
        self.trust = trust
        self.units = units
        self.cityID = cityID
        self.maxBytes = maxBytes
        self.maxClockAheadMillis = maxClockAheadMillis
    }
}
