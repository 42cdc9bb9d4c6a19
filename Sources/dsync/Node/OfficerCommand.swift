public import ArgumentParser
import DistrictNode
import DistrictSyncCore

extension Office: ExpressibleByArgument {}
extension OfficerRole: ExpressibleByArgument {}

struct OfficerCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "officer", abstract: "The district's designated e-commerce officers (plan C.V.2).",
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
        static let configuration = CommandConfiguration(abstract: "Appoint an officer.")
        @OptionGroup var homeOptions: HomeOptions
        @OptionGroup var output: OutputOptions
        @Option(help: "Full name, e.g. \"Nguyễn Thị Minh Khai\".") var name: String
        @Option(help: "kinh-te (Phòng Kinh tế) or cong-thuong (Phòng Công Thương).") var office: Office
        @Option(help: "ecommerce (in charge of e-commerce) or economy (economic affairs).") var role: OfficerRole
        @Option(help: "Start date, YYYY-MM-DD.") var appointed: String
        @Option(help: "Appointment decision number, e.g. 123/QĐ-UBND.") var decision: String
        @Option(help: "Decision date (default: the appointment date).") var decisionDate: String?
        @Option(help: "Phone or e-mail.") var contact = ""

        func run() throws {
            try runReportingErrors(output.lang, json: output.json) {
                let appointed = try ISODate.parse(appointed, field: "--appointed")
                let decisionDate = try decisionDate.map { try ISODate.parse($0, field: "--decision-date") }
                let o = try homeOptions.open().addOfficer(
                    name: name, office: office, role: role, appointed: appointed, decision: decision,
                    decisionDate: decisionDate, contact: contact)
                try OfficerCommand.show(o, output)
            }
        }
    }

    struct Update: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Change an officer's details.")
        @OptionGroup var homeOptions: HomeOptions
        @OptionGroup var output: OutputOptions
        @Argument(help: "Officer id (or a unique prefix).") var id: String
        @Option var name: String?
        @Option var office: Office?
        @Option var role: OfficerRole?
        @Option var decision: String?
        @Option var decisionDate: String?
        @Option var contact: String?

        func run() throws {
            try runReportingErrors(output.lang, json: output.json) {
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
    }

    struct End: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "End an officer's service.")
        @OptionGroup var homeOptions: HomeOptions
        @OptionGroup var output: OutputOptions
        @Argument(help: "Officer id (or a unique prefix).") var id: String
        @Option(help: "Last day + 1 (exclusive end), YYYY-MM-DD.") var date: String

        func run() throws {
            try runReportingErrors(output.lang, json: output.json) {
                let date = try ISODate.parse(date, field: "--date")
                try OfficerCommand.show(try homeOptions.open().endOfficer(id, on: date), output)
            }
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List officers (Vietnamese name order).")
        @OptionGroup var homeOptions: HomeOptions
        @OptionGroup var output: OutputOptions
        @Option(help: "Only officers serving on this date.") var activeOn: String?

        func run() throws {
            try runReportingErrors(output.lang, json: output.json) {
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
}

struct TrainingCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "training", abstract: "Training events of officers (B4a/B4b).", subcommands: [Add.self, List.self])

    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Record a training event.")
        @OptionGroup var homeOptions: HomeOptions
        @OptionGroup var output: OutputOptions
        @Option(help: "Officer id (or a unique prefix).") var officer: String
        @Option(help: "Date, YYYY-MM-DD.") var date: String
        @Option(help: "Course name.") var course: String
        @Option(help: "Organiser.") var organiser = "Sở Công Thương TP.HCM"

        func run() throws {
            try runReportingErrors(output.lang, json: output.json) {
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
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List training events.")
        @OptionGroup var homeOptions: HomeOptions
        @OptionGroup var output: OutputOptions
        @Option(help: "Only this officer's.") var officer: String?

        func run() throws {
            try runReportingErrors(output.lang, json: output.json) {
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
                        ["date", "officer", "course", "organiser"],
                        list.map { [$0.date, String($0.officerID.prefix(8)), $0.course, $0.organiser] }))
            }
        }
    }
}
