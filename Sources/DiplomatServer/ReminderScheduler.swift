import DiplomatCore
import DiplomatStore
import Foundation
import Logging
import ServiceLifecycle
import Synchronization

/// A reminder as it goes on the wire (Watch, Reminders, Acknowledge).
public struct ReminderJSON: Codable, Sendable {
    public var id: String
    public var event: String
    public var kind: ReminderKind
    public var offset: String?
    public var due: String
    public var state: String
    public var firedAt: String?
    public var late: Bool
    public var acknowledged: Bool
    /// True when announced again after a restart because the daemon stopped between firing
    /// and announcing it: consumers may already have it (same id).
    public var redelivered: Bool?

    public init(_ r: Reminder, zone: TimeZone, redelivered: Bool = false) {
        self.redelivered = redelivered ? true : nil
        id = String(r.id)
        event = r.event
        kind = r.kind
        offset = r.offset
        due = ISO8601.format(r.due, in: zone)
        state = r.state == .firing ? "fired" : r.state.rawValue
        firedAt = r.firedAt.map { ISO8601.format($0, in: zone) }
        late = r.late
        acknowledged = r.acknowledgedAt != nil
    }
}

/// The scheduler's settings, re-read on every pass so a reload applies at once.
public struct ReminderSettings: Sendable {
    public var policy: ReminderPolicy
    /// Reminders that fell due longer ago than this when the daemon gets to them are recorded
    /// as missed instead of fired.
    public var catchUpHorizon: TimeInterval
    public init(policy: ReminderPolicy = .standard, catchUpHorizon: TimeInterval = 7 * 86_400) {
        self.policy = policy
        self.catchUpHorizon = catchUpHorizon
    }
}

/// Fires reminders when they fall due, exactly once: one timer for the next due reminder,
/// re-armed on every change (the doorbell) and at least every `maxWait` of real time, so a
/// step of the wall clock (NTP, `date -s`, resume) is noticed within that. Firing and
/// recording are one transaction; delivery (journal, watchers, status) follows the commit.
public final class ReminderScheduler: Service, Sendable {
    let store: TimelineStore
    let clock: any WallClock
    let feed: ChangeFeed
    let logger: Logger
    let settings: @Sendable () -> ReminderSettings
    let maxWait: Duration
    let doorbell = Doorbell()
    /// What `Status` reports, refreshed after every pass.
    let snapshot = Mutex<(pending: Int, next: Reminder?, nextEvent: Event?)>((0, nil, nil))
    /// Moves on whenever `snapshot` is written, so `Status` can tell its cached reply is still
    /// good without copying the snapshot.
    public let snapshotVersion = Atomic<Int>(0)
    /// Runs after a pass that fired something, at most once a second (the status line).
    let onChange: @Sendable () async -> Void
    /// Firings announced but not yet recorded as such (recorded with the next pass's commit),
    /// and when the expensive parts of the snapshot were last refreshed.
    let bookkeeping = Mutex<(announced: [Int64], recount: Bool)>(([], true))

    public init(store: TimelineStore, clock: any WallClock, feed: ChangeFeed, logger: Logger,
                settings: @escaping @Sendable () -> ReminderSettings, maxWait: Duration = .seconds(1),
                onChange: @escaping @Sendable () async -> Void = {}) {
        self.store = store
        self.clock = clock
        self.feed = feed
        self.logger = logger
        self.settings = settings
        self.maxWait = maxWait
        self.onChange = onChange
    }

    static let batch = 64

    /// Call after anything that may have added or moved a reminder.
    public func rearm() { doorbell.ring() }

    public var pendingCount: Int { snapshot.withLock { $0.pending } }
    public var next: (reminder: Reminder, event: Event?)? { snapshot.withLock { s in s.next.map { ($0, s.nextEvent) } } }

    /// How far past due a reminder may fire and still count as on time: one second of real
    /// time, in the clock's own seconds.
    var lateAfter: TimeInterval { max(1, clock.speed) }

