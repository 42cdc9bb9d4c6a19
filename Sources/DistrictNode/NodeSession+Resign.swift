public import DistrictSyncCore
public import DistrictSyncCrypto
import DistrictSyncStore
import Foundation

/// One changeset signed again by `resignUndelivered`.
public struct ResignedChangeset: Sendable, Equatable, Encodable {
    public let seq: Int64
    /// The id of the file it replaces (kept in `HOME/resigned/<old id>.dsc`).
    public let oldID: String
    public let newID: String

    enum CodingKeys: String, CodingKey {
        case seq
        case oldID = "old_id"
        case newID = "new_id"
    }
}

extension NodeSession {
    /// Where the files replaced by `resignUndelivered` are kept: nothing signed is ever thrown away.
    public var resignedDirectory: String { home.path + "/resigned" }

    /// Signs the undelivered tail of the chain again with `signer` (a renewed certificate after the
    /// old one was revoked or expired before delivery; T15 of docs/threat-model.md). Each changeset
    /// keeps its sequence and its exact changes — their clock stamps included, so the merge sees the
    /// edits when they were made — and is re-linked to the (new) id of the one before it. The old
    /// files are kept in `HOME/resigned/`; the outbox is rewritten in one transaction.
    ///
    /// Only for changesets the hub refused or never saw: one the hub accepted without the node
    /// holding its receipt would then differ from the node's copy (sync or ack first).
    public func resignUndelivered(signer: NodeSigner) throws -> [ResignedChangeset] {
        let now = clock.nowMillis()
        try checkValidity(of: signer.certificate, at: now)
        if !signer.certificate.districtCodes.isEmpty && !signer.certificate.districtCodes.contains(config.district) {
            throw NodeError(
                "district_mismatch",
                LocalizedText(
                    vi:
                        "chứng thư số ký lại dành cho đơn vị \(signer.certificate.districtCodes.joined(separator: ", ")) "
                        + "nhưng nút này của đơn vị \(config.district); chạy `dsync node set-signer` với chứng thư cấp "
                        + "cho \(config.district)",
                    en: "the re-signing certificate is for district(s) "
                        + "\(signer.certificate.districtCodes.joined(separator: ", ")) but this node is for "
                        + "\(config.district); run `dsync node set-signer` with the certificate issued for "
                        + "\(config.district)"))
        }
        try writeWitnessBinding(signer: signer)
        do {
            return try store.database.transaction(.immediate) { () throws -> [ResignedChangeset] in
                let (previous, tail) = try store.undeliveredTail()
                guard !tail.isEmpty else { return [] }
                var previousHash =
                    try previous.map { try Self.bytes(hex: $0.id) }
                    ?? store.chainBase().map { try Self.bytes(hex: $0.hash) } ?? ChangesetHeader.zeroHash
                var made: [(old: OutboxEntry, new: OutboxEntry)] = []
                for entry in tail {
                    let decoded = try ChangesetCodec.decode(try CMSInspector.inspect(der: entry.file).content)
                    var header = decoded.header
                    guard header.sequence == UInt64(entry.sequence) else {
                        throw NodeError(
                            "corrupt_outbox",
                            LocalizedText(
                                vi: "tập thay đổi số \(entry.sequence) trong hộp thư đi mang số \(header.sequence); "
                                    + "chép lưu thư mục nút và báo cho người vận hành",
                                en: "outbox changeset \(entry.sequence) says it is number \(header.sequence); back up "
                                    + "the node home and tell the operator"))
                    }
                    header.previousHash = previousHash
                    let content = try ChangesetCodec.encode(header: header, changes: decoded.changes)
                    let newest = decoded.changes.map(\.hlc.physicalMillis).max() ?? now
                    let der = try CMSSigner.sign(
                        content: content, certificate: signer.certificate, key: signer.key, chain: signer.chain,
                        signingTime: Date(timeIntervalSince1970: Double(max(now, newest)) / 1000))
                    let digest = Digest.sha256(der)
                    let replacement = OutboxEntry(
                        sequence: entry.sequence, id: Digest.hex(digest), previousHash: hexString(previousHash),
                        file: der, changeCount: entry.changeCount, createdMillis: entry.createdMillis)
                    made.append((entry, replacement))
                    previousHash = digest
                }
                // The old files first, durably: if the rewrite below fails they are still in the outbox.
                try FileManager.default.createDirectory(atPath: resignedDirectory, withIntermediateDirectories: true)
                for (old, _) in made {
                    try Data(old.file).write(
                        to: URL(fileURLWithPath: resignedDirectory + "/\(old.id).dsc"), options: .atomic)
                }
                for (old, new) in made {
                    try store.replaceUndelivered(sequence: old.sequence, oldID: old.id, with: new)
                }
                return made.map { ResignedChangeset(seq: $0.old.sequence, oldID: $0.old.id, newID: $0.new.id) }
            }
        } catch let error as StoreError {
            throw NodeError(error.code, error.text)
        }
    }
}
