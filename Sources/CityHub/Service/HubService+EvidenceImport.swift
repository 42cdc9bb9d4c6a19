public import DistrictSyncCore
import DistrictSyncCrypto
import Foundation

/// What an evidence bundle (`dsync hub evidence`) proves about one changeset once checked by
/// `checkEvidence`: a city hub accepted it at `acceptedAtMillis` (its signed receipt) and it is entry
/// `leafIndex` of a log checkpoint signed by a city log key this hub trusts (T15).
public struct LoggedEvidence: Sendable, Equatable {
    public let changesetID: String
    public let leafIndex: UInt64
    public let treeSize: UInt64
    public let logOrigin: String
    /// The receipt's hub time: when the city hub accepted the changeset.
    public let acceptedAtMillis: Int64
    public let hubID: String
    public let district: String
    public let nodeID: String
    public let sequence: UInt64

    /// The audit line of a changeset accepted on this evidence.
    var auditNote: String {
        "accepted on evidence: entry \(leafIndex) of \(treeSize) in the log \(logOrigin), accepted by hub \(hubID) "
            + "at \(ISODate.fromUnixMillis(acceptedAtMillis)); a certificate revoked after that does not refuse it"
    }
}

extension HubService {
    /// The largest receipt, proof or checkpoint file of a bundle that is read.
    public static let maxEvidenceFileBytes = 1 << 20

    /// Reads and checks an evidence bundle folder: `checkpoint.txt` is signed by one of `logKeys`
    /// (the city log's verifier keys, given by the operator), `inclusion-proof.json` leads from the
    /// SHA-256 of `changeset.dsc` to that checkpoint's root, and `receipt.der` is a receipt for this
    /// very changeset signed by a hub certificate of the city CA, no later than the checkpoint. Throws
    /// `bad_checkpoint` or `bad_evidence` with what did not hold. Nothing is written.
    public func checkEvidence(directory: String, logKeys: [NoteVerifierKey]) throws -> (
        bytes: [UInt8], evidence: LoggedEvidence
    ) {
        func read(_ name: String, limit: Int) throws -> [UInt8] {
            let path = directory + "/" + name
            let bytes = try FileImporter.readChecked(path, expected: 0, limit: limit + 1, identity: nil).get()
            guard bytes.count <= limit else {
                throw Self.badEvidence(
                    vi: "\(path) dài hơn \(limit) byte", en: "\(path) is longer than \(limit) bytes")
            }
            return bytes
        }
        let dsc = try read("changeset.dsc", limit: settings.maxChangesetBytes)
        let idBytes = Digest.sha256(dsc)
        let id = Digest.hex(idBytes)

        // The checkpoint, signed by a trusted city log key.
        let noteText = String(decoding: try read("checkpoint.txt", limit: SignedNote.maxBytes), as: UTF8.self)
        let note: SignedNote
        let checkpoint: Checkpoint
        do {
            note = try SignedNote.parse(noteText)
            checkpoint = try Checkpoint.parse(note.text)
        } catch {
            throw HubError("bad_checkpoint", error.text.map { "\(directory)/checkpoint.txt: \($0)" })
        }
        let signedBy = logKeys.first { key in
            key.name == checkpoint.origin
                && !((try? note.verifiedSignatures(by: key, verify: Ed25519.verify)) ?? []).isEmpty
        }
        guard signedBy != nil else {
            throw HubError(
                "bad_checkpoint",
                LocalizedText(
                    vi:
                        "\(directory)/checkpoint.txt (nhật ký \(checkpoint.origin)) không có chữ ký hợp lệ của khóa nhật "
                        + "ký thành phố nào đã cho (--log-key); lấy khóa công khai log.vkey của hub thành phố từ người "
                        + "vận hành hub đó",
                    en: "\(directory)/checkpoint.txt (log \(checkpoint.origin)) carries no valid signature by any city "
                        + "log key given (--log-key); get the city hub's public log.vkey from that hub's operator"))
        }

        // The inclusion proof of this changeset's leaf in that checkpoint.
        let proofBytes = try read("inclusion-proof.json", limit: Self.maxEvidenceFileBytes)
        guard let proof = try? JSONDecoder().decode(LogInclusionBody.self, from: Data(proofBytes)),
            let hashes = proof.hashBytes
        else {
            throw Self.badEvidence(
                vi:
                    "\(directory)/inclusion-proof.json không phải {\"leaf_index\", \"tree_size\", \"hashes\": [base64…]}",
                en: "\(directory)/inclusion-proof.json is not {\"leaf_index\", \"tree_size\", \"hashes\": [base64…]}")
        }
        let root = try? MerkleProof.rootFromInclusion(
            index: proof.leafIndex, size: proof.treeSize, leafHash: MerkleTree.leafHash(idBytes), proof: hashes)
        guard proof.treeSize == checkpoint.size, root == checkpoint.root else {
            throw Self.badEvidence(
                vi:
                    "bằng chứng đưa vào nhật ký không dẫn từ tập thay đổi \(id.prefix(12)) (mục \(proof.leafIndex)) tới gốc "
                    + "của điểm kiểm \(checkpoint.size) mục; bộ bằng chứng không thuộc tập thay đổi này hoặc đã bị sửa",
                en:
                    "the inclusion proof does not lead from changeset \(id.prefix(12)) (entry \(proof.leafIndex)) to the "
                    + "root of the checkpoint of \(checkpoint.size) entries; the bundle is not this changeset's or was "
                    + "altered")
        }

        // The receipt: a city hub's, for this changeset, no later than the checkpoint that logs it.
        let receiptDER = try read("receipt.der", limit: Self.maxEvidenceFileBytes)
        let receipt: Receipt
        do {
            let verified = try CMSVerifier.verify(
                der: receiptDER, policy: policy, now: Date(timeIntervalSince1970: Double(clock.nowMillis()) / 1000),
                maxBytes: Self.maxEvidenceFileBytes)
            guard verified.signer.districtCodes.isEmpty, verified.signer.hasServerAuthUsage else {
                throw Self.badEvidence(
                    vi: "receipt.der do '\(verified.signer.subject)' ký, không phải chứng thư số của hub",
                    en: "receipt.der is signed by '\(verified.signer.subject)', which is not a hub certificate")
            }
            receipt = try Receipt.decode(verified.content)
        } catch let error as HubError {
            throw error
        } catch let error as CryptoError {
            throw Self.badReceipt(error.text)
        } catch let error as CoreError {
            throw Self.badReceipt(error.text)
        }
        guard receipt.changesetID == id, receipt.outcome == .accepted else {
            throw Self.badEvidence(
                vi: "biên nhận là của tập thay đổi \(receipt.changesetID.prefix(12)), không phải \(id.prefix(12))",
                en: "the receipt is for changeset \(receipt.changesetID.prefix(12)), not \(id.prefix(12))")
        }
        if let stamp = checkpoint.timestampMillis, receipt.hubTimeMillis > stamp {
            throw Self.badEvidence(
                vi:
                    "biên nhận ghi thời điểm \(ISODate.fromUnixMillis(receipt.hubTimeMillis)), muộn hơn điểm kiểm đã ghi "
                    + "tập thay đổi (\(ISODate.fromUnixMillis(stamp)))",
                en: "the receipt says \(ISODate.fromUnixMillis(receipt.hubTimeMillis)), later than the checkpoint that "
                    + "logs the changeset (\(ISODate.fromUnixMillis(stamp)))")
        }
        return (
            dsc,
            LoggedEvidence(
                changesetID: id, leafIndex: proof.leafIndex, treeSize: proof.treeSize, logOrigin: checkpoint.origin,
                acceptedAtMillis: receipt.hubTimeMillis, hubID: receipt.hubID, district: receipt.district,
                nodeID: receipt.nodeID, sequence: receipt.sequence)
        )
    }