    public func run() async throws {
        // Firings recorded before a crash but never announced: announce them now, outside the
        // part a stop request cancels, so a stop right after start cannot leave them behind.
        do {
            let pending = try await self.store.unannounced()
            for firing in pending { self.deliver(firing, redelivered: true) }
            try await self.store.markAnnounced(pending.map(\.reminder.id))
        } catch {
            self.logger.error("could not re-announce reminders left unannounced by a crash", metadata: ["error": "\(error)"])
        }
        try? await cancelWhenGracefulShutdown {
            defer {
                // Record the last announcements before stopping (best effort; a crash leaves them
                // to be re-announced, flagged, at the next start).
                let ids = self.bookkeeping.withLock { b in defer { b.announced = [] }; return b.announced }
                if !ids.isEmpty { self.flushAnnounced(ids) }
            }
            try await withThrowingTaskGroup(of: Void.self) { group in
                // The status refresh (a recount of the pending index and the status line) runs
                // beside the firing loop, never in it: a reminder due meanwhile is not held up.
                group.addTask {
                    while !Task.isCancelled {
                        try await Task.sleep(for: .seconds(1))
                        if self.bookkeeping.withLock({ b in defer { b.recount = false }; return b.recount }) {
                            try? await self.recount()
                        }
                    }
                }
                group.addTask {
                    // After a failed pass (a full or read-only disk), wait 1 s, 2 s, 4 s … up to a
                    // minute before trying again, instead of retrying at once in a loop.
                    var failures = 0
                    while !Task.isCancelled {
                        do {
                            try await self.pass()
                            if failures > 0 { self.logger.notice("reminder scheduler recovered after \(failures) failed passes") }
                            failures = 0
                        } catch is CancellationError {
                            return
                        } catch {
                            failures += 1
                            let backoff = min(60, 1 << min(failures - 1, 6))
                            self.logger.error("reminder scheduler pass failed; retrying in \(backoff) s", metadata: [
                                "error": "\(StoreError.explain(error))", "diplomat_failures": "\(failures)",
                            ])
                            _ = await self.doorbell.wait(timeout: .seconds(backoff))
                            continue
                        }
                        _ = await self.doorbell.wait(timeout: try await self.sleepTime())
                    }
                }
                try await group.next()
                group.cancelAll()
            }
        }
    }

    /// Counts the pending reminders afresh and updates the status line.
    func recount() async throws {
        let (count, _) = try await store.pendingReminders(limit: 0)
        snapshot.withLock { $0.pending = count }
        snapshotVersion.add(1, ordering: .releasing)
        await onChange()
    }

    /// Real time to sleep before the next pass: until the next reminder is due on this clock
    /// (scaled by its speed), but never longer than `maxWait`.
    func sleepTime() async throws -> Duration {
        guard let due = try await store.nextReminderDue() else { return maxWait }
        let ahead = due.timeIntervalSince(clock.now)
        guard clock.speed > 0 else { return maxWait }
        // Capped in floating point first: a very slow replay clock gives astronomic waits.
        let cap = Double(maxWait.components.seconds) + Double(maxWait.components.attoseconds) / 1e18
        let real = min(cap, max(0, ahead) / clock.speed)
        return .nanoseconds(Int64(real * 1e9))
    }

