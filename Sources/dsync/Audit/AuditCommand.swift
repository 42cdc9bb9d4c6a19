import ArgumentParser
import ChangesetVerification
import DistrictNode
import DistrictSyncCore
import DistrictSyncCrypto
import DistrictSyncStore
import Foundation
import NodeSync

/// `dsync audit`: checks an auditor runs against a hub without trusting it.
struct AuditCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "audit",
        abstract: help(
            "Kiểm tra của kiểm toán viên với một hub, không cần tin hub.",
            "An auditor's checks of a hub, without trusting it."),
        subcommands: [VerifyLogCommand.self])
}

/// `dsync audit verify-log`: the hub's checkpoint is signed by its log key and cosigned by witnesses
/// of at least N distinct districts, each bound to its district by an officer's CMS signature that
/// this command verifies against ROOT.pem itself (issue 16 item 5, threat C1).
struct VerifyLogCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify-log",
        abstract: help(
            "Kiểm tra điểm kiểm của nhật ký thành phố: chữ ký của hub và chữ ký đồng ký của ít nhất N đơn vị.",
            "Check the city log's checkpoint: the hub's signature and cosignatures by at least N districts."))

    @Option(
        help: help(
            "Địa chỉ gốc của hub (https://; http:// chỉ trên máy này).",
            "The hub's base URL (https://; http:// only on loopback)."))
    var hub: String
    @Option(help: help("CA gốc của thành phố (PEM).", "The city's root CA (PEM).")) var ca: [String] = []
    @Option(
        name: .customLong("crl"),
        help: help(
            "Một tệp CRL (ghi được nhiều lần); không có thì không kiểm tra thu hồi.",
            "A CRL file (repeatable); without one, revocation is not checked."))
    var crl: [String] = []
    @Option(
        help: help("Số đơn vị khác nhau tối thiểu phải đồng ký.", "The fewest distinct districts that must cosign."))
    var witnesses: Int
    @Option(
        name: .customLong("log-key"),
        help: help(
            "Khoá kiểm tra của nhật ký (NAME+KEYID+KEY, hoặc một tệp chứa nó); mặc định: khoá hub công bố.",
            "The log's verifier key (NAME+KEYID+KEY, or a file holding it); default: the key the hub publishes."))
    var logKey: String?
    @OptionGroup var output: OutputOptions

    struct Result: Encodable {
        var size: UInt64
        var root: String
        var districts: [String]
        var witnesses: [String]
        var required: Int
    }

    static func isLoopback(_ url: String) -> Bool {
        guard let host = URLComponents(string: url)?.host else { return false }
        return ["127.0.0.1", "::1", "[::1]", "localhost"].contains(host)
    }

    func run() async throws {
        guard !ca.isEmpty else {
            throw NodeError("bad_option", LocalizedText(vi: "cần --ca ROOT.pem", en: "--ca ROOT.pem is required"))
        }
        guard hub.hasPrefix("https://") || (hub.hasPrefix("http://") && Self.isLoopback(hub)) else {
            throw NodeError(
                "bad_hub_url",
                LocalizedText(
                    vi: "--hub \(hub) phải bắt đầu bằng https:// (http:// chỉ dùng cho hub trên máy này)",
                    en: "--hub \(hub) must start with https:// (http:// only for a hub on this machine)"))
        }
        guard witnesses >= 1 else {
            throw NodeError(
                "bad_option", LocalizedText(vi: "--witnesses phải ít nhất là 1", en: "--witnesses must be at least 1"))
        }
        let roots = try ca.flatMap { try Certificate.loadAll(path: $0) }
        let crls = try crl.flatMap { try CertificateRevocationList.loadAll(path: $0) }
        let trust = VerificationPolicy(
            roots: roots, intermediates: [], crls: crls, checkRevocation: !crls.isEmpty, requireCRL: !crls.isEmpty,
            crlGracePeriod: 0)
        let client = try HubClient(baseURL: hub, trustRoots: roots)
        let fetched: (key: String, note: String, witnesses: [UInt8])
        do {
            func get(_ path: String) async throws -> [UInt8] {
                let reply = try await client.get(path)
                guard reply.status == 200 else {
                    throw NodeError(
                        "hub_unavailable",
                        LocalizedText(
                            vi: "hub trả lời \(reply.status) cho \(path)",
                            en: "the hub answered \(reply.status) for \(path)"))
                }
                return reply.body
            }
            let key: String
            if let logKey {
                if FileManager.default.fileExists(atPath: logKey) {
                    guard case .success(let bytes) = CappedFile.read(logKey, limit: 4096) else {
                        throw NodeError(
                            "bad_option",
                            LocalizedText(
                                vi: "không đọc được \(logKey) (tệp thường dưới 4 KiB)",
                                en: "cannot read \(logKey) (a regular file under 4 KiB)"))
                    }
                    key = String(decoding: bytes, as: UTF8.self)
                } else {
                    key = logKey
                }
            } else {
                key = String(decoding: try await get("/v1/log/key"), as: UTF8.self)
            }
            fetched = (
                key, String(decoding: try await get("/v1/log/checkpoint"), as: UTF8.self),
                try await get("/v1/log/witnesses")
            )
            await client.shutdown()
        } catch {
            await client.shutdown()
            throw error
        }
        let result = try Self.check(
            key: fetched.key, note: fetched.note, witnesses: fetched.witnesses, trust: trust, required: witnesses,
            now: Date(timeIntervalSince1970: Double(EnvironmentWallClock().nowMillis()) / 1000))
        if output.json { return try emitJSON(result) }
        emit(
            say(
                output.lang,
                "Điểm kiểm kích thước \(result.size) có chữ ký của hub và được \(result.districts.count) đơn vị đồng ký "
                    + "(\(result.districts.joined(separator: ", "))); yêu cầu ít nhất \(witnesses).",
                "The checkpoint of size \(result.size) is signed by the hub and cosigned by \(result.districts.count) "
                    + "districts (\(result.districts.joined(separator: ", "))); at least \(witnesses) required."))
    }

    struct Listed: Decodable {
        var name: String
        var vkey: String
        var binding: String
    }

    /// The whole check, on what the hub served: the log key's signature, then each cosignature line
    /// against a binding verified under `trust` (the district from the officer's certificate).
    static func check(
        key keyText: String, note noteText: String, witnesses listBody: [UInt8], trust: VerificationPolicy,
        required: Int, now: Date
    ) throws -> Result {
        let key: NoteVerifierKey
        let note: SignedNote
        let checkpoint: Checkpoint
        do throws(CoreError) {
            key = try NoteVerifierKey.parse(keyText)
            note = try SignedNote.parse(noteText)
            guard !(try note.verifiedSignatures(by: key, verify: Ed25519.verify)).isEmpty else {
                throw CoreError(
                    "log_inconsistent",
                    LocalizedText(
                        vi: "điểm kiểm không có chữ ký nào bằng khoá nhật ký \(key.name)",
                        en: "the checkpoint carries no signature by the log key \(key.name)"))
            }
            checkpoint = try Checkpoint.parse(note.text)
        } catch {
            throw NodeError(error.code, error.text)
        }
        guard listBody.count <= 4 << 20, let listed = try? JSONDecoder().decode([Listed].self, from: Data(listBody))
        else {
            throw NodeError(
                "bad_cosignature",
                LocalizedText(
                    vi: "danh sách nhân chứng của hub không phải JSON [{name, vkey, binding}]",
                    en: "the hub's witness list is not JSON [{name, vkey, binding}]"))
        }
        var districts: Set<String> = []
        var names: [String] = []
        var problems: [LocalizedText] = []
        for line in noteText.split(separator: "\n").map(String.init) where line.hasPrefix("— ") {
            guard let cosignature = try? Cosignature.parse(line: line) else { continue }  // the hub's own line
            guard let entry = listed.first(where: { $0.name == cosignature.name }),
                let der = Data(base64Encoded: entry.binding)
            else {
                problems.append(
                    LocalizedText(
                        vi: "\(cosignature.name): hub không đưa ràng buộc", en: "\(cosignature.name): no binding listed"
                    ))
                continue
            }
            do {
                let verified = try WitnessBindingVerifier.verify(
                    der: [UInt8](der), trust: trust, cityID: nil, now: now, enrolledUnit: { _ in nil })
                guard cosignature.verifies(by: verified.key, checkpointText: note.text, verify: Ed25519.verify) else {
                    problems.append(
                        LocalizedText(
                            vi: "\(cosignature.name): chữ ký đồng ký không khớp",
                            en: "\(cosignature.name): does not verify"))
                    continue
                }
                districts.insert(verified.binding.district)
                names.append(cosignature.name)
            } catch let e as ChangesetRejection {
                problems.append(
                    LocalizedText(vi: "\(cosignature.name): \(e.text.vi)", en: "\(cosignature.name): \(e.text.en)"))
            }
        }
        let sorted = districts.sorted()
        guard sorted.count >= required else {
            let why =
                problems.isEmpty
                ? LocalizedText(vi: "", en: "")
                : LocalizedText(
                    vi: "; bỏ qua: " + problems.map(\.vi).joined(separator: "; "),
                    en: "; skipped: " + problems.map(\.en).joined(separator: "; "))
            throw NodeError(
                "too_few_witnesses",
                LocalizedText(
                    vi: "điểm kiểm kích thước \(checkpoint.size) chỉ được \(sorted.count) đơn vị đồng ký "
                        + "(\(sorted.joined(separator: ", "))), cần ít nhất \(required)\(why.vi)",
                    en: "the checkpoint of size \(checkpoint.size) is cosigned by only \(sorted.count) districts "
                        + "(\(sorted.joined(separator: ", "))); at least \(required) are required\(why.en)"))
        }
        return Result(
            size: checkpoint.size, root: Data(checkpoint.root).base64EncodedString(), districts: sorted,
            witnesses: names, required: required)
    }
}
