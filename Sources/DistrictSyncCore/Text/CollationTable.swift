import Foundation

/// The per-scalar table behind `VietnameseCollation.key`'s fast path: for each scalar below U+0300
/// and of U+1E00–U+1EFF (the text `VietnameseText.isSurelyNFC` accepts), the letters and tones the
/// definition (`keyByNormalising`) gives that scalar alone.
///
/// Keying such text scalar by scalar gives the definition's key: the text is already NFC, its
/// lower-casing is per scalar, and the decomposition of each lower-cased scalar starts with a
/// letter, so every letter or tone mark lands on a letter of the same scalar. A test compares both
/// on every covered scalar and on random covered strings.
struct CollationTable: Sendable {
    static let shared = CollationTable()

    /// Each covered scalar's letters, as a range of `primary` and `tones`.
    let low: [Range<Int>]
    let vietnamese: [Range<Int>]
    let primary: [UInt32]
    let tones: [UInt32]

    init() {
        var primary: [UInt32] = []
        var tones: [UInt32] = []
        func build(_ range: ClosedRange<UInt32>) -> [Range<Int>] {
            range.map { value in
                let start = primary.count
                guard let scalar = Unicode.Scalar(value) else { return start..<start }
                let (p, t) = VietnameseCollation.letters(String(scalar).lowercased())
                primary += p
                tones += t
                return start..<primary.count
            }
        }
        low = build(0x0000...0x02FF)
        vietnamese = build(0x1E00...0x1EFF)
        self.primary = primary
        self.tones = tones
    }

    /// The range of `value`'s letters, or nil when the fast path does not cover it.
    @inline(__always)
    func entry(_ value: UInt32) -> Range<Int>? {
        if value < 0x0300 { return low[Int(value)] }
        if value >= 0x1E00 && value <= 0x1EFF { return vietnamese[Int(value - 0x1E00)] }
        return nil
    }
}
