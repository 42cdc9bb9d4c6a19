/// Checks on text that arrives as UTF-8 bytes (changeset keys and values), without making a `String`
/// unless the bytes might not be in NFC.
enum TextBytes {
    enum Verdict { case invalid, surelyNFC, needsNormalisationCheck }

    /// Well-formed UTF-8 (Unicode 15, table 3-7: no overlong forms, no surrogates, nothing above
    /// U+10FFFF), and whether NFC is certain without normalising: every scalar below U+0300 or in
    /// U+1E00…U+1EFF (Latin Extended Additional, where precomposed Vietnamese letters live) is left
    /// alone by NFC.
    static func classify(_ b: UnsafeRawBufferPointer) -> Verdict {
        var i = 0
        let n = b.count
        var surely = true
        // ASCII eight bytes at a time: most keys, codes and many names never leave this loop.
        if let base = b.baseAddress {
            while i + 8 <= n, base.loadUnaligned(fromByteOffset: i, as: UInt64.self) & 0x8080_8080_8080_8080 == 0 {
                i += 8
            }
        }
        while i < n {
            let c0 = b[i]
            if c0 < 0x80 {
                i += 1
                continue
            }
            if c0 >= 0xC2 && c0 <= 0xDF {
                guard i + 1 < n, b[i + 1] & 0xC0 == 0x80 else { return .invalid }
                if c0 > 0xCB { surely = false }
                i += 2
            } else if c0 >= 0xE0 && c0 <= 0xEF {
                guard i + 2 < n else { return .invalid }
                let c1 = b[i + 1]
                let low: UInt8 = c0 == 0xE0 ? 0xA0 : 0x80
                let high: UInt8 = c0 == 0xED ? 0x9F : 0xBF
                guard c1 >= low, c1 <= high, b[i + 2] & 0xC0 == 0x80 else { return .invalid }
                if !(c0 == 0xE1 && c1 >= 0xB8 && c1 <= 0xBB) { surely = false }
                i += 3
            } else if c0 >= 0xF0 && c0 <= 0xF4 {
                guard i + 3 < n else { return .invalid }
                let c1 = b[i + 1]
                let low: UInt8 = c0 == 0xF0 ? 0x90 : 0x80
                let high: UInt8 = c0 == 0xF4 ? 0x8F : 0xBF
                guard c1 >= low, c1 <= high, b[i + 2] & 0xC0 == 0x80, b[i + 3] & 0xC0 == 0x80 else {
                    return .invalid
                }
                surely = false
                i += 4
            } else {
                return .invalid
            }
        }
        return surely ? .surelyNFC : .needsNormalisationCheck
    }

    /// The decoder's rule for one text: valid UTF-8 and NFC; `what` names it in the error.
    static func check(_ b: UnsafeRawBufferPointer, what: String) throws(CoreError) {
        switch classify(b) {
        case .surelyNFC: return
        case .invalid:
            throw CoreError(
                "bad_payload",
                LocalizedText(
                    vi: "\(FieldLabel.vi(what)) không phải văn bản UTF-8 hợp lệ", en: "the \(what) is not valid UTF-8"))
        case .needsNormalisationCheck:
            try ChangesetRules.checkNFC(String(decoding: b, as: UTF8.self), what: what)
        }
    }
}