    /// Fires everything due now (in batches), delivers it, then refreshes the status snapshot.
    /// One commit per batch: it records the batch as firing and the previous one as announced.
    func pass() async throws {
        let s = settings()
        var missed: [Reminder] = []
        var settled = 0
        while true {
            let announced = bookkeeping.withLock { b in defer { b.announced = [] }; return b.announced }
            // Batches of 64: a backlog (after downtime) is fired, announced and recorded in small
            // steps, so a crash in the middle re-announces at most one step.
            let report: FiringReport
            do {
                report = try await store.fireDue(now: clock.now, horizon: s.catchUpHorizon, lateAfter: lateAfter,
                                                 batch: Self.batch, announced: announced)
            } catch {
                // Not recorded (a stop cancelled the write): keep them for the flush at exit.
                bookkeeping.withLock { $0.announced = announced + $0.announced }
                throw error
            }
            for firing in report.fired { deliver(firing) }
            bookkeeping.withLock { $0.announced += report.fired.map(\.reminder.id) }
            if report.fired.count > 8 {
                // A big batch (catching up after downtime, or a burst): record it at once rather
                // than with the next firing, so a crash now does not announce it all again.
                try await recordAnnounced()
            }
            missed += report.missed
            settled += report.fired.count + report.missed.count
            if report.fired.count + report.missed.count < Self.batch { break }
        }
        if !missed.isEmpty {
            let oldest = missed.map(\.due).min()!
            logger.warning("\(missed.count) reminders fell due more than \(HumanDate.span(s.catchUpHorizon)) ago while diplomatd was not running; recorded as missed, not fired", metadata: [
                "message_id": "\(JournalMessage.remindersMissed)", "diplomat_missed": "\(missed.count)",
                "diplomat_oldest_due": "\(ISO8601.format(oldest, in: TimeZone(identifier: "UTC")!))",
            ])
        }
        // The next reminder is one index probe. The pending count is a scan of the pending
        // index: here it is kept by arithmetic, and recounted beside this loop (see `run`).
        let next = try await store.nextPendingReminder()
        // Record the announcements now unless the next firing (whose commit would carry them)
        // is due within a few milliseconds: a crash then re-announces as little as possible.
        let soon = next.map { $0.due.timeIntervalSince(clock.now) / max(clock.speed, 1e-9) < 0.005 } ?? false
        if !soon { try await recordAnnounced() }
        let nextEvent = try await next.asyncMap { try await store.event(id: $0.event) } ?? nil
        snapshot.withLock { $0 = (max(0, $0.pending - settled), next, nextEvent) }
        snapshotVersion.add(1, ordering: .releasing)
        if settled == 0 {
            // Woken by a change, or idle: recount now, nothing is waiting to fire.
            try await recount()
        } else {
            bookkeeping.withLock { $0.recount = true }
        }
    }

    /// Records the announcements made so far; if the write fails (or a stop cancels it) they
    /// stay in the bookkeeping for the next attempt or the flush at exit.
    func recordAnnounced() async throws {
        let ids = bookkeeping.withLock { b in defer { b.announced = [] }; return b.announced }
        do { try await store.markAnnounced(ids) } catch {
            bookkeeping.withLock { $0.announced = ids + $0.announced }
            throw error
        }
    }

    func flushAnnounced(_ ids: [Int64]) {
        // Synchronous on purpose: called while stopping, when no task may be left behind.
        do { try store.markAnnouncedNow(ids) } catch {
            logger.warning("could not record announced reminders; they will be re-announced at the next start", metadata: ["error": "\(error)"])
        }
    }

    func deliver(_ firing: ReminderFiring, redelivered: Bool = false) {
        let r = firing.reminder
        let now = clock.now
        guard var event = try? firing.event.event() else { return }
        event = event.evaluated(at: now)
        let zone = event.when.timeZone
        let dueText = ISO8601.format(r.due, in: zone)
        logger.notice("reminder: \(Self.describe(r)) — \(event.title) (\(HumanDate.describe(event.when)))\(r.late ? ", late" : "")", metadata: [
            "message_id": "\(JournalMessage.reminderFired)", "diplomat_event_id": "\(event.id)",
            "diplomat_reminder_id": "\(r.id)", "diplomat_reminder_kind": "\(r.kind.rawValue)",
            "diplomat_due": "\(dueText)", "diplomat_late": "\(r.late)", "diplomat_offset": "\(r.offset ?? "")",
            "diplomat_redelivered": "\(redelivered)",
        ])
        if (r.kind == .windowCloses || r.kind == .lapsed) && event.effectiveStatus == .lapsed {
            logger.notice("\(event.title): the window closed with nothing confirmed; now lapsed", metadata: [
                "message_id": "\(JournalMessage.windowLapsed)", "diplomat_event_id": "\(event.id)", "diplomat_status": "lapsed",
            ])
        }
        feed.publish(TimelineNotification(type: "reminder", now: ISO8601.format(now, in: zone), event: event, reminder: ReminderJSON(r, zone: zone, redelivered: redelivered)))
    }

    /// "7 days before", "window opens", …
    public static func describe(_ r: Reminder) -> String {
        switch r.kind {
        case .before:
            let seconds = r.offset.flatMap(DurationText.parse) ?? 0
            return HumanDate.span(seconds) + " before"
        case .windowOpens: return "window opens"
        case .windowCloses: return "window closes"
        case .lapsed: return "passed unconfirmed"
        }
    }
}

extension Optional {
    func asyncMap<T>(_ f: (Wrapped) async throws -> T) async rethrows -> T? {
        guard let w = self else { return nil }
        return try await f(w)
    }
}
