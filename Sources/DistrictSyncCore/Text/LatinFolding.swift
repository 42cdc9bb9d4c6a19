import Foundation

/// The per-scalar table behind `VietnameseText.folded`'s fast path: for each scalar of U+0000–U+036F
/// (ASCII, Latin-1, Latin Extended-A and -B, IPA, spacing modifiers, combining marks) and of
/// U+1E00–U+1EFF (Latin Extended Additional, the precomposed Vietnamese letters), what the
/// definition (`foldedByNormalising`) makes of that scalar alone before white space is collapsed,
/// and whether it is white space.
///
/// Folding covered text scalar by scalar gives the definition's bytes: the decomposition of a
/// string is the decompositions of its scalars, reordered only among combining marks (every
/// covered scalar that is not a mark decomposes to a starter first), and `folded` drops every
/// mark; lower-casing is per scalar in the definition too; and once marks are dropped each
/// grapheme of covered text is one scalar (or CR LF, white space either way), so collapsing white
/// space per scalar is splitting on `Character.isWhitespace`. A test compares both on every
/// covered scalar and on random covered strings.
struct LatinFolding: Sendable {
    struct Entry: Sendable {
        var isSpace: Bool
        /// Where the scalar's folded UTF-8 lies in `bytes` (empty for a mark).
        var bytes: Range<Int>
    }

    static let ranges: [ClosedRange<UInt32>] = [0x0000...0x036F, 0x1E00...0x1EFF]
    static let shared = LatinFolding()

    let low: [Entry]
    let vietnamese: [Entry]
    let bytes: [UInt8]

    init() {
        var bytes: [UInt8] = []
        func build(_ range: ClosedRange<UInt32>) -> [Entry] {
            range.map { value in
                guard let scalar = Unicode.Scalar(value) else { return Entry(isSpace: false, bytes: 0..<0) }
                let start = bytes.count
                if scalar.properties.isWhitespace { return Entry(isSpace: true, bytes: start..<start) }
                for part in String(scalar).decomposedStringWithCanonicalMapping.unicodeScalars {
                    bytes.append(contentsOf: VietnameseText.foldedScalar(part).utf8)
                }
                return Entry(isSpace: false, bytes: start..<bytes.count)
            }
        }
        low = build(Self.ranges[0])
        vietnamese = build(Self.ranges[1])
        self.bytes = bytes
    }

    /// The entry of `value`, or nil when the fast path does not cover it.
    @inline(__always)
    func entry(_ value: UInt32) -> Entry? {
        if value <= 0x036F { return low[Int(value)] }
        if value >= 0x1E00 && value <= 0x1EFF { return vietnamese[Int(value - 0x1E00)] }
        return nil
    }
}
