public import DistrictSyncCore
import DistrictSyncCrypto
public import DistrictSyncStore
import Foundation
import SQLiteDB

/// Reads and checks for the officer's browser app (`dsync node ui`, target NodeUI). They use the
/// same readers and rules as the CLI and the import; the app itself holds no rule and no SQL.
extension NodeSession {
    /// Every problem with an enterprise form, by the rules `addBusiness` applies (field rules, size
    /// rule, and an existing tax code when `isNew`).
    public func businessIssues(_ fields: [String: String], isNew: Bool, referenceYear year: Int? = nil) throws
        -> [FieldIssue]
    {
        switch Enterprise.read(
            { fields[$0] }, district: config.district, rules: sizeRules, referenceYear: referenceYear(year))
        {
        case .failure(let issues): return issues.issues
        case .success(let e):
            if isNew, try store.read(table: .enterprises, key: e.key) != nil {
                return [
                    FieldIssue(
                        column: "tax_code", value: fields["tax_code"] ?? "",
                        reason: LocalizedText(
                            vi: "đã có doanh nghiệp mang mã số thuế này (\(e.key)); mở hồ sơ đó để sửa",
                            en: "an enterprise with this tax code (\(e.key)) already exists; open it to change it"))
                ]
            }
            return []
        }
    }

    /// Every problem with an officer form, by the officer import's rules (the CSV columns `name`,
    /// `office`, `role`, `appointed`, `decision`, `decision_date`, `contact`, `end_date`), the
    /// unit's lifetime and the duplicate check `addOfficer` makes.
    /// With `editing`, that officer is the record being changed, not a duplicate of itself.
    public func officerIssues(_ fields: [String: String], editing: String? = nil) throws -> [FieldIssue] {
        switch readOfficer(lookup: { fields[$0] }) {
        case .failure(let issues): return issues.issues
        case .success(let record):
            guard let officer = record as? Officer else { return [] }
            if let same = try officers().first(where: { $0.id != editing && $0.isSamePerson(as: officer) }) {
                return [
                    FieldIssue(
                        column: "name", value: fields["name"] ?? "",
                        reason: LocalizedText(
                            vi: "cán bộ này đã có (mã \(same.id.prefix(8)), cùng họ tên và quyết định "
                                + "\(same.decisionNumber)); mở hồ sơ đó thay vì thêm mới",
                            en: "this officer is already recorded (id \(same.id.prefix(8)), same name and decision "
                                + "\(same.decisionNumber)); open that record instead"))
                ]
            }
            return []
        }
    }

    /// The district's officer coverage (C.V.2) on `date` by the rule the hub's coverage report
    /// uses: some officer in post whose office and role are eligible for the unit's kind.
    public func officerCoverage(on date: String) throws -> (covered: Bool, eligible: [Officer]) {
        let rule = try EligibleOffices.embedded()
        let kind = unit?.kind ?? ""
        let eligible = try officers(activeOn: date).filter {
            rule.covers(kind: kind, office: $0.office.rawValue, role: $0.role.rawValue)
        }
        return (!eligible.isEmpty, eligible)
    }

    /// What the home page of the app shows.
    public func overview() throws -> NodeOverview {
        let year = referenceYear(nil)
        var activeQuery = EnterpriseQuery()
        activeQuery.status = .active
        let active = try enterpriseCount(activeQuery)
        let surveyed = try store.rows(.surveys, where: "year = ?", [.integer(Int64(year))]).count
        let outbox = try store.outbox(undeliveredOnly: false)
        let lastReceipt = outbox.filter { $0.receipt != nil }.compactMap(\.deliveredMillis).max()
        var notAfter: String?
        if let path = config.signerCertificate, let cert = try? loadCertificate(home.resolve(path)) {
            notAfter = ISODate.fromUnixMillis(Int64(cert.notAfter.timeIntervalSince1970 * 1000))
        }
        return NodeOverview(
            district: config.district, districtName: unit?.nameVi ?? config.district,
            pendingChanges: try store.pendingChangeCount(),
            signedWaiting: outbox.filter { $0.deliveredMillis == nil }
                .count,
            lastReceiptMillis: lastReceipt, surveyYear: year, surveyed: surveyed, activeEnterprises: active,
            certificateNotAfter: notAfter, today: today)
    }

    /// One page of enterprises matching `query`, in Vietnamese alphabetical order of their names
    /// (tax code breaking ties); search, filters, count and paging run in the node store's SQL.
    public func enterprisePage(_ query: EnterpriseQuery) throws -> EnterprisePage {
        let filter = query.storeFilter
        let wards = try store.enterpriseWards().sorted(by: VietnameseCollation.precedes)
        let total = try store.enterpriseCount(filter)
        let size = max(1, min(query.pageSize, 500))
        let pages = max(1, (total + size - 1) / size)
        let page = min(max(1, query.page), pages)
        let items = try store.enterprisePage(filter, limit: size, offset: (page - 1) * size).map {
            try Self.enterprise(key: $0.key, values: $0.values)
        }
        return EnterprisePage(items: items, total: total, page: page, pageCount: pages, wards: wards)
    }

    /// How many enterprises match `query` (its page and page size aside).
    public func enterpriseCount(_ query: EnterpriseQuery) throws -> Int {
        try store.enterpriseCount(query.storeFilter)
    }

    /// Every enterprise matching `query` (all pages), in the list's order, read by one store
    /// statement rather than page by page.
    public func forEachEnterprise(_ query: EnterpriseQuery, _ body: (Enterprise) throws -> Void) throws {
        try store.forEachEnterprise(query.storeFilter) { key, values in
            try body(try Self.enterprise(key: key, values: values))
        }
    }

