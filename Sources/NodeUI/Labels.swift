import DistrictSyncCore

/// Vietnamese names of the vocabularies the pages show (the stored codes stay the form values).
enum Labels {
    // The names themselves live beside the vocabularies (Core's Vocabulary+Labels.swift), the one
    // copy the import accepts too.
    static func sector(_ s: Sector) -> String { s.vietnameseLabel ?? s.rawValue }

    static func category(_ c: EnterpriseCategory) -> String { c.vietnameseLabel ?? c.rawValue }

    static func status(_ s: EnterpriseStatus) -> String { s.vietnameseLabel ?? s.rawValue }

    static func size(_ s: SizeClass) -> String { s.vietnameseLabel ?? s.rawValue }

    static func office(_ o: Office) -> String { o.vietnamese }

    static func role(_ r: OfficerRole) -> String { r.vietnameseLabel ?? r.rawValue }

    /// The label of a form field (by its CSV column name).
    static let fields: [String: String] = [
        "tax_code": "Mã số thuế", "name": "Tên", "address": "Địa chỉ", "ward": "Phường/xã",
        "sector": "Khu vực kinh tế", "employees": "Số lao động", "capital_vnd": "Vốn (đồng)",
        "revenue_vnd": "Doanh thu (đồng)", "category": "Loại hình", "status": "Tình trạng",
        "office": "Phòng", "role": "Nhiệm vụ", "appointed": "Ngày bắt đầu", "decision": "Số quyết định phân công",
        "district": "Mã đơn vị", "size_class": "Quy mô", "size_rule": "Quy tắc quy mô",
        "size_year": "Năm tham chiếu quy mô", "decision_date": "Ngày quyết định",
        "contact": "Điện thoại hoặc thư điện tử", "end_date": "Ngày kết thúc",
        // training events and survey answers (their columns on /changes)
        "officer_id": "Mã cán bộ", "date": "Ngày", "course": "Khóa tập huấn", "organiser": "Đơn vị tổ chức",
        "year": "Năm khảo sát", "email_use": "Thư điện tử", "website": "Website",
        "ecommerce_site": "Bán hàng trên mạng",
        "edi": "EDI", "software": "Phần mềm", "b2b": "B2B", "b2c": "B2C", "cashless": "Không dùng tiền mặt",
        "e_bill_payment": "Thanh toán hóa đơn trực tuyến", "consumer_e_channel": "Kênh điện tử cho người tiêu dùng",
        "collected_by": "Người thu phiếu", "collected_on": "Ngày thu phiếu",
    ]
}
