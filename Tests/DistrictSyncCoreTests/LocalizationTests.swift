import DistrictSyncCore
import Foundation
import Testing

@Suite("Vietnamese and English: the catalogue in both languages, the language option, exit statuses by kind")
struct LocalizationTests {
    /// Letters only Vietnamese writing has (with their capitals): a text without any of them is not
    /// Vietnamese with full diacritics.
    static let vietnameseLetters = Set(
        "àáảãạăằắẳẵặâầấẩẫậđèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵ"
            + "ÀÁẢÃẠĂẰẮẲẴẶÂẦẤẨẪẬĐÈÉẺẼẸÊỀẾỂỄỆÌÍỈĨỊÒÓỎÕỌÔỒỐỔỖỘƠỜỚỞỠỢÙÚỦŨỤƯỪỨỬỮỰỲÝỶỸỴ")

    @Test("every reason code has a Vietnamese meaning and action, with Vietnamese letters, in NFC, unlike the English")
    func everyCodeHasVietnamese() {
        for code in ReasonCode.allCases {
            let meaning = code.meaning(in: .vi)
            let action = code.action(in: .vi)
            for text in [meaning, action] {
                #expect(!text.isEmpty, "\(code.rawValue)")
                #expect(text.contains(where: Self.vietnameseLetters.contains), "\(code.rawValue): \(text)")
                #expect(
                    text.precomposedStringWithCanonicalMapping.unicodeScalars.elementsEqual(text.unicodeScalars),
                    "\(code.rawValue) is not NFC")
            }
            #expect(meaning != code.meaning(in: .en) && action != code.action(in: .en), "\(code.rawValue)")
            #expect(meaning != action, "\(code.rawValue)")
            #expect(code.meaning(in: .en) == code.meaning && code.action(in: .en) == code.action)
        }
    }

    @Test(
        "the official terms are used: tập thay đổi for changeset, mã số thuế for tax code, chứng thư số for certificate"
    )
    func officialTerms() {
        #expect(ReasonCode.chainBroken.meaning(in: .vi).contains("tập thay đổi"))
        #expect(ReasonCode.taxCodeCheckDigit.meaning(in: .vi).contains("mã số thuế"))
        #expect(ReasonCode.certRevoked.meaning(in: .vi).contains("chứng thư số"))
        #expect(ReasonCode.businessExists.meaning(in: .vi).contains("doanh nghiệp"))
    }

    @Test("--lang is read before parsing: the last --lang X or --lang=X wins, unknown values and -- are ignored")
    func scanLanguage() {
        #expect(Language.scan([]) == .vi)
        #expect(Language.scan(["node", "status"]) == .vi)
        #expect(Language.scan(["node", "status", "--lang", "en"]) == .en)
        #expect(Language.scan(["--lang=en", "hub"]) == .en)
        #expect(Language.scan(["--lang", "en", "--lang", "vi"]) == .vi)
        #expect(Language.scan(["--lang", "fr"]) == .vi)
        #expect(Language.scan(["--lang"]) == .vi)
        #expect(Language.scan(["--", "--lang", "en"]) == .vi)
    }

    @Test("a localized text picks its language, maps both halves and describes itself in English")
    func localizedText() {
        let text = LocalizedText(vi: "tệp trống", en: "the file is empty")
        #expect(text.text(.vi) == "tệp trống" && text.text(.en) == "the file is empty")
        #expect(text.map { "a.csv: " + $0 } == LocalizedText(vi: "a.csv: tệp trống", en: "a.csv: the file is empty"))
        #expect("\(text)" == "the file is empty")
    }

    @Test("an error keeps both languages; its message is the English text; an English-only one has no Vietnamese")
    func errorsCarryBothLanguages() {
        let both = CoreError("bad_date", LocalizedText(vi: "ngày sai", en: "bad date"))
        #expect(both.message == "bad date" && both.message(in: .vi) == "ngày sai" && both.localized != nil)
        let english = CoreError("bad_date", "bad date")
        #expect(english.localized == nil && english.message(in: .vi) == "bad date")
        #expect(CoreError("bad_date", LocalizedText(vi: "x", en: "x")).localized == nil)
        do {
            _ = try TaxCode(validating: "0100233480")
            Issue.record("an invalid tax code was accepted")
        } catch {
            #expect(error.code == "tax_code_check_digit")
            #expect(error.message(in: .vi).hasPrefix("mã số thuế '0100233480' có chữ số kiểm tra 0"))
            #expect(error.message(in: .en).hasPrefix("tax code '0100233480' has check digit 0"))
        }
    }

    @Test("exit statuses: each failing fault has its own status, 64 stays usage, none collides with 0–3")
    func exitStatusByFault() {
        let faults = ReasonFault.allCases.filter { $0 != .audit }
        let statuses = faults.map(\.exitStatus)
        #expect(Set(statuses).count == faults.count, "two faults share an exit status")
        #expect(ReasonFault.user.exitStatus == 64)
        #expect(ReasonFault.sender.exitStatus == ExitStatus.invalidRows)
        for status in statuses {
            #expect(
                ![ExitStatus.ok, ExitStatus.unexpected, ExitStatus.checkFailed, ExitStatus.notSynced].contains(status))
        }
        #expect(ExitStatus.forFailure(nil) == ExitStatus.unexpected)
        #expect(ExitStatus.forFailure(.error) == ExitStatus.unexpected)
        #expect(ExitStatus.forFailure(.notANodeHome) == 64)
        #expect(ExitStatus.forFailure(.hubUnreachable) == 69)
        #expect(ExitStatus.forFailure(.databaseCorrupt) == 74)
        #expect(ExitStatus.forFailure(.hubDiskFull) == 75)
        #expect(ExitStatus.forFailure(.badSignature) == 65)
        #expect(ExitStatus.forFailure(.fork) == 67)
    }

    @Test("docs/errors.md lists every exit status and each code's Vietnamese text")
    func documentHasExitsAndVietnamese() {
        let doc = ReasonCode.markdown()
        for row in ExitStatus.table { #expect(doc.contains("| \(row.status) | \(row.meaning) |")) }
        #expect(Set(ExitStatus.table.map(\.status)).count == ExitStatus.table.count)
        for code in ReasonCode.allCases {
            #expect(doc.contains(" | \(code.meaning(in: .vi)) | \(code.action(in: .vi)) |"), "\(code.rawValue)")
        }
    }
}
