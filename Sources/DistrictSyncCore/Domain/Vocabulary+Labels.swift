/// The Vietnamese names of the vocabularies: the one copy the app's pages, the CLI and the import
/// use (docs/import-format.md lists them; a test checks the table against these).
extension Vocabulary {
    public var vietnameseLabel: String? { nil }

    /// The value whose Vietnamese name `raw` is, compared by `labelKey` (NFC, case, and the
    /// separators people use between words: "Thương mại - dịch vụ" is "Thương mại và dịch vụ").
    public static func labelled(_ raw: String) -> Self? {
        let key = labelKey(raw)
        guard !key.isEmpty else { return nil }
        return allCases.first { $0.vietnameseLabel.map(labelKey) == key }
    }

    /// The allowed values for a Vietnamese message: each code with its Vietnamese name.
    public static var allowedText: String {
        allCases.map { value in value.vietnameseLabel.map { "\(value.rawValue) (\($0))" } ?? value.rawValue }
            .joined(separator: ", ")
    }

    /// The allowed codes, for an English message.
    public static var allowedCodes: String { allCases.map(\.rawValue).joined(separator: ", ") }
}

/// A label compared loosely: NFC, lowercased, `-` `–` `—` `,` `/` `&` `+` and the word "và" read as
/// a space, runs of spaces as one.
public func labelKey(_ text: String) -> String {
    var cleaned = ""
    for scalar in VietnameseText.clean(text).lowercased().unicodeScalars {
        switch scalar {
        case "-", "\u{2013}", "\u{2014}", ",", "/", "&", "+", "(", ")": cleaned.unicodeScalars.append(" ")
        default: cleaned.unicodeScalars.append(scalar)
        }
    }
    return cleaned.split(whereSeparator: \.isWhitespace).filter { $0 != "và" }.joined(separator: " ")
}

extension Sector {
    public var vietnameseLabel: String? {
        switch self {
        case .agriculture: "Nông nghiệp"
        case .industryConstruction: "Công nghiệp và xây dựng"
        case .tradeServices: "Thương mại và dịch vụ"
        }
    }
}

extension EnterpriseCategory {
    public var vietnameseLabel: String? {
        switch self {
        case .modernRetail: "Bán lẻ hiện đại"
        case .utility: "Dịch vụ tiện ích"
        case .consumerService: "Dịch vụ tiêu dùng"
        case .ecommerceService: "Dịch vụ thương mại điện tử"
        case .other: "Khác"
        }
    }
}

extension EnterpriseStatus {
    public var vietnameseLabel: String? {
        switch self {
        case .active: "Đang hoạt động"
        case .closed: "Đã đóng"
        case .movedOut: "Đã chuyển đi"
        }
    }
}

extension SizeClass {
    public var vietnameseLabel: String? {
        switch self {
        case .micro: "Siêu nhỏ"
        case .small: "Nhỏ"
        case .medium: "Vừa"
        case .large: "Lớn"
        }
    }
}

extension Office {
    public var vietnameseLabel: String? { vietnamese }
}

extension OfficerRole {
    public var vietnameseLabel: String? {
        self == .ecommerce ? "Phụ trách thương mại điện tử" : "Phụ trách kinh tế"
    }
}

extension YesNo {
    public var vietnameseLabel: String? { self == .yes ? "Có" : "Không" }
}

extension YesNoNA {
    public var vietnameseLabel: String? {
        switch self {
        case .yes: "Có"
        case .no: "Không"
        case .notApplicable: "Không áp dụng"
        }
    }
}

extension EmailUse {
    public var vietnameseLabel: String? {
        switch self {
        case .none: "Không dùng"
        case .occasional: "Thỉnh thoảng"
        case .regular: "Thường xuyên"
        }
    }
}

extension WebsiteUpdate {
    public var vietnameseLabel: String? {
        switch self {
        case .none: "Không có"
        case .rare: "Hiếm khi cập nhật"
        case .periodic: "Cập nhật định kỳ"
        case .regular: "Cập nhật thường xuyên"
        }
    }
}

extension EcommerceSite {
    public var vietnameseLabel: String? {
        switch self {
        case .none: "Không có"
        case .marketplace: "Gian hàng trên sàn thương mại điện tử"
        case .own: "Website thương mại điện tử riêng"
        }
    }
}

extension SoftwareKind {
    public var vietnameseLabel: String? {
        switch self {
        case .accounting: "Kế toán"
        case .hr: "Nhân sự"
        case .erp: "ERP"
        case .crm: "CRM"
        case .scm: "Quản lý chuỗi cung ứng"
        case .other: "Khác"
        }
    }
}
