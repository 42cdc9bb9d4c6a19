import ArgumentParser
import DistrictNode
import DistrictSyncCore
import DistrictSyncCrypto
import Foundation

struct SetSignerCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "set-signer",
        abstract: help(
            "Đặt chứng thư số và khóa ký của cán bộ cho nút này.",
            "Set the officer's signing certificate and key for this node."))
    @OptionGroup var homeOptions: HomeOptions
    @OptionGroup var output: OutputOptions
    @OptionGroup var passphrase: PassphraseOptions
    @Option(help: help("Chứng thư số của cán bộ (PEM hoặc DER).", "The officer's certificate (PEM or DER).")) var cert:
        String
    @Option(
        help: help(
            "Khóa bí mật của cán bộ (PKCS#8 PEM đã mã hóa).", "The officer's private key (encrypted PKCS#8 PEM)."))
    var key: String
    @Option(
        help: help(
            "Các chứng thư trung gian cần kèm theo (bộ PEM).", "Intermediate certificates to embed (PEM bundle)."))
    var chain: String?
    @Option(
        help: help(
            "Chứng thư số CA của thành phố mà nút tin cậy cho biên nhận và hub.",
            "City CA certificate(s) the node trusts for receipts and the hub.")) var ca: [String] = []
    @Option(
        help: help(
            "Ghi thêm chứng thư này vào cán bộ mang mã này.",
            "Also record this certificate on the officer with this id.")) var officer: String?

    func run() throws {
        let session = try homeOptions.open()
        let c = try session.setSigner(
            certificatePath: cert, keyPath: key, chainPath: chain, caPaths: ca, passphrase: try passphrase.read(),
            officerID: officer)
        if output.json {
            return try emitJSON([
                "subject": c.subject, "fingerprint": c.sha256Fingerprint, "not_after": "\(c.notAfter)",
            ])
        }
        emit(
            say(output.lang, "Người ký: ", "Signer: ") + "\(c.subject) (SHA-256 \(c.sha256Fingerprint.prefix(16))…)"
        )
    }
}

struct KeygenCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "keygen",
        abstract: help(
            "Tạo khóa bí mật và yêu cầu cấp chứng thư số, để khóa không bao giờ rời khỏi máy này.",
            "Make a private key and a certificate request, so the key never leaves this machine."))
    @OptionGroup var homeOptions: HomeOptions
    @OptionGroup var output: OutputOptions
    @OptionGroup var passphrase: PassphraseOptions
    @Option(help: help("Họ tên cán bộ ghi trên chứng thư (CN).", "The officer's name for the certificate (CN)."))
    var name: String
    @Option(
        help: help(
            "Thư mục chứa officer.key (quyền 0600) và officer.csr.",
            "Folder for officer.key (mode 0600) and officer.csr.")) var out: String
    @Option(help: help("ec (P-256, mặc định) hoặc rsa3072.", "ec (P-256, default) or rsa3072.")) var keyType = "ec"

    func run() throws {
        let session = try homeOptions.open()
        guard let pass = try passphrase.read(prompt: say(output.lang, "Mật khẩu khóa mới: ", "New key passphrase: ")),
            pass.count >= 8
        else {
            throw NodeError(
                "weak_passphrase",
                LocalizedText(
                    vi: "cần mật khẩu khóa dài ít nhất 8 ký tự (DSYNC_KEY_PASSPHRASE hoặc --passphrase-file)",
                    en:
                        "a key passphrase of at least 8 characters is required (DSYNC_KEY_PASSPHRASE or --passphrase-file)"
                ))
        }
        let kind: PrivateKey.KeyKind
        switch keyType {
        case "ec": kind = .ecP256
        case "rsa3072": kind = .rsa(bits: 3072)
        default:
            throw NodeError(
                "bad_key_type",
                LocalizedText(
                    vi: "loại khóa '\(keyType)' không phải ec hay rsa3072",
                    en: "key type '\(keyType)' is not ec or rsa3072"))
        }
        try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
        let key = try PrivateKey.generate(kind)
        try key.writeEncryptedPKCS8(path: out + "/officer.key", passphrase: pass)
        let csr = try CertificateRequest.make(
            key: key, commonName: VietnameseText.clean(name), districtCode: session.config.district)
        try Data(csr.utf8).write(to: URL(fileURLWithPath: out + "/officer.csr"))
        emit(
            say(
                output.lang,
                "Đã tạo \(out)/officer.key (giữ bí mật) và \(out)/officer.csr — gửi tệp .csr cho cơ quan cấp chứng thư.",
                "Wrote \(out)/officer.key (keep it secret) and \(out)/officer.csr — send the .csr to the city CA."))
    }
}

