public import DistrictSyncCore
public import DistrictSyncCrypto
public import Foundation

/// A node's witness binding checked the way a changeset's signer is (steps 1 and 6 of
/// `ChangesetVerifier`): the CMS signature and chain to the city roots with revocation, then the
/// signer must speak for the district the binding names, by the unit URI of its certificate or by
/// enrollment. Shared by the hub (`POST /v1/log/cosignatures`) and `dsync audit verify-log`, so a
/// cosignature is attributed to a district without trusting the hub.
public enum WitnessBindingVerifier {
    public struct Verified: Sendable {
        public var binding: WitnessBinding
        public var key: CosignatureKey
        public var signer: Certificate
    }

    /// Refusals are `ChangesetRejection`s with the CMS codes (`bad_signature`, `chain_invalid`,
    /// `cert_revoked`, …), `district_mismatch` / `district_unbound`, `wrong_city` or `bad_cosignature`.
    public static func verify(
        der: [UInt8], trust: VerificationPolicy, cityID: String?, now: Date,
        enrolledUnit: (String) throws -> String?
    ) throws -> Verified {
        let signed: VerifiedSignedData
        do {
            signed = try CMSVerifier.verify(der: der, policy: trust, now: now, maxBytes: WitnessBinding.maxBytes)
        } catch {
            throw ChangesetRejection(error.code.rawValue, error.text)
        }
        let binding: WitnessBinding
        let key: CosignatureKey
        do {
            binding = try WitnessBinding.decode(signed.content)
            key = try CosignatureKey.parse(binding.vkey)
        } catch {
            throw ChangesetRejection(error.code, error.text)
        }
        if let cityID, binding.cityID != cityID {
            throw ChangesetRejection(
                "wrong_city",
                LocalizedText(
                    vi: "ràng buộc nhân chứng dành cho thành phố '\(binding.cityID)', không phải '\(cityID)'",
                    en: "the witness binding is for city '\(binding.cityID)', not '\(cityID)'"))
        }
        let expected = CosignatureKey.witnessName(
            city: binding.cityID, district: binding.district, nodeID: binding.nodeID)
        guard key.name == expected else {
            throw ChangesetRejection(
                "bad_cosignature",
                LocalizedText(
                    vi: "khoá nhân chứng tên '\(key.name)', nhưng ràng buộc cần tên '\(expected)'",
                    en: "the witness key is named '\(key.name)'; the binding requires '\(expected)'"))
        }
        try ChangesetVerifier.checkSigner(signed.signer, unit: binding.district, enrolledUnit: enrolledUnit)
        return Verified(binding: binding, key: key, signer: signed.signer)
    }
}
