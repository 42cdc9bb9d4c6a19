/// A SignedData with its eContent taken out, so that OpenSSL parses and re-encodes only the small
/// rest (certificates, signer info) and the content is digested where it lies in the caller's bytes.
///
/// Without it a 64 MB changeset is held three times during verification: the input, OpenSSL's parsed
/// copy of the eContent OCTET STRING, and the DER re-encoding of the canonical check (issue 18, item 4).
/// The shell is the input with the eContent OCTET STRING's value emptied and the lengths of its five
/// enclosing elements (ContentInfo, its [0], SignedData, EncapsulatedContentInfo, its [0]) adjusted.
/// The canonical check stays whole: the shell is re-encoded and compared by `StrictStructure`, and the
/// six headers that differ between the shell and the input are checked here to be minimal DER, the
/// content to be one primitive OCTET STRING and nothing to follow any of the six elements inside its
/// parent. Any input that is not exactly that shape gives nil, and the caller verifies it whole as
/// before (the same refusals for malformed input).
struct CMSShell {
    /// The input with an empty eContent.
    let shell: [UInt8]
    /// Where the eContent's value lies in the input.
    let content: Range<Int>

    init?(_ der: [UInt8]) {
        guard let contentInfo = Self.element(der, at: 0, tag: 0x30), contentInfo.end == der.count,
            let contentType = Self.element(der, at: contentInfo.value.lowerBound, tag: 0x06),
            let explicit = Self.element(der, at: contentType.end, tag: 0xa0), explicit.end == contentInfo.end,
            let signedData = Self.element(der, at: explicit.value.lowerBound, tag: 0x30),
            signedData.end == explicit.end,
            let version = Self.element(der, at: signedData.value.lowerBound, tag: 0x02),
            let digests = Self.element(der, at: version.end, tag: 0x31),
            let encapsulated = Self.element(der, at: digests.end, tag: 0x30), encapsulated.end <= signedData.end,
            let eContentType = Self.element(der, at: encapsulated.value.lowerBound, tag: 0x06),
            let eExplicit = Self.element(der, at: eContentType.end, tag: 0xa0), eExplicit.end == encapsulated.end,
            let octets = Self.element(der, at: eExplicit.value.lowerBound, tag: 0x04), octets.end == eExplicit.end,
            !octets.value.isEmpty
        else { return nil }
        let emptied: [UInt8] = [0x04, 0x00]
        let eExplicitNew = Self.header(0xa0, emptied.count) + emptied
        let encapsulatedValue = Array(der[encapsulated.value.lowerBound..<eExplicit.start]) + eExplicitNew
        let encapsulatedNew = Self.header(0x30, encapsulatedValue.count) + encapsulatedValue
        let signedValue =
            Array(der[signedData.value.lowerBound..<encapsulated.start]) + encapsulatedNew
            + Array(der[encapsulated.end..<signedData.end])
        let signedNew = Self.header(0x30, signedValue.count) + signedValue
        let explicitNew = Self.header(0xa0, signedNew.count) + signedNew
        let contentInfoValue = Array(der[contentInfo.value.lowerBound..<explicit.start]) + explicitNew
        shell = Self.header(0x30, contentInfoValue.count) + contentInfoValue
        content = octets.value
    }

    /// One TLV: where it starts, its value, where it ends.
    struct Element {
        let start: Int
        let value: Range<Int>
        var end: Int { value.upperBound }
    }

    /// The element at `offset` when its tag is `tag` and its length is in minimal definite DER form
    /// (short form below 128; otherwise 1 to 4 length bytes without a leading zero) and fits in `der`.
    static func element(_ der: [UInt8], at offset: Int, tag: UInt8) -> Element? {
        guard offset + 2 <= der.count, der[offset] == tag else { return nil }
        let first = der[offset + 1]
        var index = offset + 2
        var length = 0
        if first < 0x80 {
            length = Int(first)
        } else {
            let count = Int(first & 0x7f)
            guard count >= 1, count <= 4, der.count - index >= count, der[index] != 0 else { return nil }
            for _ in 0..<count {
                length = length << 8 | Int(der[index])
                index += 1
            }
            guard length >= 0x80 else { return nil }
        }
        guard der.count - index >= length else { return nil }
        return Element(start: offset, value: index..<(index + length))
    }

    /// The minimal DER header of a `tag` element whose value is `length` bytes.
    static func header(_ tag: UInt8, _ length: Int) -> [UInt8] {
        if length < 0x80 { return [tag, UInt8(length)] }
        var bytes: [UInt8] = []
        var rest = length
        while rest > 0 {
            bytes.insert(UInt8(rest & 0xff), at: 0)
            rest >>= 8
        }
        return [tag, 0x80 | UInt8(bytes.count)] + bytes
    }
}
