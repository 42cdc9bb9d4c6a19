public import DistrictNode
public import DistrictSyncCore
public import DistrictSyncCrypto
public import DistrictSyncStore
public import Foundation

/// Verifies a hub receipt for one outbox entry before the node trusts it: a CMS signature by a
/// certificate that chains to the city CA configured on the node, is the hub's (serverAuth, no
/// district grant — an officer's certificate cannot vouch for delivery), and whose content names
/// exactly this changeset (id, district, node, seq) as accepted.
///
/// The receipt's signing time is the hub's clock, which may well run ahead of an offline node's:
/// it is not compared with the node's clock (the chain is still validated at that signing time).
public enum ReceiptCheck {
    public static func verify(
        _ der: [UInt8], for entry: OutboxEntry, config: NodeConfig, policy: VerificationPolicy
    ) throws -> Receipt {
        try verifySigned(der, for: entry, config: config, policy: policy, pinned: nil).receipt
    }

    /// `verify`, with the pinned hub certificate (only it may sign; `not_hub_signer` otherwise),
    /// also returning the signer so a node without a pin can pin it on first use.
    public static func verifySigned(
        _ der: [UInt8], for entry: OutboxEntry, config: NodeConfig, policy: VerificationPolicy, pinned: Certificate?
    ) throws -> (receipt: Receipt, signer: Certificate) {
        let verified: VerifiedSignedData
        do {
            verified = try CMSVerifier.verify(der: der, policy: policy, now: .distantFuture, maxBytes: 1 << 20)
        } catch {
            throw SyncError(
                "bad_receipt",
                LocalizedText(
                    vi: "biên nhận của tập thay đổi \(entry.sequence) không xác minh được: \(error.text.vi)",
                    en: "the receipt for changeset \(entry.sequence) does not verify: \(error.reason)"))
        }
        guard verified.signer.hasServerAuthUsage, verified.signer.districtCodes.isEmpty else {
            throw SyncError(
                "bad_receipt",
                "the receipt for changeset \(entry.sequence) is signed by '\(verified.signer.subject)', which is not a "
                    + "hub certificate")
        }
        if let pinned, verified.signer.sha256Fingerprint != pinned.sha256Fingerprint {
            throw SyncError(
                "not_hub_signer",
                "the receipt for changeset \(entry.sequence) is signed by '\(verified.signer.subject)', not by the "
                    + "pinned hub certificate '\(pinned.subject)'; nothing was marked delivered")
        }
        let receipt: Receipt
        do { receipt = try Receipt.decode(verified.content) } catch {
            throw SyncError("bad_receipt", "the receipt for changeset \(entry.sequence) is malformed: \(error.message)")
        }
        guard receipt.changesetID == entry.id, receipt.district == config.district,
            receipt.nodeID == config.nodeID, receipt.sequence == UInt64(entry.sequence),
            receipt.outcome == .accepted
        else {
            throw SyncError(
                "receipt_mismatch",
                "the hub's receipt names changeset \(receipt.changesetID.prefix(12)) seq \(receipt.sequence) of node "
                    + "\(receipt.nodeID), not \(entry.id.prefix(12)) seq \(entry.sequence) of this node")
        }
        return (receipt, verified.signer)
    }
}

/// A sync failure with a stable reason code.
public struct SyncError: LocalizedCodedError {
    public let code: String
    public let message: String
    /// The message in Vietnamese and English when the raise site gives both (`message` is then
    /// its English text); nil for a message written in English only.
    public let localized: LocalizedText?

    public init(_ code: String, _ message: String) {
        self.code = code
        self.message = message
        self.localized = nil
    }

    /// An error whose message is given in both languages (the same text twice means English only).
    public init(_ code: String, _ text: LocalizedText) {
        self.code = code
        self.message = text.en
        self.localized = text.vi == text.en ? nil : text
    }
}
