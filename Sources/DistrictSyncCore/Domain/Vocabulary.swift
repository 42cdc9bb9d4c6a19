import Foundation

/// A closed set of values whose raw strings are a contract (CSV columns, CLI options, JSON).
public protocol Vocabulary: RawRepresentable, CaseIterable, Sendable, Hashable where RawValue == String {
    /// The field name used in error messages.
    static var fieldName: String { get }
    /// The Vietnamese name the app and the CLI show for this value (Vocabulary+Labels.swift), which
    /// an import also accepts in place of the code; nil where the code itself is what people write.
    var vietnameseLabel: String? { get }
}

extension Vocabulary {
    /// Parses `raw` (trimmed, case-insensitive) or throws a message listing the allowed values.
    public static func parse(_ raw: String) throws(CoreError) -> Self {
        if let value = Self(rawValue: raw) { return value }
        let key = raw.trimmedSpaces.lowercased()
        if let value = Self(rawValue: key) { return value }
        if let value = labelled(raw) { return value }
        throw CoreError(
            "unknown_value",
            LocalizedText(
                vi: "\(FieldLabel.vi(fieldName)) '\(raw)' không thuộc các giá trị: \(allowedText)",
                en: "\(fieldName) '\(raw)' is not one of: \(allowedCodes)"))
    }
}

/// The district office an officer belongs to (plan C.V.2). Stored explicitly, never inferred.
public enum Office: String, Vocabulary {
    case kinhTe = "kinh-te"
    case congThuong = "cong-thuong"
    public static let fieldName = "office"
    /// The office's Vietnamese name.
    public var vietnamese: String { self == .kinhTe ? "Phòng Kinh tế" : "Phòng Công Thương" }
    public var english: String { self == .kinhTe ? "Economic office" : "Industry-Trade office" }
}

/// What an officer is in charge of: e-commerce (B4a population) or economic affairs (B4b).
public enum OfficerRole: String, Vocabulary {
    case ecommerce
    case economy
    public static let fieldName = "role"
    public var vietnamese: String { self == .ecommerce ? "phụ trách TMĐT" : "phụ trách kinh tế" }
}

/// Sector group for the size rule.
public enum Sector: String, Vocabulary {
    case agriculture
    case industryConstruction = "industry_construction"
    case tradeServices = "trade_services"
    public static let fieldName = "sector"
}

/// Enterprise category; decides the B1g and B3 populations.
public enum EnterpriseCategory: String, Vocabulary {
    case modernRetail = "modern_retail"
    case utility
    case consumerService = "consumer_service"
    case ecommerceService = "ecommerce_service"
    case other
    public static let fieldName = "category"
}

public enum EnterpriseStatus: String, Vocabulary {
    case active
    case closed
    case movedOut = "moved_out"
    public static let fieldName = "status"
}

public enum EmailUse: String, Vocabulary {
    case none, occasional, regular
    public static let fieldName = "email_use"
}

public enum WebsiteUpdate: String, Vocabulary {
    case none, rare, periodic, regular
    public static let fieldName = "website"
}

public enum EcommerceSite: String, Vocabulary {
    case none, marketplace, own
    public static let fieldName = "ecommerce_site"
}

public enum YesNo: String, Vocabulary {
    case yes, no
    public static let fieldName = "yes/no answer"
}

/// A yes/no answer that may not apply (the B3 populations).
public enum YesNoNA: String, Vocabulary {
    case yes, no
    case notApplicable = "n/a"
    public static let fieldName = "yes/no/n/a answer"
}

public enum SoftwareKind: String, Vocabulary, Comparable {
    case accounting, hr, erp, crm, scm, other
    public static let fieldName = "software"
    var rank: Int { Self.allCases.firstIndex(of: self) ?? 0 }
    public static func < (a: Self, b: Self) -> Bool { a.rank < b.rank }

    /// Parses a `;`-separated set (may be empty), returned in canonical order without duplicates.
    public static func parseSet(_ raw: String) throws(CoreError) -> [SoftwareKind] {
        var kinds = Set<SoftwareKind>()
        for part in raw.split(separator: ";") where !String(part).trimmedSpaces.isEmpty {
            kinds.insert(try parse(String(part)))
        }
        return kinds.sorted()
    }

    /// The canonical `;`-separated text of a set.
    public static func text(_ kinds: [SoftwareKind]) -> String { kinds.sorted().map(\.rawValue).joined(separator: ";") }
}

/// Size class under a size rule; "large" means not an SME.
public enum SizeClass: String, Vocabulary {
    case micro, small, medium, large
    public static let fieldName = "size class"
    public var isSME: Bool { self != .large }
}
