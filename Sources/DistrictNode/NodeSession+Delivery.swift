public import DistrictSyncCore
public import DistrictSyncCrypto
public import DistrictSyncStore
public import Foundation

/// What `dsync node ack` did with one receipt. JSON field names are a contract.
public struct AckOutcome: Codable, Sendable, Equatable {
    /// `delivered` (marked now), `already_delivered` (nothing to do) or `refused` (nothing changed).
    public enum Kind: String, Codable, Sendable {
        case delivered
        case alreadyDelivered = "already_delivered"
        case refused
    }

    public var file: String
    public var id: String?
    public var seq: Int64?
    public var outcome: Kind
    public var reason: String?
    public var message: String?

    public init(
        file: String, id: String? = nil, seq: Int64? = nil, outcome: Kind, reason: String? = nil,
        message: String? = nil
    ) {
        self.file = file
        self.id = id
        self.seq = seq
        self.outcome = outcome
        self.reason = reason
        self.message = message
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(file, forKey: .file)
        try c.encode(id, forKey: .id)
        try c.encode(seq, forKey: .seq)
        try c.encode(outcome, forKey: .outcome)
        try c.encode(reason, forKey: .reason)
        try c.encode(message, forKey: .message)
    }
}

extension NodeSession {
    /// The trust for hub documents: `caPaths` when given, else the CA certificates recorded by
    /// `set-signer --ca` (node.json `ca_certificates`); pinned to `hubCertificatePath` when given,
    /// else to the hub certificate pinned in node.json (`hub_certificate`), if any.
    public func hubTrust(caPaths: [String], crlPaths: [String] = [], hubCertificatePath: String? = nil) throws
        -> HubTrust
    {
        let cas = caPaths.isEmpty ? config.caCertificates.map(home.resolve) : caPaths
        let trust = try HubTrust.load(caPaths: cas, crlPaths: crlPaths, hubCertificatePath: hubCertificatePath)
        return hubCertificatePath == nil ? trust.pinning(try pinnedHubCertificate()) : trust
    }

    /// The node's reference time for hub documents (`HubTrust.reference(nodeMillis:)`).
    public var hubDocumentReference: Date { HubTrust.reference(nodeMillis: clock.nowMillis()) }

    /// Checks a hub receipt against this node, the one receipt check of `node ack` and `node sync`.
    ///
    /// The receipt must verify as CMS signed by the hub (`HubTrust`: size cap, clock rule, hub
    /// signer or the pinned one), decode strictly, name this node and district, and name a
    /// changeset in this node's outbox at the same sequence, with outcome `accepted`. Changes nothing.
    public func checkReceipt(_ der: [UInt8], trust: HubTrust) throws(ReceiptRefusal) -> CheckedReceipt {
        let verified: (content: [UInt8], signer: Certificate)
        do { verified = try trust.verifySigned(der, reference: hubDocumentReference, what: "receipt") } catch {
            throw ReceiptRefusal(error.code, error.text)
        }
        let receipt: Receipt
        do { receipt = try Receipt.decode(verified.content) } catch {
            throw ReceiptRefusal(error.code, error.text)
        }
        let id = receipt.changesetID
        func refuse(_ code: String, _ text: LocalizedText) -> ReceiptRefusal {
            ReceiptRefusal(code, text, changesetID: id, sequence: Int64(clamping: receipt.sequence))
        }
        guard receipt.nodeID == config.nodeID else {
            throw refuse(
                "wrong_node",
                LocalizedText(
                    vi:
                        "biên nhận dành cho nút \(receipt.nodeID), đây là nút \(config.nodeID); hãy chuyển nó cho nút đó",
                    en: "the receipt is for node \(receipt.nodeID), this is node \(config.nodeID); hand it to that node"
                ))
        }
        guard receipt.district == config.district else {
            throw refuse(
                "wrong_district",
                LocalizedText(
                    vi: "biên nhận dành cho đơn vị \(receipt.district), nút này thuộc đơn vị \(config.district)",
                    en: "the receipt is for district \(receipt.district), this node is \(config.district)"))
        }
        let entry: OutboxEntry?
        do { entry = try store.changeset(id: id) } catch {
            throw refuse(
                "io_error",
                LocalizedText(
                    vi: "không đọc được hộp thư đi của nút: \(error)", en: "cannot read this node's outbox: \(error)"))
        }
        guard let entry else {
            throw refuse(
                "unknown_changeset",
                LocalizedText(
                    vi:
                        "gói thay đổi \(id) không có trong hộp thư đi của nút này; biên nhận thuộc về nút hoặc thư mục khác",
                    en: "changeset \(id) is not in this node's outbox; the receipt belongs to another node or home"))
        }
        guard entry.sequence == Int64(clamping: receipt.sequence) else {
            throw refuse(
                "seq_mismatch",
                LocalizedText(
                    vi:
                        "biên nhận ghi số thứ tự \(receipt.sequence) nhưng gói thay đổi \(id) ở đây là số \(entry.sequence)",
                    en:
                        "the receipt says sequence \(receipt.sequence) but changeset \(id) is sequence \(entry.sequence) here"
                ))
        }
        guard receipt.outcome == .accepted else {
            throw refuse(
                "bad_receipt",
                LocalizedText(
                    vi: "kết quả ghi trong biên nhận không phải là đã nhận (accepted)",
                    en: "the receipt's outcome is not accepted"))
        }
        return CheckedReceipt(receipt: receipt, signer: verified.signer, entry: entry)
    }

