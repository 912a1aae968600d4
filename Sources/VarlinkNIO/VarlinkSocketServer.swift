import Foundation
import Logging
import NIOCore
import NIOPosix
import ServiceLifecycle
import Synchronization
import Varlink

/// Where the server listens.
public enum VarlinkListenAddress: Sendable, CustomStringConvertible {
    /// Bind a Unix socket at this path.
    case path(String)
    /// Adopt a listening socket inherited from the service manager (socket activation).
    case inherited(fd: Int32, path: String?)

    public var description: String {
        switch self {
        case .path(let p): return p
        case .inherited(let fd, let path): return path ?? Self.boundPath(fd: fd) ?? "inherited fd \(fd)"
        }
    }

    /// The path a Unix socket is bound to (`getsockname`), for sockets passed by systemd.
    public static func boundPath(fd: Int32) -> String? {
        var addr = sockaddr_un()
        var len = socklen_t(MemoryLayout<sockaddr_un>.size)
        let rc = withUnsafeMutablePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &len) }
        }
        guard rc == 0, addr.sun_family == sa_family_t(AF_UNIX) else { return nil }
        let path = withUnsafeBytes(of: addr.sun_path) { raw in
            String(decoding: raw.prefix(while: { $0 != 0 }), as: UTF8.self)
        }
        return path.isEmpty ? nil : path
    }
}

/// Why the server could not start listening.
public enum VarlinkServerError: Error, CustomStringConvertible {
    case alreadyServed(String)
    case notASocket(String)
    case cannotBind(String, String)

    public var description: String {
        switch self {
        case .alreadyServed(let p): return "another process is already serving \(p); stop it or choose another --socket"
        case .notASocket(let p): return "\(p) exists and is not a socket; refusing to remove it"
        case .cannotBind(let p, let why): return "cannot listen on \(p): \(why)"
        }
    }
}

/// The Varlink socket service: accepts connections, frames messages, answers calls on each
/// connection in order and serves many connections at once. One misbehaving peer only ever
/// affects its own connection.
public struct VarlinkSocketServer: Service {
    public let address: VarlinkListenAddress
    public let dispatcher: VarlinkDispatcher
    /// Read for each new connection, so a reload can change it.
    public let maxMessageSize: @Sendable () -> Int
    /// Read for each new connection, like the size limit.
    public let idleTimeout: @Sendable () -> TimeInterval
    public let socketMode: mode_t
    /// Connections open at once; past it the daemon stops accepting (clients wait in the
    /// listen backlog) until a quarter of them have closed. Read at each change, like the others.
    public let maxConnections: @Sendable () -> Int
    /// Bytes of replies waiting for their readers, over all connections (see `UnsentReplies`).
    public let maxUnsentBytes: @Sendable () -> Int
    let logger: Logger
    let onListening: @Sendable () async -> Void

    public init(address: VarlinkListenAddress, dispatcher: VarlinkDispatcher, maxMessageSize: @escaping @Sendable () -> Int = { 1 << 20 },
                idleTimeout: @escaping @Sendable () -> TimeInterval = { 60 },
                socketMode: mode_t = 0o660, maxConnections: @escaping @Sendable () -> Int = { 4096 },
                maxUnsentBytes: @escaping @Sendable () -> Int = { 128 << 20 }, logger: Logger, onListening: @escaping @Sendable () async -> Void = {}) {
        self.address = address
        self.dispatcher = dispatcher
        self.maxMessageSize = maxMessageSize
        self.idleTimeout = idleTimeout
        self.socketMode = socketMode
        self.maxConnections = maxConnections
        self.maxUnsentBytes = maxUnsentBytes
        self.logger = logger
        self.onListening = onListening
    }

    typealias Connection = NIOAsyncChannel<VarlinkInboundFrame, ByteBuffer>
    static let shardCount = 32

