import DistrictSyncCore

/// The hub's side of the valid-time rule (`UnitPeriod`, docs/units.md): every record a changeset
/// writes must describe a time inside the lifetime of a unit with the changeset's code. The
/// changeset header names the code only, so for a reused code (769: Quận 2, then Thành phố Thủ
/// Đức) a record is inside when it lies inside one of them; reports then give an officer to the
/// unit valid on the officer's start date, so an officer of the first never covers the second.
///
/// Works on the fields a change carries: a change that sets an officer's start and end is checked
/// as one service period; a change that sets only one of them checks that date.
struct UnitPeriodCheck {
    let units: [OrgUnit]
    private let surveyYear = SyncedTable.surveys.columnIndex("year")
    private let figuresYear = SyncedTable.surveyFigures.columnIndex("year")
    private let officerStart = SyncedTable.officers.columnIndex("start_date")
    private let officerEnd = SyncedTable.officers.columnIndex("end_date")
    private let trainingDate = SyncedTable.trainings.columnIndex("date")

    init(units: [OrgUnit]) { self.units = units }

    /// Throws `period_outside_unit` for the current change of `stream` when it describes a time
    /// outside every unit of `units`.
    func check(_ stream: ChangeStream, bytes b: UnsafeRawBufferPointer) throws {
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
            throw HubError(error.code, error.text)
        }
    }
}
