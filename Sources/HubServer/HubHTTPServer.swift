public import CityHub
public import DistrictSyncCore
public import DistrictSyncCrypto
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdCore
import HummingbirdTLS
public import Logging
import NIOCore
import NIOSSL
import ServerTLS

/// The request context: the peer's address, for the audit log's `source`.
struct HubRequestContext: RequestContext {
    var coreContext: CoreRequestContextStorage
    let peer: String

    init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        peer = source.channel.remoteAddress.map { "\($0.ipAddress ?? "?"):\($0.port ?? 0)" } ?? "unknown"
    }
}

/// `dsync hub serve`: the hub as an HTTPS service. It only carries bytes: every changeset goes
/// through `MergeWorker.submit`, which is `HubService.submit`, the same call `hub import` makes.
public enum HubHTTPServer {
    /// Runs until SIGTERM/SIGINT (graceful: in-flight requests and merges finish) or until the
    /// calling task is cancelled. `onRunning` receives the base URL once the socket is bound.
    public static func run(
        worker: MergeWorker, options: HubServerOptions, tlsKey: PrivateKey?, clock: any WallClock,
        logger: Logger, handleSignals: Bool = true, onRunning: @escaping @Sendable (String) async -> Void
    ) async throws {
        let server = try serverBuilder(worker: worker, options: options, tlsKey: tlsKey)
        let scheme = options.insecureHTTP ? "http" : "https"
        let router = makeRouter(worker: worker, options: options, clock: clock)
        let app = Application(
            router: router, server: server,
            configuration: ApplicationConfiguration(
                address: .hostname(options.host, port: options.port), serverName: "dsync-hub",
                availableConnectionsDelegate: MaximumAvailableConnections(options.maxConnections)),
            onServerRunning: { channel in
                let port = channel.localAddress?.port ?? options.port
                let host = options.host.contains(":") ? "[\(options.host)]" : options.host
                await onRunning("\(scheme)://\(host):\(port)")
            }, logger: logger)
        if handleSignals {
            try await app.runService(gracefulShutdownSignals: [.sigterm, .sigint])
        } else {
            try await app.runService(gracefulShutdownSignals: [])
        }
        await worker.drain()
    }

    /// Checks the listening rules and builds the HTTP/1.1 (+TLS) channel with the request guard.
    static func serverBuilder(worker: MergeWorker, options: HubServerOptions, tlsKey: PrivateKey?) throws
        -> HTTPServerBuilder
    {
        let maxBody = options.maxBodyBytes
        let timeout = TimeAmount.seconds(Int64(options.requestTimeoutSeconds))
        let limits = ConnectionLimits(
            maxPerPeer: options.maxConnectionsPerPeer, maxTotal: options.maxConnections,
            maxBodyMemoryBytes: max(options.maxBodyMemoryBytes, maxBody), metrics: worker.metrics)
        let revocation = options.requireClientCertificate ? ClientRevocation(home: worker.home) : nil
        let handshake = TimeAmount.seconds(Int64(max(1, options.handshakeTimeoutSeconds)))
        let writeTimeout = TimeAmount.seconds(Int64(max(1, options.writeTimeoutSeconds)))
        let pipelined = options.maxPipelinedRequests
        let http1 = HTTPServerBuilder.http1(
            configuration: .init(
                additionalChannelHandlers: [
                    RequestGuard(
                        maxBodyBytes: maxBody, requestTimeout: timeout, handshakeTimeout: handshake,
                        writeTimeout: writeTimeout, maxPipelined: pipelined, limits: limits, revocation: revocation
                    ) { reason, declared in
                        worker.recordRefusal(
                            reason: reason,
                            message: declared.map { "declared body of \($0) bytes; limit \(maxBody)" }
                                ?? "body refused (\(reason))", source: "http")
                    }
                ], idleTimeout: .seconds(Int64(options.idleTimeoutSeconds))))
        if options.insecureHTTP {
            guard HubServerOptions.isLoopback(options.host) else {
                throw ServeError(
                    "insecure_not_loopback",
                    LocalizedText(
                        vi: "--insecure-http chỉ được dùng trên địa chỉ loopback (127.0.0.1, ::1, localhost), "
                            + "không phải \(options.host); ghi --tls-cert và --tls-key để phục vụ trên "
                            + "các địa chỉ khác",
                        en: "--insecure-http is only allowed on a loopback address (127.0.0.1, ::1, localhost), not "
                            + "\(options.host); give --tls-cert and --tls-key to serve other addresses"))
            }
            guard !options.requireClientCertificate else {
                throw ServeError(
                    "mtls_needs_tls",
                    LocalizedText(
                        vi: "--require-client-cert cần TLS; bỏ --insecure-http",
                        en: "--require-client-cert needs TLS; drop --insecure-http"))
            }
            return http1
        }
        guard let certPath = options.tlsCertificate, let key = tlsKey else {
            throw ServeError(
                "no_tls",
                LocalizedText(
                    vi: "ghi --tls-cert TỆP và --tls-key TỆP (chứng thư số của hub do hệ thống "
                        + "PKI của thành phố cấp), hoặc --insecure-http trên địa chỉ loopback để " + "thử nghiệm",
                    en:
                        "give --tls-cert FILE and --tls-key FILE (the hub certificate from the city PKI), or --insecure-http "
                        + "on a loopback address for testing"))
        }
        let tls = try ServerTLS.configuration(
            certificatePath: certPath, chainPath: options.tlsChain, key: key,
            clientRoots: options.requireClientCertificate ? try trustAnchors(worker) : nil)
        return try .tls(http1, tlsConfiguration: tls)
    }

