import SyntheticData
import Testing

@testable import DistrictSyncCore

/// `VietnameseText.folded` and `VietnameseCollation.key` read Latin and Vietnamese text from
/// per-scalar tables; these tests hold them to the definitions (`foldedByNormalising`,
/// `keyByNormalising`) they stand for.
@Suite("Folding and collation tables give exactly what the normalising definitions give")
struct TextFastPathTests {
    static let foldingScalars: [Unicode.Scalar] = (Array(0x0000...0x036F) + Array(0x1E00...0x1EFF)).compactMap {
        Unicode.Scalar(UInt32($0))
    }
    static let collationScalars: [Unicode.Scalar] = (Array(0x0000...0x02FF) + Array(0x1E00...0x1EFF)).compactMap {
        Unicode.Scalar(UInt32($0))
    }

    /// Up to 23 scalars, each drawn from `first` or `second` (even odds).
    static func randomString(_ random: inout SplitMix64, _ first: [Unicode.Scalar], _ second: [Unicode.Scalar])
        -> String
    {
        var text = String.UnicodeScalarView()
        for _ in 0..<Int(random.next() % 24) {
            let pool = random.next() % 2 == 0 ? first : second
            text.append(pool[Int(random.next() % UInt64(pool.count))])
        }
        return String(text)
    }

    @Test("every covered scalar folds as the definition folds it, alone, between letters and between spaces")
    func foldingEveryScalar() {
        var mismatches: [String] = []
        for scalar in Self.foldingScalars {
            for text in [String(scalar), "a\(scalar)b", " \(scalar) ", "Đ\(scalar)\(scalar)Ư"] {
                let fast = Array(VietnameseText.folded(text).utf8)
                let definition = Array(VietnameseText.foldedByNormalising(text).utf8)
                if fast != definition {
                    mismatches.append("U+\(String(scalar.value, radix: 16)) in \(text.debugDescription)")
                }
            }
        }
        #expect(mismatches.isEmpty, "\(mismatches.prefix(10))")
    }

    @Test("random strings of covered scalars, combining marks and white space fold as the definition folds them")
    func foldingRandomStrings() {
        var random = SplitMix64(seed: 2471)
        let common: [Unicode.Scalar] = ["a", "Đ", "ơ", "\u{0301}", "\u{0323}", " ", "\t", "\u{00A0}", "\r", "\n", "Ệ"]
        for _ in 0..<2_000 {
            let s = Self.randomString(&random, common, Self.foldingScalars)
            #expect(
                Array(VietnameseText.folded(s).utf8) == Array(VietnameseText.foldedByNormalising(s).utf8),
                "\(s.debugDescription)")
        }
    }

    @Test("text outside the table (Greek, CJK, a ligature) still folds by the definition")
    func foldingOutsideTheTable() {
        for text in ["ΣΟΦΊΑ Ngọc", "東京 Thủ Đức", "ﬁle Ǆ", "\u{2003}Hòa\u{3000}Bình\u{2028}"] {
            #expect(Array(VietnameseText.folded(text).utf8) == Array(VietnameseText.foldedByNormalising(text).utf8))
        }
        #expect(VietnameseText.folded("\u{2003}Hòa\u{3000}Bình ") == "hoa binh")
    }

    @Test("every covered scalar keys as the definition keys it, alone and inside a Vietnamese name")
    func collationEveryScalar() {
        var mismatches: [String] = []
        for scalar in Self.collationScalars {
            for text in [String(scalar), "Nguy\(scalar)ễn", "\(scalar)ư\(scalar)"] {
                if VietnameseCollation.key(text) != VietnameseCollation.keyByNormalising(text) {
                    mismatches.append("U+\(String(scalar.value, radix: 16)) in \(text.debugDescription)")
                }
            }
        }
        #expect(mismatches.isEmpty, "\(mismatches.prefix(10))")
    }

    @Test("random covered strings, and decomposed or foreign text, key as the definition keys them")
    func collationRandomStrings() {
        var random = SplitMix64(seed: 2011)
        let vietnamese = Array("aăâbcdđeêghiklmnoôơpqrstuưvxyAĂÂĐÊÔƠƯàảãáạằẳẵắặầẩẫấậềểễếệờởỡớợừửữứự ".unicodeScalars)
        for _ in 0..<2_000 {
            let s = Self.randomString(&random, vietnamese, Self.collationScalars)
            #expect(VietnameseCollation.key(s) == VietnameseCollation.keyByNormalising(s), "\(s.debugDescription)")
        }
        for text in ["Nguye\u{0302}\u{0303}n", "\u{01A1}\u{0301}", "ΣΟΦΊΑ", "東京"] {
            #expect(VietnameseCollation.key(text) == VietnameseCollation.keyByNormalising(text))
        }
    }
}