/// `dsync node reopen --refused-by-hub`: recovery after a wrong clock or certificate.
struct ReopenCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reopen",
        abstract:
            help(
                "Thu hồi các tập thay đổi bị hub từ chối (cert_expired, clock_ahead, đồng hồ bị nhảy) để `node commit` ký lại.",
                "Take back changesets the hub refused (cert_expired, clock_ahead, a clock that jumped) so `node commit` signs them again."
            ),
        discussion: """
            Use it after fixing the clock or installing a valid certificate (set-signer), when the hub refused \
            this node's undelivered changesets. Their changes become pending again, stamped on the current clock, \
            and the next commit continues the chain from the last changeset the hub accepted. Do not use it \
            for changesets the hub may have accepted without your receipt: sync or ack first.
            """)
    @OptionGroup var homeOptions: HomeOptions
    @OptionGroup var output: OutputOptions
    @OptionGroup var confirmation: RefusedByHubConfirmation

    func run() throws {
        try confirmation.require(
            "reopen", vi: "lấy lại mọi tập thay đổi chưa có biên nhận",
            en: "takes back every changeset without a receipt")
        let r = try homeOptions.open().reopenUndelivered()
        if output.json { return try emitJSON(["changesets": r.changesets, "changes": r.changes]) }
        emit(
            say(
                output.lang,
                "Đã lấy lại \(r.changesets) gói; \(r.changes) thay đổi chờ ký lại: chạy `dsync node commit`.",
                "Took back \(r.changesets) changesets; \(r.changes) changes wait to be signed again: run `dsync node commit`."
            ))
    }
}

struct CommitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "commit",
        abstract: help(
            "Đóng gói các thay đổi đang chờ thành tập thay đổi có chữ ký số, nối chuỗi bằng mã băm.",
            "Pack pending changes into signed, hash-chained changesets."))
    @OptionGroup var homeOptions: HomeOptions
    @OptionGroup var output: OutputOptions
    @OptionGroup var passphrase: PassphraseOptions
    @Option(help: help("Chia tập thay đổi khi đạt bấy nhiêu thay đổi.", "Split changesets at this many changes."))
    var maxChanges: Int?

    struct Made: Encodable {
        let id: String
        let seq: Int64
        let changes: Int
        let bytes: Int
    }

    func run() throws {
        let session = try homeOptions.open()
        if let maxChanges {
            guard maxChanges > 0 else {
                throw NodeError(
                    "bad_option",
                    LocalizedText(vi: "--max-changes phải ít nhất là 1", en: "--max-changes must be at least 1"))
            }
            session.config.maxChangesPerChangeset = maxChanges
        }
        let signer = try session.loadSigner(passphrase: try passphrase.read())
        let bar = ProgressBar(label: say(output.lang, "Ký", "Signing"))
        let made = try session.commit(signer: signer, progress: bar.update)
        if output.json {
            return try emitJSON(
                made.map { Made(id: $0.id, seq: $0.sequence, changes: $0.changeCount, bytes: $0.file.count) })
        }
        if made.isEmpty {
            return emit(say(output.lang, "Không có thay đổi nào chờ đóng gói.", "Nothing to commit."))
        }
        for m in made {
            emit(
                "#\(m.sequence) \(m.id)  \(m.changeCount) \(say(output.lang, "thay đổi", "changes")), \(m.file.count) \(say(output.lang, "byte", "bytes"))"
            )
        }
    }
}

struct ExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: help(
            "Ghi các tập thay đổi chưa gửi vào một thư mục (ví dụ USB).",
            "Write undelivered changesets to a folder (e.g. a USB stick)."))
    @OptionGroup var homeOptions: HomeOptions
    @OptionGroup var output: OutputOptions
    @Option(
        help: help(
            "Thư mục ghi các tệp <id>.dsc và manifest.json.",
            "The folder to write <id>.dsc files and manifest.json into.")) var out: String

    func run() throws {
        let entries = try homeOptions.open().export(to: out)
        if output.json {
            return try emitJSON(
                entries.map { ["id": $0.id, "seq": String($0.sequence), "file": out + "/" + $0.id + ".dsc"] })
        }
        emit(
            say(
                output.lang, "Đã ghi \(entries.count) gói vào \(out).",
                "Wrote \(entries.count) changesets to \(out)."))
    }
}
