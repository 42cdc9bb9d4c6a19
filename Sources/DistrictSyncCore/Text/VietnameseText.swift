import Foundation

/// Vietnamese text rules: store, hash and sign NFC only; match on a folded key.
///
/// Legacy data arrives decomposed (NFD) or in the Windows-1258 style (precomposed vowels with
/// combining tone marks); both become NFC here. Tone-placement variants (`hoà`/`hòa`) survive
/// NFC, so matching uses `folded`, which drops every mark and maps `đ` by hand.
public enum VietnameseText {
    /// The NFC form of `text`.
    public static func nfc(_ text: String) -> String {
        if isSurelyNFC(text) { return text }
        return text.precomposedStringWithCanonicalMapping
    }

    /// A fast check that needs no normalisation pass: every scalar is below U+0300 (no combining
    /// marks, nothing that NFC changes) or in the Latin Extended Additional block U+1E00–U+1EFF,
    /// where the precomposed Vietnamese letters live and which NFC leaves alone.
    static func isSurelyNFC(_ text: String) -> Bool {
        for scalar in text.unicodeScalars {
            let v = scalar.value
            if v < 0x300 || (0x1E00...0x1EFF).contains(v) { continue }
            return false
        }
        return true
    }

    /// NFC with surrounding white space trimmed and inner runs of white space collapsed to one space.
    public static func clean(_ text: String) -> String {
        if isSurelyNFC(text) && !hasExtraSpace(text) { return text }
        let parts = nfc(text).split(whereSeparator: { $0.isWhitespace })
        return parts.joined(separator: " ")
    }

    /// Whether `text` has leading, trailing, doubled or non-space white space that `clean` would change.
    static func hasExtraSpace(_ text: String) -> Bool {
        var previousSpace = true
        for b in text.utf8 {
            if b == 0x20 {
                if previousSpace { return true }
                previousSpace = true
            } else if b < 0x20 || b == 0xE2 || b == 0xE3 || b == 0xC2 {
                return true  // control characters or a byte that may start a Unicode space: take the slow path
            } else {
                previousSpace = false
            }
        }
        return previousSpace && !text.isEmpty
    }

    /// A matching key: NFD, combining marks dropped, `đ/Đ` → `d`, lower-cased, spaces collapsed.
    ///
    /// Text made only of the scalars `LatinFolding` covers (ASCII, the Latin blocks, the combining
    /// marks and the Vietnamese letters of U+1E00–U+1EFF) is folded scalar by scalar from a table;
    /// any other text takes `foldedByNormalising`, the definition. Both give the same bytes for
    /// covered text (see `LatinFolding`).
    public static func folded(_ text: String) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(text.utf8.count)
        var pendingSpace = false
        let table = LatinFolding.shared
        for scalar in text.unicodeScalars {
            guard let entry = table.entry(scalar.value) else { return foldedByNormalising(text) }
            if entry.isSpace {
                pendingSpace = true
                continue
            }
            if entry.bytes.isEmpty { continue }  // a mark
            if pendingSpace && !out.isEmpty { out.append(0x20) }
            pendingSpace = false
            out.append(contentsOf: table.bytes[entry.bytes])
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// `folded` by its definition: the whole text decomposed, then each scalar dropped, mapped or
    /// lower-cased, then white space collapsed.
    static func foldedByNormalising(_ text: String) -> String {
        var scalars = String.UnicodeScalarView()
        for scalar in text.decomposedStringWithCanonicalMapping.unicodeScalars {
            scalars.append(contentsOf: foldedScalar(scalar).unicodeScalars)
        }
        return String(scalars).split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")
    }

    /// One scalar of decomposed text as `folded` maps it: a mark to nothing, `đ/Đ` to `d`, any
    /// other scalar lower-cased.
    static func foldedScalar(_ scalar: Unicode.Scalar) -> String {
        switch scalar.properties.generalCategory {
        case .nonspacingMark, .spacingMark, .enclosingMark: return ""
        default: break
        }
        switch scalar {
        case "đ", "Đ": return "d"
        default: return String(scalar).lowercased()
        }
    }

    /// Sort key for lists of people: given name, then middle, then family name, each folded,
    /// with the NFC original as the final tie-break so the order is total.
    public static func personSortKey(family: String, middle: String, given: String) -> String {
        [folded(given), folded(middle), folded(family), nfc(given + middle + family)].joined(separator: "\u{1}")
    }

    /// Splits a full Vietnamese name into family, middle and given parts ("Nguyễn Thị Minh Khai"
    /// → "Nguyễn", "Thị Minh", "Khai").
    public static func splitName(_ fullName: String) -> (family: String, middle: String, given: String) {
        let parts = clean(fullName).split(separator: " ").map(String.init)
        switch parts.count {
        case 0: return ("", "", "")
        case 1: return ("", "", parts[0])
        default:
            return (parts[0], parts[1..<(parts.count - 1)].joined(separator: " "), parts[parts.count - 1])
        }
    }
}
