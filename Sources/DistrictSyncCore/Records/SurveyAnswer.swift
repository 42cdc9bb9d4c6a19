import Foundation

/// One enterprise's yearly e-commerce survey answer (plan C.V.3): frequencies, not booleans.
public struct SurveyAnswer: SyncedRecord, Hashable {
    public static let table = SyncedTable.surveys

    public var district: String
    public var taxCode: TaxCode
    public var year: Int
    public var emailUse: EmailUse
    public var website: WebsiteUpdate
    public var ecommerceSite: EcommerceSite
    public var edi: YesNo
    public var software: [SoftwareKind]
    public var b2b: YesNo
    public var b2c: YesNo
    public var cashless: YesNoNA
    public var eBillPayment: YesNoNA
    public var consumerEChannel: YesNoNA
    public var collectedBy: String
    public var collectedOn: String
    /// The year's own employees, capital and revenue when the answer carries them (schema 2). Not
    /// a column of `surveys`: it is written as a `survey_figures` record beside the answer.
    public var figures: SurveyFigures?

    public init(
        district: String, taxCode: TaxCode, year: Int, emailUse: EmailUse, website: WebsiteUpdate,
        ecommerceSite: EcommerceSite, edi: YesNo, software: [SoftwareKind], b2b: YesNo, b2c: YesNo,
        cashless: YesNoNA, eBillPayment: YesNoNA, consumerEChannel: YesNoNA, collectedBy: String,
        collectedOn: String, figures: SurveyFigures? = nil
    ) {
        self.district = district
        self.taxCode = taxCode
        self.year = year
        self.emailUse = emailUse
        self.website = website
        self.ecommerceSite = ecommerceSite
        self.edi = edi
        self.software = software
        self.b2b = b2b
        self.b2c = b2c
        self.cashless = cashless
        self.eBillPayment = eBillPayment
        self.consumerEChannel = consumerEChannel
        self.collectedBy = collectedBy
        self.collectedOn = collectedOn
        self.figures = figures
    }

    /// One answer per enterprise per year: the key is `<tax code>/<year>`.
    public static func key(taxCode: String, year: Int) -> String { "\(taxCode)/\(year)" }
    public var key: String { Self.key(taxCode: taxCode.value, year: year) }

    public var values: [FieldValue] {
        [
            .text(district), .text(taxCode.value), .int(Int64(year)), .text(emailUse.rawValue),
            .text(website.rawValue), .text(ecommerceSite.rawValue), .text(edi.rawValue),
            .text(SoftwareKind.text(software)), .text(b2b.rawValue), .text(b2c.rawValue), .text(cashless.rawValue),
            .text(eBillPayment.rawValue), .text(consumerEChannel.rawValue), .text(collectedBy), .text(collectedOn),
        ]
    }

    public static let requiredColumns = [
        "tax_code", "year", "email_use", "website", "ecommerce_site", "edi", "software", "b2b", "b2c", "cashless",
        "e_bill_payment", "consumer_e_channel",
    ]

    /// Survey years the plan's statistics can hold.
    public static let years = 2000...2100

    /// Reads an answer from named text fields, reporting every bad field.
    public static func read(
        _ lookup: @escaping (String) -> String?, district: String, defaultCollector: String, defaultDate: String
    ) -> Result<SurveyAnswer, FieldIssues> {
        var r = FieldReader(lookup)
        let taxCode = r.taxCode("tax_code")
        let yearRaw = (lookup("year") ?? "").trimmedSpaces
        let year = Int(yearRaw)
        if year == nil || !years.contains(year ?? 0) {
            r.fail(
                "year", yearRaw,
                LocalizedText(vi: "không phải năm khảo sát (ví dụ 2013)", en: "is not a survey year (e.g. 2013)"))
        }
        let email = r.choice("email_use", EmailUse.self)
        let website = r.choice("website", WebsiteUpdate.self)
        let site = r.choice("ecommerce_site", EcommerceSite.self)
        let edi = r.choice("edi", YesNo.self)
        var software: [SoftwareKind] = []
        let softwareRaw = lookup("software") ?? ""
        do { software = try SoftwareKind.parseSet(softwareRaw) } catch {
            r.fail(
                "software", softwareRaw,
                LocalizedText(
                    vi: "phải là một số giá trị trong accounting, hr, erp, crm, scm, other, cách nhau bằng dấu ;",
                    en: "must be a ;-separated subset of accounting, hr, erp, crm, scm, other"))
        }
        let b2b = r.choice("b2b", YesNo.self)
        let b2c = r.choice("b2c", YesNo.self)
        let cashless = r.choice("cashless", YesNoNA.self)
        let bill = r.choice("e_bill_payment", YesNoNA.self)
        let channel = r.choice("consumer_e_channel", YesNoNA.self)
        var collector = r.text("collected_by", required: false, maxLength: 200)
        if collector.isEmpty { collector = defaultCollector }
        var collectedOn = r.date("collected_on", required: false)
        if collectedOn.isEmpty { collectedOn = defaultDate }
        let figures = SurveyFigures.read(&r, lookup: lookup, district: district, taxCode: taxCode, year: year)
        guard r.issues.isEmpty, let taxCode, let year, let email, let website, let site, let edi, let b2b, let b2c,
            let cashless, let bill, let channel
        else { return .failure(FieldIssues(r.issues)) }
        return .success(
            SurveyAnswer(
                district: district, taxCode: taxCode, year: year, emailUse: email, website: website,
                ecommerceSite: site, edi: edi, software: software, b2b: b2b, b2c: b2c, cashless: cashless,
                eBillPayment: bill, consumerEChannel: channel, collectedBy: collector, collectedOn: collectedOn,
                figures: figures))
    }
}
