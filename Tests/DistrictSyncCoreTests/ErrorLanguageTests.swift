import DistrictSyncCore
import Foundation
import Testing

/// Every detail line raised by the core has a Vietnamese text: real failures are checked to read in
/// Vietnamese by default and in English with `--lang en`, and a scan of the sources fails on an
/// English-only raise site.
@Suite("Error detail lines in the core, the store and crypto have a Vietnamese text as well as the English one")
struct ErrorLanguageTests {
    /// Checks that `error` carries `code`, a Vietnamese message with Vietnamese letters in NFC, and an
    /// English message that differs from it and contains `english` (when given).
    static func expectBilingual(
        _ error: CoreError, code: String, english: String? = nil, sourceLocation: SourceLocation = #_sourceLocation
    ) {
        let vi = error.message(in: .vi)
        let en = error.message(in: .en)
        #expect(error.code == code, sourceLocation: sourceLocation)
        #expect(error.localized != nil, "\(code) has no Vietnamese text: \(en)", sourceLocation: sourceLocation)
        #expect(
            vi.contains(where: LocalizationTests.vietnameseLetters.contains), "\(code): \(vi)",
            sourceLocation: sourceLocation)
        #expect(vi != en, "\(code): \(vi)", sourceLocation: sourceLocation)
        #expect(en == error.message, sourceLocation: sourceLocation)
        #expect(
            !en.contains(where: LocalizationTests.vietnameseLetters.contains), "\(en)", sourceLocation: sourceLocation)
        #expect(
            vi.precomposedStringWithCanonicalMapping.unicodeScalars.elementsEqual(vi.unicodeScalars),
            "\(code) is not NFC", sourceLocation: sourceLocation)
        if let english { #expect(en.contains(english), "\(en)", sourceLocation: sourceLocation) }
    }

    /// The error thrown by `body`, failing the test when nothing is thrown.
    static func failure(_ body: () throws -> Void, sourceLocation: SourceLocation = #_sourceLocation) -> CoreError? {
        do {
            try body()
            Issue.record("no error was thrown", sourceLocation: sourceLocation)
        } catch let error as CoreError {
            return error
        } catch {
            Issue.record("not a CoreError: \(error)", sourceLocation: sourceLocation)
        }
        return nil
    }

    @Test("a truncated or foreign changeset is refused in Vietnamese, naming the part in Vietnamese")
    func changesetErrors() throws {
        let content = try ChangesetCodec.encode(header: Fixtures.header(), changes: Fixtures.vectorChanges)
        if let e = Self.failure({ _ = try ChangesetCodec.decode(Array(content.prefix(12))) }) {
            Self.expectBilingual(e, code: "truncated", english: "the changeset ends inside the")
            #expect(e.message(in: .vi).contains("tập thay đổi kết thúc giữa chừng"))
        }
        if let e = Self.failure({ _ = try ChangesetCodec.decode(Array("not a changeset at all".utf8)) }) {
            Self.expectBilingual(e, code: "bad_magic", english: "DSYNCCS")
            #expect(e.message(in: .vi).hasPrefix("đây không phải tập thay đổi DistrictSync"))
        }
        var extended = content
        extended.append(contentsOf: [0, 0, 0])
        if let e = Self.failure({ _ = try ChangesetCodec.decode(extended) }) {
            Self.expectBilingual(e, code: e.code)
        }
    }

    @Test("bad receipts, checkpoints, proofs and plans are refused in Vietnamese")
    func logAndPlanErrors() {
        if let e = Self.failure({ _ = try Receipt.decode(Array("NOTARECEIPT".utf8)) }) {
            Self.expectBilingual(e, code: "bad_receipt", english: "DSYNCRC")
        }
        if let e = Self.failure({ _ = try Checkpoint.parse("origin\n") }) {
            Self.expectBilingual(e, code: "bad_checkpoint", english: "checkpoint: ")
            #expect(e.message(in: .vi).hasPrefix("điểm kiểm (checkpoint): "))
        }
        let root = [UInt8](repeating: 1, count: 32)
        if let e = Self.failure({
            try MerkleProof.verifyConsistency(size1: 5, size2: 3, root1: root, root2: root, proof: [])
        }) {
            Self.expectBilingual(e, code: "log_inconsistent", english: "the tree shrank from 5 to 3 leaves")
            #expect(e.message(in: .vi) == "cây đã thu nhỏ từ 5 xuống 3 lá")
        }
        if let e = Self.failure({ _ = try Plan.parse(yaml: "", source: "plans/x.yaml") }) {
            Self.expectBilingual(e, code: "bad_plan", english: "plans/x.yaml: empty")
            #expect(e.message(in: .vi).hasPrefix("plans/x.yaml: tệp trống"))
        }
        if let e = Self.failure({ _ = try Plan.parse(yaml: "id: x\nbogus: 1\n", source: "plans/x.yaml") }) {
            Self.expectBilingual(e, code: "bad_plan", english: "unknown key")
            #expect(e.message(in: .vi).contains("kế hoạch: khoá"))
        }
    }

    @Test("unit lists, size rules and vocabularies are refused in Vietnamese, values kept as typed")
    func configErrors() {
        let units =
            "code,name_vi,name_ascii,kind,valid_from,valid_to,successor_code,source\n"
            + "76x,Quận 1,Quan 1,quan,2004-07-08,,,test\n"
        if let e = Self.failure({ _ = try OrgUnitList(csv: units) }) {
            Self.expectBilingual(e, code: "bad_district_list", english: "unit list line 2: code '76x' is not a number")
            #expect(e.message(in: .vi).hasPrefix("danh sách đơn vị, dòng 2: mã '76x' không phải là số"))
        }
        let rules =
            "rule_id,from_year,to_year,method,sector,class,max_employees,max_revenue_bn,max_capital_bn\n"
            + "56/2009,20x9,2017,capital_then_employees,agriculture,micro,10,,\n"
        if let e = Self.failure({ _ = try SizeRuleTable(csv: rules) }) {
            Self.expectBilingual(e, code: "bad_size_rules", english: "size rules line 2: bad year")
        }
        if let e = Self.failure({ _ = try OfficerRole.parse("astronaut") }) {
            Self.expectBilingual(e, code: "unknown_value", english: "role 'astronaut' is not one of")
            #expect(e.message(in: .vi).hasPrefix("chức vụ 'astronaut' không thuộc các giá trị"))
        }
    }

    /// Sources of the targets whose raise sites must all give Vietnamese.
    static func sources(_ target: String) throws -> [(String, String)] {
        let folder = Fixtures.repoRoot.appendingPathComponent("Sources/\(target)")
        let files = try #require(FileManager.default.enumerator(atPath: folder.path)).compactMap { $0 as? String }
            .filter { $0.hasSuffix(".swift") }.sorted()
        return try files.map { ($0, try String(contentsOf: folder.appendingPathComponent($0), encoding: .utf8)) }
    }

    @Test("no raise site in DistrictSyncCore, DistrictSyncStore or DistrictSyncCrypto gives an English-only text")
    func noEnglishOnlyRaiseSite() throws {
        // An error made with a string literal (or a bare interpolated string) as its message, rather
        // than a LocalizedText: `CoreError("code", "…")`, `StoreError("code", "…")`,
        // `CryptoError(.code, "…")`.
        let englishOnly = try Regex(#"(CoreError|StoreError)\(\s*"[a-z_]+",\s*""#)
        let cryptoEnglishOnly = try Regex(#"CryptoError\(\s*\.[A-Za-z]+,\s*""#)
        var offenders: [String] = []
        for target in ["DistrictSyncCore", "DistrictSyncStore", "DistrictSyncCrypto"] {
            let sources = try Self.sources(target)
            #expect(sources.count > 5, "no sources found for \(target)")
            for (file, text) in sources {
                let count = text.matches(of: englishOnly).count + text.matches(of: cryptoEnglishOnly).count
                if count > 0 { offenders.append("\(target)/\(file): \(count)") }
                #expect(
                    text.precomposedStringWithCanonicalMapping.unicodeScalars.elementsEqual(text.unicodeScalars),
                    "\(target)/\(file) is not NFC")
            }
        }
        #expect(offenders.isEmpty, "English-only raise sites: \(offenders.joined(separator: ", "))")
    }
}
