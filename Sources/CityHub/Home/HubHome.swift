import DistrictSyncCore
public import DistrictSyncCrypto
import Foundation
import SQLiteDB

/// The hub's folder (docs/hub.md): `hub.json`, `hub.db`, `store/`, `rejected/`, `trust/`, `crls/`.
public struct HubHome: Sendable {
    public let path: String

    public init(path: String) { self.path = path }

    public var settingsPath: String { path + "/hub.json" }
    public var databasePath: String { path + "/hub.db" }
    public var store: ContentStore { ContentStore(directory: path + "/store") }
    public var rejectedDirectory: String { path + "/rejected" }
    public var trustDirectory: String { path + "/trust" }
    public var crlDirectory: String { path + "/crls" }

    /// A path from hub.json: relative paths are inside the home.
    public func resolve(_ p: String) -> String { p.hasPrefix("/") ? p : path + "/" + p }

    /// Creates a hub home: copies the roots and CRL in, records the key's path, creates the database.
    ///
    /// Refuses an existing hub.json, a key that does not decrypt or does not belong to the
    /// certificate, a hub certificate that does not chain to one of the roots, and a CRL not signed
    /// by one of the roots.
    @discardableResult
    public static func create(
        at path: String, caFiles: [String], certificate: String, key: String, crlFiles: [String],
        passphrase: [UInt8]?, cityID: String = "79"
    ) throws -> HubHome {
        let fm = FileManager.default
        let home = HubHome(path: path)
        guard !fm.fileExists(atPath: home.settingsPath) else {
            throw HubError(
                "home_exists",
                LocalizedText(
                    vi: "\(path) đã có một hub (có hub.json); chọn thư mục khác",
                    en: "\(path) already holds a hub (hub.json exists); choose another folder"))
        }
        if let database = try existingDatabase(in: path) {
            throw HubError(
                "database_exists",
                LocalizedText(
                    vi:
                        "\(path) đã có một cơ sở dữ liệu (\(database)); hub mới sẽ nhận dữ liệu đó với gốc tin cậy mới. "
                        + "Chọn một thư mục trống, hoặc chuyển tệp đi nơi khác nếu chắc chắn nó không còn dùng",
                    en:
                        "\(path) already holds a database (\(database)); a new hub would adopt its data under new trust "
                        + "anchors. Choose an empty folder, or move the file away if it is really an orphan"))
        }
        guard !caFiles.isEmpty else {
            throw HubError(
                "no_trust_anchor",
                LocalizedText(
                    vi: "ghi ít nhất một gốc tin cậy bằng --ca TỆP (chứng thư số gốc của thành phố)",
                    en: "give at least one trust anchor with --ca FILE (the city root)"))
        }
        var roots: [Certificate] = []
        for file in caFiles { roots += try Certificate.loadAll(path: file) }
        let hubCertificate = try Certificate.loadAll(path: certificate)
        guard let hubCert = hubCertificate.first else {
            throw HubError(
                "bad_certificate_file",
                LocalizedText(
                    vi: "\(certificate) không chứa chứng thư số nào", en: "\(certificate) holds no certificate"))
        }
        let privateKey = try PrivateKey.load(path: key, passphrase: passphrase)
        guard privateKey.matches(hubCert) else {
            throw HubError(
                "key_cert_mismatch",
                LocalizedText(
                    vi: "khóa \(key) không thuộc chứng thư số \(certificate); ghi đúng cặp chứng thư và khóa",
                    en: "the key \(key) does not belong to the certificate \(certificate); give the pair"))
        }
        var crls: [CertificateRevocationList] = []
        // The same door as `hub crl add`: no CRL dated after the clock plus the default lead (5 min).
        let latest = Date().addingTimeInterval(5 * 60)
        for file in crlFiles {
            for crl in try CertificateRevocationList.loadAll(path: file) {
                guard roots.contains(where: { crl.isSigned(by: $0) }) else {
                    throw HubError(
                        "crl_untrusted",
                        LocalizedText(
                            vi: "CRL trong \(file) không do gốc tin cậy nào đã ghi ký",
                            en: "the CRL in \(file) is not signed by any of the given trust anchors"))
                }
                guard crl.lastUpdate <= latest else {
                    throw HubError(
                        "crl_from_future",
                        LocalizedText(
                            vi: "CRL trong \(file) ghi ngày phát hành \(crl.lastUpdate), muộn hơn đồng "
                                + "hồ của máy này cộng 5 phút; đã từ chối. Kiểm tra đồng hồ của CA rồi phát "
                                + "hành lại CRL",
                            en:
                                "the CRL in \(file) says it was issued \(crl.lastUpdate), after this machine's clock plus 5 "
                                + "minutes; refused. Check the CA's clock and issue the CRL again"))
                }
                crls.append(crl)
            }
        }
        for dir in [path, home.trustDirectory, home.crlDirectory, home.rejectedDirectory, home.store.directory] {
            try fm.createDirectory(atPath: dir, withIntermediateDirectories: true)
        }
        var anchorPaths: [String] = []
        for (index, root) in roots.enumerated() {
            let name = "trust/root-\(index + 1)-\(root.sha256Fingerprint.prefix(12)).pem"
            try DurableFile.write(Array(root.pem.utf8), to: home.resolve(name))
            anchorPaths.append(name)
        }
        var crlPaths: [String] = []
        for crl in crls {
            let name = "crls/\(Digest.hex(Digest.sha256(crl.der)).prefix(16)).pem"
            try DurableFile.write(Array(CRLPEM.encode(crl.der).utf8), to: home.resolve(name))
            crlPaths.append(name)
        }
        let absoluteKey = URL(fileURLWithPath: key).standardizedFileURL.path
        let certName = "hub-cert.pem"
        try DurableFile.write(Array(hubCert.pem.utf8), to: home.resolve(certName))
        let settings = HubSettings(
            cityID: cityID, hubID: "hub-\(cityID)-" + hubCert.sha256Fingerprint.prefix(16), trustAnchors: anchorPaths,
            crls: crlPaths, certificate: certName, key: absoluteKey)
        let db = try Database(path: home.databasePath, mode: .readWriteCreate, synchronous: .full)
        try Migrator(migrations: HubSchema.allMigrations).migrate(db)
        db.close()
        try home.save(settings)
        // The transparency log's own key, encrypted with the same passphrase (docs/transparency.md).
        _ = try home.logKey(passphrase: passphrase, origin: settings.effectiveLogOrigin)
        return home
    }

