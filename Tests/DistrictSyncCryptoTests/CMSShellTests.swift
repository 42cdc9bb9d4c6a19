import Foundation
import Testing

@testable import DistrictSyncCrypto

@Suite("A SignedData is verified without a second copy of its content")
struct CMSShellTests {
    @Test("a signed changeset splits into a small shell that parses, and a content range holding the content")
    func splitsSignedData() throws {
        let der = try Fixtures.signed(by: Fixtures.officer())
        let split = try #require(CMSShell(der))
        #expect(Array(der[split.content]) == Fixtures.content)
        #expect(split.shell.count == der.count - Fixtures.content.count)
        let message = try CMSMessage.parse(der: split.shell)
        #expect(message.contentLength == 0)
        #expect(try Fixtures.verify(der).contentBytes.elementsEqual(Fixtures.content))
    }

    @Test("a 200 KB content (long-form lengths) verifies in place, and one flipped content bit is a bad signature")
    func bigContentInPlace() throws {
        let content = (0..<200_000).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ 7) }
        let identity = try Fixtures.officer()
        let der = try CMSSigner.sign(
            content: content, certificate: identity.0, key: identity.1, padding: .pss,
            signingTime: Fixtures.signingTime)
        let split = try #require(CMSShell(der))
        #expect(split.content.count == content.count)
        #expect(split.shell.count < 4096)
        let verified = try Fixtures.verify(der)
        #expect(verified.contentBytes.elementsEqual(content))
        var altered = der
        altered[split.content.lowerBound + 100_000] ^= 0x10
        #expect(Fixtures.code { _ = try Fixtures.verify(altered) } == .badSignature)
    }

    @Test("a length in a longer form than DER allows is not split and the whole input is refused as not canonical")
    func nonMinimalLength() throws {
        let der = try Fixtures.signed(by: Fixtures.officer())
        #expect(der[0] == 0x30 && der[1] == 0x82)
        // The same ContentInfo length written with three length bytes, the first a zero.
        let padded = [UInt8]([0x30, 0x83, 0x00]) + der[2...]
        #expect(CMSShell(padded) == nil)
        #expect(Fixtures.code { _ = try Fixtures.verify(padded) } == .malformedCMS)
    }

    @Test("headers are read only in minimal definite form")
    func minimalHeaders() {
        #expect(CMSShell.element([0x04, 0x03, 1, 2, 3], at: 0, tag: 0x04)?.value == 2..<5)
        #expect(CMSShell.element([0x04, 0x81, 0x03, 1, 2, 3], at: 0, tag: 0x04) == nil)
        #expect(
            CMSShell.element([0x04, 0x82, 0x00, 0x80] + [UInt8](repeating: 0, count: 128), at: 0, tag: 0x04) == nil)
        #expect(CMSShell.element([0x04, 0x81, 0x80] + [UInt8](repeating: 0, count: 128), at: 0, tag: 0x04) != nil)
        #expect(CMSShell.element([0x04, 0x80, 0x00, 0x00], at: 0, tag: 0x04) == nil)
        #expect(CMSShell.element([0x04, 0x05, 1, 2], at: 0, tag: 0x04) == nil)
        #expect(CMSShell.element([0x30, 0x00], at: 0, tag: 0x04) == nil)
        #expect(CMSShell.header(0x04, 0x7f) == [0x04, 0x7f])
        #expect(CMSShell.header(0x04, 0x80) == [0x04, 0x81, 0x80])
        #expect(CMSShell.header(0x04, 0x30D40) == [0x04, 0x83, 0x03, 0x0D, 0x40])
    }
}
