/// The value rules of a changeset, shared by `ChangesetCodec.encode` and `ChangesetCodec.decode` so the
/// encoder refuses exactly what the decoder would refuse (docs/changeset-format.md, "Strictness").
///
/// Structural checks (varints, lengths, truncation) stay in the decoder: the encoder cannot get them
/// wrong. Everything a caller can put into a `Change` or a `ChangesetHeader` is checked here.
enum ChangesetRules {
    static let maxKeyBytes = 256
    static let maxTextBytes = 64 * 1024
    static let maxCityBytes = 64
    static let maxDistrictBytes = 16
    static let maxNodeBytes = 64

    /// A string field: at most `max` UTF-8 bytes and in Unicode NFC (the plan stores, hashes and signs
    /// NFC only, so two spellings of one Vietnamese name can never be two different signed values).
    static func checkString(_ value: String, what: String, max: Int) throws(CoreError) {
        let count = value.utf8.count
        guard count <= max else {
            throw CoreError(
                "bad_payload",
                LocalizedText(
                    vi: "\(FieldLabel.vi(what)) dài \(count) byte; giới hạn là \(max) byte",
                    en: "the \(what) is \(count) bytes; the limit is \(max)"))
        }
        try checkNFC(value, what: what)
    }

    static func checkNFC(_ value: String, what: String) throws(CoreError) {
        var copy = value
        let surely = copy.withUTF8 { isSurelyNFC($0) }
        // Swift's == compares canonically equivalent strings as equal, so compare the bytes.
        guard surely || VietnameseText.nfc(value).utf8.elementsEqual(value.utf8) else {
            throw CoreError(
                "not_nfc",
                LocalizedText(
                    vi:
                        "\(FieldLabel.vi(what)) không ở dạng Unicode NFC (dựng sẵn); hãy chuẩn hoá văn bản về NFC trước khi "
                        + "ghi nhận (dsync import tự làm việc này), rồi xuất lại tập thay đổi",
                    en: "the \(what) is not in Unicode NFC (composed) form; normalise text to NFC before it is "
                        + "captured (dsync import does this), and re-export the changeset"))
        }
    }

    /// `VietnameseText.isSurelyNFC` on UTF-8 bytes, the decoder's hot path: every scalar below U+0300
    /// (one byte, or two with lead byte C2…CB) or in U+1E00…U+1EFF (E1 B8…BB xx) is left alone by NFC.
    /// False means "normalise and compare", not "not NFC".
    static func isSurelyNFC(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        var index = 0
        let count = bytes.count
        while index < count {
            let byte = bytes[index]
            if byte < 0x80 {
                index += 1
            } else if byte >= 0xC2 && byte <= 0xCB {
                index += 2
            } else if byte == 0xE1, index + 1 < count, bytes[index + 1] >= 0xB8 && bytes[index + 1] <= 0xBB {
                index += 3
            } else {
                return false
            }
        }
        return true
    }

    /// The header fields a caller sets.
    static func checkHeader(_ header: ChangesetHeader) throws(CoreError) {
        guard ChangesetHeader.supportedFormatVersions.contains(header.formatVersion) else {
            throw CoreError(
                "unknown_format_version",
                LocalizedText(
                    vi: "bản dsync này không ghi được phiên bản định dạng \(header.formatVersion)",
                    en: "format version \(header.formatVersion) cannot be written by this dsync"))
        }
        try checkString(header.cityID, what: "city id", max: maxCityBytes)
        try checkString(header.districtCode, what: "district code", max: maxDistrictBytes)
        try checkString(header.nodeID, what: "node id", max: maxNodeBytes)
        guard header.sequence <= ChangesetHeader.maxSequence else {
            throw CoreError(
                "out_of_range",
                LocalizedText(
                    vi: "số thứ tự \(header.sequence) vượt quá \(ChangesetHeader.maxSequence)",
                    en: "the sequence \(header.sequence) is above \(ChangesetHeader.maxSequence)"))
        }
        guard header.previousHash.count == 32, header.schemaFingerprint.count == 32 else {
            throw CoreError(
                "header_mismatch",
                LocalizedText(
                    vi: "mã băm của tập thay đổi trước và dấu vân lược đồ phải là giá trị SHA-256 dài 32 byte",
                    en: "the previous hash and the schema fingerprint must be 32-byte SHA-256 values"))
        }
    }

    /// A record key: 1…256 bytes of NFC text.
    static func checkKey(_ key: String, change index: Int) throws(CoreError) {
        guard !key.isEmpty else {
            throw CoreError(
                "bad_payload",
                LocalizedText(
                    vi: "thay đổi số \(index + 1) có khoá bản ghi trống", en: "change #\(index + 1) has an empty key"))
        }
        try checkString(key, what: "record key", max: maxKeyBytes)
    }

    /// The number of fields: none for a delete, at most the table's column count otherwise.
    static func checkFieldCount(
        _ count: UInt64, operation: Change.Operation, table: SyncedTable, change index: Int
    ) throws(CoreError) {
        guard count <= UInt64(table.columns.count) else {
            throw CoreError(
                "bad_column",
                LocalizedText(
                    vi:
                        "thay đổi số \(index + 1) ghi \(count) trường; bảng \(table.name) có \(table.columns.count) cột",
                    en: "change #\(index + 1) sets \(count) fields; \(table.name) has \(table.columns.count)"))
        }
        if operation == .delete && count != 0 {
            throw CoreError(
                "bad_payload",
                LocalizedText(
                    vi: "thay đổi số \(index + 1) là thao tác xoá nhưng lại mang dữ liệu các trường",
                    en: "change #\(index + 1) is a delete but carries fields"))
        }
    }

    /// Column indexes strictly increase and stay inside the table.
    static func checkColumn(_ column: Int, after last: Int, table: SyncedTable, change index: Int) throws(CoreError) {
        guard column >= 0, column < table.columns.count, column > last else {
            throw CoreError(
                "bad_column",
                LocalizedText(
                    vi: "thay đổi số \(index + 1) ghi cột số \(column) sai thứ tự hoặc ngoài bảng \(table.name)",
                    en: "change #\(index + 1) names column #\(column) out of order or outside \(table.name)"))
        }
    }

    /// A value's type matches its column (null fits any column); text is NFC and at most 64 KiB.
    static func checkValue(_ value: FieldValue, column: Int, table: SyncedTable, change index: Int) throws(CoreError) {
        let definition = table.columns[column]
        switch (value, definition.type) {
        case (.null, _), (.int, .int): return
        case (.text(let text), .text):
            try checkString(text, what: "text value", max: maxTextBytes)
        default:
            throw CoreError(
                "bad_column",
                LocalizedText(
                    vi: "thay đổi số \(index + 1) ghi cho cột \(definition.name) một giá trị sai kiểu",
                    en: "change #\(index + 1) gives column \(definition.name) a value of the wrong type"))
        }
    }

    /// Every rule above for one whole change, as the encoder applies them.
    static func check(_ change: Change, index: Int) throws(CoreError) {
        try checkKey(change.key, change: index)
        try checkFieldCount(
            UInt64(change.fields.count), operation: change.operation, table: change.table, change: index)
        var last = -1
        for field in change.fields {
            try checkColumn(field.column, after: last, table: change.table, change: index)
            try checkValue(field.value, column: field.column, table: change.table, change: index)
            last = field.column
        }
    }
}
