internal import CLibXML2
import Foundation

/// Streams one XML part to closures through libxml2's SAX2 parser: element starts and ends by
/// local name (any `x:` prefix dropped) and the text inside them. Entities and DTDs are never
/// resolved: a part with a DOCTYPE or an ENTITY declaration is refused before parsing (OOXML parts
/// never have one), the parser never touches the network, and predefined and character references
/// (`&amp;`, `&#233;`) arrive as their text.
///
/// libxml2 directly, not Foundation's `XMLParser` (which wraps the same library): `XMLParser`
/// builds an `NSString` and a dictionary for every element, which made a 10,000-row sheet take
/// three times as long as the CSV of the same rows (issue 15, item 7).
final class XMLEvents {
    var start: (String, XMLAttributes) -> Void = { _, _ in }
    var end: (String) -> Void = { _ in }
    var text: (String) -> Void = { _ in }
    private var failed = false

    static let initialised: Bool = {
        xmlInitParser()
        return true
    }()

    static func local(_ name: String) -> Substring {
        guard let colon = name.lastIndex(of: ":") else { return name[...] }
        return name[name.index(after: colon)...]
    }

    /// Whether `data` holds `marker` (bytes).
    static func contains(_ data: Data, _ marker: String) -> Bool {
        let needle = Array(marker.utf8)
        return data.withUnsafeBytes { (buffer: UnsafeRawBufferPointer) -> Bool in
            guard let base = buffer.baseAddress, buffer.count >= needle.count, let first = needle.first else {
                return false
            }
            var at = base
            let last = base + (buffer.count - needle.count)
            while at <= last {
                guard let hit = memchr(at, Int32(first), last - at + 1) else { return false }
                if memcmp(hit, needle, needle.count) == 0 { return true }
                at = UnsafeRawPointer(hit) + 1
            }
            return false
        }
    }

    /// Parses `data`; false when it is not well-formed XML (or carries a DTD).
    func parse(_ data: Data) -> Bool {
        if Self.contains(data, "<!DOCTYPE") || Self.contains(data, "<!ENTITY") { return false }
        guard data.count < Int(Int32.max) else { return false }
        _ = Self.initialised
        var handler = xmlSAXHandler()
        clibxml2_sax2_handler(&handler)
        handler.startElementNs = { context, localName, _, _, _, _, attributeCount, _, attributes in
            guard let context, let localName else { return }
            let events = Unmanaged<XMLEvents>.fromOpaque(context).takeUnretainedValue()
            events.start(
                String(cString: localName),
                XMLAttributes(base: attributes, count: Int(max(0, attributeCount))))
        }
        handler.endElementNs = { context, localName, _, _ in
            guard let context, let localName else { return }
            Unmanaged<XMLEvents>.fromOpaque(context).takeUnretainedValue().end(String(cString: localName))
        }
        handler.characters = { context, bytes, count in
            guard let context, let bytes, count > 0 else { return }
            Unmanaged<XMLEvents>.fromOpaque(context).takeUnretainedValue().text(
                String(decoding: UnsafeBufferPointer(start: bytes, count: Int(count)), as: UTF8.self))
        }
        handler.cdataBlock = handler.characters
        handler.serror = { context, error in
            // Warnings (a relative namespace URI, say) do not make a part unreadable.
            guard let context, let error, error.pointee.level.rawValue >= XML_ERR_ERROR.rawValue else { return }
            Unmanaged<XMLEvents>.fromOpaque(context).takeUnretainedValue().failed = true
        }
        failed = false
        let me = Unmanaged.passUnretained(self).toOpaque()
        guard let parser = xmlCreatePushParserCtxt(&handler, me, nil, 0, nil) else { return false }
        defer { xmlFreeParserCtxt(parser) }
        _ = xmlCtxtUseOptions(parser, Int32(XML_PARSE_NONET.rawValue))
        let rc = data.withUnsafeBytes { (buffer: UnsafeRawBufferPointer) -> Int32 in
            xmlParseChunk(parser, buffer.baseAddress?.assumingMemoryBound(to: CChar.self), Int32(buffer.count), 1)
        }
        return withExtendedLifetime(self) { rc == 0 && parser.pointee.wellFormed != 0 && !failed }
    }
}

/// The attributes of one element as libxml2's SAX2 parser passes them (five pointers each: local
/// name, prefix, namespace, value start, value end), read only while the start callback runs.
struct XMLAttributes {
    let base: UnsafeMutablePointer<UnsafePointer<xmlChar>?>?
    let count: Int

    /// The value of the attribute whose qualified name (`prefix:name`, or `name`) is `name`.
    subscript(_ name: String) -> String? {
        guard let base else { return nil }
        if name.utf8.contains(UInt8(ascii: ":")) {
            for i in 0..<count where qualifiedName(base, i) == name { return value(base, i) }
            return nil
        }
        return name.withCString { wanted in
            for i in 0..<count where base[5 * i + 1] == nil {
                if let local = base[5 * i],
                    strcmp(UnsafeRawPointer(local).assumingMemoryBound(to: CChar.self), wanted) == 0
                {
                    return value(base, i)
                }
            }
            return nil
        }
    }

    /// Every attribute, by qualified name, in document order.
    var all: [(name: String, value: String)] {
        guard let base else { return [] }
        return (0..<count).map { (qualifiedName(base, $0), value(base, $0)) }
    }

    private func qualifiedName(_ base: UnsafeMutablePointer<UnsafePointer<xmlChar>?>, _ i: Int) -> String {
        let local = base[5 * i].map { String(cString: $0) } ?? ""
        guard let prefix = base[5 * i + 1] else { return local }
        return String(cString: prefix) + ":" + local
    }

    private func value(_ base: UnsafeMutablePointer<UnsafePointer<xmlChar>?>, _ i: Int) -> String {
        guard let start = base[5 * i + 3], let end = base[5 * i + 4] else { return "" }
        return String(decoding: UnsafeBufferPointer(start: start, count: end - start), as: UTF8.self)
    }
}
