import ArgumentParser
import ChangesetVerification
import DistrictNode
import DistrictSyncCore
import DistrictSyncCrypto
import Foundation

struct ChangesetCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "changeset", abstract: help("Xem nội dung các tệp tập thay đổi.", "Inspect changeset files."),
        subcommands: [Show.self])

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: help(
                "In nội dung tập thay đổi dễ đọc (phần đầu, người ký, từng thay đổi) mà không xác minh.",
                "Print a changeset readably (header, signer, every change) without verifying it."))
        @OptionGroup var output: OutputOptions
        @Argument(help: help("Một tệp .dsc.", "A .dsc file.")) var file: String
        @Option(help: help("Hiển thị tối đa bấy nhiêu thay đổi.", "Show at most this many changes.")) var limit = 1000

        func run() throws {
            let bytes = try NodeSession.readFile(file, limit: ChangesetVerifier.maxBytes)
            let inspected = try CMSInspector.inspect(der: bytes)
            let decoded = try ChangesetCodec.decode(inspected.content)
            let h = decoded.header
            let signer = inspected.signerCertificates.first
            let changes = decoded.changes.prefix(limit).map { c -> [String: String] in
                var d = [
                    "table": c.table.name, "key": c.key, "op": c.operation == .upsert ? "upsert" : "delete",
                    "hlc": c.hlc.description,
                ]
                for f in c.fields { d[c.table.columns[f.column].name] = f.value.description }
                return d
            }
            if output.json {
                struct J: Encodable {
                    let id, city, district, nodeID, previousHash, signer, signingTime: String
                    let seq: UInt64
                    let formatVersion: UInt16
                    let schemaVersion: UInt32
                    let changeCount: Int
                    let changes: [[String: String]]
                    enum CodingKeys: String, CodingKey {
                        case id, city, district, signer, seq, changes
                        case nodeID = "node_id"
                        case previousHash = "prev_hash"
                        case signingTime = "signing_time"
                        case formatVersion = "format_version"
                        case schemaVersion = "schema_version"
                        case changeCount = "change_count"
                    }
                }
                return try emitJSON(
                    J(
                        id: Digest.hex(Digest.sha256(bytes)), city: h.cityID, district: h.districtCode,
                        nodeID: h.nodeID,
                        previousHash: hexString(h.previousHash), signer: signer?.subject ?? "",
                        signingTime: "\(inspected.signingTime.map { "\($0)" } ?? "")",
                        seq: h.sequence, formatVersion: h.formatVersion, schemaVersion: h.schemaVersion,
                        changeCount: decoded.changes.count,
                        changes: changes))
            }
            emit("id         \(Digest.hex(Digest.sha256(bytes)))")
            emit(
                "format     v\(h.formatVersion), schema v\(h.schemaVersion), payload \(h.payloadEncoding) \(h.storedPayloadLength)/\(h.payloadLength) bytes"
            )
            emit(
                TerminalText.escape(
                    "city       \(h.cityID)   district \(h.districtCode)   node \(h.nodeID)   seq \(h.sequence)"))
            emit("prev_hash  \(hexString(h.previousHash))")
            emit("hlc        \(h.hlcMin) … \(h.hlcMax)")
            emit(
                "counts     "
                    + h.counts.filter { $0.upserts + $0.deletes > 0 }.map {
                        "\($0.table.name) +\($0.upserts) -\($0.deletes)"
                    }.joined(separator: ", "))
            emit(
                "signer     \(signer?.subject ?? say(output.lang, "(không có)", "(none)"))  \(signer.map { "SHA-256 " + $0.sha256Fingerprint } ?? "")"
            )
            emit(
                "signed at  \(inspected.signingTime.map { "\($0)" } ?? say(output.lang, "(không có thời điểm ký)", "(no signing time)"))  "
                    + say(output.lang, "(chưa xác minh: dùng `dsync verify`)", "(not verified: use `dsync verify`)")
            )
            for c in changes {
                emit(
                    "  " + ["table", "op", "key", "hlc"].compactMap { c[$0] }.joined(separator: " ") + "  "
                        + c.filter { !["table", "op", "key", "hlc"].contains($0.key) }.sorted { $0.key < $1.key }
                        .map { "\($0.key)=\($0.value)" }.joined(separator: " "))
            }
        }
    }
}

