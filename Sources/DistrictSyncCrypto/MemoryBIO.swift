internal import COpenSSL
import DistrictSyncCore

/// An owned OpenSSL memory BIO. Bytes are copied in with `BIO_write`, because `BIO_new_mem_buf`
/// would borrow a Swift array's storage past its lifetime (notes/swift-stack.md §1, gotcha 4).
final class MemoryBIO {
    let pointer: OpaquePointer

    /// An empty, writable memory BIO.
    init() throws(CryptoError) {
        guard let bio = BIO_new(BIO_s_mem()) else {
            throw OpenSSLErrors.error(
                .internalError,
                LocalizedText(
                    vi: "không cấp phát được vùng nhớ đệm OpenSSL", en: "could not allocate an OpenSSL memory buffer"))
        }
        pointer = bio
    }

    /// A memory BIO holding a copy of `bytes`.
    convenience init(_ bytes: [UInt8]) throws(CryptoError) {
        try self.init()
        var offset = 0
        while offset < bytes.count {
            let chunk = min(bytes.count - offset, Int(Int32.max))
            let written = bytes.withUnsafeBytes { raw in
                BIO_write(pointer, raw.baseAddress.map { $0 + offset }, Int32(chunk))
            }
            guard written == Int32(chunk) else {
                throw OpenSSLErrors.error(
                    .internalError,
                    LocalizedText(
                        vi: "không chép được dữ liệu vào vùng nhớ đệm OpenSSL",
                        en: "could not copy input into an OpenSSL memory buffer"))
            }
            offset += chunk
        }
    }

    deinit { BIO_free(pointer) }

    /// Everything written to the BIO so far.
    func bytes() -> [UInt8] {
        var data: UnsafeMutablePointer<CChar>?
        let length = shim_BIO_get_mem_data(pointer, &data)
        guard length > 0, let data else { return [] }
        return data.withMemoryRebound(to: UInt8.self, capacity: length) {
            Array(UnsafeBufferPointer(start: $0, count: length))
        }
    }

    /// Everything written so far, as UTF-8 text.
    func string() -> String {
        String(decoding: bytes(), as: UTF8.self)
    }
}
