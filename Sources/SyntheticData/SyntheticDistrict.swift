public import DistrictSyncCore

/// Seeded synthetic districts for tests, demos and load runs: enterprises with valid HCMC tax
/// codes, yearly survey answers whose rates sit near the published 2013 surveys, and officers.
///
/// Everything is a pure function of its arguments: the same seed gives the same records, and two
/// districts never share a tax code because the district code is mixed into the code's digits.
public enum SyntheticDistrict {
    /// Head-office codes available per district: digits 3–9 are `tag × 200,000 + serial`.
    static let serialsPerDistrict = 200_000
    /// A multiplier coprime to `serialsPerDistrict`, so serials visit every value once, out of order.
    static let serialStride = 7_919

    /// `count` enterprises of `district`, classified by the size rule in force for `referenceYear`.
    ///
    /// About 5 % are branches (13-digit codes) of earlier head offices, about 4 % are large under
    /// Decree 56/2009, and most are of category `other`. `count` may be up to about 170,000.
    public static func enterprises(
        district: String, count: Int, seed: UInt64, rules: SizeRuleTable, referenceYear: Int
    ) -> [Enterprise] {
        var rng = SeededGenerator(seed: seed ^ SeededGenerator.fnv1a("enterprises/" + district))
        let tag = districtTag(district)
        let wards = SyntheticVocabulary.wards(district: district)
        var result: [Enterprise] = []
        result.reserveCapacity(count)
        var serialIndex = Int(rng.next() % UInt64(serialsPerDistrict))
        var lastHead: (code: String, branches: Int)?
        var visited = 0
        while result.count < count {
            let code: String
            if let head = lastHead, head.branches < 999, rng.chance(0.05) {
                let branch = head.branches + 1
                lastHead = (head.code, branch)
                code = head.code + "-" + zeroPadded(branch, width: 3)
            } else {
                guard visited < serialsPerDistrict else {
                    preconditionFailure("district \(district) has no tax codes left for \(count) enterprises")
                }
                visited += 1
                serialIndex = (serialIndex + serialStride) % serialsPerDistrict
                guard let head = headOfficeCode(tag: tag, serial: serialIndex) else { continue }
                lastHead = (head, 0)
                code = head
            }
            guard let taxCode = try? TaxCode(validating: code) else { continue }
            result.append(
                enterprise(
                    taxCode: taxCode, district: district, wards: wards, rules: rules,
                    year: referenceYear, rng: &rng))
        }
        return result
    }

    /// A district's two-digit tag: the statistics code modulo 50 keeps 760–787 apart (tags 10–37).
    /// Other codes (5-digit wards) take the tags 760–787 leave free (0–9, 38–49), so a ward's
    /// generated enterprises never reuse a district's tax codes.
    static func districtTag(_ district: String) -> Int {
        let number = Int(district) ?? Int(SeededGenerator.fnv1a(district) % 1000)
        if district.count == 3 || Int(district) == nil { return number % 50 }
        let free = Array(0...9) + Array(38...49)
        return free[number % free.count]
    }

    /// `03` + seven digits from the tag and serial + the check digit, or nil when none exists.
    static func headOfficeCode(tag: Int, serial: Int) -> String? {
        let body = tag * serialsPerDistrict + serial
        guard body != 0 else { return nil }  // digits 3–9 may not all be zero
        var digits = [0, 3]
        var divisor = 1_000_000
        while divisor > 0 {
            digits.append(body / divisor % 10)
            divisor /= 10
        }
        guard let check = TaxCode.checkDigit(forPrefix: digits) else { return nil }
        return String(decoding: (digits + [check]).map { UInt8(48 + $0) }, as: UTF8.self)
    }

    static func enterprise(
        taxCode: TaxCode, district: String, wards: [String], rules: SizeRuleTable, year: Int,
        rng: inout SeededGenerator
    ) -> Enterprise {
        let category = pickCategory(&rng)
        let sector: Sector =
            switch category {
            case .modernRetail, .consumerService, .ecommerceService: .tradeServices
            case .utility: .industryConstruction
            case .other: rng.chance(0.7) ? .tradeServices : rng.chance(0.85) ? .industryConstruction : .agriculture
            }
        let (employees, capital, revenue) = pickSize(sector: sector, rng: &rng)
        let ward = rng.pick(wards)
        let address =
            "\(rng.int(in: 1...450)) Đường \(rng.pick(SyntheticVocabulary.streets)), \(ward)"
        let status: EnterpriseStatus = rng.chance(0.97) ? .active : rng.chance(0.66) ? .closed : .movedOut
        let size: SizeRuleTable.Classification
        do {
            size = try rules.classify(
                sector: sector, employees: employees, capitalVND: capital, revenueVND: revenue, year: year)
        } catch {
            preconditionFailure("synthetic enterprises need a size rule for \(year): \(error.message)")
        }
        return Enterprise(
            taxCode: taxCode, district: district, name: name(category: category, rng: &rng), address: address,
            ward: ward, sector: sector, employees: employees, capitalVND: capital, revenueVND: revenue,
            category: category, status: status, size: size)
    }