    public func run() async throws {
        let limit = maxMessageSize
        let idle = idleTimeout
        let logger = self.logger
        let dispatcher = self.dispatcher
        // Accepted connections reach the serving loop through this stream, as plain channels
        // that do not read yet. NIO's async server channel is not used: under a flood of
        // clients that connect and hang up it could drop a connection it had already wrapped,
        // and the wrapper's writer then traps when freed (swift-nio#3481).
        let (accepted, delivery) = AsyncStream.makeStream(of: (any Channel).self)
        let gate = ConnectionGate(limit: maxConnections, logger: logger)
        let unsent = UnsentReplies(limit: maxUnsentBytes, eventLoop: MultiThreadedEventLoopGroup.singleton.any(), logger: logger)
        let bootstrap = ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.backlog, value: 512)
            // Reading starts in `serve`, once the connection's async wrapper is in place, so
            // nothing a client sends early is lost.
            .childChannelOption(.autoRead, value: false)
            // Clients wait for each answer, so a second read after one is nearly always EAGAIN:
            // one read per wake-up saves a system call per round trip (several messages that
            // arrive together still come in that one read).
            .childChannelOption(.maxMessagesPerRead, value: 1)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(ByteToMessageHandler(NULFrameHandler(maxMessageSize: limit())))
                    try channel.pipeline.syncOperations.addHandler(ImmediateReplyHandler(answer: { dispatcher.immediateAnswer(for: $0) },
                                                                                         idleTimeout: idle(), logger: logger))
                    gate.opened(channel)
                    try channel.pipeline.syncOperations.addHandler(ActivationHandler { channel in
                        gate.queued(channel)
                        if case .terminated = delivery.yield(channel) { channel.close(promise: nil) }
                    })
                }
            }
        let server: any Channel
        switch address {
        case .path(let path):
            try Self.removeStaleSocket(at: path)
            do {
                // Create the socket file with the right mode from the start, not after a chmod race.
                let old = umask(~socketMode & 0o777)
                defer { umask(old) }
                server = try await bootstrap.bind(unixDomainSocketPath: path).get()
            } catch {
                throw VarlinkServerError.cannotBind(path, "\(error)")
            }
        case .inherited(let fd, _):
            server = try await bootstrap.withBoundSocket(fd).get()
        }
        logger.info("listening", metadata: ["socket": "\(address)"])
        await onListening()
        // On shutdown (or cancellation) the listening socket is closed and the stream finished
        // once it is: the connections already accepted still go through `serve`, which returns
        // at once during shutdown and closes them.
        server.closeFuture.whenComplete { _ in delivery.finish() }
        await withDiscardingTaskGroup { group in
            // Connections are served in several task groups, dealt round-robin: the runtime
            // finds a finished child by walking its group's list of children, which with
            // thousands of open connections in one group cost 40% of the CPU under a flood of
            // short connections (make bench, abuse).
            let shards = (0..<Self.shardCount).map { _ in AsyncStream.makeStream(of: (any Channel).self) }
            for (stream, _) in shards {
                group.addTask {
                    await withDiscardingTaskGroup { shard in
                        for await channel in stream {
                            shard.addTask { await self.serve(channel, gate: gate, unsent: unsent) }
                        }
                    }
                }
            }
            await withTaskCancellationHandler {
                await withGracefulShutdownHandler {
                    var next = 0
                    for await channel in accepted {
                        shards[next].1.yield(channel)
                        next = (next + 1) % shards.count
                    }
                } onGracefulShutdown: {
                    server.close(promise: nil)
                }
            } onCancel: {
                server.close(promise: nil)
            }
            for (_, continuation) in shards { continuation.finish() }
        }
        if case .path(let path) = address { unlink(path) }
    }

    /// Completes once every event loop has run a task: the watchdog's proof that the socket
    /// side of the daemon is not stuck.
    public static func probeEventLoops() async throws {
        for loop in MultiThreadedEventLoopGroup.singleton.makeIterator() {
            try await loop.submit {}.get()
        }
    }

    /// Removes a socket file left by a daemon that died, but never one that is still served,
    /// and never a file that is not a socket.
    static func removeStaleSocket(at path: String) throws {
        var st = stat()
        guard lstat(path, &st) == 0 else { return }
        guard (st.st_mode & S_IFMT) == S_IFSOCK else { throw VarlinkServerError.notASocket(path) }
        if isListening(path) { throw VarlinkServerError.alreadyServed(path) }
        unlink(path)
    }

    /// Whether a process listens on the socket, asked without waiting: a connect that would
    /// block (a full backlog, as with a wedged daemon) means someone is there.
    static func isListening(_ path: String) -> Bool {
        let fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_NONBLOCK.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        var addr = sockaddr_un()
        addr.sun_family = sa_family_t(AF_UNIX)
        let bytes = Array(path.utf8)
        guard bytes.count < MemoryLayout.size(ofValue: addr.sun_path) else { return false }
        withUnsafeMutableBytes(of: &addr.sun_path) { raw in
            raw.copyBytes(from: bytes)
            raw[bytes.count] = 0
        }
        let rc = withUnsafePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
        }
        return rc == 0 || errno == EAGAIN || errno == EINPROGRESS
    }

    func serve(_ channel: any Channel, gate: ConnectionGate, unsent: UnsentReplies) async {
        let connection: Connection
        let peer: VarlinkPeer
        do {
            // Wrapped only while open, and reading started in the same turn of the event loop:
            // the async wrapper's handler and writer refer to each other until the pipeline
            // removes the handler, which a pipeline already closed never does, so wrapping a
            // connection whose client had hung up leaked it (make bench, abuse: 250 bytes per
            // connection, found with heaptrack). Once wrapped, it always goes through
            // `executeThenClose`, which finishes the writer.
            // The peer's credentials are read in the same turn (one trip to the event loop per
            // connection, not two).
            (connection, peer) = try await channel.eventLoop.submit {
                guard channel.isActive else { throw ChannelError.ioOnClosedChannel }
                let peer = Self.peerCredentials(channel)
                let connection = try Connection(wrappingChannelSynchronously: channel)
                // Fails only on a closed channel, which `executeThenClose` then ends at once.
                try? channel.syncOptions?.setOption(.autoRead, value: true)
                return (connection, peer)
            }.get()
        } catch {
            // Closed before it was served (the client hung up at once).
            gate.started(channel)
            channel.close(promise: nil)
            return
        }
        gate.started(channel)
        do {
            try await connection.executeThenClose { inbound, _ in
                let sink = ChannelReplySink(channel: channel, unsent: unsent)
                for try await frame in inbound.cancelOnGracefulShutdown() {
                    switch frame {
                    case .message(let buffer):
                        try await sink.drained()
                        try await dispatcher.handle(message: Array(buffer.readableBytesView), peer: peer, sink: sink)
                        // After its replies (same event loop queue), so the next call may be answered at once.
                        channel.pipeline.triggerUserOutboundEvent(VarlinkCallFinished(), promise: nil)
                    case .tooLarge(let limit):
                        logger.notice("closing a connection that sent an oversized message", metadata: ["limit": "\(limit)", "peer_pid": "\(peer.pid ?? -1)"])
                        try? await VarlinkResponder(sink: sink, oneway: false, more: false)
                            .error(VarlinkError.invalidParameter("message", reason: "the message is larger than the limit of \(limit) bytes"))
                        return
                    }
                }
            }
        } catch {
            logger.debug("connection ended", metadata: ["error": "\(error)"])
        }
    }

    /// `SO_PEERCRED`, read on the connection's event loop, where the socket option is read at
    /// once and its future is already complete.
    static func peerCredentials(_ channel: any Channel) -> VarlinkPeer {
        guard let provider = channel as? any SocketOptionProvider else { return VarlinkPeer() }
        let future: EventLoopFuture<PeerCredentials> = provider.unsafeGetSocketOption(level: SocketOptionLevel(SOL_SOCKET), name: SocketOptionName(SO_PEERCRED))
        var peer = VarlinkPeer()
        future.assumeIsolated().whenSuccess { cred in peer = VarlinkPeer(pid: cred.pid, uid: cred.uid, gid: cred.gid) }
        return peer
    }
}

