public import DistrictSyncCore
import DistrictSyncStore
import SQLiteDB

extension NodeSession {
    /// Appoints an officer of this district.
    public func addOfficer(
        name: String, office: Office, role: OfficerRole, appointed: String, decision: String,
        decisionDate: String? = nil, contact: String = "", endDate: String? = nil
    ) throws -> Officer {
        let officer = Officer(
            id: makeID(), district: config.district, fullName: name, office: office, role: role,
            decisionNumber: decision, decisionDate: decisionDate ?? appointed, startDate: appointed, endDate: endDate,
            contact: contact)
        do { try officer.validate() } catch { throw NodeError(error.code, error.text) }
        guard !officer.decisionNumber.isEmpty else {
            throw NodeError(
                "officer_decision",
                LocalizedText(
                    vi: "số quyết định phân công đang để trống; ghi --decision, ví dụ 123/QĐ-UBND",
                    en: "the appointment decision number is empty; give --decision, e.g. 123/QĐ-UBND"))
        }
        try checkPeriod(.service(start: officer.startDate, end: officer.endDate))
        if let same = try officers().first(where: { $0.isSamePerson(as: officer) }) {
            throw NodeError(
                "duplicate_officer",
                LocalizedText(
                    vi: "cán bộ này đã có trong dữ liệu (mã \(same.id.prefix(8)), cùng họ tên và quyết định phân công "
                        + "\(same.decisionNumber)); hãy sửa bản ghi đó: "
                        + "`dsync node officer update \(same.id.prefix(8)) …` (hoặc `officer end` khi cán bộ thôi nhiệm vụ)",
                    en: "this officer is already recorded (id \(same.id.prefix(8)), same name and appointment decision "
                        + "\(same.decisionNumber)); change that record instead: "
                        + "`dsync node officer update \(same.id.prefix(8)) …` (or `officer end` to close the post)"))
        }
        try capture { try $0.upsert(officer) }
        return officer
    }

    /// The officer with `id` (a full id or a unique prefix of at least 4 characters).
    public func officer(_ id: String) throws -> Officer {
        guard id.count >= 4 else {
            throw NodeError(
                "officer_id",
                LocalizedText(
                    vi: "mã cán bộ '\(id)' quá ngắn; ghi ít nhất 4 ký tự",
                    en: "officer id '\(id)' is too short; give at least 4 characters"))
        }
        let rows = try store.rows(.officers, where: "id LIKE ? ESCAPE '\\'", [.text(escapeLike(id) + "%")], limit: 2)
        guard let first = rows.first else {
            throw NodeError(
                "unknown_officer",
                LocalizedText(
                    vi: "không có cán bộ nào mang mã '\(id)'; xem danh sách bằng `dsync node officer list`",
                    en: "no officer with id '\(id)'; list them with `dsync node officer list`"))
        }
        guard rows.count == 1 else {
            throw NodeError(
                "ambiguous_officer",
                LocalizedText(
                    vi: "mã cán bộ '\(id)' trùng với nhiều cán bộ; ghi thêm ký tự",
                    en: "officer id '\(id)' matches several officers; give more characters"))
        }
        return Officer(id: first.key, values: first.values)
    }

    /// Applies `edit` to an officer and captures what changed.
    public func updateOfficer(_ id: String, edit: (inout Officer) throws -> Void) throws -> Officer {
        var officer = try officer(id)
        try edit(&officer)
        do { try officer.validate() } catch { throw NodeError(error.code, error.text) }
        try checkPeriod(.service(start: officer.startDate, end: officer.endDate))
        try capture { try $0.upsert(officer) }
        return officer
    }

    /// Ends an officer's service on `date`.
    public func endOfficer(_ id: String, on date: String) throws -> Officer {
        try updateOfficer(id) { $0.endDate = date }
    }

    /// Officers, sorted the Vietnamese way (given name, middle, family); only those serving on
    /// `activeOn` when given.
    public func officers(activeOn: String? = nil) throws -> [Officer] {
        let all = try store.rows(.officers).map { Officer(id: $0.key, values: $0.values) }
        return all.filter { o in activeOn.map { o.isActive(on: $0) } ?? true }.sorted {
            VietnameseText.personSortKey(family: $0.familyName, middle: $0.middleName, given: $0.givenName)
                < VietnameseText.personSortKey(family: $1.familyName, middle: $1.middleName, given: $1.givenName)
        }
    }

    /// Records a training event for an officer.
    /// The date must be YYYY-MM-DD (`bad_date`), the same check `trainingIssues` reports on the form.
    public func addTraining(officerID: String, date: String, course: String, organiser: String) throws -> Training {
        let officer = try officer(officerID)
        guard ISODate.isValid(date) else {
            throw NodeError(
                "bad_date",
                LocalizedText(
                    vi: "ngày tập huấn '\(date)' không phải ngày hợp lệ; cần dạng YYYY-MM-DD, ví dụ 2024-03-15",
                    en: "training date '\(date)' is not a date; expected YYYY-MM-DD, e.g. 2024-03-15"))
        }
        let training = Training(
            id: makeID(), district: config.district, officerID: officer.id, date: date, course: course,
            organiser: organiser)
        guard !training.course.isEmpty else {
            throw NodeError(
                "training_course",
                LocalizedText(
                    vi: "tên khóa tập huấn đang để trống; ghi --course", en: "the course name is empty; give --course"))
        }
        try checkPeriod(.day(date))
        try capture { try $0.upsert(training) }
        return training
    }

    /// Training events, optionally of one officer, by date.
    public func trainings(officerID: String? = nil) throws -> [Training] {
        let rows =
            try officerID.map { try store.rows(.trainings, where: "officer_id = ?", [.text($0)], orderBy: "date, id") }
            ?? store.rows(.trainings, orderBy: "date, id")
        return rows.map { Training(id: $0.key, values: $0.values) }
    }
}

func escapeLike(_ s: String) -> String {
    s.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "%", with: "\\%")
        .replacingOccurrences(of: "_", with: "\\_")
}
