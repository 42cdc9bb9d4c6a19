import DistrictSyncCore
public import SQLiteDB

/// Computes the hub's reports from a database and `ReportInputs`. Pure over its inputs: no wall
/// clock, no configuration files; the database must already be the state as of `inputs.asOf`
/// (the CLI materialises it), and only changesets accepted by the end of that day are counted.
public struct ReportEngine {
    public let database: Database
    public let inputs: ReportInputs

    public init(database: Database, inputs: ReportInputs) {
        self.database = database
        self.inputs = inputs
    }

    static let dayMillis: Int64 = 86_400_000

    /// The instant certificates are checked at: the last millisecond of the as-of day
    /// (23:59:59.999 UTC; valid time: could the officer sign then?), or now (or the known-at
    /// time) if that is earlier.
    var certificateCheckMillis: Int64 { min(inputs.now, inputs.endOfAsOfDayMillis - 1, inputs.cutoffMillis - 1) }

    /// The city tables coverage reads (officers and their training): only these can change it.
    static let coverageTables: [SyncedTable] = [.officers, .trainings]

    /// `tables`: the city tables the report reads; each is checked row by row first.
    func provenance(recompute: String, reads tables: [SyncedTable]) throws -> DataProvenance {
        guard ISODate.isValid(inputs.asOf) else {
            throw HubError(
                "bad_date",
                LocalizedText(
                    vi: "ngày báo cáo '\(inputs.asOf)' không phải ngày hợp lệ; cần dạng YYYY-MM-DD",
                    en: "as-of date '\(inputs.asOf)' is not a date; expected YYYY-MM-DD"))
        }
        // Every row of every table a report reads is checked against its checksum first: a flipped
        // bit is `hub_db_corrupt`, never a silently different figure (CityIntegrity). Whole tables,
        // not only the rows a query selects: a flip of `_exists`, `year` or `district` moves a row
        // out of the selection, and only a check of the table catches that. Tables the report does
        // not read are left alone: coverage reads no enterprise and no survey, so it no longer
        // checksums the whole city (issue 18: that scan was most of its time).
        try CityIntegrity.verify(database, tables: tables)
        let p = try DataProvenance.read(database, cutoffMillis: inputs.cutoffMillis, recompute: recompute)
        if p.acceptedChangesets == 0 {
            let first = try ReportStore(db: database).firstAcceptedAt()
            if let first {
                throw HubError(
                    "no_data_as_of",
                    LocalizedText(
                        vi: "đến \(inputs.asOf) chưa có tập thay đổi nào được tiếp nhận; tập đầu tiên "
                            + "được tiếp nhận ngày \(ISODate.fromUnixMillis(first)). Ghi --known-at \(ISODate.fromUnixMillis(first)) "
                            + "hoặc muộn hơn",
                        en: "no changeset had been accepted by \(inputs.asOf); the first was accepted on "
                            + "\(ISODate.fromUnixMillis(first)). Give --known-at \(ISODate.fromUnixMillis(first)) or later"
                    ))
            }
            throw HubError(
                "no_data",
                LocalizedText(
                    vi: "hub chưa tiếp nhận tập thay đổi nào; hãy nhập các tập thay đổi của đơn " + "vị trước",
                    en: "the hub has accepted no changesets yet; import district changesets first"))
        }
        return p
    }

