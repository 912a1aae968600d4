import DiplomatCore
import DiplomatStore
import Foundation
import Synchronization

/// One message on a `Watch` stream.
public struct TimelineNotification: Codable, Sendable {
    /// "watching" (the first message), "added", "changed", or "shutdown" (the last one).
    public var type: String
    public var now: String?
    public var event: Event?
    public var revision: Revision?

    public init(type: String, now: String? = nil, event: Event? = nil, revision: Revision? = nil) {
        self.type = type
        self.now = now
        self.event = event
        self.revision = revision
    }
}

/// Fans timeline changes out to every watcher. Each watcher has its own bounded buffer that
/// keeps the newest messages, so a watcher that stops reading never holds up a write or
/// another watcher.
public final class ChangeFeed: Sendable {
    public static let bufferPerWatcher = 256
    private let watchers = Mutex<(next: Int, all: [Int: AsyncStream<TimelineNotification>.Continuation], internal: Set<Int>)>((0, [:], []))

    public init() {}

    /// A new stream of notifications; it ends when the caller stops iterating or on `finishAll`.
    /// `counted: false` is for the daemon's own listeners, which `count` leaves out.
    public func subscribe(counted: Bool = true) -> AsyncStream<TimelineNotification> {
        let (stream, continuation) = AsyncStream.makeStream(of: TimelineNotification.self, bufferingPolicy: .bufferingNewest(Self.bufferPerWatcher))
        let id = watchers.withLock { state in
            state.next += 1
            state.all[state.next] = continuation
            if !counted { state.internal.insert(state.next) }
            return state.next
        }
        continuation.onTermination = { [weak self] _ in
            self?.watchers.withLock { state in
                state.all.removeValue(forKey: id)
                state.internal.remove(id)
            }
        }
        return stream
    }

    public func publish(_ notification: TimelineNotification) {
        let targets = watchers.withLock { Array($0.all.values) }
        for c in targets { c.yield(notification) }
    }

    /// Clients watching (the daemon's own listeners not included).
    public var count: Int { watchers.withLock { $0.all.count - $0.internal.count } }

    /// Sends a last message to every watcher and ends their streams.
    public func finishAll(with last: TimelineNotification) {
        let targets = watchers.withLock { state in
            defer { state.all.removeAll(); state.internal.removeAll() }
            return Array(state.all.values)
        }
        for c in targets {
            c.yield(last)
            c.finish()
        }
    }
}
