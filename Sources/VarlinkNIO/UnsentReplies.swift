import Logging
import NIOCore
import Synchronization

/// Bounds the memory held by replies handed to connections but not yet taken by their
/// readers. Each connection holds at most one such reply (`ChannelReplySink`), but a reply can
/// be tens of megabytes (a whole timeline), so a few dozen clients that call and never read
/// held 1.3 GB (make bench, abuse). Past the limit, the connection whose reply has waited
/// longest is closed, once it has waited `grace`: a client reading its reply takes it within
/// milliseconds, one that has not started after a second while memory is short is dropped.
public final class UnsentReplies: Sendable {
    /// Bytes, read at each reply so a reload can change it.
    let limit: @Sendable () -> Int
    let grace: TimeAmount
    let logger: Logger

    struct Entry {
        var bytes: Int
        var since: NIODeadline
        var channel: any Channel
        var closing = false
    }

    struct State {
        var total = 0
        var next: UInt64 = 0
        var entries: [UInt64: Entry] = [:]
        /// Whether a later look is scheduled for replies still within their grace.
        var checkScheduled = false
    }

    let state = Mutex(State())
    /// Where the later look runs.
    let eventLoop: any EventLoop

    public init(limit: @escaping @Sendable () -> Int, grace: TimeAmount = .seconds(1), eventLoop: any EventLoop, logger: Logger) {
        self.limit = limit
        self.grace = grace
        self.eventLoop = eventLoop
        self.logger = logger
    }

    /// Bytes held now.
    public var total: Int { state.withLock { $0.total } }

    /// Counts a reply until `removed` is called with the returned ticket; closes the oldest
    /// unread connections while the total is over the limit.
    func added(bytes: Int, channel: any Channel) -> UInt64 {
        let ticket = state.withLock { s -> UInt64 in
            let ticket = s.next
            s.next += 1
            s.entries[ticket] = Entry(bytes: bytes, since: .now(), channel: channel)
            s.total += bytes
            return ticket
        }
        enforce()
        return ticket
    }

    /// Closes the connections whose replies have waited longest, past their grace, while the
    /// total is over the limit. When the rest are still within their grace, looks again once
    /// the oldest's has passed: a reply left unread is dropped even if nothing else happens.
    func enforce() {
        let limit = self.limit()
        let now = NIODeadline.now()
        let (evicted, total, later) = state.withLock { s -> ([any Channel], Int, NIODeadline?) in
            guard s.total > limit else { return ([], s.total, nil) }
            var evicted: [any Channel] = []
            var counted = s.entries.values.reduce(0) { $0 + ($1.closing ? 0 : $1.bytes) }
            guard counted > limit else { return ([], s.total, nil) }
            // Oldest first; tickets grow with time.
            for key in s.entries.keys.sorted() where counted > limit {
                guard let entry = s.entries[key], !entry.closing else { continue }
                guard entry.since + grace <= now else {
                    if s.checkScheduled { return (evicted, s.total, nil) }
                    s.checkScheduled = true
                    return (evicted, s.total, entry.since + grace)
                }
                s.entries[key]!.closing = true
                counted -= entry.bytes
                evicted.append(entry.channel)
            }
            return (evicted, s.total, nil)
        }
        for channel in evicted {
            logger.notice("closing a connection that does not read its reply while unsent replies exceed the limit",
                          metadata: ["unsent_bytes": "\(total)", "max_unsent_bytes": "\(limit)"])
            channel.close(promise: nil)
        }
        if let later {
            eventLoop.scheduleTask(deadline: later) {
                self.state.withLock { $0.checkScheduled = false }
                self.enforce()
            }
        }
    }

    func removed(_ ticket: UInt64) {
        state.withLock { s in
            if let entry = s.entries.removeValue(forKey: ticket) { s.total -= entry.bytes }
        }
    }
}