    /// Officer coverage of every district valid on the as-of date (from the org-unit list, not from
    /// who synced).
    public func coverage() throws -> CoverageReport {
        let provenance = try provenance(
            recompute: "dsync hub report coverage --as-of \(inputs.asOf) --format json", reads: Self.coverageTables)
        let data = try ReportData.load(database, cutoffMillis: inputs.cutoffMillis)
        let asOf = inputs.asOf
        var districts: [CoverageReport.District] = []
        let rule = inputs.eligibleOffices
        for unit in inputs.units.units(validOn: asOf) {
            // A unit is (code, valid_from): an officer belongs to the unit with that code on the
            // officer's start date, so Quận 2's officer never covers Thành phố Thủ Đức (both 769).
            let mine = data.officers.filter { $0.district == unit.code && unit.isValid(on: $0.start) }
            let active = mine.filter { $0.isActive(on: asOf) }.sorted {
                VietnameseText.personSortKey(family: $0.family, middle: $0.middle, given: $0.given)
                    < VietnameseText.personSortKey(family: $1.family, middle: $1.middle, given: $1.given)
            }
            let entries = active.map { o in
                CoverageReport.OfficerEntry(
                    id: o.id, name: o.fullName, office: o.office, role: o.role, decision: o.decision,
                    decisionDate: o.decisionDate, start: o.start, end: o.end,
                    certificate: officerCertificateStatus(o, data: data), covers: o.covers(unit, rule))
            }
            let covered = active.contains { $0.covers(unit, rule) }
            var issues: [CoverageReport.Issue] = []
            if !covered {
                // Vacant since the latest end of a covering post that ended by the report date.
                let ended = mine.filter { $0.covers(unit, rule) }.compactMap(\.end).filter { $0 <= asOf }.max()
                issues.append(.init("vacant", since: ended ?? "never"))
            }
            let summary = data.accepted[unit.code]
            var lastAccepted: String?
            if let summary, summary.count > 0 {
                lastAccepted = ISODate.fromUnixMillis(summary.newest)
                if inputs.cutoffMillis - summary.newest > Int64(inputs.staleDays) * Self.dayMillis {
                    issues.append(.init("stale", since: lastAccepted))
                }
            } else {
                issues.append(.init("never_synced"))
            }
            let certificate = districtCertificate(unit.code, data: data)
            if !certificate.status.isUsable { issues.append(.init("no_valid_certificate")) }
            districts.append(
                CoverageReport.District(
                    code: unit.code, name: unit.nameVi, kind: unit.kind, covered: covered, officers: entries,
                    lastAccepted: lastAccepted, acceptedChangesets: summary?.count ?? 0, certificate: certificate,
                    issues: issues))
        }
        return CoverageReport(
            asOf: asOf, generatedAt: Self.timestamp(inputs.now), districts: districts, provenance: provenance)
    }

    /// The status at `certificateCheckMillis`. X.509 validity includes `notAfter` itself and has
    /// one-second resolution (RFC 5280 4.1.2.5), so the comparison is in whole seconds: a certificate
    /// ending 2015-12-31T23:59:59Z still counts on the 2015-12-31 report (checked at 23:59:59.999)
    /// and is expired on 2016-01-01's; one ending 2015-12-31T00:00:00Z is expired on 2015-12-31's.
    func certificateStatus(_ signer: ReportData.SignerRow) -> CoverageReport.CertificateStatus {
        Self.certificateStatus(
            notBefore: signer.notBefore, notAfter: signer.notAfter,
            revoked: inputs.revokedSerials.contains(signer.serial), at: certificateCheckMillis,
            expiringDays: inputs.expiringDays)
    }

    /// The rule of `certificateStatus(_:)` on plain values (Unix milliseconds).
    static func certificateStatus(
        notBefore: Int64, notAfter: Int64, revoked: Bool, at: Int64, expiringDays: Int
    ) -> CoverageReport.CertificateStatus {
        if revoked { return .revoked }
        let second = floorDiv(at, 1000)
        let first = floorDiv(notBefore, 1000)
        let last = floorDiv(notAfter, 1000)
        if second > last { return .expired }
        if second < first { return .none }
        if last - second < Int64(expiringDays) * 86_400 { return .expiring }
        return .valid
    }

    static func floorDiv(_ a: Int64, _ b: Int64) -> Int64 { a >= 0 ? a / b : -((-a + b - 1) / b) }

    func districtCertificate(_ code: String, data: ReportData) -> CoverageReport.Certificate {
        let best = data.signers.filter { $0.district == code }
            .map { (signer: $0, status: certificateStatus($0)) }
            .min { a, b in
                a.status.rank != b.status.rank ? a.status.rank < b.status.rank : a.signer.notAfter > b.signer.notAfter
            }
        guard let best else { return .init(status: .none, serial: nil, notAfter: nil) }
        return .init(
            status: best.status, serial: best.signer.serial, notAfter: ISODate.fromUnixMillis(best.signer.notAfter))
    }

    func officerCertificateStatus(
        _ officer: ReportData.OfficerRow, data: ReportData
    ) -> CoverageReport.CertificateStatus {
        let fingerprint = officer.certFingerprint.lowercased()
        if !fingerprint.isEmpty, let signer = data.signers.first(where: { $0.fingerprint.lowercased() == fingerprint })
        {
            return certificateStatus(signer)
        }
        if !officer.certSerial.isEmpty && inputs.revokedSerials.contains(officer.certSerial) { return .revoked }
        return .none
    }

    /// `YYYY-MM-DDTHH:MM:SSZ` for Unix milliseconds.
    static func timestamp(_ millis: Int64) -> String {
        let date = ISODate.fromUnixMillis(millis)
        let ms = millis - (ISODate.unixMillis(date) ?? 0)
        let s = Int(ms / 1000)
        func two(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
        return "\(date)T\(two(s / 3600)):\(two(s / 60 % 60)):\(two(s % 60))Z"
    }
}
