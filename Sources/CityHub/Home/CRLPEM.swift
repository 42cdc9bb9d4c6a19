import Foundation

/// PEM armour for a DER CRL (RFC 7468 `X509 CRL`).
enum CRLPEM {
    static func encode(_ der: [UInt8]) -> String {
        let base64 = Data(der).base64EncodedString()
        var lines: [String] = ["-----BEGIN X509 CRL-----"]
        var index = base64.startIndex
        while index < base64.endIndex {
            let end = base64.index(index, offsetBy: 64, limitedBy: base64.endIndex) ?? base64.endIndex
            lines.append(String(base64[index..<end]))
            index = end
        }
        lines.append("-----END X509 CRL-----")
        return lines.joined(separator: "\n") + "\n"
    }
}
