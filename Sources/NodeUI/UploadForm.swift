import DistrictNode
import Foundation
import MultipartKit
import NIOCore

/// A `multipart/form-data` body (the import page's upload), parsed with MultipartKit: the text
/// fields by name and the one file part (its name as the browser gave it, and its bytes).
struct UploadForm {
    /// The largest upload body: the file and the few small fields beside it.
    static let maxBodyBytes = NodeSession.maxUploadBytes + 64 * 1024
    /// The most parts a body may have (the form has five).
    static let maxParts = 16

    private(set) var fields: [String: String] = [:]
    private(set) var fileName = ""
    private(set) var file: [UInt8]?

    subscript(_ name: String) -> String { fields[name] ?? "" }

    /// The boundary of a `multipart/form-data` content type, nil for any other type.
    static func boundary(contentType: String?) -> String? {
        guard let contentType else { return nil }
        let parts = contentType.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }
        guard parts.first?.lowercased() == "multipart/form-data" else { return nil }
        for part in parts.dropFirst() where part.lowercased().hasPrefix("boundary=") {
            var value = part.dropFirst("boundary=".count)
            if value.hasPrefix("\""), value.hasSuffix("\""), value.count >= 2 { value = value.dropFirst().dropLast() }
            return value.isEmpty || value.count > 200 ? nil : String(value)
        }
        return nil
    }

    /// Parses `body`; nil when it is not a well-formed multipart body of at most `maxParts` parts.
    init?(body: ByteBuffer, boundary: String) {
        let parser = MultipartParser(boundary: boundary)
        var parts: [(headers: [(String, String)], body: ByteBuffer)] = []
        var headers: [(String, String)] = []
        var current = ByteBuffer()
        var tooMany = false
        parser.onHeader = { name, value in headers.append((name, value)) }
        parser.onBody = { chunk in current.writeBuffer(&chunk) }
        parser.onPartComplete = {
            if parts.count >= Self.maxParts {
                tooMany = true
            } else {
                parts.append((headers, current))
            }
            headers = []
            current = ByteBuffer()
        }
        do { try parser.execute(body) } catch { return nil }
        guard !tooMany, !parts.isEmpty else { return nil }
        for part in parts {
            guard
                let disposition = part.headers.first(where: { $0.0.lowercased() == "content-disposition" })?.1,
                let name = Self.parameter("name", in: disposition)
            else { continue }
            if let fileName = Self.parameter("filename", in: disposition) {
                guard name == "file", file == nil else { continue }
                self.fileName = fileName
                file = Array(part.body.readableBytesView)
            } else {
                fields[name] = String(decoding: part.body.readableBytesView, as: UTF8.self)
            }
        }
    }

    /// A parameter of a `Content-Disposition` header (`name="kind"`).
    static func parameter(_ key: String, in header: String) -> String? {
        for piece in header.split(separator: ";").dropFirst() {
            let pair = piece.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            guard pair.count == 2, pair[0].lowercased() == key else { continue }
            var value = Substring(pair[1])
            if value.hasPrefix("\""), value.hasSuffix("\""), value.count >= 2 { value = value.dropFirst().dropLast() }
            return value.replacingOccurrences(of: "\\\"", with: "\"")
        }
        return nil
    }
}