    /// `hub import-evidence`: each bundle checked (`checkEvidence`), then its changeset submitted as
    /// of when the city hub accepted it. Bundles go in chain order per node (their receipts say), so
    /// nothing is held for a predecessor that comes later in the same call. A bundle that does not
    /// check out is rejected with its reason and changes nothing.
    public func importEvidence(directories: [String], logKeys: [NoteVerifierKey]) -> [(
        directory: String, outcome: SubmissionOutcome
    )] {
        let all: [(directory: String, result: Result<(bytes: [UInt8], evidence: LoggedEvidence), HubError>)] =
            directories.map { dir in
                (dir, Result { try checkEvidence(directory: dir, logKeys: logKeys) }.mapError(Self.hubError))
            }
        // The checked bundles in chain order per node, then the refused ones in the order given (a
        // comparator that called every refused bundle equal to every other would not be an order).
        var checked = all.filter { (try? $0.result.get()) != nil }
        checked.sort { a, b in
            guard let x = try? a.result.get().evidence, let y = try? b.result.get().evidence else { return false }
            return (x.nodeID, x.sequence) < (y.nodeID, y.sequence)
        }
        checked += all.filter { (try? $0.result.get()) == nil }
        return checked.map { item in
            let source = "evidence:" + item.directory
            switch item.result {
            case .success(let (bytes, evidence)):
                return (item.directory, submit(bytes: bytes, source: source, evidence: evidence))
            case .failure(let error):
                let bytes = FileImporter.read(
                    item.directory + "/changeset.dsc", expected: 0, limit: settings.maxChangesetBytes)
                let id = bytes.map { Digest.hex(Digest.sha256($0)) } ?? ""
                return (
                    item.directory,
                    reject(id: id, bytes: bytes, header: nil, source: source, now: clock.nowMillis(), error: error)
                )
            }
        }
    }

    static func badReceipt(_ why: LocalizedText) -> HubError {
        badEvidence(
            vi: "biên nhận receipt.der không hợp lệ: \(why.vi)",
            en: "the receipt receipt.der does not check out: \(why.en)")
    }

    static func badEvidence(vi: String, en: String) -> HubError {
        HubError("bad_evidence", LocalizedText(vi: vi, en: en))
    }
}
