public import DistrictSyncCore
public import DistrictSyncCrypto
public import Foundation

/// A changeset whose signature, chain, revocation, district binding and content all checked out.
public struct VerifiedChangeset: Sendable {
    /// SHA-256 (hex) of the exact file.
    public let id: String
    public let header: ChangesetHeader
    public let changes: [Change]
    public let signer: Certificate
    public let signingTime: Date
}

/// Why a changeset was refused: a stable reason code and a message.
public struct ChangesetRejection: Error, CustomStringConvertible, Sendable {
    public let code: String
    public let message: String
    public var description: String { message }
    public init(_ code: String, _ message: String) {
        self.code = code
        self.message = message
    }
}

/// The stateless checks anyone can run on a changeset file (`dsync verify`): everything the hub
/// checks except what needs the city database (chain position, ownership of existing records).
public enum ChangesetVerifier {
    /// The largest changeset file accepted.
    public static let maxBytes = 256 * 1024 * 1024

    /// Verifies `bytes`; `enrolled` maps certificate fingerprints to districts for certificates
    /// without a district URI.
    public static func verify(
        _ bytes: [UInt8], policy: VerificationPolicy, now: Date, cityID: String? = nil,
        enrolled: [String: String] = [:]
    ) throws(ChangesetRejection) -> VerifiedChangeset {
        let signed: VerifiedSignedData
        do { signed = try CMSVerifier.verify(der: bytes, policy: policy, now: now, maxBytes: maxBytes) } catch {
            throw ChangesetRejection(error.code.rawValue, error.reason)
        }
        let decoded: ChangesetCodec.Decoded
        do { decoded = try ChangesetCodec.decode(signed.contentBytes) } catch {
            throw ChangesetRejection(error.code, error.message)
        }
        let header = decoded.header
        if let cityID, header.cityID != cityID {
            throw ChangesetRejection(
                "wrong_city", "the changeset is for city '\(header.cityID)', this hub serves '\(cityID)'")
        }
        // Every synced schema up to the current one is readable (a later one only adds tables).
        guard SyncedTable.accepts(version: header.schemaVersion, fingerprint: header.schemaFingerprint) else {
            throw ChangesetRejection(
                "schema_mismatch",
                "the changeset targets schema version \(header.schemaVersion) with a different fingerprint; "
                    + "this dsync reads versions 1…\(SyncedTable.schemaVersion); upgrade the older side")
        }
        let bound =
            signed.signer.districtCodes.isEmpty
            ? enrolled[signed.signer.sha256Fingerprint].map { [$0] } ?? []
            : signed.signer.districtCodes
        guard !bound.isEmpty else {
            throw ChangesetRejection(
                "district_unbound",
                "the signer certificate names no district and is not enrolled; enroll it with `dsync hub enroll --district CODE --cert FILE`"
            )
        }
        guard bound.contains(header.districtCode) else {
            throw ChangesetRejection(
                "district_mismatch",
                "the signer may write for district(s) \(bound.joined(separator: ", ")) but the changeset is for \(header.districtCode)"
            )
        }
        for change in decoded.changes {
            if let d = change.district, d != header.districtCode {
                throw ChangesetRejection(
                    "foreign_record",
                    "a change to \(change.table.name) \(change.key) writes district \(d) inside a changeset for \(header.districtCode)"
                )
            }
        }
        return VerifiedChangeset(
            id: Digest.hex(Digest.sha256(bytes)), header: header, changes: decoded.changes, signer: signed.signer,
            signingTime: signed.signingTime)
    }
}
