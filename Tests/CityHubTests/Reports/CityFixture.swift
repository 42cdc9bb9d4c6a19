import CityHub
import DistrictSyncCore
import Foundation

/// A whole city for 2012–2013, made by code: all 24 districts with varied officers, enterprises
/// and survey answers, so every report and the dashboard have something in each cell.
enum CityFixture {
    static func build(_ f: ReportDB) throws {
        let units = try OrgUnitList.embedded().units(validOn: "2013-06-30")
        let emails = ["none", "occasional", "regular"]
        let websites = ["none", "rare", "periodic", "regular"]
        let sites = ["none", "marketplace", "own"]
        for (i, unit) in units.enumerated() {
            let code = unit.code
            // Every fifth district has no officer in charge of e-commerce; one had one who left.
            if i % 5 != 3 {
                try f.officer(
                    "o-\(code)", district: code, name: "Nguyễn Văn \(["An", "Bình", "Chi", "Dũng"][i % 4])",
                    office: i % 2 == 0 ? "kinh-te" : "cong-thuong", fingerprint: "fp-\(code)", serial: "s-\(code)")
                try f.signer(
                    "fp-\(code)", district: code, serial: "s-\(code)",
                    notAfter: i % 7 == 2 ? "2013-07-10" : "2015-12-31")
                if i % 3 != 0 { try f.training("t-\(code)-1", officer: "o-\(code)", district: code, on: "2012-04-10") }
                if i % 4 == 0 { try f.training("t-\(code)-2", officer: "o-\(code)", district: code, on: "2013-03-10") }
            } else {
                try f.officer("o-\(code)", district: code, start: "2011-09-01", end: "2013-02-01")
            }
            try f.officer("e-\(code)", district: code, name: "Trần Thị Hoa", role: "economy")
            if i % 2 == 0 { try f.training("t-\(code)-e", officer: "e-\(code)", district: code, on: "2012-10-01") }
            // Districts 783–787 synced late or never.
            if i < 19 { try f.accepted(code, on: i % 6 == 5 ? "2013-02-15" : "2013-06-\(10 + i % 15)") }
            if i < 19 { try f.accepted(code, on: "2012-11-0\(1 + i % 8)") }
            // Enterprises: a few large, more SMEs, one of each B3 category.
            for n in 0..<8 {
                let tax = "03\(code)\(n)"
                let large = n < 2 + i % 2
                if large {
                    try f.large(tax, district: code, category: n == 0 && i % 4 == 0 ? "ecommerce_service" : "other")
                } else {
                    let category = ["modern_retail", "utility", "consumer_service", "other"][n % 4]
                    try f.enterprise(tax, district: code, employees: 20 + Int64(n), capitalBn: 3, category: category)
                }
                guard (n + i) % 9 != 8 else { continue }  // not surveyed
                for year in [2012, 2013] {
                    let k = n + i + (year - 2012) * 2
                    try f.survey(
                        tax, district: code, year: year, email: emails[k % 3], website: websites[k % 4],
                        site: sites[(k / 2) % 3], edi: k % 5 == 0 ? "yes" : "no",
                        software: k % 3 == 0 ? "accounting;erp" : "accounting", b2b: k % 2 == 0 ? "yes" : "no",
                        b2c: k % 3 == 0 ? "yes" : "no", cashless: k % 4 == 3 ? "n/a" : (k % 3 == 0 ? "no" : "yes"),
                        eBill: k % 2 == 0 ? "yes" : "no", channel: k % 3 == 0 ? "no" : "yes")
                }
            }
        }
    }

    /// A file database holding the city, for the CLI and the dashboard screenshot.
    static func write(to path: String) throws {
        try? FileManager.default.removeItem(atPath: path)
        let f = try ReportDB(path: path)
        try build(f)
    }
}