    static func trustAnchors(_ worker: MergeWorker) throws -> [Certificate] {
        var roots: [Certificate] = []
        for anchor in worker.settings.trustAnchors {
            roots += try Certificate.loadAll(path: worker.home.resolve(anchor))
        }
        return roots
    }

    static func bytesResponse(_ status: Int, _ bytes: [UInt8], type: String, extra: [(String, String)] = [])
        -> Response
    {
        var headers = HTTPFields()
        headers[.contentType] = type
        for (name, value) in extra {
            if let field = HTTPField.Name(name) { headers[field] = value }
        }
        return Response(
            status: .init(code: status), headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: bytes)))
    }

    /// A JSON body of any encodable value (sorted keys, one line).
    static func jsonResponse<T: Encodable>(_ status: Int, _ body: T) -> Response {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return bytesResponse(
            status, ((try? encoder.encode(body)).map { [UInt8]($0) } ?? Array("{}".utf8)) + [10],
            type: "application/json")
    }

    /// An error as JSON with the status the reason catalogue gives it (404 for what does not exist).
    static func errorResponse(_ error: HubError) -> Response {
        let status =
            ["unknown_changeset", "unknown_receipt", "unknown_node"].contains(error.code)
            ? 404 : (ReasonCode(rawValue: error.code)?.httpStatus ?? 500)
        return jsonResponse(
            status,
            ErrorBody(outcome: "error", reason: error.code, message: error.message, messageVi: error.localized?.vi))
    }

    static func jsonResponse(_ status: Int, _ body: ErrorBody) -> Response {
        var extra: [(String, String)] = []
        if status == 503 { extra.append(("Retry-After", "1")) }
        return bytesResponse(status, body.json(), type: "application/json", extra: extra)
    }

    static func respond(_ o: SubmissionOutcome) -> Response {
        let status = SubmissionStatus.code(for: o)
        if status == 200, let receipt = o.receipt {
            return bytesResponse(
                200, receipt, type: "application/pkcs7-mime",
                extra: [("X-Dsync-Outcome", o.outcome.rawValue), ("X-Dsync-Changeset", o.id)])
        }
        return jsonResponse(status, ErrorBody(o))
    }

    static func makeRouter(worker: MergeWorker, options: HubServerOptions, clock: any WallClock) -> Router<
        HubRequestContext
    > {
        let router = Router(context: HubRequestContext.self)
        let maxBody = options.maxBodyBytes
        router.post("/v1/changesets") { request, context -> Response in
            let buffer: ByteBuffer
            do {
                buffer = try await request.body.collect(upTo: maxBody)
            } catch {
                return jsonResponse(
                    413,
                    ErrorBody(
                        outcome: "rejected", reason: "too_large",
                        message: "the body exceeds \(maxBody) bytes, the most this hub accepts per changeset",
                        messageVi: "nội dung vượt quá \(maxBody) byte, mức tối đa hub này nhận cho một tập thay đổi"))
            }
            let outcome = await worker.submit(bytes: Array(buffer.readableBytesView), source: "http:" + context.peer)
            return respond(outcome)
        }
        router.get("/v1/nodes/:node/head") { _, context -> Response in
            let node = context.parameters.get("node") ?? ""
            switch await worker.head(node: node) {
            case .success(let head):
                let encoder = JSONEncoder()
                encoder.outputFormatting = [.sortedKeys]
                return bytesResponse(200, [UInt8](try encoder.encode(head)) + [10], type: "application/json")
            case .failure(let error):
                return jsonResponse(
                    error.code == "unknown_node" ? 404 : 500,
                    ErrorBody(
                        outcome: "error", reason: error.code, message: error.message, messageVi: error.localized?.vi))
            }
        }
        router.get("/v1/receipts/:id") { _, context -> Response in
            let id = context.parameters.get("id") ?? ""
            guard let receipt = await worker.receipt(id: id) else {
                return jsonResponse(
                    404,
                    ErrorBody(
                        outcome: "error", reason: "unknown_receipt",
                        message: "the hub has accepted no changeset with id \(id)",
                        messageVi: "hub chưa tiếp nhận tập thay đổi nào có mã \(id)", id: id))
            }
            return bytesResponse(200, receipt, type: "application/pkcs7-mime")
        }
        router.get("/v1/log/checkpoint") { _, _ -> Response in
            switch await worker.checkpoint() {
            case .success(let note): return bytesResponse(200, Array(note.utf8), type: "text/plain; charset=utf-8")
            case .failure(let error): return errorResponse(error)
            }
        }
        router.post("/v1/log/cosignatures") { request, _ -> Response in
            let body: CosignatureRequest
            do {
                let buffer = try await request.body.collect(upTo: CosignatureRequest.maxBytes)
                body = try JSONDecoder().decode(CosignatureRequest.self, from: Data(buffer.readableBytesView))
            } catch {
                return errorResponse(
                    HubError(
                        "bad_cosignature",
                        LocalizedText(
                            vi: "nội dung phải là JSON {\"size\", \"cosignature\", \"binding\"} dưới "
                                + "\(CosignatureRequest.maxBytes) byte",
                            en: "the body must be JSON {\"size\", \"cosignature\", \"binding\"} under "
                                + "\(CosignatureRequest.maxBytes) bytes")))
            }
            guard let der = Data(base64Encoded: body.binding) else {
                return errorResponse(
                    HubError(
                        "bad_cosignature",
                        LocalizedText(
                            vi: "binding phải là DER của ràng buộc ở dạng base64",
                            en: "binding must be the binding's DER in base64")))
            }
            switch await worker.addCosignature(size: body.size, line: body.cosignature, binding: [UInt8](der)) {
            case .success(let witness):
                let encoder = JSONEncoder()
                encoder.outputFormatting = [.sortedKeys]
                return bytesResponse(200, [UInt8](try encoder.encode(witness)) + [10], type: "application/json")
            case .failure(let error): return errorResponse(error)
            }
        }
        router.get("/v1/log/witnesses") { _, _ -> Response in
            switch await worker.witnesses() {
            case .success(let list):
                let encoder = JSONEncoder()
                encoder.outputFormatting = [.sortedKeys]
                return bytesResponse(200, [UInt8](try encoder.encode(list)) + [10], type: "application/json")
            case .failure(let error): return errorResponse(error)
            }
        }
        router.get("/v1/log/key") { _, _ -> Response in
            guard let key = try? worker.home.logVerifierKey() else {
                return errorResponse(
                    HubError(
                        "no_hub_key",
                        LocalizedText(
                            vi: "hub chưa có khóa nhật ký minh bạch", en: "the hub has no transparency-log key yet")))
            }
            return bytesResponse(200, Array((key.text + "\n").utf8), type: "text/plain; charset=utf-8")
        }
        router.get("/v1/log/proof/inclusion") { request, _ -> Response in
            let id = request.uri.queryParameters.get("id") ?? ""
            let sizeText = request.uri.queryParameters.get("size")
            guard id.utf8.count == 64, id.allSatisfy({ $0.isHexDigit && !$0.isUppercase }) else {
                return errorResponse(
                    HubError(
                        "bad_option",
                        LocalizedText(
                            vi: "id phải là 64 chữ số thập lục phân viết thường của mã một tập thay đổi",
                            en: "id must be the 64 lowercase hex digits of a changeset id")))
            }
            let size = sizeText.flatMap { UInt64($0) }
            if sizeText != nil && size == nil {
                return errorResponse(
                    HubError(
                        "bad_option",
                        LocalizedText(
                            vi: "size phải là một số nguyên mục nhật ký",
                            en: "size must be a whole number of log entries")))
            }
            switch await worker.inclusionProof(id: id, size: size) {
            case .success(let proof):
                return jsonResponse(
                    200,
                    LogInclusionBody(leafIndex: proof.index, treeSize: proof.size, hashes: proof.hashes))
            case .failure(let error): return errorResponse(error)
            }
        }
        router.get("/v1/log/proof/consistency") { request, _ -> Response in
            guard let from = request.uri.queryParameters.get("from").flatMap({ UInt64($0) }),
                let to = request.uri.queryParameters.get("to").flatMap({ UInt64($0) })
            else {
                return errorResponse(
                    HubError(
                        "bad_option",
                        LocalizedText(
                            vi: "ghi from=M&to=N, là các số nguyên mục nhật ký",
                            en: "give from=M&to=N, whole numbers of log entries")))
            }
            switch await worker.consistencyProof(from: from, to: to) {
            case .success(let hashes):
                return jsonResponse(
                    200, LogConsistencyBody(from: from, to: to, hashes: hashes))
            case .failure(let error): return errorResponse(error)
            }
        }
        router.get("/v1/crl") { _, _ -> Response in
            var pem: [UInt8] = []
            for file in worker.settings.crls {
                if let data = FileManager.default.contents(atPath: worker.home.resolve(file)) { pem += [UInt8](data) }
            }
            guard !pem.isEmpty else {
                return jsonResponse(
                    404,
                    ErrorBody(
                        outcome: "error", reason: "no_crl", message: "the hub has no CRL installed",
                        messageVi: "hub chưa cài CRL nào"))
            }
            return bytesResponse(200, pem, type: "application/x-pem-file")
        }
        router.get("/healthz") { _, _ -> Response in
            jsonResponse(200, ["hub_id": worker.settings.hubID, "status": "ok"])
        }
        router.get("/readyz") { _, _ -> Response in
            let readiness = await worker.readiness()
            guard readiness.isReady else {
                var response = jsonResponse(503, readiness)
                response.headers[.retryAfter] = "5"
                return response
            }
            return jsonResponse(200, readiness)
        }
        router.get("/metrics") { _, _ -> Response in
            bytesResponse(200, Array(worker.metrics.render().utf8), type: "text/plain; version=0.0.4")
        }
        let cache = DashboardCache(metrics: worker.metrics)
        let dashboard: @Sendable (Request, HubRequestContext) async throws -> Response = { request, _ in
            let lang: ReportLanguage = request.uri.queryParameters.get("lang") == "en" ? .en : .vi
            let home = worker.home.path
            // One render per accepted-changeset count (and language): the city changes only when a
            // changeset is accepted, and a render of a big hub costs seconds of CPU (issue 12 Build 6).
            let accepted = await worker.acceptedCount()
            let result = await cache.html(lang: lang, version: accepted) {
                try ReportDashboard.html(homePath: home, nowMillis: clock.nowMillis(), lang: lang)
            }
            switch result {
            case .success(let html): return bytesResponse(200, Array(html.utf8), type: "text/html; charset=utf-8")
            case .failure(let error):
                return jsonResponse(
                    500,
                    ErrorBody(
                        outcome: "error", reason: "report_failed", message: "\(error)",
                        messageVi: (error as? any LocalizedCodedError)?.localized?.vi))
            }
        }
        router.get("/", use: dashboard)
        router.get("/reports", use: dashboard)
        return router
    }
}

/// The body of `POST /v1/log/cosignatures`.
struct CosignatureRequest: Decodable {
    /// Largest body read (a binding with a certificate chain, base64).
    static let maxBytes = 128 * 1024
    var size: UInt64
    var cosignature: String
    var binding: String
}
