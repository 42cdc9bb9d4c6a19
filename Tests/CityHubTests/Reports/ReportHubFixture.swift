import CityHub
import DistrictSyncCore
import DistrictSyncStore
import Foundation
import SQLiteDB

/// A hub database built row by row for report tests; every helper inserts directly with SQL.
final class ReportDB {
    let db: Database
    private var changesetSeq = 0

    init(path: String = ":memory:") throws {
        db = try Database(path: path)
        try Migrator(migrations: HubSchema.allMigrations).migrate(db)
        // Rows are inserted with SQL here, not by the merge: seal them as the merge would.
        try CityIntegrity.installSealingTriggers(db)
    }

    static func millis(_ date: String, hour: Int64 = 10) -> Int64 {
        (ISODate.unixMillis(date) ?? 0) + hour * 3_600_000
    }

    /// Records an accepted changeset from `district` on `date`.
    @discardableResult
    func accepted(_ district: String, on date: String, id: String? = nil) throws -> String {
        changesetSeq += 1
        let id = id ?? "cs-\(district)-\(changesetSeq)"
        let at = Self.millis(date)
        try db.execute(
            """
            INSERT INTO accepted (id, district, node_id, seq, prev_hash, signer_fingerprint, signing_time,
                accepted_at, change_count, hlc_max) VALUES (?, ?, ?, ?, '', '', ?, ?, 1, 0)
            """,
            [
                .text(id), .text(district), .text("node-\(district)"), .integer(Int64(changesetSeq)), .integer(at),
                .integer(at),
            ])
        return id
    }

    func officer(
        _ id: String, district: String, name: String = "Nguyễn Văn An", office: String = "kinh-te",
        role: String = "ecommerce", start: String = "2011-09-01", end: String? = nil, fingerprint: String = "",
        serial: String = "", decision: String? = nil
    ) throws {
        let parts = VietnameseText.splitName(name)
        try db.execute(
            """
            INSERT INTO officers (id, district, family_name, middle_name, given_name, full_name, office, role,
                decision_no, decision_date, start_date, end_date, contact, cert_fingerprint, cert_issuer, cert_serial,
                _exists, _versions) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, '', ?, 'City CA', ?, 1, x'')
            """,
            [
                .text(id), .text(district), .text(parts.family), .text(parts.middle), .text(parts.given), .text(name),
                .text(office), .text(role), .text(decision ?? "\(id)/QĐ-UBND"), .text(start), .text(start),
                end.map { .text($0) } ?? .null,
                .text(fingerprint), .text(serial),
            ])
    }

    func training(_ id: String, officer: String, district: String, on date: String) throws {
        try db.execute(
            """
            INSERT INTO trainings (id, district, officer_id, date, course, organiser, _exists, _versions)
            VALUES (?, ?, ?, ?, 'TMĐT', 'Sở Công Thương', 1, x'')
            """, [.text(id), .text(district), .text(officer), .text(date)])
    }

    /// An enterprise; the stored size class is deliberately whatever the caller says (reports must
    /// ignore it and classify by the survey year's rule).
    func enterprise(
        _ taxCode: String, district: String, sector: String = "industry_construction", employees: Int64 = 50,
        capitalBn: Int64 = 5, category: String = "other", status: String = "active", storedSize: String = "small"
    ) throws {
        try db.execute(
            """
            INSERT INTO enterprises (tax_code, district, name, address, ward, sector, employees, capital_vnd,
                revenue_vnd, category, status, size_class, size_rule, size_year, _exists, _versions)
            VALUES (?, ?, 'Công ty', '', '', ?, ?, ?, 0, ?, ?, ?, '56/2009', 2011, 1, x'')
            """,
            [
                .text(taxCode), .text(district), .text(sector), .integer(employees),
                .integer(capitalBn * 1_000_000_000), .text(category), .text(status), .text(storedSize),
            ])
    }

    /// A large enterprise under Decree 56/2009 (capital above 100 bn VND).
    func large(_ taxCode: String, district: String, category: String = "other") throws {
        try enterprise(taxCode, district: district, employees: 500, capitalBn: 500, category: category)
    }

    func survey(
        _ taxCode: String, district: String, year: Int, email: String = "none", website: String = "none",
        site: String = "none", edi: String = "no", software: String = "", b2b: String = "no", b2c: String = "no",
        cashless: String = "n/a", eBill: String = "n/a", channel: String = "n/a", id: String? = nil
    ) throws {
        try db.execute(
            """
            INSERT INTO surveys (id, district, tax_code, year, email_use, website, ecommerce_site, edi, software, b2b,
                b2c, cashless, e_bill_payment, consumer_e_channel, collected_by, collected_on, _exists, _versions)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'tester', '2013-05-01', 1, x'')
            """,
            [
                .text(id ?? "\(taxCode)/\(year)"), .text(district), .text(taxCode), .integer(Int64(year)), .text(email),
                .text(website), .text(site), .text(edi), .text(software), .text(b2b), .text(b2c), .text(cashless),
                .text(eBill), .text(channel),
            ])
    }

    /// A survey answer's own-year figures (`survey_figures`, schema 2); nil leaves a figure empty.
    func figures(
        _ taxCode: String, district: String, year: Int, employees: Int64?, capitalBn: Int64?, revenueBn: Int64? = nil
    ) throws {
        func value(_ v: Int64?) -> SQLValue { v.map { .integer($0) } ?? .null }
        try db.execute(
            """
            INSERT INTO survey_figures (id, district, tax_code, year, employees, capital_vnd, revenue_vnd, _exists,
                _versions) VALUES (?, ?, ?, ?, ?, ?, ?, 1, x'')
            """,
            [
                .text("\(taxCode)/\(year)"), .text(district), .text(taxCode), .integer(Int64(year)), value(employees),
                value(capitalBn.map { $0 * 1_000_000_000 }), value(revenueBn.map { $0 * 1_000_000_000 }),
            ])
    }

    func signer(
        _ fingerprint: String, district: String, serial: String, notBefore: String = "2011-01-01",
        notAfter: String, notAfterTime: Int64 = 0, firstUsed: String = "2012-01-01"
    ) throws {
        try db.execute(
            """
            INSERT INTO signers (fingerprint, district, subject, issuer, serial, not_before, not_after,
                first_used_at, last_used_at) VALUES (?, ?, 'CN=officer', 'CN=City CA', ?, ?, ?, ?, ?)
            """,
            [
                .text(fingerprint), .text(district), .text(serial), .integer(Self.millis(notBefore, hour: 0)),
                .integer(Self.millis(notAfter, hour: 0) + notAfterTime), .integer(Self.millis(firstUsed)),
                .integer(Self.millis(firstUsed)),
            ])
    }

    static func inputs(
        asOf: String = "2013-06-30", year: Int = 2013, revoked: Set<String> = [], now: String = "2013-07-01"
    ) throws -> ReportInputs {
        var inputs = try ReportInputs.embedded(asOf: asOf, year: year, now: millis(now, hour: 8))
        inputs.revokedSerials = revoked
        return inputs
    }

    func engine(
        asOf: String = "2013-06-30", year: Int = 2013, revoked: Set<String> = [], now: String = "2013-07-01"
    ) throws -> ReportEngine {
        ReportEngine(database: db, inputs: try Self.inputs(asOf: asOf, year: year, revoked: revoked, now: now))
    }
}