    /// Records a checked receipt: marks its changeset delivered and, for a node with no pinned
    /// hub, pins the receipt's signer (trust on first use). Returns false when it was already delivered.
    public func recordDelivery(_ checked: CheckedReceipt, receipt der: [UInt8], trust: HubTrust) throws -> Bool {
        let marked = try store.markDelivered(id: checked.entry.id, receipt: der, atMillis: clock.nowMillis())
        if trust.pinned == nil, config.hubCertificate == nil { try pinHub(checked.signer) }
        return marked
    }

    /// Keeps what the hub answered for `entry` when it gave no receipt (`node sync`: held, rejected,
    /// quarantined, an error status), stamped with the node's clock, so that `/deliver` and `node
    /// status` still show it after this sync. It marks nothing delivered.
    public func recordHubAnswer(
        for entry: OutboxEntry, outcome: String, reason: String?, message: String?, httpStatus: Int
    ) throws {
        try store.recordHubAnswer(
            HubAnswer(
                changesetID: entry.id, sequence: entry.sequence, outcome: outcome, reason: reason, message: message,
                httpStatus: httpStatus, answeredMillis: clock.nowMillis()))
    }

    /// Verifies a hub receipt and marks the changeset it names delivered (`node ack`).
    ///
    /// A refused receipt changes nothing; acknowledging twice is harmless (`already_delivered`).
    public func acknowledge(receipt der: [UInt8], file: String, trust given: HubTrust) -> AckOutcome {
        // A pin made by an earlier receipt of this run (trust on first use) holds for the rest.
        let trust = given.pinned == nil ? given.pinning(try? pinnedHubCertificate()) : given
        let checked: CheckedReceipt
        do { checked = try checkReceipt(der, trust: trust) } catch {
            return AckOutcome(
                file: file, id: error.changesetID, seq: error.sequence, outcome: .refused, reason: error.code,
                message: error.message)
        }
        let id = checked.entry.id
        let seq = checked.entry.sequence
        do {
            let marked = try recordDelivery(checked, receipt: der, trust: trust)
            return AckOutcome(file: file, id: id, seq: seq, outcome: marked ? .delivered : .alreadyDelivered)
        } catch {
            return AckOutcome(
                file: file, id: id, seq: seq, outcome: .refused, reason: "io_error",
                message: "cannot record the receipt: \(error)")
        }
    }

    /// The receipt files to acknowledge: files as given; for a folder, its regular `*.receipt` entries, sorted.
    public static func receiptFiles(_ paths: [String]) throws -> [String] {
        let fm = FileManager.default
        var files: [String] = []
        for path in paths {
            let type = (try? fm.attributesOfItem(atPath: path))?[.type] as? FileAttributeType
            switch type {
            case .typeDirectory?:
                for name in try fm.contentsOfDirectory(atPath: path).filter({ $0.hasSuffix(".receipt") }).sorted() {
                    let full = path + "/" + name
                    if (try? fm.attributesOfItem(atPath: full))?[.type] as? FileAttributeType == .typeRegular {
                        files.append(full)
                    }
                }
            case nil:
                throw NodeError(
                    "no_such_file",
                    LocalizedText(
                        vi: "\(path) không tồn tại; hãy đưa các tệp biên nhận hoặc thư mục chứa chúng",
                        en: "\(path) does not exist; give receipt files or the folder holding them"))
            default:
                files.append(path)
            }
        }
        return files
    }

