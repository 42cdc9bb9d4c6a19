import ArgumentParser
import DistrictNode
import DistrictSyncCore
import DistrictSyncCrypto

/// `dsync node resign --refused-by-hub`: the undelivered tail signed again under a renewed certificate.
struct ResignCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "resign",
        abstract: help(
            "Ký lại các tập thay đổi chưa gửi được bằng chứng thư số mới (chứng thư cũ bị thu hồi hoặc hết hạn).",
            "Sign the undelivered changesets again with a renewed certificate (the old one was revoked or expired)."),
        discussion: """
            Run `dsync node set-signer --cert NEW.pem --key NEW.key` first. Every changeset without a receipt \
            keeps its number and its exact changes (with the times they were made) and is signed again with the \
            configured certificate, re-linked to the one before it; the replaced files are kept in HOME/resigned/. \
            Only for changesets the hub refused (cert_revoked, cert_expired) or never received: sync or ack first.
            """)
    @OptionGroup var homeOptions: HomeOptions
    @OptionGroup var output: OutputOptions
    @OptionGroup var passphrase: PassphraseOptions
    @OptionGroup var confirmation: RefusedByHubConfirmation

    func run() throws {
        try confirmation.require(
            "resign", vi: "ký lại mọi tập thay đổi chưa có biên nhận",
            en: "signs again every changeset without a receipt")
        let session = try homeOptions.open()
        let signer = try session.loadSigner(passphrase: try passphrase.read())
        let done = try session.resignUndelivered(signer: signer)
        if output.json { return try emitJSON(done) }
        if done.isEmpty {
            return emit(
                say(
                    output.lang, "Không có tập thay đổi nào chờ gửi: không cần ký lại.",
                    "No changeset waits: nothing to sign again."))
        }
        for d in done { emit("#\(d.seq) \(d.oldID.prefix(12)) → \(d.newID)") }
        emit(
            say(
                output.lang,
                "Đã ký lại \(done.count) tập thay đổi bằng \(signer.certificate.subject); tệp cũ ở \(session.resignedDirectory). "
                    + "Gửi lại: `dsync node sync` hoặc `dsync node export`.",
                "Signed \(done.count) changesets again with \(signer.certificate.subject); the old files are in "
                    + "\(session.resignedDirectory). Deliver them: `dsync node sync` or `dsync node export`."))
    }
}
