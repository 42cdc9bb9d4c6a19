public import CityHub
import DistrictSyncCore
import Foundation

/// The JSON body of every non-receipt answer of `POST /v1/changesets` and of errors on other
/// routes: the same outcome strings and reason codes `hub import --json` prints.
///
/// `message` is the contract (English, as before); `message_en` repeats it and `message_vi` says it
/// in Vietnamese: the raise site's Vietnamese text when it gave one, else the reason catalogue's
/// meaning and remedy of the code (docs/errors.md), so every answer can be shown to its users in
/// their language whatever the client's `Accept-Language`.
struct ErrorBody: Encodable {
    var outcome: String
    var reason: String?
    var message: String?
    var messageVi: String?
    var id: String?
    var district: String?
    var seq: UInt64?

    init(
        outcome: String, reason: String?, message: String?, messageVi: String? = nil, id: String? = nil,
        district: String? = nil, seq: UInt64? = nil
    ) {
        self.outcome = outcome
        self.reason = reason
        self.message = message
        self.messageVi = messageVi
        self.id = id
        self.district = district
        self.seq = seq
    }

    /// The Vietnamese message: the raise site's, else the catalogue's text of the reason.
    var vietnamese: String? {
        if let messageVi { return messageVi }
        guard let code = reason.flatMap(ReasonCode.init(rawValue:)) else { return message }
        return code.meaning(in: .vi) + "; " + code.action(in: .vi)
    }

    init(_ o: SubmissionOutcome) {
        self.init(
            outcome: o.outcome.rawValue, reason: o.reason, message: o.message, messageVi: o.messageVi,
            id: o.id.isEmpty ? nil : o.id,
            district: o.district, seq: o.sequence)
    }

    // Every key is printed, with null when unknown (as `hub import --json` does).
    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(outcome, forKey: .outcome)
        try c.encode(reason, forKey: .reason)
        try c.encode(message, forKey: .message)
        try c.encode(message, forKey: .messageEn)
        try c.encode(vietnamese, forKey: .messageVi)
        try c.encode(id, forKey: .id)
        try c.encode(district, forKey: .district)
        try c.encode(seq, forKey: .seq)
    }

    enum CodingKeys: String, CodingKey {
        case outcome, reason, message, id, district, seq
        case messageEn = "message_en"
        case messageVi = "message_vi"
    }

    func json() -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return ((try? encoder.encode(self)).map { [UInt8]($0) } ?? Array("{}".utf8)) + [10]
    }
}

/// The HTTP status for a hub decision (docs/sync.md): receipts are 200, a held changeset is 202,
/// a fork 409, a refusal 422 (413 for size), and the hub's own trouble 503 / 500 so nodes retry.
public enum SubmissionStatus {
    public static func code(for o: SubmissionOutcome) -> Int {
        switch o.outcome {
        case .accepted, .duplicate: return o.receipt == nil ? 500 : 200
        case .held: return 202
        case .quarantined: return 409
        case .rejected:
            // One switch decides, in the reason catalogue: the hub's own faults are 503 (retry later)
            // or 500, never 4xx, which tells the node its changeset is bad.
            return o.reason.flatMap(ReasonCode.init(rawValue:))?.httpStatus ?? 422
        }
    }
}
