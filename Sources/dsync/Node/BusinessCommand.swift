import ArgumentParser
import DistrictNode
import DistrictSyncCore

/// Enterprise fields as options; names match the CSV columns.
struct BusinessFields: ParsableArguments {
    @Option var name: String?
    @Option var address: String?
    @Option var ward: String?
    @Option(
        help: help(
            "agriculture (nông nghiệp), industry_construction (công nghiệp và xây dựng) hoặc trade_services (thương mại và dịch vụ).",
            "agriculture, industry_construction or trade_services.")) var sector: String?
    @Option var employees: String?
    @Option(name: .customLong("capital-vnd")) var capital: String?
    @Option(name: .customLong("revenue-vnd")) var revenue: String?
    @Option(
        help: help(
            "modern_retail, utility, consumer_service, ecommerce_service hoặc other.",
            "modern_retail, utility, consumer_service, ecommerce_service or other.")) var category: String?
    @Option(
        help: help(
            "active (đang hoạt động), closed (đã đóng) hoặc moved_out (đã chuyển đi).", "active, closed or moved_out."))
    var status: String?
    @Option(
        help: help(
            "Năm tham chiếu để xếp quy mô (mặc định: năm nay).",
            "Reference year for the size class (default: this year).")) var referenceYear: Int?

    var dictionary: [String: String] {
        var d: [String: String] = [:]
        d["name"] = name
        d["address"] = address
        d["ward"] = ward
        d["sector"] = sector
        d["employees"] = employees
        d["capital_vnd"] = capital
        d["revenue_vnd"] = revenue
        d["category"] = category
        d["status"] = status
        return d
    }
}

struct EnterpriseJSON: Encodable {
    let taxCode, district, name, address, ward, sector, category, status, sizeClass, sizeRule: String
    let employees, capitalVND, revenueVND: Int64
    let sizeYear: Int

    init(_ e: Enterprise) {
        taxCode = e.key
        district = e.district
        name = e.name
        address = e.address
        ward = e.ward
        sector = e.sector.rawValue
        category = e.category.rawValue
        status = e.status.rawValue
        sizeClass = e.size.sizeClass.rawValue
        sizeRule = e.size.ruleID
        sizeYear = e.size.year
        employees = e.employees
        capitalVND = e.capitalVND
        revenueVND = e.revenueVND
    }

    enum CodingKeys: String, CodingKey {
        case district, name, address, ward, sector, category, status, employees
        case taxCode = "tax_code"
        case sizeClass = "size_class"
        case sizeRule = "size_rule"
        case sizeYear = "size_year"
        case capitalVND = "capital_vnd"
        case revenueVND = "revenue_vnd"
    }
}

