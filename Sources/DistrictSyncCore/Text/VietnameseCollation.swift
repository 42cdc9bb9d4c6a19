/// Vietnamese alphabetical order: a ă â b c d đ e ê … o ô ơ … u ư, tones (none, grave, hook,
/// tilde, acute, dot below) deciding only between otherwise equal words, case ignored.
public enum VietnameseCollation {
    static let letterMarks: [UInt32: UInt32] = [0x0306: 1, 0x0302: 2, 0x031B: 3]
    static let toneMarks: [UInt32: UInt32] = [0x0300: 1, 0x0309: 2, 0x0303: 3, 0x0301: 4, 0x0323: 5]

    /// A key whose order is the Vietnamese order of the texts.
    ///
    /// Text that `VietnameseText.isSurelyNFC` accepts (every scalar below U+0300 or in
    /// U+1E00–U+1EFF, so no stray combining mark) is keyed scalar by scalar from `CollationTable`;
    /// other text takes `keyByNormalising`, the definition. Both give the same key for such text.
    public static func key(_ text: String) -> [UInt32] {
        let table = CollationTable.shared
        var primary: [UInt32] = []
        var tones: [UInt32] = []
        primary.reserveCapacity(text.utf8.count)
        tones.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            guard let range = table.entry(scalar.value) else { return keyByNormalising(text) }
            for i in range {
                primary.append(table.primary[i])
                tones.append(table.tones[i])
            }
        }
        return primary + [0] + tones
    }

    /// `key` by its definition: NFC, lower-cased, decomposed, then each scalar a letter, a letter
    /// mark (ă â ơ ư change the letter before), a tone mark (the tone of the letter before), or
    /// dropped.
    static func keyByNormalising(_ text: String) -> [UInt32] {
        let (primary, tones) = letters(VietnameseText.nfc(text).lowercased())
        return primary + [0] + tones
    }

    /// The letters and their tones of `lowered` (NFC, lower-cased), after decomposition.
    static func letters(_ lowered: String) -> (primary: [UInt32], tones: [UInt32]) {
        var primary: [UInt32] = []
        var tones: [UInt32] = []
        for scalar in lowered.decomposedStringWithCanonicalMapping.unicodeScalars {
            if let m = letterMarks[scalar.value], let last = primary.last {
                primary[primary.count - 1] = last + m
            } else if let t = toneMarks[scalar.value] {
                if !tones.isEmpty { tones[tones.count - 1] = t }
            } else if scalar.properties.generalCategory == .nonspacingMark {
                continue
            } else if scalar == "đ" {
                primary.append(UInt32(("d" as Unicode.Scalar).value) * 8 + 4)
                tones.append(0)
            } else {
                primary.append(scalar.value * 8)
                tones.append(0)
            }
        }
        return (primary, tones)
    }

    /// Whether `a` comes before `b` in Vietnamese order.
    public static func precedes(_ a: String, _ b: String) -> Bool {
        key(a).lexicographicallyPrecedes(key(b))
    }
}

extension VietnameseCollation {
    /// `key(text)` as bytes whose byte-wise (memcmp) order is the key's order, so that SQLite can
    /// sort and index it as a BLOB: each letter in two bytes when it is below 0x7F00 (every scalar
    /// below U+0FE0: Latin, Vietnamese, Greek, Cyrillic…), first byte 0x01–0x7F, else in four
    /// bytes with a first byte 0x80–0x8F (letter values are below 2^28); the separator 0 as one
    /// zero byte; then each tone (0…5) as one byte. Within a form the bytes are big-endian, and a
    /// longer form has both a higher first byte and a higher value, so letters compare as their
    /// values; the separator is below every letter's first byte. Letters and tones are aligned in
    /// two keys up to the first difference (every letter has a tone), so comparing the bytes
    /// compares the same pairs `lexicographicallyPrecedes` compares. (A NUL letter, value 0, would
    /// tie with the separator in `key` but sorts after it here; names are never NUL.)
    public static func sortKey(_ text: String) -> [UInt8] {
        let key = key(text)
        let zero = key.count / 2  // `key` is n letters, the separator, n tones
        var bytes: [UInt8] = []
        bytes.reserveCapacity(zero * 3 + 1)
        for value in key[..<zero] {
            if value < 0x7F00 {
                bytes.append(UInt8(truncatingIfNeeded: (value >> 8) + 1))
                bytes.append(UInt8(truncatingIfNeeded: value))
            } else {
                bytes.append(UInt8(truncatingIfNeeded: 0x80 | (min(value, 0x0FFF_FFFF) >> 24)))
                bytes.append(UInt8(truncatingIfNeeded: value >> 16))
                bytes.append(UInt8(truncatingIfNeeded: value >> 8))
                bytes.append(UInt8(truncatingIfNeeded: value))
            }
        }
        bytes.append(0)
        for tone in key[(zero + 1)...] { bytes.append(UInt8(truncatingIfNeeded: min(tone, 255))) }
        return bytes
    }
}
