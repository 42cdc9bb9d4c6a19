public import DistrictSyncCore

extension SyntheticDistrict {
    /// Yearly growth of every adoption rate: rates drift upward from 2011 to 2015.
    static let yearlyGrowth = 1.08

    /// Survey answers for active `enterprises` over `years`, about 95 % answered each year.
    ///
    /// Each enterprise draws one fixed propensity per question, and answers "yes" while the
    /// year's rate exceeds it, so adoption never goes backwards for one enterprise. Rates in 2013
    /// sit near the published surveys: ~80 % use email (most large ones regularly), ~40 % have a
    /// website, ~12 % sell on e-commerce sites, ~3 % use EDI, ~17 % use software beyond
    /// accounting, ~30 % trade B2B, ~25 % B2C. The B3 answers are `n/a` outside their category.
    public static func surveys(for enterprises: [Enterprise], years: ClosedRange<Int>, seed: UInt64) -> [SurveyAnswer] {
        var result: [SurveyAnswer] = []
        result.reserveCapacity(enterprises.count * years.count)
        for enterprise in enterprises where enterprise.status == .active {
            var rng = SeededGenerator(seed: seed ^ SeededGenerator.fnv1a("surveys/" + enterprise.taxCode.value))
            let latent = Propensities(&rng)
            for year in years {
                if rng.chance(0.05) { continue }  // not surveyed this year
                result.append(answer(enterprise, year: year, latent: latent))
            }
        }
        return result
    }

    /// One enterprise's fixed draws, each uniform in [0, 1).
    struct Propensities {
        let email, emailRegular, website, websiteLevel, site, siteOwn, edi, accounting, software, softwareMix: Double
        let b2b, b2c, b3: Double

        init(_ rng: inout SeededGenerator) {
            email = rng.unit()
            emailRegular = rng.unit()
            website = rng.unit()
            websiteLevel = rng.unit()
            site = rng.unit()
            siteOwn = rng.unit()
            edi = rng.unit()
            accounting = rng.unit()
            software = rng.unit()
            softwareMix = rng.unit()
            b2b = rng.unit()
            b2c = rng.unit()
            b3 = rng.unit()
        }
    }

    static func answer(_ e: Enterprise, year: Int, latent p: Propensities) -> SurveyAnswer {
        var growth = 1.0
        for _ in 0..<abs(year - 2013) { growth = year > 2013 ? growth * yearlyGrowth : growth / yearlyGrowth }
        func rate(_ base2013: Double) -> Double { min(0.98, base2013 * growth) }
        let large = e.size.sizeClass == .large

        let email: EmailUse =
            p.email >= rate(0.80) ? .none : p.emailRegular < (large ? 0.85 : 0.5) ? .regular : .occasional
        let website: WebsiteUpdate
        if p.website >= rate(large ? 0.6 : 0.4) {
            website = .none
        } else if large {
            website = p.websiteLevel < 0.7 ? .regular : .periodic
        } else {
            website = p.websiteLevel < 0.3 ? .regular : p.websiteLevel < 0.7 ? .periodic : .rare
        }
        let site: EcommerceSite = p.site >= rate(0.12) ? .none : p.siteOwn < 0.3 ? .own : .marketplace
        let edi: YesNo = p.edi < rate(large ? 0.12 : 0.025) ? .yes : .no
        var software: [SoftwareKind] = p.accounting < rate(0.75) ? [.accounting] : []
        if p.software < rate(0.17) {
            let extras: [SoftwareKind] = [.hr, .erp, .crm, .scm, .other]
            let first = Int(p.softwareMix * 5)
            software.append(extras[first])
            if p.softwareMix * 10 - Double(first * 2) > 1.4 { software.append(extras[(first + 2) % 5]) }
        }
        func b3(_ category: EnterpriseCategory, _ base: Double) -> YesNoNA {
            e.category != category ? .notApplicable : p.b3 < rate(base) ? .yes : .no
        }
        return SurveyAnswer(
            district: e.district, taxCode: e.taxCode, year: year, emailUse: email, website: website,
            ecommerceSite: site, edi: edi, software: software.sorted(), b2b: p.b2b < rate(0.30) ? .yes : .no,
            b2c: p.b2c < rate(0.25) ? .yes : .no, cashless: b3(.modernRetail, 0.6),
            eBillPayment: b3(.utility, 0.5), consumerEChannel: b3(.consumerService, 0.4),
            collectedBy: "synthetic", collectedOn: "\(year)-11-15")
    }
}