    /// The name of a file directly in `path` that is a database: `hub.db` or its WAL/journal, or any
    /// regular file starting with the SQLite header. nil when there is none (or no folder yet).
    static func existingDatabase(in path: String) throws -> String? {
        let fm = FileManager.default
        guard let names = try? fm.contentsOfDirectory(atPath: path) else { return nil }
        let magic = Array("SQLite format 3\u{0}".utf8)
        for name in names.sorted() {
            if ["hub.db", "hub.db-wal", "hub.db-journal", "hub.db-shm"].contains(name) { return name }
            let file = path + "/" + name
            var isDirectory: ObjCBool = false
            guard fm.fileExists(atPath: file, isDirectory: &isDirectory), !isDirectory.boolValue,
                let handle = FileHandle(forReadingAtPath: file)
            else { continue }
            defer { try? handle.close() }
            if let head = try handle.read(upToCount: magic.count), [UInt8](head) == magic { return name }
        }
        return nil
    }

    /// Reads hub.json.
    public func loadSettings() throws -> HubSettings {
        guard let data = FileManager.default.contents(atPath: settingsPath) else {
            throw HubError(
                "no_hub",
                LocalizedText(
                    vi:
                        "\(path) không phải thư mục hub (không có hub.json); tạo bằng `dsync hub init THƯ_MỤC --ca ...`",
                    en: "\(path) is not a hub home (no hub.json); create one with `dsync hub init HOME --ca ...`"))
        }
        do {
            return try JSONDecoder().decode(HubSettings.self, from: data)
        } catch {
            throw HubError(
                "bad_settings",
                LocalizedText(
                    vi: "\(settingsPath) không phải tệp thiết lập hub hợp lệ: \(error)",
                    en: "\(settingsPath) is not valid hub settings: \(error)"))
        }
    }

    /// Writes hub.json atomically.
    public func save(_ settings: HubSettings) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        try DurableFile.write([UInt8](try encoder.encode(settings)) + [10], to: settingsPath)
    }
}
