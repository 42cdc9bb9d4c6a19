internal import CZlibShim

/// Raw DEFLATE (RFC 1951) compression over the system zlib.
///
/// Changesets compress their field-level payload inside the signed content so that an initial load
/// costs well under the SQLite session format per row. The output is deterministic for a given zlib
/// build and level, which keeps "same changes, same bytes".
public enum Deflate {
    /// A zlib failure, with zlib's code and message.
    public struct Failure: Error, CustomStringConvertible, Sendable {
        public let code: Int32
        public let message: String
        public var description: String { "zlib error \(code): \(message)" }
    }

    /// Compresses `input` with raw DEFLATE at `level` (0–9).
    public static func compress(_ input: [UInt8], level: Int32 = 6) throws -> [UInt8] {
        var stream = z_stream()
        var rc = czlib_deflate_init_raw(&stream, level)
        guard rc == Z_OK else { throw Failure(code: rc, message: "deflateInit2 failed") }
        defer { deflateEnd(&stream) }
        let bound = Int(deflateBound(&stream, UInt(input.count)))
        var output = [UInt8](repeating: 0, count: max(bound, 16))
        var input = input
        let produced: Int = try input.withUnsafeMutableBufferPointer { inBuf in
            try output.withUnsafeMutableBufferPointer { outBuf in
                stream.next_in = inBuf.baseAddress
                stream.avail_in = UInt32(inBuf.count)
                stream.next_out = outBuf.baseAddress
                stream.avail_out = UInt32(outBuf.count)
                rc = deflate(&stream, Z_FINISH)
                guard rc == Z_STREAM_END else { throw Failure(code: rc, message: "deflate did not finish") }
                return Int(stream.total_out)
            }
        }
        output.removeSubrange(produced...)
        return output
    }

    /// Inflates raw DEFLATE data, refusing to produce more than `limit` bytes.
    ///
    /// The limit is the defence against a decompression bomb: the declared size comes from a
    /// signed header, and anything larger is an error rather than a memory spike.
    public static func decompress(_ input: [UInt8], expectedSize: Int, limit: Int) throws -> [UInt8] {
        guard expectedSize >= 0, expectedSize <= limit else {
            throw Failure(code: Z_DATA_ERROR, message: "declared size \(expectedSize) exceeds limit \(limit)")
        }
        var stream = z_stream()
        var rc = czlib_inflate_init_raw(&stream)
        guard rc == Z_OK else { throw Failure(code: rc, message: "inflateInit2 failed") }
        defer { inflateEnd(&stream) }
        var output = [UInt8](repeating: 0, count: expectedSize + 1)
        var input = input
        let produced: Int = try input.withUnsafeMutableBufferPointer { inBuf in
            try output.withUnsafeMutableBufferPointer { outBuf in
                stream.next_in = inBuf.baseAddress
                stream.avail_in = UInt32(inBuf.count)
                stream.next_out = outBuf.baseAddress
                stream.avail_out = UInt32(outBuf.count)
                rc = inflate(&stream, Z_FINISH)
                guard rc == Z_STREAM_END else {
                    throw Failure(code: rc, message: "compressed payload is corrupt or larger than declared")
                }
                guard stream.avail_in == 0 else {
                    throw Failure(code: Z_DATA_ERROR, message: "trailing bytes after the compressed payload")
                }
                return Int(stream.total_out)
            }
        }
        guard produced == expectedSize else {
            throw Failure(code: Z_DATA_ERROR, message: "payload is \(produced) bytes, header declares \(expectedSize)")
        }
        output.removeLast()
        return output
    }
}
