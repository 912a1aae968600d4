/// Splits a byte stream into Varlink messages, each terminated by a NUL byte, refusing any
/// message longer than `maxMessageSize` before it has been buffered in full.
public struct NULFrameDecoder: Sendable {
    public let maxMessageSize: Int
    private var buffer: [UInt8] = []
    private var scanned = 0

    public init(maxMessageSize: Int = 1 << 20) {
        self.maxMessageSize = maxMessageSize
    }

    public enum Failure: Error, Equatable { case messageTooLarge(limit: Int) }

    /// Appends bytes received from the peer.
    public mutating func feed(_ bytes: some Sequence<UInt8>) {
        buffer.append(contentsOf: bytes)
    }

    /// The next complete message (without its NUL), nil if more bytes are needed.
    public mutating func next() throws(Failure) -> [UInt8]? {
        if let nul = buffer[scanned...].firstIndex(of: 0) {
            guard nul <= maxMessageSize else { throw .messageTooLarge(limit: maxMessageSize) }
            let frame = Array(buffer[..<nul])
            buffer.removeSubrange(...nul)
            scanned = 0
            return frame
        }
        scanned = buffer.count
        if buffer.count > maxMessageSize { throw .messageTooLarge(limit: maxMessageSize) }
        return nil
    }

    /// Bytes received that are not yet a complete message.
    public var pendingBytes: Int { buffer.count }
}
