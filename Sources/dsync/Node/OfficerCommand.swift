public import ArgumentParser
import DistrictNode
import DistrictSyncCore

extension Office: ExpressibleByArgument {}
extension OfficerRole: ExpressibleByArgument {}

struct OfficerCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "officer",
        abstract: help(
            "Cán bộ chuyên trách thương mại điện tử của đơn vị (mục C.V.2 của kế hoạch).",
            "The district's designated e-commerce officers (plan C.V.2)."),
        subcommands: [Add.self, Update.self, End.self, List.self])

    struct OfficerJSON: Encodable {
        let id, district, fullName, familyName, middleName, givenName, office, role, decision, decisionDate,
            start: String
        let end: String?
        let contact: String
        let certFingerprint: String

        init(_ o: Officer) {
            id = o.id
            district = o.district
            fullName = o.fullName
            familyName = o.familyName
            middleName = o.middleName
            givenName = o.givenName
            office = o.office.rawValue
            role = o.role.rawValue
            decision = o.decisionNumber
            decisionDate = o.decisionDate
            start = o.startDate
            end = o.endDate
            contact = o.contact
            certFingerprint = o.certFingerprint
        }

        enum CodingKeys: String, CodingKey {
            case id, district, office, role, decision, start, end, contact
            case fullName = "full_name"
            case familyName = "family_name"
            case middleName = "middle_name"
            case givenName = "given_name"
            case decisionDate = "decision_date"
            case certFingerprint = "cert_fingerprint"
        }
    }

    static func show(_ o: Officer, _ output: OutputOptions) throws {
        if output.json { return try emitJSON(OfficerJSON(o)) }
        let l = output.lang
        emit(
            "\(o.id)  \(o.fullName) — \(l == .vi ? o.office.vietnamese : o.office.english), \(say(l, o.role.vietnamese, o.role.rawValue)), "
                + "\(say(l, "quyết định", "decision")) \(o.decisionNumber) (\(o.decisionDate)), \(o.startDate) → \(o.endDate ?? "…")"
        )
    }

    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: help("Ghi nhận phân công một cán bộ.", "Appoint an officer."))
        @OptionGroup var homeOptions: HomeOptions
        @OptionGroup var output: OutputOptions
        @Option(help: help("Họ và tên, ví dụ \"Nguyễn Thị Minh Khai\".", "Full name, e.g. \"Nguyễn Thị Minh Khai\"."))
        var name: String
        @Option(
            help: help(
                "kinh-te (Phòng Kinh tế) hoặc cong-thuong (Phòng Công Thương).",
                "kinh-te (Phòng Kinh tế) or cong-thuong (Phòng Công Thương).")) var office: Office
        @Option(
            help: help(
                "ecommerce (phụ trách thương mại điện tử) hoặc economy (phụ trách kinh tế).",
                "ecommerce (in charge of e-commerce) or economy (economic affairs).")) var role: OfficerRole
        @Option(help: help("Ngày bắt đầu, YYYY-MM-DD.", "Start date, YYYY-MM-DD.")) var appointed: String
        @Option(
            help: help("Số quyết định phân công, ví dụ 123/QĐ-UBND.", "Appointment decision number, e.g. 123/QĐ-UBND."))
        var decision: String
        @Option(
            help: help("Ngày quyết định (mặc định: ngày phân công).", "Decision date (default: the appointment date)."))
        var decisionDate: String?
        @Option(help: help("Điện thoại hoặc thư điện tử.", "Phone or e-mail.")) var contact = ""

        func run() throws {
            let appointed = try ISODate.parse(appointed, field: "--appointed")
            let decisionDate = try decisionDate.map { try ISODate.parse($0, field: "--decision-date") }
            let o = try homeOptions.open().addOfficer(
                name: name, office: office, role: role, appointed: appointed, decision: decision,
                decisionDate: decisionDate, contact: contact)
            try OfficerCommand.show(o, output)
        }
    }

    struct Update: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: help("Sửa thông tin của một cán bộ.", "Change an officer's details."))
        @OptionGroup var homeOptions: HomeOptions
        @OptionGroup var output: OutputOptions
        @Argument(help: help("Mã cán bộ (hoặc phần đầu duy nhất của mã).", "Officer id (or a unique prefix).")) var id:
            String
        @Option var name: String?
        @Option var office: Office?
        @Option var role: OfficerRole?
        @Option var decision: String?
        @Option var decisionDate: String?
        @Option var contact: String?

        func run() throws {
            let decisionDate = try decisionDate.map { try ISODate.parse($0, field: "--decision-date") }
            let o = try homeOptions.open().updateOfficer(id) { o in
                if let name {
                    let parts = VietnameseText.splitName(name)
                    o.fullName = VietnameseText.clean(name)
                    (o.familyName, o.middleName, o.givenName) = (parts.family, parts.middle, parts.given)
                }
                if let office { o.office = office }
                if let role { o.role = role }
                if let decision { o.decisionNumber = VietnameseText.clean(decision) }
                if let decisionDate { o.decisionDate = decisionDate }
                if let contact { o.contact = VietnameseText.clean(contact) }
            }
            try OfficerCommand.show(o, output)
        }
    }

    struct End: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: help("Ghi nhận cán bộ thôi nhiệm vụ.", "End an officer's service."))
        @OptionGroup var homeOptions: HomeOptions
        @OptionGroup var output: OutputOptions
        @Argument(help: help("Mã cán bộ (hoặc phần đầu duy nhất của mã).", "Officer id (or a unique prefix).")) var id:
            String
        @Option(
            help: help(
                "Ngày cuối cùng + 1 (ngày kết thúc không tính), YYYY-MM-DD.",
                "Last day + 1 (exclusive end), YYYY-MM-DD.")) var date: String

        func run() throws {
            let date = try ISODate.parse(date, field: "--date")
            try OfficerCommand.show(try homeOptions.open().endOfficer(id, on: date), output)
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: help("Liệt kê cán bộ (theo thứ tự tên tiếng Việt).", "List officers (Vietnamese name order)."))
        @OptionGroup var homeOptions: HomeOptions
        @OptionGroup var output: OutputOptions
        @Option(help: help("Chỉ cán bộ đang công tác vào ngày này.", "Only officers serving on this date."))
        var activeOn: String?

        func run() throws {
            let officers = try homeOptions.open().officers(activeOn: activeOn)
            if output.json { return try emitJSON(officers.map(OfficerJSON.init)) }
            let l = output.lang
            emit(
                table(
                    [
                        "id", say(l, "họ tên", "name"), say(l, "phòng", "office"), say(l, "vai trò", "role"),
                        say(l, "quyết định", "decision"), say(l, "từ", "from"), say(l, "đến", "to"),
                    ],
                    officers.map { o in
                        [
                            String(o.id.prefix(8)), o.fullName, l == .vi ? o.office.vietnamese : o.office.english,
                            o.role.rawValue, o.decisionNumber, o.startDate, o.endDate ?? "",
                        ]
                    }))
        }
    }
}

