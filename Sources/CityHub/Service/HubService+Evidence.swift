public import DistrictSyncCore
import DistrictSyncCrypto
import Foundation

/// Everything needed to prove, with no hub and no DistrictSync, that one changeset was signed by an
/// officer of its unit, valid and not revoked when it was signed, and accepted into the city log
/// (issue 16 Build 6; docs/transparency.md "Evidence bundles"). `hub evidence ID --out DIR` writes
/// `files` as they are.
public struct EvidenceBundle: Sendable {
    public struct File: Sendable {
        public let name: String
        public let bytes: [UInt8]
    }

    public let changesetID: String
    public let district: String
    public let nodeID: String
    public let sequence: Int64
    public let signingTimeMillis: Int64
    public let acceptedAtMillis: Int64
    public let leafIndex: UInt64
    public let treeSize: UInt64
    public let files: [File]
}

extension HubService {
    /// The evidence of accepted changeset `id`, proven against the latest checkpoint (signed now
    /// when entries were appended since the last one, so the hub needs its key passphrase).
    public func evidence(changesetID raw: String) throws -> EvidenceBundle {
        let id = raw.lowercased()
        guard let facts = try store.acceptedFacts(id: id) else {
            throw HubError(
                "unknown_changeset",
                LocalizedText(
                    vi: "hub chưa tiếp nhận tập thay đổi nào có mã \(id); ghi mã của một tập đã tiếp nhận "
                        + "(dsync hub audit)",
                    en:
                        "the hub has accepted no changeset with id \(id); give the id of an accepted one (dsync hub audit)"
                )
            )
        }
        let dsc = try home.store.get(id: id)
        guard let receipt = try store.receipt(changesetID: id) else {
            throw HubError(
                "unknown_receipt",
                LocalizedText(
                    vi: "không có biên nhận đã lưu cho tập thay đổi \(id)",
                    en: "no stored receipt for changeset \(id)"))
        }
        let note = try signedCheckpoint()
        let signed = try SignedNote.parse(note)
        let checkpoint = try Checkpoint.parse(signed.text)
        let proof = try logInclusionProof(changesetID: id, size: checkpoint.size)
        guard let verifier = try home.logVerifierKey() else {
            throw HubError(
                "no_hub_key",
                LocalizedText(vi: "hub chưa có khóa nhật ký minh bạch", en: "the hub has no transparency-log key yet"))
        }
        guard let signature = signed.signatures.first(where: { $0.name == verifier.name && $0.keyID == verifier.keyID })
        else {
            throw HubError(
                "bad_checkpoint",
                LocalizedText(
                    vi: "điểm kiểm mới nhất không có chữ ký của khóa nhật ký \(verifier.name)",
                    en: "the latest checkpoint carries no signature by the log key \(verifier.name)"))
        }

        // The officer's certificate and any intermediates the changeset carries, unverified here:
        // the auditor verifies them (VERIFY.md); the hub verified them when it accepted the file.
        let inspected = try CMSInspector.inspect(der: dsc)
        let signer = inspected.signerCertificates.first { $0.sha256Fingerprint == facts.signerFingerprint }
        let intermediates = inspected.embeddedCertificates.filter { $0.sha256Fingerprint != facts.signerFingerprint }
        var roots = ""
        for anchor in settings.trustAnchors {
            for certificate in try Certificate.loadAll(path: home.resolve(anchor)) { roots += certificate.pem }
        }
        let crls = try crlsInForce(atMillis: facts.acceptedAtMillis)

        let proofBody = LogInclusionBody(leafIndex: proof.index, treeSize: proof.size, hashes: proof.hashes)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        let manifest = EvidenceManifest(
            changesetID: id, district: facts.district, nodeID: facts.nodeID, sequence: facts.seq,
            signingTime: Self.isoTime(facts.signingTimeMillis), acceptedAt: Self.isoTime(facts.acceptedAtMillis),
            signerFingerprint: facts.signerFingerprint, leafIndex: proof.index, treeSize: proof.size,
            logOrigin: checkpoint.origin, hubID: settings.hubID, crlIssuers: crls.map(\.issuer),
            intermediates: intermediates.count)
        var files: [EvidenceBundle.File] = [
            .init(name: "changeset.dsc", bytes: dsc),
            .init(name: "receipt.der", bytes: receipt),
            .init(name: "signer.pem", bytes: Array((signer?.pem ?? "").utf8)),
            .init(name: "root.pem", bytes: Array(roots.utf8)),
            .init(name: "crls.pem", bytes: Array(crls.map { CRLPEM.encode($0.der) }.joined().utf8)),
            .init(name: "inclusion-proof.json", bytes: [UInt8](try encoder.encode(proofBody)) + [10]),
            .init(name: "checkpoint.txt", bytes: Array(note.utf8)),
            .init(name: "checkpoint-body.txt", bytes: Array(signed.text.utf8)),
            .init(name: "checkpoint.sig", bytes: signature.signature),
            .init(name: "log.vkey", bytes: Array((verifier.text + "\n").utf8)),
            .init(name: "log-key.pem", bytes: Array(Self.ed25519PublicKeyPEM(verifier.publicKey).utf8)),
            .init(name: "evidence.json", bytes: [UInt8](try encoder.encode(manifest)) + [10]),
            .init(name: "verify_evidence.py", bytes: Array((EmbeddedConfig.evidenceVerifierPy + "\n").utf8)),
        ]
        if !intermediates.isEmpty {
            files.append(.init(name: "chain.pem", bytes: Array(intermediates.map(\.pem).joined().utf8)))
        }
        files.append(.init(name: "VERIFY.md", bytes: Array(EvidenceGuide.markdown(manifest).utf8)))
        return EvidenceBundle(
            changesetID: id, district: facts.district, nodeID: facts.nodeID, sequence: facts.seq,
            signingTimeMillis: facts.signingTimeMillis, acceptedAtMillis: facts.acceptedAtMillis,
            leafIndex: proof.index, treeSize: proof.size, files: files)
    }

