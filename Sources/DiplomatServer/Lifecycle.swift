import DiplomatCore
import DiplomatStore
import Foundation
import Logging
import Synchronization
import ServiceLifecycle
import UnixSignals

/// What the daemon tells its service manager. systemd's `sd_notify` implements it in
/// diplomatd; tests record the calls.
public protocol ServiceManagerNotifier: Sendable {
    func ready(status: String)
    func status(_ text: String)
    func watchdog()
    func reloading(status: String)
    func stopping(status: String)
}

/// Keeps the service manager's status line current: soon after a change to the timeline (at
/// most once a second, however fast changes and reminders stream), and once a minute because
/// events become upcoming or lapse as time passes.
public struct StatusReporter: Service {
    let timeline: TimelineInterface
    let notifier: any ServiceManagerNotifier
    let period: Duration

    public init(timeline: TimelineInterface, notifier: any ServiceManagerNotifier, period: Duration = .seconds(60)) {
        self.timeline = timeline
        self.notifier = notifier
        self.period = period
    }

    public func run() async throws {
        let changes = timeline.feed.subscribe(counted: false)
        let dirty = ChangeFlag()
        await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask {
                for await _ in changes.stream.cancelOnGracefulShutdown() { dirty.set() }
            }
            group.addTask {
                var sinceReport = Duration.zero
                while !Task.isCancelled {
                    try await Task.sleep(for: .seconds(1))
                    sinceReport += .seconds(1)
                    if dirty.take() || sinceReport >= self.period {
                        await self.report()
                        sinceReport = .zero
                    }
                }
            }
            try? await gracefulShutdown()
            group.cancelAll()
        }
    }

    func report() async {
        if let line = try? await timeline.statusLine() { notifier.status(line) }
    }
}

/// A flag set by one task and taken (read and cleared) by another.
final class ChangeFlag: Sendable {
    private let value = Atomic(false)
    func set() { value.store(true, ordering: .releasing) }
    func take() -> Bool { value.exchange(false, ordering: .acquiringAndReleasing) }
}

/// Pings the service manager's watchdog at half its interval, but only after probing the
/// parts that do the work (a database read, each socket event loop): a daemon that hangs in
/// any of them stops pinging and is restarted.
public struct WatchdogService: Service {
    let interval: Duration
    let notifier: any ServiceManagerNotifier
    let probes: [@Sendable () async throws -> Void]
    let logger: Logger

    public init(interval: Duration, notifier: any ServiceManagerNotifier, probes: [@Sendable () async throws -> Void], logger: Logger) {
        self.interval = interval
        self.notifier = notifier
        self.probes = probes
        self.logger = logger
    }

    public func run() async throws {
        notifier.watchdog()
        // A shutdown cancels the sleep at once; the watchdog must not hold up the stop.
        try? await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                try await Task.sleep(for: interval / 2)
                do {
                    for probe in probes { try await probe() }
                    notifier.watchdog()
                } catch is CancellationError {
                    return
                } catch {
                    logger.error("watchdog probe failed; not pinging the watchdog", metadata: ["error": "\(error)"])
                }
            }
        }
    }
}

/// SIGHUP (`systemctl reload`): re-read the configuration and pick up new seed documents,
/// without dropping connections or losing state. An invalid configuration is refused with a
/// journal entry and the one in force stays.
public struct ReloadService: Service {
    let reload: @Sendable () async -> Void

    public init(reload: @escaping @Sendable () async -> Void) { self.reload = reload }

    public func run() async throws {
        for await _ in await UnixSignalsSequence(trapping: .sighup).cancelOnGracefulShutdown() {
            await reload()
        }
    }
}

/// On shutdown: tells the service manager, and ends every `Watch` stream with a last message.
/// Listed last in the service group, so it is the first to hear of the shutdown.
public struct ShutdownAnnouncer: Service {
    let feed: ChangeFeed
    let clock: any WallClock
    let notifier: any ServiceManagerNotifier
    let logger: Logger

    public init(feed: ChangeFeed, clock: any WallClock, notifier: any ServiceManagerNotifier, logger: Logger) {
        self.feed = feed
        self.clock = clock
        self.notifier = notifier
        self.logger = logger
    }

    public func run() async throws {
        try? await gracefulShutdown()
        notifier.stopping(status: "Stopping: finishing requests in flight")
        logger.notice("stopping", metadata: ["message_id": "\(JournalMessage.stopped)"])
        feed.finishAll(with: TimelineNotification(type: "shutdown", now: ISO8601.format(clock.now, in: .current)))
    }
}