struct BusinessCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "business", abstract: help("Các doanh nghiệp của đơn vị.", "The district's enterprises."),
        subcommands: [Add.self, Update.self, Show.self, List.self])

    static func show(_ e: Enterprise, _ output: OutputOptions) throws {
        if output.json { return try emitJSON(EnterpriseJSON(e)) }
        emit(
            "\(e.key)  \(e.name)\n  \(e.address)\(e.ward.isEmpty ? "" : ", " + e.ward)\n  \(e.sector.rawValue) · \(e.category.rawValue) · \(e.status.rawValue) · "
                + "\(e.employees) \(say(output.lang, "lao động", "employees")) · \(say(output.lang, "vốn", "capital")) \(e.capitalVND) · "
                + "\(say(output.lang, "quy mô", "size")) \(e.size.sizeClass.rawValue) (\(e.size.ruleID), \(e.size.year))"
        )
    }

    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: help("Thêm một doanh nghiệp.", "Add an enterprise."))
        @OptionGroup var homeOptions: HomeOptions
        @OptionGroup var output: OutputOptions
        @Option(
            help: help(
                "Mã số thuế (MST), 10 chữ số hoặc 13 chữ số đối với đơn vị phụ thuộc.",
                "Tax code (MST), 10 digits or 13 for a branch.")) var taxCode: String
        @OptionGroup var fields: BusinessFields

        func run() throws {
            var d = fields.dictionary
            d["tax_code"] = taxCode
            try BusinessCommand.show(
                try homeOptions.open().addBusiness(d, referenceYear: fields.referenceYear), output)
        }
    }

    struct Update: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: help("Sửa thông tin của một doanh nghiệp.", "Change an enterprise's fields."))
        @OptionGroup var homeOptions: HomeOptions
        @OptionGroup var output: OutputOptions
        @Argument(help: help("Mã số thuế.", "Tax code.")) var taxCode: String
        @OptionGroup var fields: BusinessFields

        func run() throws {
            try BusinessCommand.show(
                try homeOptions.open().updateBusiness(
                    taxCode: taxCode, fields.dictionary, referenceYear: fields.referenceYear), output)
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: help(
                "Xem một doanh nghiệp và các câu trả lời khảo sát.", "Show one enterprise and its survey answers."))
        @OptionGroup var homeOptions: HomeOptions
        @OptionGroup var output: OutputOptions
        @Argument(help: help("Mã số thuế.", "Tax code.")) var taxCode: String

        func run() throws {
            let session = try homeOptions.open()
            let e = try session.business(taxCode)
            try BusinessCommand.show(e, output)
            if !output.json {
                for s in try session.surveys(taxCode: e.key) {
                    let t = SyncedTable.surveys
                    emit(
                        "  \(s.year): email \(s.values.text("email_use", in: t)), web \(s.values.text("website", in: t)), "
                            + "tmđt \(s.values.text("ecommerce_site", in: t)), b2b \(s.values.text("b2b", in: t)), b2c \(s.values.text("b2c", in: t))"
                    )
                }
                for f in try session.surveyFigures(taxCode: e.key) {
                    let t = SyncedTable.surveyFigures
                    func figure(_ name: String) -> String {
                        guard let i = t.columnIndex(name), f.values[i] != .null else { return "—" }
                        return f.values[i].description
                    }
                    emit(
                        say(
                            output.lang,
                            "  \(f.year) số liệu năm: lao động \(figure("employees")), vốn \(figure("capital_vnd")) đ, doanh thu \(figure("revenue_vnd")) đ",
                            "  \(f.year) figures: employees \(figure("employees")), capital \(figure("capital_vnd")) VND, revenue \(figure("revenue_vnd")) VND"
                        ))
                }
            }
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: help("Liệt kê doanh nghiệp.", "List enterprises."))
        @OptionGroup var homeOptions: HomeOptions
        @OptionGroup var output: OutputOptions
        @Option(
            help: help(
                "Chỉ các tên có chứa chuỗi này (không phân biệt dấu và chữ hoa).",
                "Only names containing this (accents and case ignored).")) var search: String?
        @Option var limit = 50

        func run() throws {
            let list = try homeOptions.open().businesses(search: search, limit: limit)
            if output.json { return try emitJSON(list.map(EnterpriseJSON.init)) }
            emit(
                table(
                    [
                        "MST", say(output.lang, "tên", "name"), say(output.lang, "quy mô", "size"),
                        say(output.lang, "loại", "category"),
                    ], list.map { [$0.key, $0.name, $0.size.sizeClass.rawValue, $0.category.rawValue] }))
        }
    }
}

struct SurveyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "survey",
        abstract: help(
            "Câu trả lời khảo sát thương mại điện tử hằng năm (mục C.V.3 của kế hoạch).",
            "Yearly e-commerce survey answers (plan C.V.3)."), subcommands: [Set.self])

    struct Set: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: help(
                "Thêm hoặc thay câu trả lời khảo sát của một doanh nghiệp cho một năm.",
                "Add or replace one enterprise's answer for a year."))
        @OptionGroup var homeOptions: HomeOptions
        @OptionGroup var output: OutputOptions
        @Option var taxCode: String
        @Option var year: String
        @Option(
            help: help(
                "none (không), occasional (thỉnh thoảng) hoặc regular (thường xuyên).", "none, occasional or regular."))
        var emailUse: String
        @Option(
            help: help(
                "none (không), rare (ít), periodic (định kỳ) hoặc regular (thường xuyên).",
                "none, rare, periodic or regular.")) var website: String
        @Option(
            help: help(
                "none (không), marketplace (tham gia sàn) hoặc own (website riêng).", "none, marketplace or own."))
        var ecommerceSite: String
        @Option var edi = "no"
        @Option(
            help: help(
                "Một số giá trị trong accounting, hr, erp, crm, scm, other, cách nhau bằng dấu ;.",
                ";-separated subset of accounting, hr, erp, crm, scm, other.")) var software = ""
        @Option var b2b = "no"
        @Option var b2c = "no"
        @Option var cashless = "n/a"
        @Option var eBillPayment = "n/a"
        @Option var consumerEChannel = "n/a"
        @Option var collectedBy = ""
        @Option var collectedOn = ""
        @Option(help: "The enterprise's employees in that year (optional: sizes it for the year's reports).")
        var employees: String?
        @Option(name: .customLong("capital-vnd"), help: "Its registered capital in that year, VND (optional).")
        var capital: String?
        @Option(name: .customLong("revenue-vnd"), help: "Its revenue in that year, VND (optional).")
        var revenue: String?

        func run() throws {
            let d = [
                "tax_code": taxCode, "year": year, "email_use": emailUse, "website": website,
                "ecommerce_site": ecommerceSite, "edi": edi, "software": software, "b2b": b2b, "b2c": b2c,
                "cashless": cashless, "e_bill_payment": eBillPayment, "consumer_e_channel": consumerEChannel,
                "collected_by": collectedBy, "collected_on": collectedOn, "employees": employees ?? "",
                "capital_vnd": capital ?? "", "revenue_vnd": revenue ?? "",
            ]
            let a = try homeOptions.open().setSurvey(d)
            if output.json {
                var fields = Dictionary(
                    uniqueKeysWithValues: zip(SyncedTable.surveys.columns.map(\.name), a.values.map(\.description)))
                if let figures = a.figures {
                    for (name, value) in zip(SyncedTable.surveyFigures.columns.map(\.name), figures.values)
                    where SurveyFigures.columns.contains(name) && value != .null {
                        fields[name] = value.description
                    }
                }
                return try emitJSON(fields)
            }
            emit(TerminalText.escape(say(output.lang, "Đã lưu phiếu \(a.key).", "Saved answer \(a.key).")))
        }
    }
}

