public import ChangesetVerification
public import DistrictSyncCore
import DistrictSyncCrypto
import Foundation
import SQLiteDB

/// Witnesses' cosignatures on the city log (issue 16 item 5, threat C1; docs/transparency.md): a
/// node that verified a checkpoint cosigns it with its witness key, bound to its district by an
/// officer's CMS signature; the hub checks the binding under its own trust and the cosignature over
/// the checkpoint it stored of that size, keeps it, and serves it after its own signature line.
extension HubService {
    var witnessStore: WitnessStore { WitnessStore(db: db) }

    /// One witness as `GET /v1/log/witnesses` lists it.
    public struct Witness: Sendable, Hashable, Codable {
        public var name: String
        public var vkey: String
        public var district: String
        public var nodeID: String
        /// The binding's DER, base64.
        public var binding: String

        enum CodingKeys: String, CodingKey {
            case name, vkey, district
            case nodeID = "node_id"
            case binding
        }
    }

    static func badCosignature(_ vi: String, _ en: String) -> HubError {
        HubError("bad_cosignature", LocalizedText(vi: "chữ ký đồng ký: \(vi)", en: "cosignature: \(en)"))
    }

    /// Verifies and keeps one cosignature of the checkpoint of `size`; returns the witness it is of.
    /// Nothing is kept unless every check passes.
    @discardableResult
    public func addCosignature(size: UInt64, line: String, binding der: [UInt8]) throws -> Witness {
        let verified: WitnessBindingVerifier.Verified
        do {
            verified = try WitnessBindingVerifier.verify(
                der: der, trust: policy, cityID: settings.cityID,
                now: Date(timeIntervalSince1970: Double(clock.nowMillis()) / 1000),
                enrolledUnit: { try self.store.enrolledDistrict(fingerprint: $0) })
        } catch {
            throw Self.hubError(error)
        }
        let cosignature: Cosignature
        do { cosignature = try Cosignature.parse(line: line) } catch { throw HubError(error.code, error.text) }
        let key = verified.key
        guard cosignature.name == key.name, cosignature.keyID == key.keyID else {
            throw Self.badCosignature(
                "dòng chữ ký ghi khoá '\(cosignature.name)', không phải khoá trong ràng buộc ('\(key.name)')",
                "the line names key '\(cosignature.name)', not the key of the binding ('\(key.name)')")
        }
        guard let stored = try cityLog.store.checkpoint(size: size) else {
            throw HubError(
                "unknown_checkpoint_size",
                LocalizedText(
                    vi: "hub chưa ký điểm kiểm nào có kích thước \(size); đồng bộ lại rồi đồng ký điểm kiểm hub đưa ra",
                    en: "the hub signed no checkpoint of size \(size); sync again and cosign the checkpoint it serves"))
        }
        let text: String
        do { text = try SignedNote.parse(stored.note).text } catch {
            throw CityLog.corrupt(LocalizedText(vi: error.text.vi, en: error.message))
        }
        guard cosignature.verifies(by: key, checkpointText: text, verify: Ed25519.verify) else {
            throw Self.badCosignature(
                "không khớp với điểm kiểm kích thước \(size) mà hub đã ký (gốc khác, kích thước khác hoặc chữ ký sai)",
                "it does not verify over the checkpoint of size \(size) the hub signed (another root, another size, "
                    + "or a bad signature)")
        }
        try witnessStore.upsert(
            WitnessStore.Row(
                size: size, keyID: Digest.hex(key.keyID), name: key.name, vkey: key.text,
                district: verified.binding.district, nodeID: verified.binding.nodeID, cosignedAt: cosignature.time,
                textSHA256: Digest.sha256(Array(text.utf8)), line: cosignature.line, binding: der,
                receivedAt: clock.nowMillis()))
        return Witness(
            name: key.name, vkey: key.text, district: verified.binding.district, nodeID: verified.binding.nodeID,
            binding: Data(der).base64EncodedString())
    }

    /// The signed checkpoint (`signedCheckpoint`) with the kept cosignatures over its text appended
    /// as extra signature lines (C2SP: readers skip lines of keys they do not know).
    public func cosignedCheckpoint() throws -> String {
        let note = try signedCheckpoint()
        guard let parsed = try? SignedNote.parse(note), let body = try? Checkpoint.parse(parsed.text) else {
            return note
        }
        let rows = try witnessStore.cosignatures(
            size: body.size, textSHA256: Digest.sha256(Array(parsed.text.utf8)),
            limit: SignedNote.maxSignatures - parsed.signatures.count)
        return note + rows.map { $0.line + "\n" }.joined()
    }

    /// Every witness that cosigned a checkpoint, with its binding.
    public func witnesses() throws -> [Witness] {
        try witnessStore.witnesses().map {
            Witness(
                name: $0.name, vkey: $0.vkey, district: $0.district, nodeID: $0.nodeID,
                binding: Data($0.binding).base64EncodedString())
        }
    }

    /// The number of kept cosignatures.
    public func cosignatureCount() throws -> Int { try witnessStore.count() }
}
