public import DistrictSyncCore
public import DistrictSyncCrypto
public import DistrictSyncStore
public import Foundation

/// The officer's credentials, loaded for one command.
public struct NodeSigner: Sendable {
    public let certificate: Certificate
    public let key: PrivateKey
    public let chain: [Certificate]
}

extension NodeSession {
    /// Records the officer's certificate, key and chain after checking that they belong together
    /// and to this district; optionally writes the certificate into an officer's record.
    public func setSigner(
        certificatePath: String, keyPath: String, chainPath: String?, caPaths: [String], passphrase: [UInt8]?,
        officerID: String?
    ) throws -> Certificate {
        let cert = try loadCertificate(certificatePath)
        let key = try PrivateKey.load(path: keyPath, passphrase: passphrase)
        guard key.matches(cert) else {
            throw NodeError(
                "key_cert_mismatch",
                LocalizedText(
                    vi:
                        "khóa \(keyPath) không thuộc chứng thư số \(certificatePath); dùng khóa đã tạo cùng yêu cầu cấp chứng thư đó",
                    en:
                        "the key \(keyPath) does not belong to the certificate \(certificatePath); give the key made with that certificate's request"
                ))
        }
        if !cert.districtCodes.isEmpty && !cert.districtCodes.contains(config.district) {
            throw NodeError(
                "district_mismatch",
                LocalizedText(
                    vi:
                        "chứng thư số dành cho đơn vị \(cert.districtCodes.joined(separator: ", ")) nhưng nút này của đơn vị "
                        + "\(config.district); dùng chứng thư số cấp cho \(config.district)",
                    en:
                        "the certificate is for district(s) \(cert.districtCodes.joined(separator: ", ")) but this node is for \(config.district); "
                        + "use the certificate issued for \(config.district)"))
        }
        if let chainPath { _ = try Certificate.loadAll(path: chainPath) }
        for ca in caPaths { _ = try Certificate.loadAll(path: ca) }
        if let officerID {
            // One certificate signs for one person: another officer record holding it is a duplicate.
            let target = try officer(officerID)
            if let other = try officers().first(where: {
                $0.id != target.id && $0.certFingerprint.lowercased() == cert.sha256Fingerprint.lowercased()
            }) {
                throw NodeError(
                    "duplicate_officer",
                    LocalizedText(
                        vi:
                            "chứng thư số này đã thuộc về cán bộ \(other.id.prefix(8)) (\(other.fullName)); mỗi chứng thư "
                            + "số là của một người: sửa bản ghi đó bằng `dsync node officer update \(other.id.prefix(8)) …`, "
                            + "hoặc ghi mã cán bộ đó vào --officer",
                        en:
                            "this certificate already belongs to officer \(other.id.prefix(8)) (\(other.fullName)); one "
                            + "certificate is one person: change that record with `dsync node officer update "
                            + "\(other.id.prefix(8)) …`, or give that officer's id to --officer"))
            }
        }
        config.signerCertificate = absolute(certificatePath)
        config.signerKey = absolute(keyPath)
        config.signerChain = chainPath.map(absolute)
        if !caPaths.isEmpty { config.caCertificates = caPaths.map(absolute) }
        try saveConfig()
        if let officerID {
            _ = try updateOfficer(officerID) { o in
                o.certFingerprint = cert.sha256Fingerprint
                o.certIssuer = cert.issuer
                o.certSerial = cert.serialHex
            }
        }
        return cert
    }

    /// `path` made absolute against the current directory.
    public func absolute(_ path: String) -> String {
        path.hasPrefix("/") ? path : FileManager.default.currentDirectoryPath + "/" + path
    }

    func loadCertificate(_ path: String) throws -> Certificate {
        guard let cert = try Certificate.loadAll(path: path).first else {
            throw NodeError(
                "bad_certificate_file",
                LocalizedText(
                    vi: "\(path) không chứa chứng thư số nào; cần một chứng thư X.509 dạng PEM hoặc DER",
                    en: "\(path) holds no certificate; expected a PEM or DER X.509 certificate"))
        }
        return cert
    }

    /// Loads the configured signer, or says how to configure one.
    public func loadSigner(passphrase: [UInt8]?) throws -> NodeSigner {
        guard let certPath = config.signerCertificate, let keyPath = config.signerKey else {
            throw NodeError(
                "no_signer",
                LocalizedText(
                    vi:
                        "nút này chưa có chứng thư và khóa để ký; chạy `dsync node set-signer --cert CERT.pem --key KEY.pem` trước",
                    en:
                        "this node has no signing credentials; run `dsync node set-signer --cert CERT.pem --key KEY.pem` first"
                ))
        }
        let cert = try loadCertificate(home.resolve(certPath))
        let key = try PrivateKey.load(path: home.resolve(keyPath), passphrase: passphrase)
        guard key.matches(cert) else {
            throw NodeError(
                "key_cert_mismatch",
                LocalizedText(
                    vi: "khóa đã cấu hình không thuộc chứng thư số đã cấu hình; chạy lại set-signer",
                    en: "the configured key does not belong to the configured certificate; run set-signer again"))
        }
        let chain = try config.signerChain.map { try Certificate.loadAll(path: home.resolve($0)) } ?? []
        return NodeSigner(certificate: cert, key: key, chain: chain)
    }

