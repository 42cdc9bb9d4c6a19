import DistrictSyncCore
import Foundation
import Testing

@Suite("One catalogue of reason codes: every code the sources raise, its fault, its HTTP status, what to do")
struct ReasonCatalogueTests {
    /// Every reason code a source file raises: the first string of an error, rejection or refusal
    /// constructor (`HubError("code", …)`, `refuse("code", …)`), `reason: "code"` literals, and the
    /// raw values of the code enums in the error files (`CryptoError.Code`).
    static func raisedCodes() throws -> [String: Set<String>] {
        let sources = Fixtures.repoRoot.appendingPathComponent("Sources")
        let constructor = try Regex(
            #"\b(?:[A-Z][A-Za-z]*(?:Error|Failure|Rejection)|refuse)\(\s*"([a-z][a-z0-9_]*)""#)
        let reasonLiteral = try Regex(#"reason: "([a-z][a-z0-9_]*)""#)
        let codeCase = try Regex(#"case [a-zA-Z]+ = "([a-z][a-z0-9_]*)""#)
        var found: [String: Set<String>] = [:]
        let files = FileManager.default.enumerator(atPath: sources.path)?.compactMap { $0 as? String } ?? []
        for file in files where file.hasSuffix(".swift") {
            let text = try String(contentsOf: sources.appendingPathComponent(file), encoding: .utf8)
            for regex in [constructor, reasonLiteral] + (file.hasSuffix("Error.swift") ? [codeCase] : []) {
                for match in text.matches(of: regex) {
                    if let code = match.output[1].substring { found[String(code), default: []].insert(file) }
                }
            }
        }
        return found
    }

    @Test("every code raised anywhere in Sources is in the catalogue")
    func everyRaisedCodeIsCatalogued() throws {
        let raised = try Self.raisedCodes()
        #expect(raised.count > 100, "the scan found too few codes to be working")
        let known = Set(ReasonCode.allCases.map(\.rawValue))
        for (code, files) in raised.sorted(by: { $0.key < $1.key }) where !known.contains(code) {
            Issue.record("'\(code)' (raised in \(files.sorted().joined(separator: ", "))) is not in ReasonCode")
        }
    }

    @Test("every catalogued code appears in Sources as a literal (retired ones nowhere), so no entry outlives its code")
    func noDeadEntries() throws {
        var all = ""
        let sources = Fixtures.repoRoot.appendingPathComponent("Sources")
        for file in FileManager.default.enumerator(atPath: sources.path)?.compactMap({ $0 as? String }) ?? []
        where file.hasSuffix(".swift") && !file.hasPrefix("DistrictSyncCore/Reasons/") {
            all += try String(contentsOf: sources.appendingPathComponent(file), encoding: .utf8)
        }
        for code in ReasonCode.allCases where !ReasonCode.retired.contains(code) {
            #expect(all.contains("\"\(code.rawValue)\""), "\(code.rawValue) is catalogued but raised nowhere")
        }
        for code in ReasonCode.retired {
            #expect(!all.contains("\"\(code.rawValue)\""), "\(code.rawValue) is raised again: take it out of retired")
        }
    }

    @Test("hub faults answer 503 or 500 and never 4xx; a sender's fault is 4xx")
    func statusByFault() {
        for code in ReasonCode.allCases {
            switch code.fault {
            case .hub: #expect([500, 503].contains(code.httpStatus), "\(code.rawValue)")
            case .sender: #expect((400..<500).contains(code.httpStatus), "\(code.rawValue)")
            case .user: #expect([400, 404].contains(code.httpStatus), "\(code.rawValue)")
            case .conflict: #expect([202, 409].contains(code.httpStatus), "\(code.rawValue)")
            case .peer, .local: #expect(code.httpStatus == 500, "\(code.rawValue)")
            case .audit: #expect(code.httpStatus == 200, "\(code.rawValue)")
            }
        }
        #expect(ReasonCode.hubDiskFull.httpStatus == 503)
        #expect(ReasonCode.hubBusy.httpStatus == 503)
        #expect(ReasonCode.internalError.httpStatus == 500)
        #expect(ReasonCode.tooLarge.httpStatus == 413)
        #expect(ReasonCode.badSignature.httpStatus == 422)
        #expect(ReasonCode.fork.httpStatus == 409)
    }

    @Test("every entry says what it means and what to do")
    func entriesAreComplete() {
        for code in ReasonCode.allCases {
            #expect(!code.meaning.isEmpty && !code.action.isEmpty, "\(code.rawValue)")
            #expect(code.meaning != code.action, "\(code.rawValue)")
        }
    }

    @Test("docs/errors.md is the catalogue (regenerate: swift run dsync dev errors-doc > docs/errors.md)")
    func documentMatches() throws {
        let doc = try Fixtures.text("docs/errors.md")
        #expect(doc == ReasonCode.markdown())
    }
}