    /// For each CRL issuer, the newest installed CRL issued by `millis` (the hub keeps every CRL
    /// it installed): the lists the hub relied on when it accepted the changeset.
    func crlsInForce(atMillis millis: Int64) throws -> [CertificateRevocationList] {
        let at = Date(timeIntervalSince1970: Double(millis) / 1000)
        var newest: [String: CertificateRevocationList] = [:]
        for file in settings.crls {
            for crl in try CertificateRevocationList.loadAll(path: home.resolve(file)) where crl.lastUpdate <= at {
                if (newest[crl.issuer]?.lastUpdate ?? .distantPast) < crl.lastUpdate { newest[crl.issuer] = crl }
            }
        }
        return newest.keys.sorted().compactMap { newest[$0] }
    }

    /// SubjectPublicKeyInfo of an Ed25519 key (RFC 8410), PEM, for `openssl pkeyutl -verify`.
    static func ed25519PublicKeyPEM(_ key: [UInt8]) -> String {
        let der: [UInt8] = [0x30, 0x2A, 0x30, 0x05, 0x06, 0x03, 0x2B, 0x65, 0x70, 0x03, 0x21, 0x00] + key
        return "-----BEGIN PUBLIC KEY-----\n" + Data(der).base64EncodedString() + "\n-----END PUBLIC KEY-----\n"
    }

    static func isoTime(_ millis: Int64) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return formatter.string(from: Date(timeIntervalSince1970: Double(millis) / 1000))
    }
}

/// `evidence.json`: what the bundle claims, for a person and for `verify_evidence.py`.
struct EvidenceManifest: Codable {
    let changesetID: String
    let district: String
    let nodeID: String
    let sequence: Int64
    let signingTime: String
    let acceptedAt: String
    let signerFingerprint: String
    let leafIndex: UInt64
    let treeSize: UInt64
    let logOrigin: String
    let hubID: String
    let crlIssuers: [String]
    /// Certificates between the officer's and the root that the changeset carries (`chain.pem`).
    let intermediates: Int

    enum CodingKeys: String, CodingKey {
        case changesetID = "changeset_id"
        case district
        case nodeID = "node_id"
        case sequence = "seq"
        case signingTime = "signing_time"
        case acceptedAt = "accepted_at"
        case signerFingerprint = "signer_sha256"
        case leafIndex = "leaf_index"
        case treeSize = "tree_size"
        case logOrigin = "log_origin"
        case hubID = "hub_id"
        case crlIssuers = "crl_issuers"
        case intermediates
    }

    /// Unix seconds of the signing time, for `openssl verify -attime`.
    var signingTimeSeconds: Int64 {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return Int64((formatter.date(from: signingTime) ?? Date(timeIntervalSince1970: 0)).timeIntervalSince1970)
    }
}