/// Hands an accepted connection to the serving loop once it is active (registered with its
/// event loop), not before: `serve` must be able to tell a connection not active yet from one
/// whose client has already gone. A connection closed before it ever became active is never
/// handed on.
final class ActivationHandler: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = NIOAny
    let activated: (any Channel) -> Void

    init(activated: @escaping (any Channel) -> Void) { self.activated = activated }

    func channelActive(context: ChannelHandlerContext) {
        context.fireChannelActive()
        activated(context.channel)
        context.pipeline.syncOperations.removeHandler(context: context, promise: nil)
    }
}

/// The layout of Linux's `struct ucred`, which Swift's Glibc module does not export.
struct PeerCredentials: Sendable {
    var pid: Int32 = 0
    var uid: UInt32 = 0
    var gid: UInt32 = 0
}

/// Writes replies to one connection, NUL-terminated, one at a time. The connection's next
/// call is taken only once the last reply has gone to the kernel (`drained`), so a peer that
/// sends calls and never reads holds one reply in the daemon's memory, not one per call (50
/// such clients held 1.3 GB, make bench, abuse). Replies waiting for their reader are counted
/// in `unsent`, which closes the slowest readers when they hold too much.
final class ChannelReplySink: VarlinkReplySink {
    let channel: any Channel
    let unsent: UnsentReplies
    /// The last reply handed to the channel, until the kernel has taken all of it.
    let pending = Mutex<EventLoopFuture<Void>?>(nil)

    init(channel: any Channel, unsent: UnsentReplies) {
        self.channel = channel
        self.unsent = unsent
    }

