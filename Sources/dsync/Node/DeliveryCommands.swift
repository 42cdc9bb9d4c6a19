import ArgumentParser
import DistrictNode
import DistrictSyncCore
import DistrictSyncCrypto
import Foundation

struct NodeAckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ack",
        abstract: help(
            "Xác minh biên nhận có chữ ký của hub và đánh dấu các tập thay đổi đó là đã gửi.",
            "Verify the hub's signed receipts and mark those changesets delivered."))
    @Argument(
        help: help(
            "Các tệp biên nhận, hoặc thư mục chứa tệp *.receipt (do `dsync hub import --receipts` ghi).",
            "Receipt files, or folders of *.receipt files (as written by `dsync hub import --receipts`)."))
    var receipts: [String]
    @Option(
        help: help(
            "Chứng thư số CA của thành phố dùng kiểm tra chữ ký của hub (mặc định: các chứng thư đã ghi ở set-signer --ca).",
            "City CA certificate(s) to check the hub's signature with (default: those given to set-signer --ca)."))
    var ca: [String] = []
    @Option(
        help: help(
            "CRL dùng kiểm tra chứng thư của hub (không bắt buộc).",
            "CRL(s) to check the hub certificate against (optional).")) var crl: [String] = []
    @Option(
        help: help(
            "Chỉ chấp nhận biên nhận ký bằng chứng thư hub này (ghim, không bắt buộc).",
            "Accept only receipts signed by this hub certificate (optional pin).")) var hubCert: String?
    @OptionGroup var homeOptions: HomeOptions
    @OptionGroup var output: OutputOptions

    func run() throws {
        let session = try homeOptions.open()
        let trust = try session.hubTrust(caPaths: ca, crlPaths: crl, hubCertificatePath: hubCert)
        // The city log the receipts folder carries (`hub import --receipts`), checked as `node sync`
        // checks it; a different history stops here with log_inconsistent, after the receipts.
        let run = try session.acknowledge(paths: receipts, trust: trust)
        let (results, logChecks, logError, refused) = (run.results, run.logChecks, run.logError, run.refused)
        if output.json {
            try emitJSON(results)
            if let logError { throw logError }
            if refused { throw ExitCode(ExitStatus.checkFailed) }
            return
        }
        let l = output.lang
        emit(
            table(
                ["file", "id", "seq", say(l, "kết quả", "outcome"), say(l, "lý do", "reason")],
                results.map {
                    [
                        $0.file, String(($0.id ?? "-").prefix(12)), $0.seq.map(String.init) ?? "-",
                        $0.outcome.rawValue, [$0.reason, $0.message].compactMap { $0 }.joined(separator: ": "),
                    ]
                }))
        let status = try session.status()
        emit(
            say(
                l, "Đã giao \(status.delivered)/\(status.outbox) gói, còn \(status.undelivered) chưa giao.",
                "Delivered \(status.delivered) of \(status.outbox) changesets; \(status.undelivered) undelivered."))
        for check in logChecks {
            emit(
                say(
                    l,
                    "Nhật ký thành phố trong \(check.folder): đã kiểm chữ ký, tính nối tiếp và \(check.proofs) "
                        + "bằng chứng bao hàm (cây \(check.size) mục).",
                    "City log in \(check.folder): signature, consistency and \(check.proofs) inclusion proofs "
                        + "verified (tree of \(check.size))."))
        }
        if let logError { throw logError }
        if refused { throw ExitCode(ExitStatus.checkFailed) }
    }
}

/// `node init … --resume-from-hub FILE`: the options and the work after the home is created.
struct ResumeOptions: ParsableArguments {
    @Option(
        help: ArgumentHelp(
            help(
                "Tiếp nối chuỗi của một nút bị mất từ đầu chuỗi có chữ ký của hub (`dsync hub head --node MÃ --out TỆP`).",
                "Continue a lost node's chain from the hub's signed head (`dsync hub head --node ID --out FILE`)."),
            valueName: "FILE"))
    var resumeFromHub: String?
    @Option(
        help: help(
            "Chứng thư số CA của thành phố đã ký chứng thư hub (cần khi dùng --resume-from-hub).",
            "City CA certificate(s) that signed the hub certificate (needed with --resume-from-hub)."))
    var ca: [String] = []
    @Option(
        help: ArgumentHelp(
            help(
                "Ghim chứng thư của hub: chỉ chứng thư này được ký đầu chuỗi và biên nhận (docs/sync.md, \"Hub identity\").",
                "Pin the hub's certificate: only it may sign chain heads and receipts (docs/sync.md, \"Hub identity\")."
            ),
            valueName: "HUB.pem"))
    var hubCert: String?

    /// Verifies the head file before anything is created; nil without --resume-from-hub.
    func verifiedHead(cityID: String, district: String) throws -> (head: ChainHead, signer: Certificate)? {
        guard let resumeFromHub else { return nil }
        // The file `dsync hub head --out` wrote, read with the hub-document size cap.
        let der = try HubTrust.readDocument(path: resumeFromHub, what: "chain head")
        let trust = try HubTrust.load(caPaths: ca, hubCertificatePath: hubCert)
        return try NodeSession.verifyChainHeadSigned(
            der, trust: trust, reference: HubTrust.reference(nodeMillis: EnvironmentWallClock().nowMillis()),
            cityID: cityID, district: district)
    }
}
