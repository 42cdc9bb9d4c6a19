public import DistrictSyncCore
public import DistrictSyncCrypto
import DistrictSyncStore
import Foundation

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

    /// Verifies a hub receipt and marks the changeset it names delivered.
    ///
    /// The receipt must verify as CMS signed by the hub (`HubTrust`), decode strictly, name this
    /// node and district, and name a changeset in this node's outbox at the same sequence. A refused
    /// receipt changes nothing; acknowledging twice is harmless (`already_delivered`).
    public func acknowledge(receipt der: [UInt8], file: String, trust given: HubTrust) -> AckOutcome {
        func refuse(_ code: String, _ message: String, id: String? = nil, seq: Int64? = nil) -> AckOutcome {
            AckOutcome(file: file, id: id, seq: seq, outcome: .refused, reason: code, message: message)
        }
        // A pin made by an earlier receipt of this run (trust on first use) holds for the rest.
        let trust = given.pinned == nil ? given.pinning(try? pinnedHubCertificate()) : given
        let now = clock.nowMillis()
        let verified: (content: [UInt8], signer: Certificate)
        do {
            verified = try trust.verifySigned(
                der, now: Date(timeIntervalSince1970: Double(now) / 1000), what: "receipt")
        } catch { return refuse(error.code, error.message) }
        let content = verified.content
        let signer = verified.signer
        let receipt: Receipt
        do { receipt = try Receipt.decode(content) } catch { return refuse(error.code, error.message) }
        let id = receipt.changesetID
        let seq = Int64(clamping: receipt.sequence)
        guard receipt.nodeID == config.nodeID else {
            return refuse(
                "wrong_node",
                "the receipt is for node \(receipt.nodeID), this is node \(config.nodeID); hand it to that node",
                id: id, seq: seq)
        }
        guard receipt.district == config.district else {
            return refuse(
                "wrong_district", "the receipt is for district \(receipt.district), this node is \(config.district)",
                id: id, seq: seq)
        }
        do {
            guard let entry = try store.changeset(id: id) else {
                return refuse(
                    "unknown_changeset",
                    "changeset \(id) is not in this node's outbox; the receipt belongs to another node or home",
                    id: id, seq: seq)
            }
            guard entry.sequence == seq else {
                return refuse(
                    "seq_mismatch",
                    "the receipt says sequence \(receipt.sequence) but changeset \(id) is sequence \(entry.sequence) here",
                    id: id, seq: seq)
            }
            guard receipt.outcome == .accepted else {
                return refuse("bad_receipt", "the receipt's outcome is not accepted", id: id, seq: seq)
            }
            let marked = try store.markDelivered(id: id, receipt: der, atMillis: now)
            if trust.pinned == nil, config.hubCertificate == nil { try pinHub(signer) }
            return AckOutcome(file: file, id: id, seq: seq, outcome: marked ? .delivered : .alreadyDelivered)
        } catch {
            return refuse("io_error", "cannot record the receipt: \(error)", id: id, seq: seq)
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
                throw NodeError("no_such_file", "\(path) does not exist; give receipt files or the folder holding them")
            default:
                files.append(path)
            }
        }
        return files
    }

    /// Reads a receipt file (size-capped) and acknowledges it.
    public func acknowledge(file path: String, trust: HubTrust) -> AckOutcome {
        let size = ((try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? NSNumber)?.intValue ?? -1
        guard size >= 0, size <= HubTrust.maxBytes, let data = FileManager.default.contents(atPath: path) else {
            return AckOutcome(
                file: path, outcome: .refused, reason: size < 0 ? "io_error" : "too_large",
                message: size < 0 ? "cannot read \(path)" : "\(path) is \(size) bytes; a receipt is a few KiB")
        }
        return acknowledge(receipt: [UInt8](data), file: path, trust: trust)
    }
}

extension NodeSession {
    /// Verifies a hub-signed chain head (`dsync hub head --out FILE`) for this city and district.
    public static func verifyChainHead(
        _ der: [UInt8], trust: HubTrust, now: Int64, cityID: String, district: String
    ) throws -> ChainHead {
        try verifyChainHeadSigned(der, trust: trust, now: now, cityID: cityID, district: district).head
    }

    /// `verifyChainHead`, also returning the hub certificate that signed it (pinned by `node init`).
    public static func verifyChainHeadSigned(
        _ der: [UInt8], trust: HubTrust, now: Int64, cityID: String, district: String
    ) throws -> (head: ChainHead, signer: Certificate) {
        let verified = try trust.verifySigned(
            der, now: Date(timeIntervalSince1970: Double(now) / 1000), what: "chain head")
        let content = verified.content
        let head: ChainHead
        do { head = try ChainHead.decode(content) } catch { throw NodeError(error.code, error.text) }
        guard head.cityID == cityID else {
            throw NodeError("wrong_city", "the chain head is for city \(head.cityID), not \(cityID)")
        }
        guard head.district == district else {
            throw NodeError(
                "district_mismatch",
                "the chain head is for district \(head.district), but --district is \(district); "
                    + "give the head of this district's node")
        }
        return (head, verified.signer)
    }

    /// Makes this new node continue the chain in `head`: same node id (set at creation), next
    /// sequence head + 1 with the head's hash as previous hash, and a clock above the head's newest.
    public func resume(from head: ChainHead) throws {
        guard head.nodeID == config.nodeID else {
            throw NodeError("wrong_node", "the chain head is for node \(head.nodeID), this node is \(config.nodeID)")
        }
        try store.setChainBase(sequence: Int64(clamping: head.sequence), hash: head.hash)
        let last = UInt64(try store.meta("hlc_last") ?? "0") ?? 0
        if head.hlcMax > last { try store.setMeta("hlc_last", String(head.hlcMax)) }
        try store.setMeta("resumed_from_hub", "\(head.hubID) at \(head.hubTimeMillis)")
    }
}
