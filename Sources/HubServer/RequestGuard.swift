import HTTPTypes
import Hummingbird
import HummingbirdCore
import NIOCore
// The part types of Hummingbird's HTTP/1 channel (HTTP1Channel.Value is an
// NIOAsyncChannel<HTTPRequestPart, HTTPResponsePart>); swift-nio-extras comes with Hummingbird.
import NIOHTTPTypes

typealias RequestPart = HTTPRequestPart
typealias ResponsePart = HTTPResponsePart

/// Limits enforced on the connection itself, below the router (threat T9):
///
/// - a declared `Content-Length` above the cap is answered 413 from the head alone, before one body
///   byte is read, and the connection is closed (no draining of a huge upload);
/// - a chunked body that grows past the cap is cut the same way;
/// - a request whose body has not fully arrived `requestTimeout` after its head (a slow trickle) is
///   answered 408 and the connection closed. A request that has arrived in full is never cut: the
///   merge it triggers always finishes.
final class RequestGuard: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = RequestPart
    typealias InboundOut = RequestPart
    typealias OutboundIn = ResponsePart
    typealias OutboundOut = ResponsePart

    let maxBodyBytes: Int
    let requestTimeout: TimeAmount
    /// Called (on the event loop) when a request is refused here, with the reason code.
    let onRefusal: @Sendable (_ reason: String, _ declaredBytes: Int?) -> Void

    private var bodyBytes = 0
    private var timer: Scheduled<Void>?
    private var refused = false

    init(
        maxBodyBytes: Int, requestTimeout: TimeAmount,
        onRefusal: @escaping @Sendable (_ reason: String, _ declaredBytes: Int?) -> Void
    ) {
        self.maxBodyBytes = maxBodyBytes
        self.requestTimeout = requestTimeout
        self.onRefusal = onRefusal
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        if refused { return }
        let part = unwrapInboundIn(data)
        switch part {
        case .head(let head):
            bodyBytes = 0
            if let declared = head.headerFields[.contentLength].flatMap({ Int($0) }), declared > maxBodyBytes {
                refuse(
                    context: context, status: .contentTooLarge, reason: "too_large",
                    message:
                        "the body is \(declared) bytes; this hub accepts at most \(maxBodyBytes) bytes per changeset",
                    declared: declared)
                return
            }
            let loop = context.eventLoop.assumeIsolated()
            timer?.cancel()
            timer = loop.scheduleTask(in: requestTimeout) { [weak self] in
                guard let self else { return }
                self.refuse(
                    context: context, status: .requestTimeout, reason: "request_timeout",
                    message:
                        "the request body did not arrive within \(self.requestTimeout.nanoseconds / 1_000_000_000) s; "
                        + "check the link and retry",
                    declared: nil)
            }
        case .body(let buffer):
            bodyBytes += buffer.readableBytes
            if bodyBytes > maxBodyBytes {
                refuse(
                    context: context, status: .contentTooLarge, reason: "too_large",
                    message: "the body exceeds \(maxBodyBytes) bytes, the most this hub accepts per changeset",
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
        context.fireChannelInactive()
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        if refused {
            promise?.fail(ChannelError.ioOnClosedChannel)
            return
        }
        context.write(data, promise: promise)
    }

    /// Answers with a JSON error, then closes the connection once the answer is flushed.
    private func refuse(
        context: ChannelHandlerContext, status: HTTPResponse.Status, reason: String, message: String, declared: Int?
    ) {
        guard !refused else { return }
        refused = true
        timer?.cancel()
        timer = nil
        onRefusal(reason, declared)
        let body = ErrorBody(outcome: "rejected", reason: reason, message: message).json()
        var buffer = context.channel.allocator.buffer(capacity: body.count)
        buffer.writeBytes(body)
        var fields = HTTPFields()
        fields[.contentType] = "application/json"
        fields[.contentLength] = String(body.count)
        fields[.connection] = "close"
        context.write(wrapOutboundOut(.head(HTTPResponse(status: status, headerFields: fields))), promise: nil)
        context.write(wrapOutboundOut(.body(buffer)), promise: nil)
        context.writeAndFlush(wrapOutboundOut(.end(nil))).assumeIsolated().whenComplete { _ in
            context.close(promise: nil)
        }
    }
}
