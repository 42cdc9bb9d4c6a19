public import DistrictSyncCore
public import DistrictSyncCrypto
import Foundation

/// The node as a witness of the city log (issue 16 item 5, threat C1; docs/transparency.md).
///
/// - `HOME/log/witness-key.pem`: the node's Ed25519 witness key, PKCS#8, mode 0600, made on first
///   need. It is NOT encrypted, like an SSH host key: `node sync` cosigns unattended and asks for no
///   passphrase, and the key only attests "this node saw this checkpoint", never a changeset.
/// - `HOME/log/witness-binding.der`: the officer's CMS signature (as on changesets) over
///   `WitnessBinding` (city, district, node id, witness verifier key), written at `node commit`
///   while the officer's key is loaded; it is what makes a cosignature attributable to a district
///   without trusting the hub.
extension NodeSession {
    var witnessKeyPath: String { logDirectory + "/witness-key.pem" }
    var witnessBindingPath: String { logDirectory + "/witness-binding.der" }

    /// The witness key, made (0600, unencrypted PKCS#8) when there is none.
    public func witnessKey() throws -> PrivateKey {
        try FileManager.default.createDirectory(atPath: logDirectory, withIntermediateDirectories: true)
        if FileManager.default.fileExists(atPath: witnessKeyPath) {
            let key = try PrivateKey.load(path: witnessKeyPath, passphrase: nil)
            guard key.isEd25519 else {
                throw NodeError(
                    "bad_config",
                    LocalizedText(
                        vi:
                            "\(witnessKeyPath) không phải khoá Ed25519; chuyển tệp đi nơi khác để tạo khoá nhân chứng mới",
                        en: "\(witnessKeyPath) is not an Ed25519 key; move it away to make a new witness key"))
            }
            return key
        }
        let key = try PrivateKey.generateEd25519()
        try key.writeUnencryptedPKCS8(path: witnessKeyPath)
        return key
    }

    /// The witness's cosignature verifier key (its name from the city, district and node id).
    public func witnessVerifierKey() throws -> CosignatureKey {
        guard let publicKey = try witnessKey().ed25519PublicKey else {
            throw NodeError(
                "internal_error",
                LocalizedText(vi: "khoá nhân chứng không có khoá công khai", en: "no witness public key"))
        }
        return CosignatureKey(
            name: CosignatureKey.witnessName(city: config.cityID, district: config.district, nodeID: config.nodeID),
            publicKey: publicKey)
    }

    /// Writes the binding signed by `signer` unless one with the same content by the same certificate
    /// exists (read without verifying: it only decides whether to rewrite this node's own file).
    @discardableResult
    public func writeWitnessBinding(signer: NodeSigner) throws -> Bool {
        let content = WitnessBinding(
            cityID: config.cityID, district: config.district, nodeID: config.nodeID,
            vkey: try witnessVerifierKey().text
        ).encode()
        if let existing = FileManager.default.contents(atPath: witnessBindingPath),
            let inspected = try? CMSInspector.inspect(der: [UInt8](existing)), inspected.content == content,
            inspected.signerCertificates.first?.sha256Fingerprint == signer.certificate.sha256Fingerprint
        {
            return false
        }
        let der = try CMSSigner.sign(
            content: content, certificate: signer.certificate, key: signer.key, chain: signer.chain,
            signingTime: Date(timeIntervalSince1970: Double(clock.nowMillis() / 1000)))
        try Data(der).write(to: URL(fileURLWithPath: witnessBindingPath), options: .atomic)
        return true
    }

    /// The binding's DER, or nil before the first `node commit` that wrote one.
    public func witnessBinding() -> [UInt8]? {
        FileManager.default.contents(atPath: witnessBindingPath).map { [UInt8]($0) }
    }

    /// A C2SP cosignature/v1 line over the verified checkpoint `note` (its text), at `time` seconds
    /// (default: now by this node's clock).
    public func cosign(checkpointNote note: String, time: UInt64? = nil) throws -> String {
        let time = time ?? UInt64(max(0, clock.nowMillis() / 1000))
        let text: String
        do { text = try SignedNote.parse(note).text } catch { throw NodeError(error.code, error.text) }
        let key = try witnessKey()
        let vkey = try witnessVerifierKey()
        let signature = try key.signEd25519(Cosignature.message(time: time, checkpointText: text))
        return Cosignature(name: vkey.name, keyID: vkey.keyID, time: time, signature: signature).line
    }
}