struct VerifyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract:
            help(
                "Xác minh tệp tập thay đổi: chữ ký số, chuỗi tới gốc tin cậy, hiệu lực lúc ký, thu hồi, gắn với đơn vị, tính toàn vẹn phần đầu.",
                "Verify changeset files: signature, chain to a given root, validity at signing time, revocation, district binding, header integrity."
            )
    )
    @OptionGroup var output: OutputOptions
    @Argument(help: help("Các tệp .dsc.", ".dsc files.")) var files: [String]
    @Option(
        help: help("Một chứng thư số gốc tin cậy (ghi được nhiều lần).", "A trusted root certificate (repeatable)."))
    var ca: [String] = []
    @Option(help: help("Các chứng thư trung gian (bộ PEM).", "Intermediate certificates (PEM bundle)."))
    var intermediates: String?
    @Option(
        help: help(
            "Một tệp CRL (ghi được nhiều lần); không có CRL thì không kiểm tra thu hồi.",
            "A CRL file (repeatable); without one, revocation is not checked.")) var crl: [String] = []
    @Option(help: help("Chỉ chấp nhận tập thay đổi của mã thành phố này.", "Only accept changesets for this city id."))
    var city: String?
    @Option(
        help: help(
            "Chấp nhận CRL quá nextUpdate tối đa bấy nhiêu giây (mặc định 0: CRL quá hạn là crl_stale).",
            "Accept a CRL up to this many seconds past its nextUpdate (default 0: a lapsed CRL is crl_stale)."))
    var crlGrace: Double = 0
    @Option(
        name: .customLong("units"),
        help: help(
            "Danh sách đơn vị (CSV như config/units.csv); mặc định danh sách có sẵn trong dsync.",
            "The unit list (CSV as config/units.csv); by default the one built into dsync."))
    var unitList: String?

    struct Outcome: Encodable {
        let file: String
        let valid: Bool
        let reason: String?
        let message: String?
        let id, district, signer: String?
        let seq: UInt64?
        let changes: Int?
    }

    func run() throws {
        var anyInvalid = false
        guard !ca.isEmpty else {
            throw NodeError(
                "no_ca",
                LocalizedText(
                    vi: "ghi chứng thư số gốc tin cậy bằng --ca TỆP (ví dụ demo-out/pki/ca/root.pem)",
                    en: "give the trusted root with --ca FILE (e.g. demo-out/pki/ca/root.pem)"))
        }
        let roots = try ca.flatMap { try Certificate.loadAll(path: $0) }
        let inter = try intermediates.map { try Certificate.loadAll(path: $0) } ?? []
        let crls = try crl.flatMap { try CertificateRevocationList.loadAll(path: $0) }
        let policy = VerificationPolicy(
            roots: roots, intermediates: inter, crls: crls, checkRevocation: !crls.isEmpty,
            requireCRL: !crls.isEmpty, crlGracePeriod: crlGrace)
        let now = Date(timeIntervalSince1970: Double(EnvironmentWallClock().nowMillis()) / 1000)
        // The hub's own policy steps (ChangesetVerifier), under the unit list this dsync embeds or
        // the one given, so a bad file gets the same reason here as from `hub import`.
        let units =
            try unitList.map {
                try OrgUnitList(csv: String(decoding: NodeSession.readFile($0, limit: 16 << 20), as: UTF8.self))
            } ?? OrgUnitList.embedded()
        let changesetPolicy = ChangesetPolicy(trust: policy, units: units, cityID: city)
        var outcomes: [Outcome] = []
        // The human line of each failure, in the chosen language (JSON keeps the English `message`).
        var details: [String] = []
        for file in files {
            do {
                let bytes = try NodeSession.readFile(file, limit: ChangesetVerifier.maxBytes)
                let v = try ChangesetVerifier.verify(bytes, policy: changesetPolicy, now: now)
                outcomes.append(
                    Outcome(
                        file: file, valid: true, reason: nil, message: nil, id: v.id,
                        district: v.header.districtCode, signer: v.signer.subject, seq: v.header.sequence,
                        changes: v.changeCount))
                details.append("")
            } catch {
                let (code, message) = describe(error)
                details.append(describe(error, output.lang).message)
                outcomes.append(
                    Outcome(
                        file: file, valid: false, reason: code, message: message, id: nil, district: nil,
                        signer: nil, seq: nil, changes: nil))
            }
        }
        anyInvalid = outcomes.contains { !$0.valid }
        if output.json {
            try emitJSON(outcomes)
            if anyInvalid { throw ExitCode(ExitStatus.checkFailed) }
            return
        }
        for (o, detail) in zip(outcomes, details) {
            if o.valid {
                emit(
                    TerminalText.escape(
                        "OK    \(o.file)  \(say(output.lang, "đơn vị", "district")) \(o.district ?? "") seq \(o.seq ?? 0), \(o.changes ?? 0) \(say(output.lang, "thay đổi", "changes")), \(say(output.lang, "ký bởi", "signed by")) \(o.signer ?? "")"
                    ))
            } else {
                emit(TerminalText.escape("FAIL  \(o.file)  [\(o.reason ?? "")] \(detail)"))
            }
        }
        if anyInvalid { throw ExitCode(ExitStatus.checkFailed) }
    }
}
