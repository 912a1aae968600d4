import Logging
import Foundation
import NIOCore
import Varlink

/// What the framing layer hands up: a complete message, or word that the peer sent one over
/// the size limit (after which the rest of the connection's input is discarded).
public enum VarlinkInboundFrame: Sendable {
    case message(ByteBuffer)
    case tooLarge(limit: Int)
}

/// Varlink framing in the channel pipeline: splits the byte stream at NUL bytes and refuses a
/// message longer than `maxMessageSize` as soon as that many bytes arrive without a NUL, so a
/// hostile peer cannot make the daemon buffer without bound.
public struct NULFrameHandler: ByteToMessageDecoder {
    public typealias InboundOut = VarlinkInboundFrame
    public let maxMessageSize: Int
    var discarding = false
    /// How many readable bytes are known to hold no NUL.
    var scanned = 0

    public init(maxMessageSize: Int) { self.maxMessageSize = maxMessageSize }

    public mutating func decode(context: ChannelHandlerContext, buffer: inout ByteBuffer) throws -> DecodingState {
        if discarding {
            buffer.moveReaderIndex(to: buffer.writerIndex)
            return .needMoreData
        }
        let view = buffer.readableBytesView
        // Only the bytes that arrived since the last look are searched: a message trickling in
        // (or a hostile peer sending a megabyte in small reads) costs linear time, not quadratic.
        let from = view.startIndex + min(scanned, view.count)
        if let nul = view[from...].firstIndex(of: 0) {
            scanned = 0
            let length = nul - view.startIndex
            if length > maxMessageSize { return tooLarge(context: context, buffer: &buffer) }
            let message = buffer.readSlice(length: length)!
            buffer.moveReaderIndex(forwardBy: 1)
            context.fireChannelRead(wrapInboundOut(.message(message)))
            return .continue
        }
        scanned = view.count
        if view.count > maxMessageSize { return tooLarge(context: context, buffer: &buffer) }
        return .needMoreData
    }

    mutating func tooLarge(context: ChannelHandlerContext, buffer: inout ByteBuffer) -> DecodingState {
        discarding = true
        buffer.moveReaderIndex(to: buffer.writerIndex)
        context.fireChannelRead(wrapInboundOut(.tooLarge(limit: maxMessageSize)))
        return .needMoreData
    }

    public mutating func decodeLast(context: ChannelHandlerContext, buffer: inout ByteBuffer, seenEOF: Bool) throws -> DecodingState {
        // A trailing message without its NUL is incomplete; drop it.
        while try decode(context: context, buffer: &buffer) == .continue {}
        buffer.moveReaderIndex(to: buffer.writerIndex)
        return .needMoreData
    }
}

/// Sent down the pipeline by the connection's task when it has finished a call it was handed.
public struct VarlinkCallFinished: Sendable {}

/// Answers cheap calls at once on the event loop, counts the calls handed on to the
/// connection's task, and closes a connection that wastes a slot: no call in progress and no
/// whole message for `idleTimeout` (silent, or stuck half-way through a message), or replies
/// left unread that long. A watcher waiting on a `more` call is not idle.
final class ImmediateReplyHandler: ChannelDuplexHandler {
    typealias InboundIn = VarlinkInboundFrame
    typealias InboundOut = VarlinkInboundFrame
    typealias OutboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    let answer: @Sendable ([UInt8]) -> (reply: [UInt8], again: @Sendable () -> [UInt8]?)?
    /// The last message answered at once and how to answer it again: a poller sends the same
    /// bytes each time, which are then compared, not parsed.
    var last: (message: [UInt8], again: @Sendable () -> [UInt8]?)?
    /// Reused for each immediate reply: NIO has written the previous one by the time the next
    /// call arrives, so this costs no allocation.
    var replyBuffer: ByteBuffer?
    let idleTimeout: TimeAmount
    let logger: Logger
    /// Calls handed to the connection's task and not finished yet (event-loop confined).
    var inFlight = 0
    /// Whether the connection is waiting on its peer, and since when. Every call moves `since`
    /// on, but the timer is not re-armed for it: when the timer fires early it sleeps again for
    /// the rest (a busy connection costs a clock read per call, not a timer per call).
    var waiting = false
    var since = NIODeadline.uptimeNanoseconds(0)
    var timer: Scheduled<Void>?

