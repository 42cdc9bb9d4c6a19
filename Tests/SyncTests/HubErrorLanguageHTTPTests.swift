import Foundation
import Testing

/// Issue 14 item 10 over HTTP: an error body's `message_vi` is the raise site's Vietnamese sentence
/// (not only the catalogue's), and `message` / `message_en` stay the English contract.
@Suite("HTTP error bodies carry the raise site's Vietnamese message next to the English one")
struct HubErrorLanguageHTTPTests {
    @Test("a changeset over the hub's size limit: message_vi says the size and the limit in Vietnamese")
    func rejectedSubmission() async throws {
        let f = try SyncFixture(settings: { $0.maxChangesetBytes = 100 })
        try await f.start()
        let reply = try await f.withClient {
            try await $0.post("/v1/changesets", body: [UInt8](repeating: 0x30, count: 200))
        }
        await f.stop()
        let json = try #require(try JSONSerialization.jsonObject(with: Data(reply.body)) as? [String: Any])
        #expect(json["outcome"] as? String == "rejected")
        #expect(json["reason"] as? String == "too_large")
        #expect(json["message"] as? String == "the file is 200 bytes; the limit is 100")
        #expect(json["message_en"] as? String == "the file is 200 bytes; the limit is 100")
        #expect(json["message_vi"] as? String == "tệp dài 200 byte; giới hạn là 100 byte")
    }

    @Test("a body refused from its head alone (too large): message_vi is the guard's Vietnamese sentence")
    func refusedFromHead() async throws {
        let f = try SyncFixture()
        try await f.start(maxBody: 1000)
        let socket = try RawSocket(port: f.port, receiveTimeoutSeconds: 5)
        socket.send("POST /v1/changesets HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 5000\r\n\r\n")
        let (bytes, _) = socket.readAll()
        await f.stop()
        #expect(RawSocket.status(bytes) == 413)
        let text = String(decoding: bytes, as: UTF8.self)
        let body = try #require(text.range(of: "\r\n\r\n").map { text[$0.upperBound...] })
        let json = try #require(try JSONSerialization.jsonObject(with: Data(body.utf8)) as? [String: Any])
        #expect(
            json["message"] as? String == "the body is 5000 bytes; this hub accepts at most 1000 bytes per changeset")
        #expect(
            json["message_vi"] as? String
                == "nội dung dài 5000 byte; hub này nhận tối đa 1000 byte cho một tập thay đổi")
    }

    @Test("a bad query on a log route: message_vi is the route's Vietnamese sentence")
    func badQuery() async throws {
        let f = try SyncFixture()
        try await f.start()
        let reply = try await f.withClient { try await $0.get("/v1/log/proof/inclusion?id=xyz") }
        await f.stop()
        let json = try #require(try JSONSerialization.jsonObject(with: Data(reply.body)) as? [String: Any])
        #expect(json["reason"] as? String == "bad_option")
        #expect(json["message"] as? String == "id must be the 64 lowercase hex digits of a changeset id")
        #expect(
            json["message_vi"] as? String == "id phải là 64 chữ số thập lục phân viết thường của mã một tập thay đổi")
    }
}
