import DistrictSyncCore
import HTTPTypes
import Hummingbird
import HummingbirdCore
import NIOCore
// The part types of Hummingbird's HTTP/1 channel (HTTP1Channel.Value is an
// NIOAsyncChannel<HTTPRequestPart, HTTPResponsePart>); swift-nio-extras comes with Hummingbird.
import NIOHTTPTypes
import NIOSSL
import NIOTLS

typealias RequestPart = HTTPRequestPart
typealias ResponsePart = HTTPResponsePart

/// Limits enforced on the connection itself, below the router (threat T9):
///
/// - a declared `Content-Length` above the cap is answered 413 from the head alone, before one body
///   byte is read, and the connection is closed (no draining of a huge upload);
/// - a chunked body that grows past the cap is cut the same way;
/// - a request whose body has not fully arrived `requestTimeout` after its head (a slow trickle) is
///   answered 408 and the connection closed. A request that has arrived in full is never cut: the
///   merge it triggers always finishes;
/// - a peer address may hold `maxPerPeer` connections and the server `maxTotal`; one more is closed
///   at once (issue 12 Build 6), before TLS or HTTP costs anything;
/// - a connection must deliver its first request head within `handshakeTimeout` (TLS handshake
///   included), so idle sockets cannot sit on connection slots;
/// - a response the client does not read (the channel stays unwritable for `writeTimeout`) closes
///   the connection, and at most `maxPipelined` requests may wait for their answers;
/// - request bodies held in memory at once are capped across all connections (`503 hub_busy`);
/// - with mutual TLS, a client certificate revoked by the hub's CRLs is refused after the handshake.
final class RequestGuard: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = RequestPart
    typealias InboundOut = RequestPart
    typealias OutboundIn = ResponsePart
    typealias OutboundOut = ResponsePart

    let maxBodyBytes: Int
    let requestTimeout: TimeAmount
    let handshakeTimeout: TimeAmount
    let writeTimeout: TimeAmount
    let maxPipelined: Int
    let limits: ConnectionLimits
    let revocation: ClientRevocation?
    /// Called (on the event loop) when a request is refused here, with the reason code.
    let onRefusal: @Sendable (_ reason: String, _ declaredBytes: Int?) -> Void

    private var bodyBytes = 0
    private var timer: Scheduled<Void>?
    private var refused = false
    /// The peer address this connection counts against, once admitted.
    private var admittedPeer: String?
    private var started = false
    private var firstTimer: Scheduled<Void>?
    private var sawRequest = false
    private var writeTimer: Scheduled<Void>?
    /// Requests whose head arrived and whose answer has not been written in full.
    private var inFlight = 0
    /// Body bytes of the current request reserved in `limits`.
    private var reserved = 0

    init(
        maxBodyBytes: Int, requestTimeout: TimeAmount, handshakeTimeout: TimeAmount = .seconds(10),
        writeTimeout: TimeAmount = .seconds(30), maxPipelined: Int = 16,
        limits: ConnectionLimits = ConnectionLimits(
            maxPerPeer: 1 << 20, maxTotal: 1 << 20, maxBodyMemoryBytes: 1 << 40),
        revocation: ClientRevocation? = nil,
        onRefusal: @escaping @Sendable (_ reason: String, _ declaredBytes: Int?) -> Void
    ) {
        self.maxBodyBytes = maxBodyBytes
        self.requestTimeout = requestTimeout
        self.handshakeTimeout = handshakeTimeout
        self.writeTimeout = writeTimeout
        self.maxPipelined = max(1, maxPipelined)
        self.limits = limits
        self.revocation = revocation
        self.onRefusal = onRefusal
    }

    func handlerAdded(context: ChannelHandlerContext) {
        if context.channel.isActive { start(context: context) }
    }

    func channelActive(context: ChannelHandlerContext) {
        start(context: context)
        context.fireChannelActive()
    }

    /// Admits the connection (or closes it at once) and starts the first-request timer.
    private func start(context: ChannelHandlerContext) {
        guard !started else { return }
        started = true
        let peer = context.channel.remoteAddress?.ipAddress ?? "unknown"
        guard limits.admit(peer: peer) else {
            onRefusal("too_many_connections", nil)
            refused = true
            context.close(promise: nil)
            return
        }
        admittedPeer = peer
        let loop = context.eventLoop.assumeIsolated()
        firstTimer = loop.scheduleTask(in: handshakeTimeout) { [weak self] in
            guard let self, !self.sawRequest else { return }
            self.onRefusal("handshake_timeout", nil)
            self.refused = true
            context.close(promise: nil)
        }
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if let tls = event as? TLSUserEvent, case .handshakeCompleted = tls, let revocation,
            let handler = try? context.pipeline.syncOperations.handler(type: NIOSSLServerHandler.self),
            let peer = handler.peerCertificate, let der = try? peer.toDERBytes(),
            let reason = revocation.refusal(forDER: der)
        {
            // The chain was verified by the TLS library; the CRL says this client may no longer connect.
            onRefusal(reason, nil)
            refused = true
            context.close(promise: nil)
            return
        }
        context.fireUserInboundEventTriggered(event)
    }

    func channelWritabilityChanged(context: ChannelHandlerContext) {
        if context.channel.isWritable {
            writeTimer?.cancel()
            writeTimer = nil
        } else if writeTimer == nil {
            // The client does not read what we write: give it `writeTimeout`, then free the slot.
            let loop = context.eventLoop.assumeIsolated()
            writeTimer = loop.scheduleTask(in: writeTimeout) { [weak self] in
                guard let self else { return }
                self.onRefusal("write_timeout", nil)
                self.refused = true
                context.close(promise: nil)
            }
        }
        context.fireChannelWritabilityChanged()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        if refused { return }
        let part = unwrapInboundIn(data)
        switch part {
        case .head(let head):
            sawRequest = true
            firstTimer?.cancel()
            firstTimer = nil
            bodyBytes = 0
            inFlight += 1
            if inFlight > maxPipelined {
                // Pipelined requests nobody reads the answers to: cut, do not queue them.
                onRefusal("too_many_pipelined", nil)
                refused = true
                context.close(promise: nil)
                return
            }
            if let declared = head.headerFields[.contentLength].flatMap({ Int($0) }), declared > maxBodyBytes {
                refuse(
                    context: context, status: .contentTooLarge, reason: "too_large",
                    message: LocalizedText(
                        vi:
                            "nội dung dài \(declared) byte; hub này nhận tối đa \(maxBodyBytes) byte cho một tập thay đổi",
                        en:
                            "the body is \(declared) bytes; this hub accepts at most \(maxBodyBytes) bytes per changeset"
                    ),
                    declared: declared)
                return
            }
            if let declared = head.headerFields[.contentLength].flatMap({ Int($0) }), declared > 0 {
                guard reserve(declared) else {
                    refuse(
                        context: context, status: .serviceUnavailable, reason: "hub_busy",
                        message: LocalizedText(
                            vi:
                                "hub đang giữ trong bộ nhớ số nội dung yêu cầu tối đa cho phép; hãy thử lại sau ít phút",
                            en: "the hub holds as many request bodies in memory as it allows; retry shortly"),
                        declared: nil)
                    return
                }
            }
            let loop = context.eventLoop.assumeIsolated()
            timer?.cancel()
            timer = loop.scheduleTask(in: requestTimeout) { [weak self] in
                guard let self else { return }
                self.refuse(
                    context: context, status: .requestTimeout, reason: "request_timeout",
                    message: LocalizedText(
                        vi:
                            "nội dung yêu cầu không đến trong vòng \(self.requestTimeout.nanoseconds / 1_000_000_000) giây; "
                            + "kiểm tra đường truyền rồi thử lại",
                        en:
                            "the request body did not arrive within \(self.requestTimeout.nanoseconds / 1_000_000_000) s; "
                            + "check the link and retry"),
                    declared: nil)
            }
        case .body(let buffer):
            bodyBytes += buffer.readableBytes
            if bodyBytes > maxBodyBytes {
                refuse(
                    context: context, status: .contentTooLarge, reason: "too_large",
                    message: LocalizedText(
                        vi: "nội dung vượt quá \(maxBodyBytes) byte, mức tối đa hub này nhận cho một tập thay đổi",
                        en: "the body exceeds \(maxBodyBytes) bytes, the most this hub accepts per changeset"),
                    declared: nil)
                return
            }
            // A chunked body (no Content-Length) reserves memory as it grows.
            if bodyBytes > reserved, !reserve(bodyBytes - reserved) {
                refuse(
                    context: context, status: .serviceUnavailable, reason: "hub_busy",
                    message: LocalizedText(
                        vi: "hub đang giữ trong bộ nhớ số nội dung yêu cầu tối đa cho phép; hãy thử lại sau ít phút",
                        en: "the hub holds as many request bodies in memory as it allows; retry shortly"),
                    declared: nil)
                return
            }
        case .end:
            timer?.cancel()
            timer = nil
        }
        context.fireChannelRead(data)
    }

    func channelInactive(context: ChannelHandlerContext) {
        timer?.cancel()
        timer = nil
        firstTimer?.cancel()
        firstTimer = nil
        writeTimer?.cancel()
        writeTimer = nil
        releaseReserved()
        if let admittedPeer {
            limits.release(peer: admittedPeer)
            self.admittedPeer = nil
        }
        context.fireChannelInactive()
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        releaseReserved()
        if let admittedPeer {
            limits.release(peer: admittedPeer)
            self.admittedPeer = nil
        }
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        if refused {
            promise?.fail(ChannelError.ioOnClosedChannel)
            return
        }
        if case .end = unwrapOutboundIn(data) {
            // The answer is complete: the request no longer counts as in flight, its body is gone.
            inFlight = max(0, inFlight - 1)
            releaseReserved()
        }
        context.write(data, promise: promise)
    }

    private func reserve(_ bytes: Int) -> Bool {
        guard limits.reserveBody(bytes) else { return false }
        reserved += bytes
        return true
    }

    private func releaseReserved() {
        if reserved > 0 { limits.releaseBody(reserved) }
        reserved = 0
    }

    /// Answers with a JSON error, then closes the connection once the answer is flushed.
    private func refuse(
        context: ChannelHandlerContext, status: HTTPResponse.Status, reason: String, message: LocalizedText,
        declared: Int?
    ) {
        guard !refused else { return }
        refused = true
        timer?.cancel()
        timer = nil
        onRefusal(reason, declared)
        let body = ErrorBody(outcome: "rejected", reason: reason, message: message.en, messageVi: message.vi).json()
        var buffer = context.channel.allocator.buffer(capacity: body.count)
        buffer.writeBytes(body)
        var fields = HTTPFields()
        fields[.contentType] = "application/json"
        fields[.contentLength] = String(body.count)
        fields[.connection] = "close"
        if status == .serviceUnavailable { fields[.retryAfter] = "1" }
        context.write(wrapOutboundOut(.head(HTTPResponse(status: status, headerFields: fields))), promise: nil)
        context.write(wrapOutboundOut(.body(buffer)), promise: nil)
        context.writeAndFlush(wrapOutboundOut(.end(nil))).assumeIsolated().whenComplete { _ in
            context.close(promise: nil)
        }
    }
}
