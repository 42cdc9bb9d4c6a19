import ArgumentParser
import ChangesetVerification
import DistrictNode
import DistrictSyncCore
import DistrictSyncCrypto
import Foundation
import SyntheticData

#if canImport(Glibc)
    import Glibc
#endif

/// `dsync dev bench-sign`: in-process sign and verify throughput of real changesets (issue 3, "Speed"),
/// through the same library calls as `dsync node commit` (encode + CMSSigner) and `dsync verify`
/// (ChangesetVerifier: CMS, chain, CRL, header and decoding). Used by scripts/bench-sign beside the
/// `cms_bench` anchor. Hidden: a developer tool, not part of the command contract.
struct BenchSignCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench-sign",
        abstract: help(
            "Đo tốc độ ký/xác minh tập thay đổi (công cụ cho lập trình viên).",
            "Measure changeset sign/verify throughput in-process (developer tool)."),
        shouldDisplay: false)
    @OptionGroup var output: OutputOptions
    @Option(help: "A PKI made by scripts/make-pki or scripts/make-test-pki.") var pki: String
    @Option(help: "District whose officer signs.") var district = "760"
    @Option(help: "Officer certificate (default: PKI/districts/DISTRICT/officer.pem).") var cert: String?
    @Option(help: "Officer key (default: PKI/districts/DISTRICT/officer.key).") var key: String?
    @Option(help: "Changeset sizes to measure, comma separated.") var changes = "1,10000"
    @Option(help: "Seconds per measurement.") var seconds = 2.0
    @Option(help: "Phases to time, comma separated: sign,cms_sign,verify,cms_verify,decode (default: all).")
    var phases = "sign,cms_sign,verify,cms_verify,decode"
    @Option(help: "Signing time, ISO 8601, inside the officer certificate's validity.")
    var signingTime = "2014-05-13T00:00:00Z"
    @OptionGroup var passphrase: PassphraseOptions

    func run() throws {
        let certPath = cert ?? "\(pki)/districts/\(district)/officer.pem"
        let keyPath = key ?? "\(pki)/districts/\(district)/officer.key"
        guard let certificate = try Certificate.loadAll(path: certPath).first else {
            throw ValidationError("\(certPath) holds no certificate")
        }
        let privateKey = try PrivateKey.load(path: keyPath, passphrase: try passphrase.read())
        guard let time = ISO8601DateFormatter().date(from: signingTime) else {
            throw ValidationError("--signing-time '\(signingTime)' is not ISO 8601, e.g. 2014-05-13T00:00:00Z")
        }
        let now = time.addingTimeInterval(86_400)
        let policy = VerificationPolicy(
            roots: try Certificate.loadAll(path: "\(pki)/ca/root.pem"),
            intermediates: (try? Certificate.loadAll(path: "\(pki)/ca-chain.pem")) ?? [],
            crls: try CertificateRevocationList.loadAll(path: "\(pki)/crls.pem"))
        emit("bench_sign_key=\(certificate.keyDescription.replacingOccurrences(of: " ", with: "_"))")
        for count in changes.split(separator: ",").compactMap({ Int($0) }) {
            try measure(count: count, certificate: certificate, key: privateKey, policy: policy, time: time, now: now)
        }
    }

    private func measure(
        count: Int, certificate: Certificate, key: PrivateKey, policy: VerificationPolicy, time: Date, now: Date
    ) throws {
        let list = Self.changes(count: count, district: district, time: time)
        let header = ChangesetHeader(
            cityID: "79", districtCode: district, nodeID: "node-\(district)-bench", sequence: 1,
            previousHash: ChangesetHeader.zeroHash, hlcMin: .zero, hlcMax: .zero, counts: [],
            createdMillis: Int64(time.timeIntervalSince1970 * 1000))
        let wanted = Set(phases.split(separator: ",").map(String.init))
        let content = try ChangesetCodec.encode(header: header, changes: list)
        let der = try CMSSigner.sign(content: content, certificate: certificate, key: key, signingTime: time)
        let changesetPolicy = ChangesetPolicy(trust: policy, units: try OrgUnitList.embedded(), cityID: "79")
        let p = "bench_sign_\(count)"
        emit("\(p)_changeset_bytes=\(der.count) \(p)_content_bytes=\(content.count)")
        let bodies: [(String, () throws -> Void)] = [
            // Sign = what `node commit` does per changeset: encode (with DEFLATE) and CMS-sign.
            (
                "sign",
                {
                    let content = try ChangesetCodec.encode(header: header, changes: list)
                    _ = try CMSSigner.sign(content: content, certificate: certificate, key: key, signingTime: time)
                }
            ),
            // The CMS share of signing, without the encoding.
            (
                "cms_sign",
                { _ = try CMSSigner.sign(content: content, certificate: certificate, key: key, signingTime: time) }
            ),
            // Verify = what `dsync verify` does per file once the bytes are read.
            (
                "verify",
                {
                    let verified = try ChangesetVerifier.verify(der, policy: changesetPolicy, now: now)
                    precondition(verified.changeCount == count)
                }
            ),
            (
                "cms_verify",
                { _ = try CMSVerifier.verify(der: der, policy: policy, now: now, maxBytes: ChangesetVerifier.maxBytes) }
            ),
            ("decode", { _ = try ChangesetCodec.decode(content) }),
        ]
        for (name, body) in bodies where wanted.contains(name) {
            let (wall, cpu) = try Self.loop(seconds, body)
            let rate = String(format: "%.1f", wall)
            let micros = String(format: "%.1f", 1e6 / wall)
            let cpuRate = String(format: "%.1f", cpu)
            emit("\(p)_\(name)_per_s=\(rate) \(p)_\(name)_us=\(micros) \(p)_\(name)_per_cpu_s=\(cpuRate)")
        }
    }

    /// Runs `body` repeatedly for `seconds` (after one warm-up call); returns calls per wall second and per
    /// CPU second of this process (the machine is shared, so CPU time is the steadier figure; cms_bench
    /// prints both too).
    static func loop(_ seconds: Double, _ body: () throws -> Void) throws -> (wall: Double, cpu: Double) {
        try body()
        var done = 0
        let start = DispatchTime.now().uptimeNanoseconds
        let cpuStart = cpuSeconds()
        var elapsed = 0.0
        repeat {
            try body()
            done += 1
            elapsed = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        } while elapsed < seconds
        return (Double(done) / elapsed, Double(done) / max(cpuSeconds() - cpuStart, 1e-9))
    }

    static func cpuSeconds() -> Double {
        var spec = timespec()
        clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &spec)
        return Double(spec.tv_sec) + Double(spec.tv_nsec) / 1e9
    }

    /// `count` new-enterprise changes, as change capture records them for an initial load.
    static func changes(count: Int, district: String, time: Date) -> [Change] {
        let rules = try? SizeRuleTable(csv: EmbeddedConfig.sizeRulesCSV)
        guard let rules else { return [] }
        let list = SyntheticDistrict.enterprises(
            district: district, count: count, seed: 2471, rules: rules, referenceYear: 2015)
        let base = Int64(time.timeIntervalSince1970 * 1000)
        return list.enumerated().map { index, enterprise in
            let fields = enterprise.values.enumerated().compactMap { column, value in
                value == .null ? nil : FieldChange(column: column, value: value)
            }
            return Change(
                table: .enterprises, key: enterprise.key, operation: .upsert, fields: fields,
                hlc: HLCTimestamp(physicalMillis: base + Int64(index / 64), counter: UInt16(index % 64)))
        }
    }
}
