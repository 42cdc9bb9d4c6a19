import DistrictSyncCore
import DistrictSyncCrypto
import Foundation
import Testing

/// The Vietnamese text of crypto failures: the CLI shows it by default and the English with `--lang en`.
@Suite("Crypto failures carry a Vietnamese reason as well as the English one")
struct CryptoErrorLanguageTests {
    static let vietnameseLetters = Set("àáảãạăằắẳẵặâầấẩẫậđèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵ")

    /// The CryptoError `body` throws, recording an issue when it throws nothing or something else.
    static func failure(_ body: () throws -> Void, sourceLocation: SourceLocation = #_sourceLocation) -> CryptoError? {
        do {
            try body()
            Issue.record("no error was thrown", sourceLocation: sourceLocation)
        } catch let error as CryptoError {
            return error
        } catch {
            Issue.record("not a CryptoError: \(error)", sourceLocation: sourceLocation)
        }
        return nil
    }

    static func expectBilingual(
        _ error: CryptoError?, _ code: CryptoError.Code, english: String, vietnamese: String,
        sourceLocation: SourceLocation = #_sourceLocation
    ) {
        guard let error else { return }
        #expect(error.code == code, sourceLocation: sourceLocation)
        let vi = error.reason(in: .vi)
        #expect(
            vi.lowercased().contains(where: Self.vietnameseLetters.contains), "\(vi)", sourceLocation: sourceLocation)
        #expect(vi != error.reason, sourceLocation: sourceLocation)
        #expect(vi.contains(vietnamese), "\(vi)", sourceLocation: sourceLocation)
        #expect(error.reason(in: .en) == error.reason && error.text.en == error.reason, sourceLocation: sourceLocation)
        #expect(error.reason.contains(english), "\(error.reason)", sourceLocation: sourceLocation)
        #expect(
            vi.precomposedStringWithCanonicalMapping.unicodeScalars.elementsEqual(vi.unicodeScalars),
            sourceLocation: sourceLocation)
    }

    @Test("bad CMS bytes, a key-encipherment-only signer and a revoked signer are refused in Vietnamese")
    func verificationFailures() throws {
        Self.expectBilingual(
            Self.failure { _ = try Fixtures.verify([0x30, 0x03, 0x02, 0x01, 0x01]) }, .malformedCMS,
            english: "not a DER CMS ContentInfo", vietnamese: "không phải một CMS ContentInfo")
        let keyEncipherment = try Fixtures.signed(by: Fixtures.identity("keyenc-only"))
        Self.expectBilingual(
            Self.failure { _ = try Fixtures.verify(keyEncipherment) }, .wrongKeyUsage,
            english: "lacks keyUsage digitalSignature", vietnamese: "thiếu mục đích sử dụng khoá")
        let revoked = try Fixtures.signed(by: Fixtures.identity("revoked"))
        Self.expectBilingual(
            Self.failure { _ = try Fixtures.verify(revoked) }, .certRevoked, english: "is revoked by its CA",
            vietnamese: "đã bị CA của nó thu hồi")
    }

    @Test("an unreadable key or certificate file is named in both languages")
    func fileFailures() {
        let missing = Fixtures.temporaryPath("missing.pem")
        Self.expectBilingual(
            Self.failure { _ = try PrivateKey.load(path: missing, passphrase: Fixtures.passphrase) }, .ioError,
            english: "key file '\(missing)' does not exist", vietnamese: "tệp khoá '\(missing)' không tồn tại")
        Self.expectBilingual(
            Self.failure { _ = try Certificate.loadAll(path: missing) }, .ioError,
            english: "certificate file '\(missing)' does not exist",
            vietnamese: "tệp chứng thư số '\(missing)' không tồn tại")
        Self.expectBilingual(
            Self.failure { _ = try Certificate.loadAll(pem: Array("not a certificate".utf8)) },
            .badCertificateFile, english: "no PEM certificate found", vietnamese: "không tìm thấy chứng thư số PEM")
    }

    @Test("an English-only CryptoError keeps English in both languages; a bilingual one keeps both")
    func initialisers() {
        let english = CryptoError(.ioError, "disk full")
        #expect(english.reason(in: .vi) == "disk full" && english.text.en == "disk full")
        let both = CryptoError(.ioError, LocalizedText(vi: "đĩa đầy", en: "disk full"), openSSLDetail: "x")
        #expect(both.reason == "disk full" && both.reason(in: .vi) == "đĩa đầy")
        #expect(both.description == "io_error: disk full (OpenSSL: x)")
    }
}
