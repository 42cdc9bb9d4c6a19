import DistrictSyncCore
import Testing

@Suite("Vietnamese text: NFC for storage, a folded key for matching, given-name order for people")
struct VietnameseTextTests {
    // Swift's String == ignores normalisation, so these compare UTF-8 bytes.
    @Test(
        "decomposed (NFD) input becomes NFC bytes",
        arguments: [
            ("Nguye\u{0302}\u{0303}n", "Nguy\u{1EC5}n"),
            ("Thu\u{0309}y", "Th\u{1EE7}y"),
            ("Ho\u{0300}a", "H\u{00F2}a"),
        ])
    func nfdToNFC(input: String, nfc: String) {
        #expect(Array(VietnameseText.nfc(input).utf8) == Array(nfc.utf8))
        #expect(Array(input.utf8) != Array(nfc.utf8))
    }

    @Test(
        "Windows-1258 style (precomposed vowel + combining tone) becomes NFC",
        arguments: [
            ("\u{01A1}\u{0301}", "\u{1EDB}"),  // ơ + acute → ớ
            ("\u{01B0}\u{0300}", "\u{1EEB}"),  // ư + grave → ừ
            ("\u{00E2}\u{0323}", "\u{1EAD}"),  // â + dot below → ậ
        ])
    func windows1258ToNFC(input: String, nfc: String) {
        #expect(Array(VietnameseText.nfc(input).utf8) == Array(nfc.utf8))
    }

    @Test("clean trims and collapses inner white space after NFC")
    func cleanCollapses() {
        #expect(Array(VietnameseText.clean("  Ho\u{0300}a \t  Bi\u{0300}nh\n").utf8) == Array("Hòa Bình".utf8))
    }

    @Test(
        "tone-placement variants fold to one key",
        arguments: [
            ("hoà", "hòa"), ("Thuỷ", "Thủy"), ("Hóc Môn", "HÓC MÔN"), ("Nguye\u{0302}\u{0303}n", "Nguyễn"),
        ])
    func variantsFoldEqual(a: String, b: String) {
        #expect(VietnameseText.folded(a) == VietnameseText.folded(b))
    }

    @Test(
        "folding maps đ/Đ by hand, drops marks, lowercases and collapses spaces",
        arguments: [
            ("Đường", "duong"), ("đỗ  Văn   Đạt", "do van dat"), (" Thành phố Thủ Đức ", "thanh pho thu duc"),
        ])
    func foldingRules(input: String, folded: String) {
        #expect(Array(VietnameseText.folded(input).utf8) == Array(folded.utf8))
    }

    @Test("Hóc Môn and Hoóc Môn stay different keys: folding does not guess spelling")
    func spellingVariantsStayDistinct() {
        #expect(VietnameseText.folded("Hóc Môn") != VietnameseText.folded("Hoóc Môn"))
    }

    @Test("people sort by given name, then middle, then family name")
    func personSort() {
        let people = ["Trần Văn Bình", "Nguyễn Thị An", "Lê Thị An", "Nguyễn Anh Đức", "Phạm Ánh Dương", "Võ Văn Anh"]
        let sorted = people.sorted { a, b in key(a) < key(b) }
        #expect(
            sorted == ["Lê Thị An", "Nguyễn Thị An", "Võ Văn Anh", "Trần Văn Bình", "Nguyễn Anh Đức", "Phạm Ánh Dương"])
    }

    @Test("Đ sorts with D, not after Z as in code-point order")
    func dStrokeSortsWithD() {
        #expect(key("Nguyễn Văn Đức") < key("Nguyễn Văn Em"))
        #expect("Đức" > "Zung")  // the code-point order the key must not use
    }

    @Test(
        "splitName takes the first word as family, the last as given, the rest as middle",
        arguments: [
            ("Nguyễn Thị Minh Khai", "Nguyễn", "Thị Minh", "Khai"),
            ("  Lê   Lợi ", "Lê", "", "Lợi"),
            ("Hoa", "", "", "Hoa"),
            ("", "", "", ""),
        ])
    func splitName(full: String, family: String, middle: String, given: String) {
        let parts = VietnameseText.splitName(full)
        #expect(parts.family == family)
        #expect(parts.middle == middle)
        #expect(parts.given == given)
    }

    private func key(_ full: String) -> String {
        let p = VietnameseText.splitName(full)
        return VietnameseText.personSortKey(family: p.family, middle: p.middle, given: p.given)
    }
}
