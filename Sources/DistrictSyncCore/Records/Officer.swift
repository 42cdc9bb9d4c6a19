/// A district's designated officer (plan C.V.2): name parts and NFC full name, office, role,
/// appointment decision, service dates, contact, and the certificate that signs for them.
public struct Officer: SyncedRecord, Hashable {
    public static let table = SyncedTable.officers

    public var id: String
    public var district: String
    public var familyName: String
    public var middleName: String
    public var givenName: String
    public var fullName: String
    public var office: Office
    public var role: OfficerRole
    public var decisionNumber: String
    public var decisionDate: String
    public var startDate: String
    public var endDate: String?
    public var contact: String
    public var certFingerprint: String
    public var certIssuer: String
    public var certSerial: String

    public var key: String { id }

    public var values: [FieldValue] {
        [
            .text(district), .text(familyName), .text(middleName), .text(givenName), .text(fullName),
            .text(office.rawValue), .text(role.rawValue), .text(decisionNumber), .text(decisionDate),
            .text(startDate), endDate.map { .text($0) } ?? .null, .text(contact), .text(certFingerprint),
            .text(certIssuer), .text(certSerial),
        ]
    }

    /// Whether `other` records the same person in the same post: same unit, same folded name
    /// (tone-placement variants match) and the same appointment decision (issue 14 item 9).
    public func isSamePerson(as other: Officer) -> Bool {
        district == other.district
            && VietnameseText.folded(fullName) == VietnameseText.folded(other.fullName)
            && VietnameseText.folded(decisionNumber) == VietnameseText.folded(other.decisionNumber)
    }

    /// Whether the officer serves on `date` (start inclusive, end exclusive).
    public func isActive(on date: String) -> Bool { startDate <= date && (endDate.map { date < $0 } ?? true) }

    /// Rebuilds an officer from stored column values.
    public init(id: String, values v: [FieldValue]) {
        let t = Self.table
        self.id = id
        district = v.text("district", in: t)
        familyName = v.text("family_name", in: t)
        middleName = v.text("middle_name", in: t)
        givenName = v.text("given_name", in: t)
        fullName = v.text("full_name", in: t)
        office = Office(rawValue: v.text("office", in: t)) ?? .kinhTe
        role = OfficerRole(rawValue: v.text("role", in: t)) ?? .ecommerce
        decisionNumber = v.text("decision_no", in: t)
        decisionDate = v.text("decision_date", in: t)
        startDate = v.text("start_date", in: t)
        let end = v.text("end_date", in: t)
        endDate = end.isEmpty ? nil : end
        contact = v.text("contact", in: t)
        certFingerprint = v.text("cert_fingerprint", in: t)
        certIssuer = v.text("cert_issuer", in: t)
        certSerial = v.text("cert_serial", in: t)
    }

    public init(
        id: String, district: String, fullName: String, office: Office, role: OfficerRole, decisionNumber: String,
        decisionDate: String, startDate: String, endDate: String? = nil, contact: String = "",
        familyName: String? = nil, middleName: String? = nil, givenName: String? = nil
    ) {
        let parts = VietnameseText.splitName(fullName)
        self.id = id
        self.district = district
        self.fullName = VietnameseText.clean(fullName)
        self.familyName = familyName.map(VietnameseText.clean) ?? parts.family
        self.middleName = middleName.map(VietnameseText.clean) ?? parts.middle
        self.givenName = givenName.map(VietnameseText.clean) ?? parts.given
        self.office = office
        self.role = role
        self.decisionNumber = VietnameseText.clean(decisionNumber)
        self.decisionDate = decisionDate
        self.startDate = startDate
        self.endDate = endDate
        self.contact = VietnameseText.clean(contact)
        certFingerprint = ""
        certIssuer = ""
        certSerial = ""
    }

    /// Checks the officer's own dates: an end before the start is refused.
    public func validate() throws(CoreError) {
        guard !fullName.isEmpty else {
            throw CoreError(
                "officer_name",
                LocalizedText(
                    vi: "họ tên cán bộ đang để trống; ghi --name", en: "the officer's name is empty; give --name"))
        }
        if let endDate, endDate < startDate {
            throw CoreError(
                "officer_end_before_start",
                LocalizedText(
                    vi:
                        "ngày kết thúc \(endDate) sớm hơn ngày bắt đầu công tác \(startDate) của cán bộ; ghi ngày từ \(startDate) trở về sau",
                    en:
                        "end date \(endDate) is before the officer's start date \(startDate); give a date on or after \(startDate)"
                ))
        }
    }
}

/// A training attended by an officer (B4a/B4b count distinct people; section C counts attendances).
public struct Training: SyncedRecord, Hashable {
    public static let table = SyncedTable.trainings

    public var id: String
    public var district: String
    public var officerID: String
    public var date: String
    public var course: String
    public var organiser: String

    public var key: String { id }
    public var values: [FieldValue] {
        [.text(district), .text(officerID), .text(date), .text(course), .text(organiser)]
    }

    public init(id: String, district: String, officerID: String, date: String, course: String, organiser: String) {
        self.id = id
        self.district = district
        self.officerID = officerID
        self.date = date
        self.course = VietnameseText.clean(course)
        self.organiser = VietnameseText.clean(organiser)
    }

    public init(id: String, values v: [FieldValue]) {
        let t = Self.table
        self.init(
            id: id, district: v.text("district", in: t), officerID: v.text("officer_id", in: t),
            date: v.text("date", in: t), course: v.text("course", in: t), organiser: v.text("organiser", in: t))
    }
}
