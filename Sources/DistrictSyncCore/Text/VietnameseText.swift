import Foundation

/// Vietnamese text rules: store, hash and sign NFC only; match on a folded key.
///
/// Legacy data arrives decomposed (NFD) or in the Windows-1258 style (precomposed vowels with
/// combining tone marks); both become NFC here. Tone-placement variants (`hoà`/`hòa`) survive
/// NFC, so matching uses `folded`, which drops every mark and maps `đ` by hand.
public enum VietnameseText {
    /// The NFC form of `text`.
    public static func nfc(_ text: String) -> String {
        if text.utf8.allSatisfy({ $0 < 0x80 }) { return text }
        return text.precomposedStringWithCanonicalMapping
    }

    /// NFC with surrounding white space trimmed and inner runs of white space collapsed to one space.
    public static func clean(_ text: String) -> String {
        let parts = nfc(text).split(whereSeparator: { $0.isWhitespace })
        return parts.joined(separator: " ")
    }

    /// A matching key: NFD, combining marks dropped, `đ/Đ` → `d`, lower-cased, spaces collapsed.
    public static func folded(_ text: String) -> String {
        var scalars = String.UnicodeScalarView()
        for scalar in text.decomposedStringWithCanonicalMapping.unicodeScalars {
            switch scalar.properties.generalCategory {
            case .nonspacingMark, .spacingMark, .enclosingMark: continue
            default: break
            }
            switch scalar {
            case "đ", "Đ": scalars.append("d")
            default: scalars.append(contentsOf: String(scalar).lowercased().unicodeScalars)
            }
        }
        return String(scalars).split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")
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