    static func pickCategory(_ rng: inout SeededGenerator) -> EnterpriseCategory {
        let u = rng.unit()
        switch u {
        case ..<0.04: return .modernRetail
        case ..<0.06: return .utility
        case ..<0.10: return .consumerService
        case ..<0.12: return .ecommerceService
        default: return .other
        }
    }

    /// Employees, capital and revenue (VND) for a size tier drawn so that about 4 % are large
    /// under Decree 56/2009; 3 % report no capital, which makes 56/2009 fall back to employees.
    static func pickSize(sector: Sector, rng: inout SeededGenerator) -> (Int64, Int64, Int64) {
        let trade = sector == .tradeServices
        let smallCap: Int64 = trade ? 10 : 20
        let mediumCap: Int64 = trade ? 50 : 100
        let million: Int64 = 1_000_000
        let u = rng.unit()
        var employees: Int64
        var capitalMillions: Int64
        switch u {
        case ..<0.04:
            employees = rng.int(in: 80...3000)
            capitalMillions = rng.int(in: (mediumCap * 1000 + 1)...(mediumCap * 20_000))
        case ..<0.14:
            employees = rng.int(in: 20...(trade ? 100 : 300))
            capitalMillions = rng.int(in: (smallCap * 1000 + 1)...(mediumCap * 1000))
        case ..<0.50:
            employees = rng.int(in: 5...(trade ? 50 : 200))
            capitalMillions = rng.int(in: 1000...(smallCap * 1000))
        default:
            employees = rng.int(in: 1...10)
            capitalMillions = rng.int(in: 300...5000)
        }
        if rng.chance(0.03) { capitalMillions = 0 }
        let revenueMillions =
            capitalMillions > 0
            ? capitalMillions * rng.int(in: 3...40) / 10 : employees * rng.int(in: 300...2000)
        return (employees, capitalMillions * million, revenueMillions * million)
    }

    static func name(category: EnterpriseCategory, rng: inout SeededGenerator) -> String {
        let brand = rng.pick(SyntheticVocabulary.brandSyllables) + " " + rng.pick(SyntheticVocabulary.brandSyllables)
        let line: String =
            switch category {
            case .modernRetail: rng.chance(0.5) ? "Siêu thị" : "Thương mại Bán lẻ"
            case .utility: rng.chance(0.5) ? "Cấp nước" : "Điện lực"
            case .consumerService: rng.pick(["Du lịch", "Vận tải Hành khách", "Văn hóa Thể thao"])
            case .ecommerceService: rng.pick(["Thương mại Điện tử", "Công nghệ Số", "Giải pháp Trực tuyến"])
            case .other: rng.pick(SyntheticVocabulary.tradeLines)
            }
        let u = rng.unit()
        if u < 0.6 { return "Công ty TNHH \(line) \(brand)" }
        if u < 0.87 { return "Công ty Cổ phần \(line) \(brand)" }
        return "Doanh nghiệp tư nhân \(brand)"
    }

    /// `count` officers of `district` (plan C.V.2): the first is in charge of e-commerce, the
    /// rest of e-commerce or economic affairs; ids are UUID-shaped hex from the seed.
    public static func officers(district: String, count: Int, seed: UInt64) -> [Officer] {
        var rng = SeededGenerator(seed: seed ^ SeededGenerator.fnv1a("officers/" + district))
        return (0..<count).map { index in
            let family = rng.pick(SyntheticVocabulary.familyNames)
            let middle = rng.pick(SyntheticVocabulary.middleNames)
            let given = rng.pick(SyntheticVocabulary.givenNames)
            let month = zeroPadded(Int(rng.int(in: 1...12)), width: 2)
            let day = zeroPadded(Int(rng.int(in: 1...28)), width: 2)
            let date = "\(rng.chance(0.7) ? 2011 : 2012)-\(month)-\(day)"
            return Officer(
                id: uuidLike(&rng), district: district, fullName: "\(family) \(middle) \(given)",
                office: rng.chance(0.5) ? .kinhTe : .congThuong,
                role: index == 0 || rng.chance(0.5) ? .ecommerce : .economy,
                decisionNumber: "\(rng.int(in: 1...999))/QĐ-UBND", decisionDate: date, startDate: date,
                contact: "chuyenvien\(index + 1).q\(district)@tphcm.gov.vn", familyName: family, middleName: middle,
                givenName: given)
        }
    }

    /// 32 hex digits from the generator, grouped 8-4-4-4-12 like a UUID.
    static func uuidLike(_ rng: inout SeededGenerator) -> String {
        var bytes: [UInt8] = []
        for _ in 0..<2 {
            let v = rng.next()
            for shift in stride(from: 56, through: 0, by: -8) { bytes.append(UInt8(truncatingIfNeeded: v >> shift)) }
        }
        let hex = Array(hexString(bytes))
        return [0..<8, 8..<12, 12..<16, 16..<20, 20..<32].map { String(hex[$0]) }.joined(separator: "-")
    }

    static func zeroPadded(_ value: Int, width: Int) -> String {
        let text = String(value)
        return text.count >= width ? text : String(repeating: "0", count: width - text.count) + text
    }
}
