public import DistrictSyncCore
import Foundation

/// A form saved unfinished (possibly with errors) in the node home, `HOME/drafts/ID.json`: on the
/// node's disk, so clearing the browser loses nothing. Drafts are working copies, never synced
/// and never checked; saving the record through the form deletes its draft.
public struct Draft: Codable, Sendable, Equatable {
    public enum Kind: String, Codable, Sendable, CaseIterable {
        case enterprise, officer
        /// A survey answer form (its fields carry `tax_code` and `year`).
        case survey
    }

    public let id: String
    public let kind: Kind
    /// The form's fields by CSV column name, as typed.
    public let fields: [String: String]
    public let savedMillis: Int64

    enum CodingKeys: String, CodingKey {
        case id, kind, fields
        case savedMillis = "saved_millis"
    }
}

extension NodeSession {
    /// At most this many drafts, each at most this many bytes.
    public static let maxDrafts = 500
    static let maxDraftBytes = 64 * 1024

    var draftsDirectory: String { home.path + "/drafts" }

    /// Saves (or, with `id`, replaces) a draft; returns its id.
    public func saveDraft(kind: Draft.Kind, fields: [String: String], id: String? = nil) throws -> String {
        let id = try id.map(checkedDraftID) ?? makeID()
        let draft = Draft(id: id, kind: kind, fields: fields, savedMillis: clock.nowMillis())
        let data = try JSONEncoder().encode(draft)
        guard data.count <= Self.maxDraftBytes else {
            throw NodeError(
                "draft_too_large",
                LocalizedText(
                    vi:
                        "bản nháp có \(data.count) byte, quá giới hạn \(Self.maxDraftBytes) byte; rút ngắn các ô rồi lưu lại",
                    en:
                        "the draft is \(data.count) bytes, over the \(Self.maxDraftBytes)-byte limit; shorten the fields"
                ))
        }
        let fm = FileManager.default
        try? fm.createDirectory(atPath: draftsDirectory, withIntermediateDirectories: true)
        let path = draftsDirectory + "/\(id).json"
        if !fm.fileExists(atPath: path), try drafts().count >= Self.maxDrafts {
            throw NodeError(
                "too_many_drafts",
                LocalizedText(
                    vi: "đã có \(Self.maxDrafts) bản nháp; hoàn thành hoặc xóa bớt bản nháp cũ trước",
                    en: "there are already \(Self.maxDrafts) drafts; finish or delete some first"))
        }
        try Self.writeAtomically(data, to: path)
        return id
    }

    /// Every draft, newest first.
    public func drafts() throws -> [Draft] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: draftsDirectory)) ?? []
        return names.filter { $0.hasSuffix(".json") }.compactMap { name -> Draft? in
            let path = draftsDirectory + "/" + name
            guard let data = FileManager.default.contents(atPath: path), data.count <= Self.maxDraftBytes else {
                return nil
            }
            return try? JSONDecoder().decode(Draft.self, from: data)
        }.sorted { $0.savedMillis != $1.savedMillis ? $0.savedMillis > $1.savedMillis : $0.id < $1.id }
    }

    /// The draft with `id`.
    public func draft(_ id: String) throws -> Draft {
        let id = try checkedDraftID(id)
        guard let found = try drafts().first(where: { $0.id == id }) else {
            throw NodeError(
                "unknown_draft",
                LocalizedText(
                    vi: "không có bản nháp mang mã '\(id)'; xem danh sách bản nháp",
                    en: "no draft with id '\(id)'; see the list of drafts"))
        }
        return found
    }

    /// Deletes a draft (nothing when it is already gone).
    public func deleteDraft(_ id: String) throws {
        let id = try checkedDraftID(id)
        try? FileManager.default.removeItem(atPath: draftsDirectory + "/\(id).json")
    }

    /// A draft id names a file: only lower-case hex digits and dashes.
    func checkedDraftID(_ id: String) throws -> String {
        guard (1...64).contains(id.count), id.allSatisfy({ $0.isHexDigit && !$0.isUppercase || $0 == "-" }) else {
            throw NodeError(
                "unknown_draft",
                LocalizedText(
                    vi: "mã bản nháp '\(id.prefix(64))' không hợp lệ; mở bản nháp từ danh sách",
                    en: "draft id '\(id.prefix(64))' is not valid; open the draft from the list"))
        }
        return id
    }
}
