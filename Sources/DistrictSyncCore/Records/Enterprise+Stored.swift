extension Enterprise {
    /// Builds an enterprise from its parts (already validated).
    public init(
        taxCode: TaxCode, district: String, name: String, address: String, ward: String, sector: Sector,
        employees: Int64, capitalVND: Int64, revenueVND: Int64, category: EnterpriseCategory,
        status: EnterpriseStatus, size: SizeRuleTable.Classification, validated: Void = ()
    ) {
        self.taxCode = taxCode
        self.district = district
        self.name = name
        self.address = address
        self.ward = ward
        self.sector = sector
        self.employees = employees
        self.capitalVND = capitalVND
        self.revenueVND = revenueVND
        self.category = category
        self.status = status
        self.size = size
    }

    /// Rebuilds an enterprise from stored column values; nil when the key is not a tax code.
    public init?(key: String, values v: [FieldValue]) {
        let t = Self.table
        guard let code = try? TaxCode(validating: key) else { return nil }
        self.init(
            taxCode: code, district: v.text("district", in: t), name: v.text("name", in: t),
            address: v.text("address", in: t), ward: v.text("ward", in: t),
            sector: Sector(rawValue: v.text("sector", in: t)) ?? .tradeServices,
            employees: v.int("employees", in: t), capitalVND: v.int("capital_vnd", in: t),
            revenueVND: v.int("revenue_vnd", in: t),
            category: EnterpriseCategory(rawValue: v.text("category", in: t)) ?? .other,
            status: EnterpriseStatus(rawValue: v.text("status", in: t)) ?? .active,
            size: SizeRuleTable.Classification(
                sizeClass: SizeClass(rawValue: v.text("size_class", in: t)) ?? .large,
                ruleID: v.text("size_rule", in: t), year: Int(v.int("size_year", in: t))),
            validated: ())
    }
}

extension SizeRuleTable.Classification {
    public init(sizeClass: SizeClass, ruleID: String, year: Int, stored: Void = ()) {
        self.sizeClass = sizeClass
        self.ruleID = ruleID
        self.year = year
    }
}
