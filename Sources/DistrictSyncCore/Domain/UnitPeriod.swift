/// The valid-time rule of issue 14: a record describes a time (a survey year, an officer's
/// service period, a training date), and that time must lie inside the lifetime of the unit the
/// record belongs to. A node for an ended unit (Quận 1, 2004–2025) can back-fill its years, but
/// a 2026 survey for it is refused `period_outside_unit`, at the node and at the hub.
public enum UnitPeriod {
    /// The valid time a record describes.
    public enum Value: Sendable, Hashable {
        /// A survey answer's year: inside when the unit exists on some day of that year.
        case surveyYear(Int)
        /// An officer's service `[start, end)`; an open end must belong to a unit that has not ended.
        case service(start: String, end: String?)
        /// A single day (a training).
        case day(String)

        var text: String { localized.en }

        var localized: LocalizedText {
            switch self {
            case .surveyYear(let y): LocalizedText(vi: "năm khảo sát \(y)", en: "survey year \(y)")
            case .service(let start, let end):
                LocalizedText(
                    vi: "thời gian công tác \(start) – \(end ?? "(chưa kết thúc)")",
                    en: "service \(start) – \(end ?? "(open)")")
            case .day(let d): LocalizedText(vi: "ngày \(d)", en: "date \(d)")
            }
        }
    }

    /// Whether `value` lies inside `unit`'s lifetime.
    public static func lies(_ value: Value, inside unit: OrgUnit) -> Bool {
        switch value {
        case .surveyYear(let year): unit.overlaps(year: year)
        case .service(let start, let end): unit.contains(start: start, end: end)
        case .day(let day): unit.isValid(on: day)
        }
    }

    /// Throws `period_outside_unit` unless one of `units` (the units the record may belong to:
    /// the node's own, or at the hub every unit with the changeset's code) holds `value`.
    public static func check(_ value: Value, in units: [OrgUnit]) throws(CoreError) {
        guard !units.contains(where: { lies(value, inside: $0) }) else { return }
        let lives = units.map(\.label).joined(separator: "; ")
        throw CoreError(
            "period_outside_unit",
            LocalizedText(
                vi: "\(value.localized.vi) của bản ghi nằm ngoài thời gian tồn tại của đơn vị (\(lives)); bản ghi của "
                    + "một đơn vị chỉ mô tả thời gian của chính đơn vị đó: nhập vào đơn vị tồn tại vào lúc ấy "
                    + "(dsync node init HOME --unit MÃ --on NGÀY)",
                en:
                    "the record's \(value.text) lies outside the unit's lifetime (\(lives)); a unit's records describe only "
                    + "its own time: enter it at the unit that existed then (dsync node init HOME --unit CODE --on DATE)"
            ))
    }
}
