import NIOCore

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

    public init(maxMessageSize: Int) { self.maxMessageSize = maxMessageSize }

    public mutating func decode(context: ChannelHandlerContext, buffer: inout ByteBuffer) throws -> DecodingState {
        if discarding {
            buffer.moveReaderIndex(to: buffer.writerIndex)
            return .needMoreData
        }
        let view = buffer.readableBytesView
        if let nul = view.firstIndex(of: 0) {
            let length = nul - view.startIndex
            if length > maxMessageSize { return tooLarge(context: context, buffer: &buffer) }
            let message = buffer.readSlice(length: length)!
            buffer.moveReaderIndex(forwardBy: 1)
            context.fireChannelRead(wrapInboundOut(.message(message)))
            return .continue
        }
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
