import DistrictSyncCore
import DistrictSyncCrypto
import DistrictSyncTesting
import Foundation
import SQLiteDB

@testable import CityHub

/// A fresh hub home on the shared test PKI, a fixed hub clock in 2013, and helpers that make real
/// signed changesets the way a node does (ChangesetCodec + CMSSigner).
final class HubFixture {
    static let now: Int64 = 1_372_550_400_000 + 10 * 3_600_000  // 2013-06-30T10:00Z
    let pki: TestPKI
    let home: HubHome
    let service: HubService
    var signers: [String: (Certificate, PrivateKey)] = [:]
    /// The hub clock's fixed instant (Unix milliseconds).
    let nowMillis: Int64

    init(base: String? = nil, hubKey: PrivateKey? = nil, now: Int64 = HubFixture.now, pki: TestPKI? = nil) throws {
        self.pki = try pki ?? TestPKI.shared()
        self.nowMillis = now
        let pki = self.pki
        let root = base ?? FileManager.default.temporaryDirectory.path
        let path = root + "/hub-\(UUID().uuidString)"
        home = try HubHome.create(
            at: path, caFiles: [pki.rootCertificate], certificate: pki.hubCertificate, key: pki.hubKey,
            crlFiles: [pki.crl], passphrase: Array(TestPKI.passphrase.utf8))
        let key = try hubKey ?? PrivateKey.load(path: pki.hubKey, passphrase: Array(TestPKI.passphrase.utf8))
        service = try HubService(home: home, clock: FixedWallClock(millis: now), hubKey: key)
    }

    /// Removes the hub home.
    func remove() { try? FileManager.default.removeItem(atPath: home.path) }

    func signer(_ paths: (certificate: String, key: String)) throws -> (Certificate, PrivateKey) {
        if let cached = signers[paths.certificate] { return cached }
        let pair = (
            try Certificate.loadAll(path: paths.certificate)[0],
            try PrivateKey.load(path: paths.key, passphrase: Array(TestPKI.passphrase.utf8))
        )
        signers[paths.certificate] = pair
        return pair
    }

    /// A signed changeset file.
    func changeset(
        district: String, node: String, seq: UInt64, previous: [UInt8]?, changes: [Change],
        signer identity: (certificate: String, key: String)? = nil, city: String = "79",
        signingMillis: Int64? = nil, createdMillis: Int64? = nil,
        schemaFingerprint: [UInt8]? = nil, schemaVersion: UInt32? = nil
    ) throws -> [UInt8] {
        // As a node signs: an hour ago, or at its newest change if that is later (never in the future),
        // so the signing time is never older than what it signs (`signing_time_implausible`).
        let newest = changes.map(\.hlc.physicalMillis).max() ?? 0
        let signingMillis = signingMillis ?? min(max(HubFixture.now - 3_600_000, newest), HubFixture.now)
        var header = ChangesetHeader(
            cityID: city, districtCode: district, nodeID: node, sequence: seq,
            previousHash: previous ?? ChangesetHeader.zeroHash, hlcMin: .zero, hlcMax: .zero, counts: [],
            createdMillis: createdMillis ?? signingMillis)
        if let schemaVersion {
            header.schemaVersion = schemaVersion
            header.schemaFingerprint =
                SyncedTable.acceptedSchemas.first { $0.version == schemaVersion }?.fingerprint ?? []
        }
        if let schemaFingerprint { header.schemaFingerprint = schemaFingerprint }
        let content = try ChangesetCodec.encode(header: header, changes: changes)
        let (cert, key) = try signer(identity ?? pki.officer(district: district))
        return try CMSSigner.sign(
            content: content, certificate: cert, key: key,
            signingTime: Date(timeIntervalSince1970: Double(signingMillis) / 1000))
    }

    /// An upsert of an enterprise of `district`.
    static func enterprise(_ key: String, district: String, name: String, hlc: UInt64) -> Change {
        Change(
            table: .enterprises, key: key, operation: .upsert,
            fields: [
                FieldChange(column: 0, value: .text(district)), FieldChange(column: 1, value: .text(name)),
            ],
            hlc: HLCTimestamp(physicalMillis: HubFixture.now - 7_200_000 + Int64(hlc), counter: 0))
    }

    static func delete(_ table: SyncedTable, _ key: String, hlc: UInt64) -> Change {
        Change(
            table: table, key: key, operation: .delete, fields: [],
            hlc: HLCTimestamp(physicalMillis: HubFixture.now - 7_200_000 + Int64(hlc), counter: 0))
    }

    func cityHash() throws -> String { try CityDump.hash(service.db) }

    func count(_ sql: String) throws -> Int64 { try service.db.scalar(sql)?.int64 ?? -1 }
}

func sha(_ bytes: [UInt8]) -> [UInt8] { SHA256.hash(bytes) }