struct ImportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: help(
            "Nhập một tệp CSV UTF-8 hoặc sổ làm việc Excel .xlsx, nhập tất cả hoặc không nhập gì (docs/import-format.md).",
            "Import a UTF-8 CSV file or an Excel .xlsx workbook, all or nothing (docs/import-format.md)."))

    @OptionGroup var homeOptions: HomeOptions
    @OptionGroup var output: OutputOptions
    @Argument(
        help: help(
            "businesses (doanh nghiệp), surveys (khảo sát) hoặc officers (cán bộ).", "businesses, surveys or officers.")
    ) var kind: String
    @Argument(help: help("Tệp CSV hoặc .xlsx.", "The CSV or .xlsx file.")) var file: String
    @Option(
        help: help(
            "Trang tính cần đọc trong sổ làm việc .xlsx (mặc định: trang đầu tiên).",
            "The sheet to read in an .xlsx workbook (default: the first sheet).")) var sheet: String?
    @Flag(help: help("Chỉ kiểm tra tệp; không ghi gì.", "Check the file only; write nothing.")) var dryRun = false
    @Flag(
        help: help(
            "Nhập các dòng hợp lệ và liệt kê các dòng bị bỏ qua.", "Import the valid rows and list the skipped ones."))
    var skipInvalid = false
    @Option(
        help: help(
            "Năm tham chiếu để xếp quy mô doanh nghiệp (mặc định: năm nay).",
            "Reference year for enterprise size classes (default: this year).")) var referenceYear: Int?

    func run() throws {
        guard let kind = NodeSession.ImportKind(rawValue: kind) else {
            throw NodeError(
                "unknown_import_kind",
                LocalizedText(
                    vi: "không nhập được loại '\(kind)'; cần businesses, surveys hoặc officers",
                    en: "cannot import '\(kind)'; expected businesses, surveys or officers"))
        }
        let session = try homeOptions.open()
        let bar = ProgressBar(label: say(output.lang, "Nhập", "Import"))
        let report = try session.importCSV(
            kind, path: file, sheet: sheet, dryRun: dryRun, skipInvalid: skipInvalid, referenceYear: referenceYear,
            progress: bar.update)
        if output.json { try emitJSON(report) } else { render(report) }
        if report.invalidRows > 0 && !skipInvalid { throw ExitCode(ExitStatus.invalidRows) }
    }

    func render(_ r: ImportReport) {
        let l = output.lang
        for issue in r.issues.prefix(200) {
            emitError(
                TerminalText.escape("\(r.file):\(issue.line): \(issue.column)='\(issue.value)' \(issue.reason(in: l))"))
        }
        if r.issues.count > 200 {
            emitError(say(l, "… và \(r.issues.count - 200) lỗi khác", "… and \(r.issues.count - 200) more issues"))
        }
        if r.invalidRows > 0 && !skipInvalid {
            emitError(
                say(
                    l,
                    "Không nhập gì: \(r.invalidRows)/\(r.rows) dòng có lỗi. Sửa tệp rồi chạy lại, hoặc dùng --skip-invalid.",
                    "Nothing imported: \(r.invalidRows) of \(r.rows) rows are invalid. Fix the file and rerun, or use --skip-invalid."
                ))
            return
        }
        if !r.skippedLines.isEmpty {
            emit(
                say(l, "Bỏ qua các dòng: ", "Skipped lines: ") + r.skippedLines.map(String.init).joined(separator: ", ")
            )
        }
        if r.dryRun {
            emit(
                say(
                    l, "Kiểm tra xong: \(r.valid)/\(r.rows) dòng hợp lệ; chưa ghi gì.",
                    "Checked: \(r.valid) of \(r.rows) rows valid; nothing written."))
        } else {
            emit(
                say(
                    l, "Đã nhập \(r.valid) dòng: \(r.written) thay đổi, \(r.unchanged) không đổi.",
                    "Imported \(r.valid) rows: \(r.written) changed, \(r.unchanged) unchanged."))
        }
    }
}
