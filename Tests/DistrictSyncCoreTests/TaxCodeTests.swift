import DistrictSyncCore
import Testing

@Suite("Tax codes: 10 digits or a 13-digit branch, weighted mod-11 check digit")
struct TaxCodeTests {
    @Test(
        "the brief's valid examples are accepted in canonical form",
        arguments: [
            ("0100109106", "0100109106"),
            ("0100233488", "0100233488"),
            ("0314409058-002", "0314409058-002"),
            ("  0314409058-002 ", "0314409058-002"),
        ])
    func acceptsValidCodes(raw: String, canonical: String) throws {
        #expect(try TaxCode(validating: raw).value == canonical)
    }

    @Test("a branch written without the dash is accepted and gets the dash after digit 10")
    func branchWithoutDash() throws {
        let code = try TaxCode(validating: "0314409058002")
        #expect(code.value == "0314409058-002")
        #expect(code.base == "0314409058")
        #expect(code.branch == "002")
    }

    @Test("a head-office code has no branch and is its own base")
    func headOfficeHasNoBranch() throws {
        let code = try TaxCode(validating: "0100109106")
        #expect(code.branch == nil)
        #expect(code.base == "0100109106")
    }

    @Test("the brief's invalid example fails its check digit, and the message names the expected digit")
    func wrongCheckDigitNamesExpected() {
        #expect {
            try TaxCode(validating: "0100233480")
        } throws: { error in
            let e = error as? CoreError
            return e?.code == "tax_code_check_digit" && e?.message.contains("require 8") == true
        }
    }

    @Test(
        "wrong lengths are refused with tax_code_length",
        arguments: [
            "", "010010910", "01001091066", "0314409058-02", "0314409058-0021", "0100.1091.0",
        ])
    func wrongLength(raw: String) {
        #expect(throws: CoreError.self) { try TaxCode(validating: raw) }
        #expect(code(of: raw) == "tax_code_length")
    }

    @Test(
        "non-digits are refused with tax_code_not_digits",
        arguments: [
            "01001091O6", "0100_109106", "０１００１０９１０６", "0100109106-00a", "0100/109106",
        ])
    func nonDigits(raw: String) {
        #expect(code(of: raw) == "tax_code_not_digits")
    }

    @Test(
        "spaces, dots and dashes as people write them are removed before the check (python-stdnum vn.mst.compact)",
        arguments: [
            ("01.00.109.106", "0100109106"), ("0100 109 106", "0100109106"), ("01-00-109-106", "0100109106"),
            ("0100109106-", "0100109106"), ("0314 409 058 - 002", "0314409058-002"),
            ("0314.409.058.002", "0314409058-002"), ("031440905-8002", "0314409058-002"),
        ])
    func compactForm(raw: String, canonical: String) throws {
        #expect(try TaxCode(validating: raw).value == canonical)
    }

    @Test("a separated code still fails its check digit when a digit is wrong")
    func compactStillChecked() {
        #expect(code(of: "01.00.233.480") == "tax_code_check_digit")
    }

    @Test("digits 3 to 9 all zero are refused even when the check digit matches")
    func zeroBody() throws {
        let prefix = [0, 3, 0, 0, 0, 0, 0, 0, 0]
        let check = try #require(TaxCode.checkDigit(forPrefix: prefix))
        #expect(code(of: prefix.map(String.init).joined() + String(check)) == "tax_code_zero_body")
    }

    @Test("branch suffix 000 is refused")
    func branchZero() {
        #expect(code(of: "0314409058-000") == "tax_code_branch")
    }

    @Test("a prefix whose check digit would be 10 admits no code at all")
    func checkDigitTen() throws {
        let prefix = try #require(
            (3_100_000...3_199_999).lazy.map { n in [0] + String(n).compactMap(\.wholeNumberValue) + [0] }
                .first { TaxCode.checkDigit(forPrefix: $0) == nil })
        let head = prefix.map(String.init).joined()
        for last in 0...9 {
            #expect(code(of: head + String(last)) == "tax_code_check_digit", "\(head)\(last)")
        }
    }

    @Test("checkDigit(forPrefix:) agrees with validation for every digit of a known code")
    func checkDigitAgrees() throws {
        #expect(TaxCode.checkDigit(forPrefix: [0, 1, 0, 0, 1, 0, 9, 1, 0]) == 6)
        #expect(TaxCode.checkDigit(forPrefix: [0, 3, 1, 4, 4, 0, 9, 0, 5]) == 8)
        for wrong in 0...9 where wrong != 6 {
            #expect(code(of: "010010910\(wrong)") == "tax_code_check_digit")
        }
    }

    @Test("codes order by their canonical text")
    func ordering() throws {
        #expect(try TaxCode(validating: "0100109106") < TaxCode(validating: "0314409058-002"))
    }

    private func code(of raw: String) -> String? {
        do {
            _ = try TaxCode(validating: raw)
            return nil
        } catch { return error.code }
    }
}
