public import DistrictSyncCore
import DistrictSyncStore
import SQLiteDB

extension NodeSession {
    /// The reference year for size classification: the clock's year unless given.
    func referenceYear(_ year: Int?) -> Int { year ?? Int(today.prefix(4)) ?? 2015 }

    /// Adds a new enterprise from named fields (the CSV column names).
    public func addBusiness(_ fields: [String: String], referenceYear year: Int? = nil) throws -> Enterprise {
        let enterprise = try readEnterprise(fields, year: year)
        if try store.read(table: .enterprises, key: enterprise.key) != nil {
            throw NodeError(
                "business_exists",
                LocalizedText(
                    vi:
                        "đã có doanh nghiệp mang mã số thuế \(enterprise.key); sửa bằng `dsync node business update \(enterprise.key)`",
                    en:
                        "an enterprise with tax code \(enterprise.key) already exists; change it with `dsync node business update \(enterprise.key)`"
                ))
        }
        try capture { try $0.upsert(enterprise) }
        return enterprise
    }

    /// Updates the given fields of an existing enterprise; other fields keep their values.
    public func updateBusiness(taxCode: String, _ fields: [String: String], referenceYear year: Int? = nil) throws
        -> Enterprise
    {
        let current = try business(taxCode)
        var merged = current.namedValues.mapValues { $0.text ?? $0.int.map(String.init) ?? "" }
        merged["capital_vnd"] = String(current.capitalVND)
        merged["tax_code"] = current.key
        for (k, v) in fields { merged[k] = v }
        let enterprise = try readEnterprise(merged, year: year ?? current.size.year)
        try capture { try $0.upsert(enterprise) }
        return enterprise
    }

    func readEnterprise(_ fields: [String: String], year: Int?) throws -> Enterprise {
        switch Enterprise.read(
            { fields[$0] }, district: config.district, rules: sizeRules, referenceYear: referenceYear(year))
        {
        case .success(let e): return e
        case .failure(let issues):
            throw NodeError(
                "invalid_business",
                LocalizedText(
                    vi: "chưa lưu doanh nghiệp: "
                        + issues.issues.map { "\($0.column)='\($0.value)': \($0.reason(in: .vi))" }
                        .joined(separator: "; "),
                    en: "the enterprise was not saved: \(issues)"))
        }
    }

    /// The enterprise with `taxCode`.
    public func business(_ taxCode: String) throws -> Enterprise {
        let code: TaxCode
        do { code = try TaxCode(validating: taxCode) } catch { throw NodeError(error.code, error.text) }
        guard let values = try store.read(table: .enterprises, key: code.value) else {
            throw NodeError(
                "unknown_business",
                LocalizedText(
                    vi:
                        "đơn vị này không có doanh nghiệp mang mã số thuế \(code); xem danh sách bằng `dsync node business list`",
                    en:
                        "no enterprise with tax code \(code) in this district; list them with `dsync node business list`"
                ))
        }
        return try Self.enterprise(key: code.value, values: values)
    }

    static func enterprise(key: String, values: [FieldValue]) throws -> Enterprise {
        guard let e = Enterprise(key: key, values: values) else {
            throw NodeError(
                "corrupt_record",
                LocalizedText(
                    vi: "khóa doanh nghiệp đã lưu \(key) không phải mã số thuế",
                    en: "stored enterprise key \(key) is not a tax code"))
        }
        return e
    }

    /// Enterprises in tax-code order, optionally only those whose folded name contains `search`.
    public func businesses(search: String? = nil, limit: Int = 50) throws -> [Enterprise] {
        if let search, !search.isEmpty {
            let needle = VietnameseText.folded(search)
            return try store.rows(.enterprises).compactMap { row -> Enterprise? in
                let e = try Self.enterprise(key: row.key, values: row.values)
                return VietnameseText.folded(e.name).contains(needle) ? e : nil
            }.prefix(limit).map { $0 }
        }
        return try store.rows(.enterprises, limit: limit).map { try Self.enterprise(key: $0.key, values: $0.values) }
    }

    /// Sets (adds or replaces) one enterprise's survey answer for a year.
    public func setSurvey(_ fields: [String: String]) throws -> SurveyAnswer {
        let answer: SurveyAnswer
        switch SurveyAnswer.read(
            { fields[$0] }, district: config.district, defaultCollector: "", defaultDate: today)
        {
        case .success(let a): answer = a
        case .failure(let issues):
            throw NodeError(
                "invalid_survey",
                LocalizedText(
                    vi: "chưa lưu câu trả lời khảo sát: "
                        + issues.issues.map { "\($0.column)='\($0.value)': \($0.reason(in: .vi))" }.joined(
                            separator: "; "),
                    en: "the survey answer was not saved: \(issues)"))
        }
        _ = try business(answer.taxCode.value)
        try checkPeriod(.surveyYear(answer.year))
        try capture { writer in
            _ = try writer.upsert(answer)
            if let figures = answer.figures { _ = try writer.upsert(figures) }
        }
        return answer
    }

    /// The own-year figures recorded for one enterprise, by year (schema 2).
    public func surveyFigures(taxCode: String) throws -> [(year: Int, values: [FieldValue])] {
        try store.rows(.surveyFigures, where: "tax_code = ?", [.text(taxCode)], orderBy: "year").map {
            (Int($0.values.int("year", in: .surveyFigures)), $0.values)
        }
    }

    /// Survey answers of one enterprise, by year.
    public func surveys(taxCode: String) throws -> [(year: Int, values: [FieldValue])] {
        try store.rows(.surveys, where: "tax_code = ?", [.text(taxCode)], orderBy: "year").map {
            (Int($0.values.int("year", in: .surveys)), $0.values)
        }
    }
}