    func write(_ message: consuming [UInt8]) async throws {
        // A stream of replies (Watch) waits for each to go before the next.
        try await drained()
        guard channel.isActive else { throw ChannelError.ioOnClosedChannel }
        var buffer = channel.allocator.buffer(capacity: message.count + 1)
        buffer.writeBytes(message)
        _ = consume message
        buffer.writeInteger(UInt8(0))
        let ticket = unsent.added(bytes: buffer.capacity, channel: channel)
        let promise = channel.eventLoop.makePromise(of: Void.self)
        let written = promise.futureResult
        channel.writeAndFlush(buffer, promise: promise)
        pending.withLock { $0 = written }
        written.whenComplete { [unsent] _ in
            unsent.removed(ticket)
            self.pending.withLock { if $0 === written { $0 = nil } }
        }
    }

    /// Returns once the last reply has been taken by the kernel; throws if it could not be.
    func drained() async throws {
        guard let last = pending.withLock({ $0 }) else { return }
        try await last.get()
    }

    var peerHasGone: Bool { !channel.isActive }

    func peerClosed() async {
        try? await channel.closeFuture.get()
    }
}

/// Paces accepting: pauses it at `limit` open connections (until a quarter have closed), and
/// while `startingLimit` accepted connections wait for their serving task to start (until half
/// of those have started). Either way a flood of connections waits in the kernel's listen
/// backlog, not in the daemon's memory or its task queue: a client connecting and hanging up
/// in a loop could otherwise fill the queue of tasks with thousands of connections to set up,
/// and every step of a well-behaved client's call waited behind them (make bench, abuse:
/// round trips of 200-600 ms). The decision is taken on the listening socket's event loop, so
/// pauses and resumes apply in order.
final class ConnectionGate: Sendable {
    let limit: @Sendable () -> Int
    let startingLimit: Int
    let logger: Logger
    struct State {
        var open = 0
        var starting = 0
        var paused = false
    }
    let state = Mutex(State())

    init(limit: @escaping @Sendable () -> Int, startingLimit: Int = 64, logger: Logger) {
        self.limit = { max(1, limit()) }
        self.startingLimit = max(1, startingLimit)
        self.logger = logger
    }

    /// Connections open now.
    var open: Int { state.withLock { $0.open } }

    /// Whether accepting should stop, or may go on again, given the counts.
    func full(_ s: State, _ limit: Int) -> Bool { s.open >= limit || s.starting >= startingLimit }
    func roomAgain(_ s: State, _ limit: Int) -> Bool { s.open < max(1, limit * 3 / 4) && s.starting < max(1, startingLimit / 2) }

    /// A connection was accepted.
    func opened(_ child: any Channel) {
        let limit = self.limit()
        let pause = state.withLock { s in
            s.open += 1
            return !s.paused && full(s, limit)
        }
        guard let server = child.parent else { return }
        // The listening socket's loop is asked only when a change is due, not for every
        // connection: under a flood of short connections that was two tasks per connection.
        if pause { update(server) }
        child.closeFuture.whenComplete { _ in
            let resume = self.state.withLock { s in
                s.open -= 1
                return s.paused && self.roomAgain(s, limit)
            }
            if resume { self.update(server) }
        }
    }

    /// An active connection was handed to the serving loop; `started` follows once its task runs.
    func queued(_ child: any Channel) {
        let limit = self.limit()
        let pause = state.withLock { s in
            s.starting += 1
            return !s.paused && full(s, limit)
        }
        if pause, let server = child.parent { update(server) }
    }

    /// The connection's serving task has started (or found it closed).
    func started(_ child: any Channel) {
        let limit = self.limit()
        let resume = state.withLock { s in
            s.starting -= 1
            return s.paused && roomAgain(s, limit)
        }
        if resume, let server = child.parent { update(server) }
    }

    func update(_ server: any Channel) {
        server.eventLoop.execute {
            let limit = self.limit()
            let change = self.state.withLock { s -> (accept: Bool, warn: Bool)? in
                if !s.paused, self.full(s, limit) {
                    s.paused = true
                    // Warned once per pause for too many connections; pauses for pacing are routine.
                    return (false, s.open >= limit)
                }
                if s.paused, self.roomAgain(s, limit) { s.paused = false; return (true, false) }
                return nil
            }
            guard let change else { return }
            if change.warn {
                self.logger.warning("too many connections; accepting again when a quarter have closed", metadata: ["max_connections": "\(limit)"])
            }
            server.setOption(.autoRead, value: change.accept).whenFailure { _ in }
        }
    }
}