    /// Reads a receipt file (size-capped) and acknowledges it.
    public func acknowledge(file path: String, trust: HubTrust) -> AckOutcome {
        let der: [UInt8]
        do { der = try HubTrust.readDocument(path: path, what: "receipt") } catch {
            return AckOutcome(file: path, outcome: .refused, reason: error.code, message: error.message)
        }
        return acknowledge(receipt: der, file: path, trust: trust)
    }
}

extension NodeSession {
    /// Verifies a hub-signed chain head (`dsync hub head --out FILE`) for this city and district.
    public static func verifyChainHead(
        _ der: [UInt8], trust: HubTrust, reference: Date, cityID: String, district: String
    ) throws -> ChainHead {
        try verifyChainHeadSigned(der, trust: trust, reference: reference, cityID: cityID, district: district).head
    }

    /// `verifyChainHead`, also returning the hub certificate that signed it (pinned by `node init`).
    public static func verifyChainHeadSigned(
        _ der: [UInt8], trust: HubTrust, reference: Date, cityID: String, district: String
    ) throws -> (head: ChainHead, signer: Certificate) {
        let verified = try trust.verifySigned(der, reference: reference, what: "chain head")
        let content = verified.content
        let head: ChainHead
        do { head = try ChainHead.decode(content) } catch { throw NodeError(error.code, error.text) }
        guard head.cityID == cityID else {
            throw NodeError(
                "wrong_city",
                LocalizedText(
                    vi: "đầu chuỗi dành cho thành phố \(head.cityID), không phải \(cityID)",
                    en: "the chain head is for city \(head.cityID), not \(cityID)"))
        }
        guard head.district == district else {
            throw NodeError(
                "district_mismatch",
                LocalizedText(
                    vi:
                        "đầu chuỗi dành cho đơn vị \(head.district), nhưng --district là \(district); hãy đưa đầu chuỗi của nút thuộc đơn vị này",
                    en: "the chain head is for district \(head.district), but --district is \(district); "
                        + "give the head of this district's node"))
        }
        return (head, verified.signer)
    }

    /// Makes this new node continue the chain in `head`: same node id (set at creation), next
    /// sequence head + 1 with the head's hash as previous hash, and a clock above the head's newest.
    public func resume(from head: ChainHead) throws {
        guard head.nodeID == config.nodeID else {
            throw NodeError(
                "wrong_node",
                LocalizedText(
                    vi: "đầu chuỗi dành cho nút \(head.nodeID), đây là nút \(config.nodeID)",
                    en: "the chain head is for node \(head.nodeID), this node is \(config.nodeID)"))
        }
        try store.setChainBase(sequence: Int64(clamping: head.sequence), hash: head.hash)
        let last = UInt64(try store.meta("hlc_last") ?? "0") ?? 0
        if head.hlcMax > last { try store.setMeta("hlc_last", String(head.hlcMax)) }
        try store.setMeta("resumed_from_hub", "\(head.hubID) at \(head.hubTimeMillis)")
    }
}

/// A receipt that passed `NodeSession.checkReceipt`: what it says, who signed it and the outbox entry it names.
public struct CheckedReceipt: Sendable {
    public let receipt: Receipt
    public let signer: Certificate
    public let entry: OutboxEntry
}

/// Why `NodeSession.checkReceipt` refused a receipt, with the changeset it named when it could be read.
public struct ReceiptRefusal: LocalizedCodedError {
    public let code: String
    public let message: String
    public let localized: LocalizedText?
    public let changesetID: String?
    public let sequence: Int64?

    public init(code: String, message: String, localized: LocalizedText?) {
        self.init(code: code, message: message, localized: localized, changesetID: nil, sequence: nil)
    }

    public init(code: String, message: String, localized: LocalizedText?, changesetID: String?, sequence: Int64?) {
        self.code = code
        self.message = message
        self.localized = localized
        self.changesetID = changesetID
        self.sequence = sequence
    }

    public init(_ code: String, _ text: LocalizedText, changesetID: String?, sequence: Int64?) {
        self.init(
            code: code, message: text.en, localized: text.vi == text.en ? nil : text, changesetID: changesetID,
            sequence: sequence)
    }
}
