import Foundation
import Testing

/// Issue 14 item 10: human output is in one language, Vietnamese by default. A coded error raised
/// with a bare string literal has no Vietnamese text (it would be shown in English even in
/// Vietnamese mode), so in the hub, the hub server, the shared verifier and the CLI every raise
/// site gives a `LocalizedText(vi:en:)`.
@Suite("No English-only coded error in the hub, the hub server, the verifier and the CLI")
struct NoEnglishOnlyErrorsTests {
    /// The targets whose raise sites must give both languages.
    static let targets = [
        "CityHub/", "HubServer/", "ChangesetVerification/", "dsync/", "DistrictNode/", "NodeSync/", "NodeUI/",
    ]

    /// Files allowed to raise English-only errors: developer tools whose errors are for developers
    /// (ArgumentParser's `ValidationError` has no Vietnamese side).
    static let allowed = ["dsync/Dev/BenchSignCommand.swift"]

    /// A coded error's initialiser called with a string literal as its message, over line breaks:
    /// `HubError("code", "text")`, `ServeError(\n "code",\n "text" + ...)`.
    static func englishOnly() throws -> Regex<AnyRegexOutput> {
        try Regex(
            #"\b(HubError|NodeError|ServeError|ChangesetRejection|StoreError|CoreError|SyncError)\(\s*"[^"\n]*"\s*,\s*"|\bValidationError\(\s*""#
        )
    }

    static var sourcesPath: String {
        // Tests/CityHubTests/Architecture/<this file> → the package root.
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Sources").path
    }

    /// `path:line: text` of every English-only raise site in the targets.
    static func offendingSites() throws -> [String] {
        let root = sourcesPath
        guard let files = FileManager.default.enumerator(atPath: root) else { return ["cannot read \(root)"] }
        let pattern = try Self.englishOnly()
        var found: [String] = []
        for case let file as String in files where file.hasSuffix(".swift") {
            guard targets.contains(where: { file.hasPrefix($0) }), !allowed.contains(file) else { continue }
            let text = try String(contentsOfFile: root + "/" + file, encoding: .utf8)
            for match in text.matches(of: pattern) {
                let line = text[..<match.range.lowerBound].count { $0 == "\n" } + 1
                let call = text[match.range].split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
                found.append("Sources/\(file):\(line): \(call.joined(separator: " "))")
            }
        }
        return found.sorted()
    }

    @Test("the scan sees the targets and recognises an English-only raise site when it meets it")
    func scanWorks() throws {
        let pattern = try Self.englishOnly()
        #expect(FileManager.default.fileExists(atPath: Self.sourcesPath + "/CityHub/HubError.swift"))
        for text in [
            #"throw HubError("no_hub", "\(path) is missing")"#,
            "throw ServeError(\n    \"bad_listen\",\n    \"--listen \\(text) is not HOST:PORT\")",
            #"throw ChangesetRejection("internal_error", "\(error)")"#,
            #"throw ValidationError("--signing-time is not ISO 8601")"#,
            "HubError(\n\"bad_option\", \"give --reason\" + \"TEXT\")",
        ] {
            #expect(text.contains(pattern), "\(text)")
        }
        for text in [
            #"throw HubError("no_hub", LocalizedText(vi: "\(path) không có", en: "\(path) is missing"))"#,
            "throw HubError(\n    \"no_hub\",\n    LocalizedText(\n        vi: \"thiếu\", en: \"missing\"))",
            #"return HubError(e.code, e.text)"#,
            #"throw HubError(rejection.code, Self.message(rejection, p))"#,
        ] {
            #expect(!text.contains(pattern), "\(text)")
        }
    }

    @Test("every coded error raised in CityHub, HubServer, ChangesetVerification and dsync gives a Vietnamese text")
    func noEnglishOnlySite() throws {
        let found = try Self.offendingSites()
        #expect(found.isEmpty, "English-only raise sites:\n\(found.joined(separator: "\n"))")
    }
}