    init(answer: @escaping @Sendable ([UInt8]) -> (reply: [UInt8], again: @Sendable () -> [UInt8]?)?, idleTimeout: TimeInterval = 60, logger: Logger = Logger(label: "varlink")) {
        self.answer = answer
        self.idleTimeout = .nanoseconds(Int64(idleTimeout * 1e9))
        self.logger = logger
    }

    func channelActive(context: ChannelHandlerContext) {
        arm(context)
        context.fireChannelActive()
    }

    func handlerAdded(context: ChannelHandlerContext) {
        if context.channel.isActive { arm(context) }
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        timer?.cancel()
        timer = nil
    }

    func channelInactive(context: ChannelHandlerContext) {
        timer?.cancel()
        timer = nil
        context.fireChannelInactive()
    }

    func channelWritabilityChanged(context: ChannelHandlerContext) {
        arm(context)
        context.fireChannelWritabilityChanged()
    }

    /// Starts the countdown afresh when the connection is waiting on its peer, stops it otherwise.
    func arm(_ context: ChannelHandlerContext) {
        waiting = inFlight == 0 || !context.channel.isWritable
        guard waiting else { return }
        since = .now()
        if timer == nil { schedule(context, at: since + idleTimeout) }
    }

    func schedule(_ context: ChannelHandlerContext, at deadline: NIODeadline) {
        let handler = NIOLoopBound(self, eventLoop: context.eventLoop)
        let ctx = NIOLoopBound(context, eventLoop: context.eventLoop)
        timer = context.eventLoop.assumeIsolated().scheduleTask(deadline: deadline) {
            handler.value.timerFired(ctx.value)
        }
    }

    func timerFired(_ context: ChannelHandlerContext) {
        timer = nil
        guard waiting else { return }
        let deadline = since + idleTimeout
        if deadline > .now() { return schedule(context, at: deadline) }
        let unread = !context.channel.isWritable
        logger.notice(unread ? "closing a connection that does not read its replies" : "closing an idle connection",
                      metadata: ["idle_timeout_seconds": "\(Double(idleTimeout.nanoseconds) / 1e9)"])
        context.close(promise: nil)
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let frame = unwrapInboundIn(data)
        if inFlight == 0, case .tooLarge(let limit) = frame {
            // Answered and closed here, not by the connection's task: a flood of oversized
            // messages must not keep a megabyte per connection while tasks wait for a thread.
            logger.notice("closing a connection that sent an oversized message", metadata: ["limit": "\(limit)"])
            let error = VarlinkError.invalidParameter("message", reason: "the message is larger than the limit of \(limit) bytes")
            var out = context.channel.allocator.buffer(capacity: 160)
            out.writeBytes(VarlinkResponder.encode(error) ?? [])
            out.writeInteger(UInt8(0))
            context.writeAndFlush(wrapOutboundOut(out), promise: nil)
            context.close(promise: nil)
            return
        }
        if inFlight == 0, context.channel.isWritable, case .message(let buffer) = frame, let reply = immediateReply(to: buffer) {
            var out = replyBuffer ?? context.channel.allocator.buffer(capacity: reply.count + 1)
            replyBuffer = nil
            out.clear()
            out.writeBytes(reply)
            out.writeInteger(UInt8(0))
            context.writeAndFlush(wrapOutboundOut(out), promise: nil)
            replyBuffer = out
            arm(context)
            return
        }
        inFlight += 1
        arm(context)
        context.fireChannelRead(data)
    }

    func immediateReply(to buffer: ByteBuffer) -> [UInt8]? {
        if let last, buffer.readableBytesView.elementsEqual(last.message) { return last.again() }
        let message = Array(buffer.readableBytesView)
        guard let (reply, again) = answer(message) else { return nil }
        last = (message, again)
        return reply
    }

    func triggerUserOutboundEvent(context: ChannelHandlerContext, event: Any, promise: EventLoopPromise<Void>?) {
        if event is VarlinkCallFinished {
            inFlight = max(0, inFlight - 1)
            arm(context)
            promise?.succeed()
            return
        }
        context.triggerUserOutboundEvent(event, promise: promise)
    }
}