    /// The captured changes of one enterprise, newest first, each field as old → new.
    public func enterpriseHistory(taxCode: String, limit: Int = 200) throws -> [RecordChange] {
        let e = try business(taxCode)
        let logged = try store.changes(table: .enterprises, key: e.key, limit: limit).reversed()
        let delivered = Set(
            try store.outbox(undeliveredOnly: false).filter { $0.deliveredMillis != nil }.map(\.sequence))
        let columns = SyncedTable.enterprises.columns
        var last: [Int: String] = [:]
        var out: [RecordChange] = []
        for c in logged {
            var fields: [RecordChange.Field] = []
            for f in c.change.fields {
                let new = f.value.description
                fields.append(
                    .init(
                        column: f.column < columns.count ? columns[f.column].name : "#\(f.column)", old: last[f.column],
                        new: new))
                last[f.column] = new
            }
            out.append(
                RecordChange(
                    seq: c.seq, wallMillis: c.change.hlc.physicalMillis, isDelete: c.change.operation == .delete,
                    fields: fields, changesetSeq: c.changesetSeq,
                    delivered: c.changesetSeq.map { delivered.contains($0) } ?? false))
        }
        return out.reversed()
    }
}

/// The counts of the app's home page.
public struct NodeOverview: Sendable {
    public let district: String
    public let districtName: String
    public let pendingChanges: Int
    /// Signed changesets without a verified receipt.
    public let signedWaiting: Int
    public let lastReceiptMillis: Int64?
    public let surveyYear: Int
    public let surveyed: Int
    public let activeEnterprises: Int
    /// The signer certificate's last day (YYYY-MM-DD), when one is configured and readable.
    public let certificateNotAfter: String?
    public let today: String
}

/// A filter of the enterprise list (kept in the page's URL).
public struct EnterpriseQuery: Sendable, Equatable {
    public var search = ""
    public var ward = ""
    public var sector: Sector?
    public var sizeClass: SizeClass?
    public var status: EnterpriseStatus?
    public var surveyYear: Int?
    /// With `surveyYear`: only enterprises with no answer for that year.
    public var notSurveyed = false
    public var page = 1
    public var pageSize = 50
    public init() {}

    /// The store's form of this filter: the search text folded, its digits, the ward folded.
    var storeFilter: EnterpriseFilter {
        var f = EnterpriseFilter()
        f.needle = VietnameseText.folded(search)
        f.digits = search.filter(\.isNumber)
        f.foldedWard = ward.isEmpty ? nil : VietnameseText.folded(ward)
        f.sector = sector?.rawValue
        f.sizeClass = sizeClass?.rawValue
        f.status = status?.rawValue
        f.surveyYear = surveyYear
        f.notSurveyed = notSurveyed
        return f
    }
}

public struct EnterprisePage: Sendable {
    public let items: [Enterprise]
    public let total: Int
    public let page: Int
    public let pageCount: Int
    /// Every ward named by an enterprise of the node (for the filter).
    public let wards: [String]
}

/// One captured change of a record, for its history.
public struct RecordChange: Sendable {
    public struct Field: Sendable {
        public let column: String
        public let old: String?
        public let new: String
    }
    public let seq: Int64
    public let wallMillis: Int64
    public let isDelete: Bool
    public let fields: [Field]
    public let changesetSeq: Int64?
    public let delivered: Bool
}

extension NodeSession {
    /// The outbox, newest first, as the app shows it: each changeset's state from the node's
    /// records only (signed; delivered once a verified hub receipt is stored).
    public func changesetStates() throws -> [ChangesetState] {
        let answers = try store.hubAnswers()
        return try store.outbox(undeliveredOnly: false).reversed().map {
            ChangesetState(
                sequence: $0.sequence, id: $0.id, changeCount: $0.changeCount, createdMillis: $0.createdMillis,
                deliveredMillis: $0.deliveredMillis, hasReceipt: $0.receipt != nil, hubAnswer: answers[$0.id])
        }
    }

    /// The most recent captured changes, newest first, with field names.
    public func recentChanges(limit: Int) throws -> [RecordChange.Logged] {
        try store.recentChanges(limit: limit).map { c in
            RecordChange.Logged(
                seq: c.seq, table: c.change.table.name, key: c.change.key, isDelete: c.change.operation == .delete,
                wallMillis: c.change.hlc.physicalMillis,
                fields: c.change.fields.map { f in
                    let columns = c.change.table.columns
                    return (f.column < columns.count ? columns[f.column].name : "#\(f.column)", f.value.description)
                }, changesetSeq: c.changesetSeq)
        }
    }
}

/// One signed changeset of the outbox.
public struct ChangesetState: Sendable {
    public let sequence: Int64
    public let id: String
    public let changeCount: Int
    public let createdMillis: Int64
    public let deliveredMillis: Int64?
    /// A hub receipt was verified (`checkReceipt`) and stored for it.
    public let hasReceipt: Bool
    /// The hub's newest answer without a receipt (held, rejected…), kept from an earlier sync.
    public var hubAnswer: HubAnswer? = nil
}

extension RecordChange {
    /// A captured change of any record (the `/changes` page).
    public struct Logged: Sendable {
        public let seq: Int64
        public let table: String
        public let key: String
        public let isDelete: Bool
        public let wallMillis: Int64
        public let fields: [(column: String, value: String)]
        public let changesetSeq: Int64?
    }
}
