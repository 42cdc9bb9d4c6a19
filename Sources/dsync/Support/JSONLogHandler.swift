import Foundation
import Logging

/// A swift-log handler that writes one JSON object a line: `time` (RFC 3339 UTC, milliseconds),
/// `level`, `event` (the message), `logger` (the label), then the metadata as fields (changeset
/// ids, reason codes, …; the callers never put key material or passphrases there). Keys are sorted
/// so a line is stable; control characters in values are escaped by the JSON encoder.
struct JSONLogHandler: LogHandler {
    /// Where lines go; a lock keeps lines from several threads whole.
    final class Sink: @unchecked Sendable {
        private let lock = NSLock()
        private let handle: FileHandle

        init(handle: FileHandle) { self.handle = handle }

        static let standardError = Sink(handle: .standardError)

        func write(_ line: [UInt8]) {
            lock.withLock { handle.write(Data(line)) }
        }
    }

    let label: String
    let sink: Sink
    var logLevel: Logger.Level = .info
    var metadata: Logger.Metadata = [:]
    var metadataProvider: Logger.MetadataProvider?

    init(label: String, sink: Sink) {
        self.label = label
        self.sink = sink
    }

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        var fields: [String: Any] = [:]
        var merged = metadata
        if let provided = metadataProvider?.get() { merged.merge(provided) { _, new in new } }
        if let extra = event.metadata { merged.merge(extra) { _, new in new } }
        for (key, value) in merged { fields[key] = Self.plain(value) }
        fields["time"] = Self.timestamp(Date())
        fields["level"] = event.level.rawValue
        fields["event"] = event.message.description
        fields["logger"] = label
        guard
            let data = try? JSONSerialization.data(
                withJSONObject: fields, options: [.sortedKeys, .withoutEscapingSlashes])
        else { return }
        sink.write([UInt8](data) + [10])
    }

    /// Metadata as JSON values: strings, arrays and objects as they are; string-convertibles as text.
    static func plain(_ value: Logger.Metadata.Value) -> Any {
        switch value {
        case .string(let s): return s
        case .stringConvertible(let c): return c.description
        case .array(let values): return values.map(plain)
        case .dictionary(let d): return d.mapValues(plain)
        }
    }

    static func timestamp(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        formatter.timeZone = TimeZone(identifier: "UTC")
        return formatter.string(from: date)
    }
}
