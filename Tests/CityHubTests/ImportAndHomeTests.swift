import CityHub
import DistrictSyncCore
import DistrictSyncCrypto
import DistrictSyncTesting
import Foundation
import SQLiteDB
import Testing

@Suite("File import and the hub home")
struct ImportAndHomeTests {
    @Test("folder import reads only regular *.dsc files, never symlinks, and refuses oversized files unread")
    func folderImport() throws {
        let f = try HubFixture()
        defer { f.remove() }
        let dir = f.home.path + "/inbox"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let one = try f.changeset(
            district: "760", node: "n1", seq: 1, previous: nil,
            changes: [HubFixture.enterprise("0100109106", district: "760", name: "A", hlc: 1)])
        try Data(one).write(to: URL(fileURLWithPath: dir + "/a.dsc"))
        try Data(one).write(to: URL(fileURLWithPath: dir + "/notes.txt"))
        try FileManager.default.createSymbolicLink(atPath: dir + "/link.dsc", withDestinationPath: dir + "/a.dsc")
        let importer = FileImporter(service: f.service, maxBytes: f.service.settings.maxChangesetBytes)
        let files = try importer.collect([dir])
        #expect(files == [dir + "/a.dsc"])
        #expect(importer.importFile(files[0]).outcome == .accepted)
        let small = FileImporter(service: f.service, maxBytes: 10)
        let big = small.importFile(files[0])
        #expect(big.outcome == .rejected && big.reason == "too_large")
    }

    @Test("a damaged hub database is refused on open with hub_db_corrupt, and left as it was")
    func corruptDatabase() throws {
        let f = try HubFixture()
        defer { f.remove() }
        f.service.db.close()
        let path = f.home.databasePath
        try? FileManager.default.removeItem(atPath: path + "-wal")
        try? FileManager.default.removeItem(atPath: path + "-shm")
        var bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
        for i in 0..<min(bytes.count, 100) { bytes[i] = 0x41 }
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        #expect {
            _ = try f.home.openDatabase()
        } throws: { ($0 as? HubError)?.code == "hub_db_corrupt" }
        #expect([UInt8](try Data(contentsOf: URL(fileURLWithPath: path))) == bytes)
    }

    @Test("a CRL not signed by a trust anchor is refused")
    func untrustedCRL() throws {
        let f = try HubFixture()
        defer { f.remove() }
        let foreign = f.pki.directory + "/test/foreign-ca/crl.pem"
        if FileManager.default.fileExists(atPath: foreign) {
            #expect { try f.service.addCRL(path: foreign) } throws: { ($0 as? HubError)?.code == "crl_untrusted" }
        }
        try f.service.addCRL(path: f.pki.crl)
    }

    @Test("receipts decode strictly: trailing bytes and unknown outcomes are refused")
    func receiptStrict() throws {
        let receipt = Receipt(
            changesetID: String(repeating: "ab", count: 32), district: "760", nodeID: "n", sequence: 3,
            outcome: .accepted, hubTimeMillis: 5, hubID: "hub")
        #expect(try Receipt.decode(receipt.encode()) == receipt)
        #expect(throws: CoreError.self) { try Receipt.decode(receipt.encode() + [0]) }
        #expect(throws: CoreError.self) { try Receipt.decode(Array(receipt.encode().dropLast())) }
    }
}