    /// Packs every pending change into signed, hash-chained changesets (split at
    /// `maxChangesPerChangeset`). Each changeset is stored, and its changes marked committed, in
    /// one transaction: a crash leaves either the whole changeset or none of it.
    public func commit(signer: NodeSigner, progress: ((Int, Int) -> Void)? = nil) throws -> [OutboxEntry] {
        let total = try store.pendingChangeCount()
        if total > 0 { try checkValidity(of: signer.certificate, at: clock.nowMillis()) }
        // The officer's key is loaded: bind this node's witness key to the district (once per key).
        try writeWitnessBinding(signer: signer)
        var made: [OutboxEntry] = []
        var done = 0
        while true {
            let entry: OutboxEntry? = try store.database.transaction(.immediate) {
                let pending = try store.pendingChanges(limit: max(1, config.maxChangesPerChangeset))
                guard let first = pending.first, let last = pending.last else { return nil }
                let previous = try store.lastChangeset()
                // A replacement node continues the hub's head of its chain (resume-from-hub).
                let base = previous == nil ? try store.chainBase() : nil
                let sequence = (previous?.sequence ?? base?.sequence ?? 0) + 1
                let previousHash =
                    try previous.map { try Self.bytes(hex: $0.id) } ?? base.map { try Self.bytes(hex: $0.hash) }
                    ?? ChangesetHeader.zeroHash
                let now = clock.nowMillis()
                let header = ChangesetHeader(
                    cityID: config.cityID, districtCode: config.district, nodeID: config.nodeID,
                    sequence: UInt64(sequence), previousHash: previousHash, hlcMin: .zero, hlcMax: .zero, counts: [],
                    createdMillis: now)
                let content = try ChangesetCodec.encode(header: header, changes: pending.map(\.change))
                // The hub refuses a signing time older than the newest change it signs
                // (`signing_time_implausible`); a clock floor above the wall clock (a replacement node
                // resumed from the hub's head) must not make an honest changeset look backdated.
                let newest = pending.map(\.change.hlc.physicalMillis).max() ?? now
                let der = try CMSSigner.sign(
                    content: content, certificate: signer.certificate, key: signer.key, chain: signer.chain,
                    signingTime: Date(timeIntervalSince1970: Double(max(now, newest)) / 1000))
                let entry = OutboxEntry(
                    sequence: sequence, id: Digest.hex(Digest.sha256(der)), previousHash: hexString(previousHash),
                    file: der, changeCount: pending.count, createdMillis: now)
                try store.appendChangeset(entry, changeSeqs: first.seq...last.seq)
                return entry
            }
            guard let entry else { break }
            made.append(entry)
            done += entry.changeCount
            progress?(done, total)
        }
        return made
    }

    /// Refuses to sign (`cert_expired`, before anything is signed or committed) with a certificate
    /// that is not valid at the signing time: the hub would refuse the changeset, and a changeset
    /// already in the chain cannot be taken back.
    func checkValidity(of certificate: Certificate, at millis: Int64) throws {
        let second = Double(millis / 1000)
        let from = certificate.notBefore.timeIntervalSince1970
        let to = certificate.notAfter.timeIntervalSince1970
        guard second < from || second > to else { return }
        let now = ISODate.fromUnixMillis(millis)
        let window = "\(ISODate.fromUnixMillis(Int64(from * 1000))) to \(ISODate.fromUnixMillis(Int64(to * 1000)))"
        throw NodeError(
            "cert_expired",
            LocalizedText(
                vi:
                    "chứng thư số dùng để ký có hiệu lực từ \(window.replacingOccurrences(of: " to ", with: " đến ")) nhưng "
                    + "đồng hồ của máy tính này là \(now); chưa ký gì. Nếu ngày sai, chỉnh đồng hồ hệ thống rồi chạy lại "
                    + "`dsync node commit`; nếu chứng thư \(second > to ? "đã hết hạn" : "chưa có hiệu lực"), xin cấp "
                    + "chứng thư có hiệu lực hiện nay (scripts/pki-renew) rồi chạy "
                    + "`dsync node set-signer --cert NEW.pem --key NEW.key`",
                en:
                    "the signing certificate is valid from \(window) but this computer's clock says \(now); nothing was "
                    + "signed. If the date is wrong, set the system clock and run `dsync node commit` again; if the "
                    + "certificate \(second > to ? "has expired" : "is not valid yet"), get one valid now "
                    + "(scripts/pki-renew) and run `dsync node set-signer --cert NEW.pem --key NEW.key`"))
    }

