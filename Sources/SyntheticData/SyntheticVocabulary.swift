public import DistrictSyncCore

/// Word lists for synthetic records: legal forms, trade lines, brand syllables, streets, wards and
/// personal names, all NFC. Real street and ward names make demo data look like the city's.
enum SyntheticVocabulary {
    static let tradeLines = [
        "Thương mại", "Dịch vụ", "Thương mại Dịch vụ", "Sản xuất", "Sản xuất Thương mại", "Xây dựng", "Đầu tư",
        "Vận tải", "Công nghệ", "Xuất nhập khẩu", "Thực phẩm", "Du lịch",
    ]
    static let brandSyllables = [
        "Minh", "Phát", "Hưng", "Thịnh", "An", "Phúc", "Thành", "Đạt", "Hoàng", "Long", "Sài Gòn", "Việt", "Tân",
        "Phú", "Gia", "Bảo", "Kim", "Ngọc", "Đông", "Hải", "Sơn", "Quang", "Trí", "Tín", "Nhật", "Á Châu", "Lộc",
        "Vạn", "Toàn", "Thắng",
    ]
    static let streets = [
        "Nguyễn Thị Minh Khai", "Lê Lợi", "Nguyễn Huệ", "Hai Bà Trưng", "Điện Biên Phủ", "Cách Mạng Tháng Tám",
        "Trần Hưng Đạo", "Lý Thường Kiệt", "Võ Văn Tần", "Pasteur", "Nam Kỳ Khởi Nghĩa", "Phan Xích Long",
        "Nguyễn Văn Cừ", "Lê Văn Sỹ", "Hoàng Văn Thụ", "Cộng Hòa", "Quang Trung", "Nguyễn Oanh", "Âu Cơ",
        "Lạc Long Quân", "Huỳnh Tấn Phát", "Nguyễn Văn Linh", "Tỉnh Lộ 10", "Quốc Lộ 22",
    ]
    static let wardsOfQuan1 = [
        "Bến Nghé", "Bến Thành", "Cầu Kho", "Cầu Ông Lãnh", "Cô Giang", "Đa Kao", "Nguyễn Cư Trinh",
        "Nguyễn Thái Bình", "Phạm Ngũ Lão", "Tân Định",
    ]
    static let townshipsOfHuyen: [String: [String]] = [
        "783": ["Thị trấn Củ Chi", "Xã Tân Thạnh Đông", "Xã Phước Vĩnh An", "Xã Tân Phú Trung"],
        "784": ["Thị trấn Hóc Môn", "Xã Bà Điểm", "Xã Xuân Thới Thượng", "Xã Tân Xuân"],
        "785": ["Thị trấn Tân Túc", "Xã Vĩnh Lộc A", "Xã Bình Hưng", "Xã Phong Phú"],
        "786": ["Thị trấn Nhà Bè", "Xã Phước Kiển", "Xã Nhơn Đức", "Xã Long Thới"],
        "787": ["Thị trấn Cần Thạnh", "Xã Bình Khánh", "Xã An Thới Đông", "Xã Long Hòa"],
    ]
    static let familyNames = [
        "Nguyễn", "Nguyễn", "Nguyễn", "Trần", "Trần", "Lê", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ",
        "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô", "Dương", "Lý",
    ]
    static let middleNames = ["Văn", "Thị", "Minh", "Ngọc", "Thanh", "Hữu", "Đức", "Quốc", "Thị Thu", "Hoàng"]
    static let givenNames = [
        "An", "Bình", "Châu", "Dũng", "Đạt", "Hà", "Hải", "Hạnh", "Hùng", "Lan", "Linh", "Long", "Mai", "Nam", "Phúc",
        "Quân", "Tâm", "Thảo", "Trang", "Tuấn", "Vy", "Ánh", "Ổn", "Uyên",
    ]

    /// The wards (or communes) of a district: real names for Quận 1 and the rural districts,
    /// numbered wards elsewhere.
    static func wards(district: String) -> [String] {
        if district == "760" { return wardsOfQuan1.map { "Phường " + $0 } }
        if let communes = townshipsOfHuyen[district] { return communes }
        return (1...15).map { "Phường \($0)" }
    }
}
