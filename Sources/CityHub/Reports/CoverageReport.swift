/// Officer coverage of every district valid on the report date (plan C.V.2): who is in charge of
/// e-commerce in each district, and what stands in the way.
public struct CoverageReport: Sendable, Hashable, Codable {
    /// The status of a signing certificate on the report's check time.
    public enum CertificateStatus: String, Sendable, Hashable, Codable, CaseIterable {
        case valid, expiring, expired, revoked, none

        /// Better statuses first, to pick a district's best certificate.
        var rank: Int {
            switch self {
            case .valid: 0
            case .expiring: 1
            case .expired: 2
            case .revoked: 3
            case .none: 4
            }
        }

        /// Whether the certificate can still sign.
        public var isUsable: Bool { self == .valid || self == .expiring }
    }

    /// A certificate seen signing for a district (from `signers`).
    public struct Certificate: Sendable, Hashable, Codable {
        public let status: CertificateStatus
        public let serial: String?
        public let notAfter: String?

        enum CodingKeys: String, CodingKey {
            case status, serial
            case notAfter = "not_after"
        }
    }

    /// An officer active on the report date.
    public struct OfficerEntry: Sendable, Hashable, Codable {
        public let id: String
        public let name: String
        public let office: String
        public let role: String
        public let decision: String
        public let decisionDate: String
        public let start: String
        public let end: String?
        public let certificate: CertificateStatus
        /// Whether this officer alone satisfies C.V.2 (e-commerce role in an eligible office).
        public let covers: Bool

        enum CodingKeys: String, CodingKey {
            case id, name, office, role, decision, start, end, certificate, covers
            case decisionDate = "decision_date"
        }
    }

    /// Something wrong with a district: `vacant` (with `since`, a date or "never"), `never_synced`,
    /// `stale` (with `since`, the last acceptance date), `no_valid_certificate`.
    public struct Issue: Sendable, Hashable, Codable {
        public let code: String
        public let since: String?

        public init(_ code: String, since: String? = nil) {
            self.code = code
            self.since = since
        }
    }

    /// One unit's line (a district before 2025-07-01, a ward or commune after). In JSON it appears
    /// under `districts` (the original contract, without `kind`) and under `units` (with `kind`).
    public struct District: Sendable, Hashable, Codable {
        public let code: String
        public let name: String
        /// The unit's kind (`quan`, `huyen`, `thanh-pho`, `phuong`, `xa`, `dac-khu`).
        public let kind: String
        public let covered: Bool
        public let officers: [OfficerEntry]
        /// The UTC date of the newest accepted changeset, or nil when the district never synced.
        public let lastAccepted: String?
        public let acceptedChangesets: Int
        public let certificate: Certificate
        public let issues: [Issue]

        enum CodingKeys: String, CodingKey {
            case code, name, kind, covered, officers, certificate, issues
            case lastAccepted = "last_accepted"
            case acceptedChangesets = "accepted_changesets"
        }

        public init(
            code: String, name: String, kind: String, covered: Bool, officers: [OfficerEntry], lastAccepted: String?,
            acceptedChangesets: Int, certificate: Certificate, issues: [Issue]
        ) {
            self.code = code
            self.name = name
            self.kind = kind
            self.covered = covered
            self.officers = officers
            self.lastAccepted = lastAccepted
            self.acceptedChangesets = acceptedChangesets
            self.certificate = certificate
            self.issues = issues
        }

        public init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            code = try c.decode(String.self, forKey: .code)
            name = try c.decode(String.self, forKey: .name)
            kind = try c.decodeIfPresent(String.self, forKey: .kind) ?? ""
            covered = try c.decode(Bool.self, forKey: .covered)
            officers = try c.decode([OfficerEntry].self, forKey: .officers)
            lastAccepted = try c.decodeIfPresent(String.self, forKey: .lastAccepted)
            acceptedChangesets = try c.decode(Int.self, forKey: .acceptedChangesets)
            certificate = try c.decode(Certificate.self, forKey: .certificate)
            issues = try c.decode([Issue].self, forKey: .issues)
        }

        // The contract keys are always present: `last_accepted` is null for a district that never synced.
        public func encode(to encoder: any Encoder) throws {
            try encode(to: encoder, withKind: false)
        }

        func encode(to encoder: any Encoder, withKind: Bool) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(code, forKey: .code)
            if withKind { try c.encode(kind, forKey: .kind) }
            try c.encode(name, forKey: .name)
            try c.encode(covered, forKey: .covered)
            try c.encode(officers, forKey: .officers)
            try c.encode(lastAccepted, forKey: .lastAccepted)
            try c.encode(acceptedChangesets, forKey: .acceptedChangesets)
            try c.encode(certificate, forKey: .certificate)
            try c.encode(issues, forKey: .issues)
        }

        public func hasIssue(_ code: String) -> Bool { issues.contains { $0.code == code } }
    }

    public let asOf: String
    public let generatedAt: String
    public let districts: [District]
    public let coveredCount: Int
    public let total: Int
    public var provenance: DataProvenance

    public var allCovered: Bool { coveredCount == total }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: FlatKeys.self)
        try c.encode(asOf, forKey: .init("as_of"))
        try c.encode(generatedAt, forKey: .init("generated_at"))
        try c.encode(districts, forKey: .init("districts"))
        try c.encode(districts.map(UnitEntry.init), forKey: .init("units"))
        try c.encode(coveredCount, forKey: .init("covered_count"))
        try c.encode(total, forKey: .init("total"))
        try provenance.encodeFlat(into: &c)
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: FlatKeys.self)
        asOf = try c.decode(String.self, forKey: .init("as_of"))
        generatedAt = try c.decode(String.self, forKey: .init("generated_at"))
        districts = try c.decode([District].self, forKey: .init("districts"))
        coveredCount = try c.decode(Int.self, forKey: .init("covered_count"))
        total = try c.decode(Int.self, forKey: .init("total"))
        provenance = try DataProvenance.decodeFlat(from: c)
    }

    public init(
        asOf: String, generatedAt: String, districts: [District], provenance: DataProvenance
    ) {
        self.asOf = asOf
        self.generatedAt = generatedAt
        self.districts = districts
        self.coveredCount = districts.filter(\.covered).count
        self.total = districts.count
        self.provenance = provenance
    }
}

/// A coverage line with its unit's `kind`, for the JSON `units` list.
struct UnitEntry: Encodable {
    let district: CoverageReport.District
    init(_ district: CoverageReport.District) { self.district = district }
    func encode(to encoder: any Encoder) throws { try district.encode(to: encoder, withKind: true) }
}

/// String coding keys, so reports can put provenance fields at the top level of their JSON.
struct FlatKeys: CodingKey {
    let stringValue: String
    var intValue: Int? { nil }
    init(_ s: String) { stringValue = s }
    init?(stringValue: String) { self.stringValue = stringValue }
    init?(intValue: Int) { nil }
}

extension DataProvenance {
    func encodeFlat(into c: inout KeyedEncodingContainer<FlatKeys>) throws {
        try c.encode(dataHash, forKey: .init("data_hash"))
        try c.encode(acceptedChangesets, forKey: .init("accepted_changesets"))
        try c.encode(recompute, forKey: .init("recompute"))
    }

    static func decodeFlat(from c: KeyedDecodingContainer<FlatKeys>) throws -> DataProvenance {
        DataProvenance(
            dataHash: try c.decode(String.self, forKey: .init("data_hash")),
            acceptedChangesets: try c.decode(Int.self, forKey: .init("accepted_changesets")),
            newestAcceptedAt: nil, recompute: try c.decode(String.self, forKey: .init("recompute")))
    }
}
