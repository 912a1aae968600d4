import DiplomatCore
import DiplomatStore
import Foundation
import Synchronization

/// One message on a `Watch` stream.
public struct TimelineNotification: Codable, Sendable {
    /// "watching" (the first message), "added", "changed", "ingested", "reminder", "missed"
    /// (this watcher fell behind and lost some), or "shutdown" (the last one).
    public var type: String
    public var now: String?
    public var event: Event?
    public var revision: Revision?
    public var reminder: ReminderJSON?
    /// For type "missed": how many notifications a slow watcher lost.
    public var missed: Int?

    public init(type: String, now: String? = nil, event: Event? = nil, revision: Revision? = nil, reminder: ReminderJSON? = nil, missed: Int? = nil) {
        self.type = type
        self.now = now
        self.event = event
        self.revision = revision
        self.reminder = reminder
        self.missed = missed
    }
}

/// One watcher's stream, and how many messages it lost by falling behind.
public struct FeedSubscription: Sendable {
    public let id: Int
    public let stream: AsyncStream<TimelineNotification>
}

/// Fans timeline changes out to every watcher. Each watcher has its own bounded buffer that
/// keeps the newest messages, so a watcher that stops reading never holds up a write, the
/// reminder scheduler or another watcher; what it lost is counted and reported to it once.
public final class ChangeFeed: Sendable {
    public static let bufferPerWatcher = 256

    private struct Watcher {
        var continuation: AsyncStream<TimelineNotification>.Continuation
        var counted: Bool
        var dropped = 0
    }
    private let watchers = Mutex<(next: Int, all: [Int: Watcher])>((0, [:]))
    /// Counted watchers, kept beside the table so `Status` reads it without a scan.
    private let countedWatchers = Atomic<Int>(0)

    public init() {}

    /// A new subscription; its stream ends when the caller stops iterating or on `finishAll`.
    /// `counted: false` is for the daemon's own listeners, which `count` leaves out.
    public func subscribe(counted: Bool = true) -> FeedSubscription {
        let (stream, continuation) = AsyncStream.makeStream(of: TimelineNotification.self, bufferingPolicy: .bufferingNewest(Self.bufferPerWatcher))
        let id = watchers.withLock { state in
            state.next += 1
            state.all[state.next] = Watcher(continuation: continuation, counted: counted)
            if counted { countedWatchers.add(1, ordering: .relaxed) }
            return state.next
        }
        continuation.onTermination = { [weak self] _ in
            self?.remove(id)
        }
        return FeedSubscription(id: id, stream: stream)
    }

    public func publish(_ notification: TimelineNotification) {
        let targets = watchers.withLock { state in state.all.map { ($0.key, $0.value.continuation) } }
        for (id, c) in targets {
            if case .dropped = c.yield(notification) {
                watchers.withLock { state in state.all[id]?.dropped += 1 }
            }
        }
    }

    /// How many messages this watcher lost since last asked (and resets the count).
    public func takeDropped(_ id: Int) -> Int {
        watchers.withLock { state in
            let n = state.all[id]?.dropped ?? 0
            state.all[id]?.dropped = 0
            return n
        }
    }

    private func remove(_ id: Int) {
        watchers.withLock { state in
            if state.all.removeValue(forKey: id)?.counted == true { countedWatchers.subtract(1, ordering: .relaxed) }
        }
    }

    /// Clients watching (the daemon's own listeners not included).
    public var count: Int { countedWatchers.load(ordering: .relaxed) }

    /// Sends a last message to every watcher and ends their streams.
    public func finishAll(with last: TimelineNotification) {
        let targets = watchers.withLock { state in
            defer {
                state.all.removeAll()
                countedWatchers.store(0, ordering: .relaxed)
            }
            return state.all.values.map(\.continuation)
        }
        for c in targets {
            c.yield(last)
            c.finish()
        }
    }
}
