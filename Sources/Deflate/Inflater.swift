internal import CZlibShim

/// Streaming raw-DEFLATE inflation: the compressed input stays where it is (borrowed), the output
/// arrives in pieces the caller asks for, so a 400 MB payload never has to exist in memory at once.
///
/// `Deflate.decompress` is the one-shot form for small inputs; the hub reads changesets through this.
public final class Inflater {
    private var stream = z_stream()
    private var initialised = false
    private let limit: Int
    /// Bytes produced so far.
    public private(set) var produced = 0
    /// True once zlib has seen the end of the DEFLATE stream.
    public private(set) var finished = false

    /// Prepares to inflate; at most `limit` bytes will ever be produced (decompression-bomb bound).
    public init(limit: Int) throws(Deflate.Failure) {
        self.limit = limit
        let rc = czlib_inflate_init_raw(&stream)
        guard rc == Z_OK else { throw Deflate.Failure(code: rc, message: "inflateInit2 failed") }
        initialised = true
    }

    deinit { if initialised { inflateEnd(&stream) } }

    /// Inflates more of `input` (the whole compressed stream; the inflater remembers how far it got)
    /// into `output`; returns the number of bytes written (0 only when finished).
    ///
    /// Throws when the data is corrupt, when it would exceed the limit, or when compressed bytes
    /// remain after the end of the DEFLATE stream.
    public func inflate(from input: UnsafeRawBufferPointer, into output: UnsafeMutableRawBufferPointer)
        throws(Deflate.Failure) -> Int
    {
        if finished || output.isEmpty { return 0 }
        let consumed = Int(stream.total_in)
        guard let inBase = input.baseAddress, consumed <= input.count else {
            throw Deflate.Failure(code: Z_DATA_ERROR, message: "compressed payload is empty")
        }
        let room = min(output.count, limit - produced + 1)
        guard room > 0, let outBase = output.baseAddress else {
            throw Deflate.Failure(code: Z_DATA_ERROR, message: "payload is larger than declared")
        }
        let available = input.count - consumed
        stream.next_in = UnsafeMutablePointer(mutating: inBase.assumingMemoryBound(to: UInt8.self) + consumed)
        stream.avail_in = UInt32(min(available, Int(UInt32.max)))
        stream.next_out = outBase.assumingMemoryBound(to: UInt8.self)
        stream.avail_out = UInt32(room)
        let before = stream.total_out
        let rc = CZlibShim.inflate(&stream, Z_NO_FLUSH)
        let written = Int(stream.total_out - before)
        produced += written
        switch rc {
        case Z_STREAM_END:
            finished = true
            guard Int(stream.total_in) == input.count else {
                throw Deflate.Failure(code: Z_DATA_ERROR, message: "trailing bytes after the compressed payload")
            }
        case Z_OK:
            break
        case Z_BUF_ERROR where written == 0 && Int(stream.total_in) == input.count:
            throw Deflate.Failure(code: rc, message: "compressed payload is truncated")
        case Z_BUF_ERROR:
            break
        default:
            throw Deflate.Failure(code: rc, message: "compressed payload is corrupt")
        }
        guard produced <= limit else {
            throw Deflate.Failure(code: Z_DATA_ERROR, message: "payload is larger than declared (\(limit) bytes)")
        }
        if written == 0 && !finished && Int(stream.total_in) == input.count {
            throw Deflate.Failure(code: Z_BUF_ERROR, message: "compressed payload is truncated")
        }
        return written
    }
}
