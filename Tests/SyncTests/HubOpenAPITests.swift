import DistrictSyncCore
import DistrictSyncTesting
import Foundation
import Testing

@testable import HubServer

/// docs/openapi.yaml is the contract of `hub serve` (issue 17 item 1): a route the server has and
/// the document lacks, or one the document promises and the server lacks, fails here; CI also
/// validates the document and fuzzes the live server with it (`scripts/check-api`).
@Suite("docs/openapi.yaml names every route hub serve has, and no other")
struct HubOpenAPITests {
    /// "METHOD /path/{param}" of every operation in the document. The document is written with two
    /// spaces a level: paths at level 1 of `paths:`, methods at level 2.
    static func documented() throws -> Set<String> {
        let text = try String(contentsOfFile: TestPKI.repositoryRoot + "/docs/openapi.yaml", encoding: .utf8)
        var operations: Set<String> = []
        var inPaths = false
        var path: String?
        let methods: Set<String> = ["get", "put", "post", "delete", "patch", "head", "options"]
        for line in text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) {
            if !line.hasPrefix(" ") && !line.isEmpty { inPaths = line == "paths:" }
            guard inPaths else { continue }
            if line.hasPrefix("  /") && !line.hasPrefix("   ") && line.hasSuffix(":") {
                path = String(line.dropFirst(2).dropLast())
            } else if line.hasPrefix("    ") && !line.hasPrefix("     ") && line.hasSuffix(":"), let path {
                let method = String(line.dropFirst(4).dropLast())
                if methods.contains(method) { operations.insert(method.uppercased() + " " + path) }
            }
        }
        return operations
    }

    /// The router's routes with Hummingbird's `:name` captures written as OpenAPI `{name}`.
    static func served() throws -> Set<String> {
        let f = try SyncFixture()
        let router = HubHTTPServer.makeRouter(
            worker: f.worker, options: HubServerOptions(host: "127.0.0.1", port: 0, insecureHTTP: true),
            clock: FixedWallClock(millis: SyncFixture.hubNow))
        return Set(
            router.routes.map { route in
                let segments = route.path.description.split(separator: "/").map { segment in
                    segment.hasPrefix(":") ? "{" + segment.dropFirst() + "}" : String(segment)
                }
                return route.method.rawValue + " /" + segments.joined(separator: "/")
            })
    }

    @Test("every route of hub serve is documented in docs/openapi.yaml and every documented route is served")
    func sameRoutes() throws {
        let documented = try Self.documented()
        let served = try Self.served()
        #expect(served.count >= 13, "\(served.sorted())")
        #expect(
            served.subtracting(documented).isEmpty,
            "served but not documented: \(served.subtracting(documented).sorted())")
        #expect(
            documented.subtracting(served).isEmpty,
            "documented but not served: \(documented.subtracting(served).sorted())")
    }
}
