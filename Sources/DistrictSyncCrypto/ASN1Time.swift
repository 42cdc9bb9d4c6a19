internal import COpenSSL
import Foundation

/// Conversions between `Date` and OpenSSL's ASN1_TIME.
enum ASN1Time {
    /// The instant an ASN1_TIME (UTCTime or GeneralizedTime) denotes, or nil when it is malformed.
    static func date(_ time: UnsafePointer<ASN1_TIME>?) -> Date? {
        guard let time else { return nil }
        var parts = tm()
        guard ASN1_TIME_to_tm(time, &parts) == 1 else { return nil }
        return Date(timeIntervalSince1970: TimeInterval(timegm(&parts)))
    }

    /// A new ASN1_TIME for `date` (UTCTime for 1950–2049, as RFC 5652 §11.3 requires); the caller frees it.
    static func make(_ date: Date) -> UnsafeMutablePointer<ASN1_TIME>? {
        ASN1_TIME_set(nil, time_t(date.timeIntervalSince1970.rounded(.down)))
    }
}
