public import DistrictSyncCore
import Foundation

extension SyntheticDistrict {
    /// The enterprise import CSV (`tax_code,name,address,ward,sector,employees,capital_vnd,revenue_vnd,category`).
    public static func enterprisesCSV(_ enterprises: [Enterprise]) -> String {
        var out = Enterprise.requiredColumns.joined(separator: ",") + "\n"
        for e in enterprises {
            let fields = [
                e.taxCode.value, e.name, e.address, e.ward, e.sector.rawValue, String(e.employees),
                String(e.capitalVND), String(e.revenueVND), e.category.rawValue,
            ]
            out += fields.map(csvField).joined(separator: ",") + "\n"
        }
        return out
    }

    /// The survey import CSV (`tax_code,year,email_use,…,consumer_e_channel`).
    public static func surveysCSV(_ surveys: [SurveyAnswer]) -> String {
        var out = SurveyAnswer.requiredColumns.joined(separator: ",") + "\n"
        for s in surveys {
            let fields = [
                s.taxCode.value, String(s.year), s.emailUse.rawValue, s.website.rawValue, s.ecommerceSite.rawValue,
                s.edi.rawValue, SoftwareKind.text(s.software), s.b2b.rawValue, s.b2c.rawValue, s.cashless.rawValue,
                s.eBillPayment.rawValue, s.consumerEChannel.rawValue,
            ]
            out += fields.map(csvField).joined(separator: ",") + "\n"
        }
        return out
    }

    /// RFC 4180: quote a field holding a comma, quote or line break, doubling inner quotes.
    static func csvField(_ text: String) -> String {
        guard text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return text }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
