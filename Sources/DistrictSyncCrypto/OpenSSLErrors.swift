internal import COpenSSL
import DistrictSyncCore

/// The one place where OpenSSL's thread-local error queue becomes a `CryptoError`.
///
/// OpenSSL's human detail is in the error's *data* string (e.g. "Verify error: certificate revoked"),
/// not in `ERR_error_string_n`, so both the reason string and the data string are read
/// (see notes/swift-stack.md §1, gotcha 1).
enum OpenSSLErrors {
    /// Drains the queue and returns its entries as "reason: data; reason: data".
    static func drain() -> String? {
        var parts: [String] = []
        while true {
            var data: UnsafePointer<CChar>?
            var flags: Int32 = 0
            let code = ERR_get_error_all(nil, nil, nil, &data, &flags)
            if code == 0 { break }
            var text = ERR_reason_error_string(code).map { String(cString: $0) } ?? "error \(code)"
            if flags & ERR_TXT_STRING != 0, let data, data.pointee != 0 {
                text += ": " + String(cString: data)
            }
            parts.append(text)
        }
        return parts.isEmpty ? nil : parts.joined(separator: "; ")
    }

    /// Makes a `CryptoError` carrying whatever OpenSSL queued (and empties the queue).
    static func error(_ code: CryptoError.Code, _ text: LocalizedText) -> CryptoError {
        CryptoError(code, text, openSSLDetail: drain())
    }

    /// Like `error`, but drops OpenSSL's text: for failures whose detail is noise or could hint at secrets.
    static func quietError(_ code: CryptoError.Code, _ text: LocalizedText) -> CryptoError {
        _ = drain()
        return CryptoError(code, text)
    }

    /// Empties the queue before an operation so the detail we report is the operation's own.
    static func clear() {
        ERR_clear_error()
    }
}