    static func bytes(hex: String) throws -> [UInt8] {
        let chars = Array(hex.utf8)
        guard chars.count % 2 == 0 else {
            throw NodeError(
                "corrupt_outbox",
                LocalizedText(
                    vi: "mã một tập thay đổi đã lưu không phải dạng hex", en: "a stored changeset id is not hex"))
        }
        var out: [UInt8] = []
        out.reserveCapacity(chars.count / 2)
        var i = 0
        while i < chars.count {
            guard let b = UInt8(String(decoding: chars[i..<i + 2], as: UTF8.self), radix: 16) else {
                throw NodeError(
                    "corrupt_outbox",
                    LocalizedText(
                        vi: "mã một tập thay đổi đã lưu không phải dạng hex", en: "a stored changeset id is not hex"))
            }
            out.append(b)
            i += 2
        }
        return out
    }

    /// Writes every undelivered changeset as `DIR/<id>.dsc` plus `DIR/manifest.json`. Files are
    /// written to a temporary name and renamed, and an existing identical file is left alone, so
    /// running it again is harmless.
    public func export(to directory: String) throws -> [OutboxEntry] {
        let fm = FileManager.default
        do { try fm.createDirectory(atPath: directory, withIntermediateDirectories: true) } catch {
            throw NodeError(
                "io_error",
                LocalizedText(
                    vi: "không tạo được \(directory): \(error.localizedDescription)",
                    en: "cannot create \(directory): \(error.localizedDescription)"))
        }
        let entries = try store.outbox(undeliveredOnly: true)
        for entry in entries {
            let path = directory + "/" + entry.id + ".dsc"
            if let existing = fm.contents(atPath: path), [UInt8](existing) == entry.file { continue }
            try Self.writeAtomically(Data(entry.file), to: path)
        }
        let manifest = ExportManifest(
            district: config.district, nodeID: config.nodeID, exportedMillis: clock.nowMillis(),
            changesets: entries.map {
                .init(
                    id: $0.id, seq: $0.sequence, previousHash: $0.previousHash, changes: $0.changeCount,
                    file: $0.id + ".dsc")
            })
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        try Self.writeAtomically(try encoder.encode(manifest), to: directory + "/manifest.json")
        // The checkpoint this node kept, so that `hub import --receipts` can prove the log it shows
        // back extends it (docs/transparency.md, "Deliveries on a USB stick").
        if let kept = keptCheckpoint() {
            try Self.writeAtomically(Data(kept.utf8), to: directory + "/" + Self.exportedCheckpointName)
        }
        return entries
    }

    /// The kept checkpoint's file in an export folder.
    public static let exportedCheckpointName = "node-checkpoint.txt"

    /// Writes `data` to `path` through a temporary file and a rename: a reader sees the old file or
    /// the whole new one, never part of it.
    public static func writeAtomically(_ data: Data, to path: String) throws {
        do { try data.write(to: URL(fileURLWithPath: path), options: .atomic) } catch {
            throw NodeError(
                "io_error",
                LocalizedText(
                    vi: "không ghi được \(path): \(error.localizedDescription)",
                    en: "cannot write \(path): \(error.localizedDescription)"))
        }
    }
}

/// `manifest.json` of an export folder: what the district hands over, in chain order.
public struct ExportManifest: Codable, Sendable {
    public struct Item: Codable, Sendable {
        public let id: String
        public let seq: Int64
        public let previousHash: String
        public let changes: Int
        public let file: String
        enum CodingKeys: String, CodingKey {
            case id, seq, changes, file
            case previousHash = "prev_hash"
        }
    }
    public let district: String
    public let nodeID: String
    public let exportedMillis: Int64
    public let changesets: [Item]
    enum CodingKeys: String, CodingKey {
        case district, changesets
        case nodeID = "node_id"
        case exportedMillis = "exported_ms"
    }
}

extension NodeSession {
    /// `dsync node reopen --refused-by-hub`: takes the undelivered changesets back so the next
    /// commit signs their changes again on the current clock (`NodeStore.reopenUndelivered`).
    public func reopenUndelivered() throws -> NodeStore.Reopened {
        do { return try store.reopenUndelivered(wallMillis: clock.nowMillis()) } catch let error as StoreError {
            throw NodeError(error.code, error.text)
        }
    }
}