struct TrainingCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "training",
        abstract: help("Các đợt tập huấn của cán bộ (B4a/B4b).", "Training events of officers (B4a/B4b)."),
        subcommands: [Add.self, List.self])

    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: help("Ghi nhận một đợt tập huấn.", "Record a training event."))
        @OptionGroup var homeOptions: HomeOptions
        @OptionGroup var output: OutputOptions
        @Option(help: help("Mã cán bộ (hoặc phần đầu duy nhất của mã).", "Officer id (or a unique prefix)."))
        var officer: String
        @Option(help: help("Ngày, YYYY-MM-DD.", "Date, YYYY-MM-DD.")) var date: String
        @Option(help: help("Tên khóa tập huấn.", "Course name.")) var course: String
        @Option(help: help("Đơn vị tổ chức.", "Organiser.")) var organiser = "Sở Công Thương TP.HCM"

        func run() throws {
            let date = try ISODate.parse(date, field: "--date")
            let t = try homeOptions.open().addTraining(
                officerID: officer, date: date, course: course, organiser: organiser)
            if output.json {
                return try emitJSON([
                    "id": t.id, "officer_id": t.officerID, "date": t.date, "course": t.course,
                    "organiser": t.organiser,
                ])
            }
            emit(TerminalText.escape("\(t.id)  \(t.date)  \(t.course) — \(t.organiser)"))
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: help("Liệt kê các đợt tập huấn.", "List training events."))
        @OptionGroup var homeOptions: HomeOptions
        @OptionGroup var output: OutputOptions
        @Option(help: help("Chỉ của cán bộ này.", "Only this officer's.")) var officer: String?

        func run() throws {
            let session = try homeOptions.open()
            let id = try officer.map { try session.officer($0).id }
            let list = try session.trainings(officerID: id)
            if output.json {
                return try emitJSON(
                    list.map {
                        [
                            "id": $0.id, "officer_id": $0.officerID, "date": $0.date, "course": $0.course,
                            "organiser": $0.organiser,
                        ]
                    })
            }
            emit(
                table(
                    [
                        say(output.lang, "ngày", "date"), say(output.lang, "cán bộ", "officer"),
                        say(output.lang, "khóa học", "course"), say(output.lang, "đơn vị tổ chức", "organiser"),
                    ],
                    list.map { [$0.date, String($0.officerID.prefix(8)), $0.course, $0.organiser] }))
        }
    }
}
