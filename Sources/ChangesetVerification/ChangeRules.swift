public import DistrictSyncCore

/// The checks every change of a changeset passes, wherever it is read — by `dsync verify`, by the
/// hub while it merges, and by the hub before it holds a changeset for a gap: one code path, so the
/// two sides cannot drift apart.
///
/// - the `district` column, when a change sets it, is the changeset's own unit (threat T3; NULL is
///   refused too: it would orphan the record) → `foreign_record`;
/// - the time a record describes lies inside the lifetime of a unit with the changeset's code
///   (`UnitPeriod`, docs/units.md) → `period_outside_unit`. The header names the code only, so for a
///   reused code (769: Quận 2, then Thành phố Thủ Đức) a record is inside when it lies inside one of
///   them; reports then give an officer to the unit valid on the officer's start date.
///
/// A change that sets an officer's start and end is checked as one service period; a change that
/// sets only one of them checks that date.
public struct ChangeRules: Sendable {
    public let district: String
    /// The units with the changeset's code; nil skips the period rule (a replay of changesets the
    /// hub already accepted under the unit list of their day).
    public let units: [OrgUnit]?
    private let districtBytes: [UInt8]
    private let surveyYear = SyncedTable.surveys.columnIndex("year")
    private let figuresYear = SyncedTable.surveyFigures.columnIndex("year")
    private let officerStart = SyncedTable.officers.columnIndex("start_date")
    private let officerEnd = SyncedTable.officers.columnIndex("end_date")
    private let trainingDate = SyncedTable.trainings.columnIndex("date")

    public init(district: String, units: [OrgUnit]?) {
        self.district = district
        self.units = units
        self.districtBytes = Array(district.utf8)
    }

    /// Checks the current change of `stream`; `b` is the buffer of `stream.withCurrentBytes`.
    public func check(_ stream: ChangeStream, bytes b: UnsafeRawBufferPointer) throws(ChangesetRejection) {
        try checkDistrictField(stream, bytes: b)
        if let units { try checkPeriod(stream, bytes: b, units: units) }
    }

    /// The `district` column (always column 0 of a synced table that has one) must be this unit.
    public func checkDistrictField(_ stream: ChangeStream, bytes b: UnsafeRawBufferPointer) throws(ChangesetRejection) {
        guard let first = stream.fields.first, first.column == 0 else { return }
        let same =
            first.kind == 2 && first.count == districtBytes.count
            && UnsafeRawBufferPointer(rebasing: b[first.start..<first.start + first.count]).elementsEqual(districtBytes)
        guard same else {
            throw ChangesetRejection(
                "foreign_record",
                LocalizedText(
                    vi: "một thay đổi ghi \(stream.table.name).district khác đơn vị \(district) của tập thay đổi",
                    en: "a change sets \(stream.table.name).district to another district than \(district)"))
        }
    }

    private func checkPeriod(_ stream: ChangeStream, bytes b: UnsafeRawBufferPointer, units: [OrgUnit])
        throws(ChangesetRejection)
    {
        guard stream.operation == .upsert else { return }
        func value(_ column: Int?) -> FieldValue? {
            guard let column, let f = stream.fields.first(where: { $0.column == column }) else { return nil }
            return ChangeStream.value(f, in: b)
        }
        do {
            switch stream.table {
            case .surveys:
                if let year = value(surveyYear)?.int { try UnitPeriod.check(.surveyYear(Int(year)), in: units) }
            case .surveyFigures:
                if let year = value(figuresYear)?.int { try UnitPeriod.check(.surveyYear(Int(year)), in: units) }
            case .trainings:
                if let day = value(trainingDate)?.text { try UnitPeriod.check(.day(day), in: units) }
            case .officers:
                let start = value(officerStart)?.text
                let end = value(officerEnd)
                if let start {
                    try UnitPeriod.check(.service(start: start, end: end?.text), in: units)
                } else if let endDay = end?.text {
                    // Only the end moved: it must fall after a unit's start and by its end.
                    let inside = units.contains { $0.validFrom < endDay && ($0.validTo.map { endDay <= $0 } ?? true) }
                    if !inside { try UnitPeriod.check(.day(endDay), in: []) }
                }
            default: return
            }
        } catch {
            throw ChangesetRejection(error)
        }
    }
}
