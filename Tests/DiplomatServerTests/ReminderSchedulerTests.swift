import DiplomatCore
@testable import DiplomatServer
import DiplomatStore
import Foundation
import Logging
import Testing

func iso(_ s: String) -> Date { ISO8601.parse(s)! }
let seoul = TimeZone(identifier: "Asia/Seoul")!

/// The scheduler driven by a clock the test moves, over a real (in-memory) SQLite store.
struct SchedulerHarness {
    let clock: ManualWallClock
    let store: TimelineStore
    let feed = ChangeFeed()
    let scheduler: ReminderScheduler

    init(at start: String, horizon: TimeInterval = 7 * 86_400, store: TimelineStore? = nil) throws {
        clock = ManualWallClock(iso(start))
        self.store = try store ?? TimelineStore.inMemory()
        scheduler = ReminderScheduler(store: self.store, clock: clock, feed: feed, logger: Logger(label: "test"),
                                      settings: { ReminderSettings(policy: .standard, catchUpHorizon: horizon) })
    }

    func add(_ id: String, _ status: Status, _ value: String, mod: TimeMod? = nil) async throws {
        let e = Event(id: id, title: id, kind: .meeting, status: status, when: try When.resolve(value: value, mod: mod, timeZone: seoul))
        _ = try await store.add(e, actor: "test", at: clock.now)
    }

    /// Moves the clock and runs one scheduler pass; returns what fired, in order.
    func advance(to time: String) async throws -> [String] {
        clock.set(iso(time))
        let watcher = feed.subscribe()
        try await scheduler.pass()
        feed.finishAll(with: TimelineNotification(type: "end"))
        var fired: [String] = []
        for await n in watcher.stream where n.type == "reminder" {
            fired.append("\(n.event!.id):\(n.reminder!.kind.rawValue)\(n.reminder!.offset.map { "-" + $0 } ?? "")\(n.reminder!.late ? ":late" : "")")
        }
        return fired
    }
}

@Suite struct ReminderSchedulerTests {
    @Test func firesEachReminderOnceWhenDue() async throws {
        let h = try SchedulerHarness(at: "2021-04-01T18:00:00+09:00")
        try await h.add("tri", .possible, "2021-04", mod: .end)
        try await h.add("dg", .scheduled, "2021-04-20")
        #expect(try await h.advance(to: "2021-04-12T23:59:59+09:00") == [])
        #expect(try await h.advance(to: "2021-04-13T00:00:00+09:00") == ["dg:before-P7D"])
        #expect(try await h.advance(to: "2021-04-13T00:00:00+09:00") == [])  // not twice
        #expect(try await h.advance(to: "2021-04-16T00:00:00.5+09:00") == ["tri:windowOpens"])
        #expect(try await h.advance(to: "2021-04-19T23:00:00+09:00") == ["dg:before-P1D:late", "dg:before-PT1H"])
        #expect(try await h.advance(to: "2021-04-21T00:00:00+09:00") == ["dg:lapsed"])
        #expect(try await h.advance(to: "2021-05-01T00:00:00+09:00") == ["tri:windowCloses"])
        try await h.scheduler.recount()
        #expect(h.scheduler.pendingCount == 0)
    }

    @Test func changesWithdrawRemindersThatNoLongerApply() async throws {
        let h = try SchedulerHarness(at: "2021-04-01T18:00:00+09:00")
        try await h.add("tri", .possible, "2021-04", mod: .end)
        try await h.add("dg", .scheduled, "2021-04-20")
        _ = try await h.store.setStatus(id: "dg", to: .cancelled, reason: nil, actor: "t", at: h.clock.now)
        _ = try await h.store.setStatus(id: "tri", to: .occurred, reason: nil, actor: "t", at: h.clock.now)
        #expect(try await h.advance(to: "2021-06-01T00:00:00+09:00") == [])
        let (count, _) = try await h.store.pendingReminders(limit: 10)
        #expect(count == 0)
    }

    @Test func clockStepsBackwardDoNotRefireAndForwardStepsCatchUp() async throws {
        let h = try SchedulerHarness(at: "2021-04-01T18:00:00+09:00")
        try await h.add("dg", .scheduled, "2021-04-20")
        #expect(try await h.advance(to: "2021-04-13T00:00:00+09:00") == ["dg:before-P7D"])
        // NTP or `date -s` moves the clock back a week: nothing fires again…
        #expect(try await h.advance(to: "2021-04-06T00:00:00+09:00") == [])
        #expect(try await h.advance(to: "2021-04-13T00:00:00+09:00") == [])
        // …and a jump forward fires what it skipped, flagged late, oldest first.
        #expect(try await h.advance(to: "2021-04-19T23:30:00+09:00") == ["dg:before-P1D:late", "dg:before-PT1H:late"])
    }

    @Test func catchUpAfterDowntimeFiresRecentOnesLateAndRecordsOldOnesAsMissed() async throws {
        let store = try TimelineStore.inMemory()
        let before = try SchedulerHarness(at: "2021-04-01T18:00:00+09:00", horizon: 2 * 86_400, store: store)
        try await before.add("dg", .scheduled, "2021-04-20")
        // The daemon is down from 1 April to the evening of the 19th; a new scheduler starts.
        let after = try SchedulerHarness(at: "2021-04-01T18:00:00+09:00", horizon: 2 * 86_400, store: store)
        #expect(try await after.advance(to: "2021-04-19T23:30:00+09:00") == ["dg:before-P1D:late", "dg:before-PT1H:late"])
        let recent = try await store.recentReminders(limit: 10)
        #expect(recent.filter { $0.state == .missed }.map(\.key) == ["before-P7D"])
    }

    @Test func acknowledgingAndSnoozing() async throws {
        let h = try SchedulerHarness(at: "2021-04-01T18:00:00+09:00")
        try await h.add("dg", .scheduled, "2021-04-20")
        #expect(try await h.advance(to: "2021-04-13T00:00:00+09:00") == ["dg:before-P7D"])
        let fired = try await h.store.recentReminders(limit: 1)[0]
        h.clock.set(iso("2021-04-19T22:00:00+09:00"))
        let (acked, snoozed) = try await h.store.acknowledge(id: fired.id, snooze: 2 * 3600, now: h.clock.now)
        #expect(acked.acknowledgedAt != nil && snoozed == 2)  // P1D (overdue) and PT1H move to midnight
        #expect(try await h.advance(to: "2021-04-19T23:59:00+09:00") == [])
        #expect(try await h.advance(to: "2021-04-20T00:00:00+09:00") == ["dg:before-P1D", "dg:before-PT1H"])
    }

    @Test func aSlowWatcherLosesTheOldestAndIsToldHowMany() async throws {
        let feed = ChangeFeed()
        let slow = feed.subscribe()
        for i in 0..<(ChangeFeed.bufferPerWatcher + 10) { feed.publish(TimelineNotification(type: "n\(i)")) }
        #expect(feed.takeDropped(slow.id) == 10)
        #expect(feed.takeDropped(slow.id) == 0)
        var iterator = slow.stream.makeAsyncIterator()
        #expect(await iterator.next()?.type == "n10")
    }

    @Test func doorbellWakesTheSleeperEarly() async throws {
        let bell = Doorbell()
        bell.ring()
        #expect(await bell.wait(timeout: .seconds(10)))  // a ring before the wait is not lost
        #expect(await bell.wait(timeout: .milliseconds(10)) == false)
    }
}

@Suite struct SchedulerSleepTests {
    @Test func sleepsUntilTheNextDueScaledByTheClockSpeedButNeverLongerThanMaxWait() async throws {
        let store = try TimelineStore.inMemory()
        let e = Event(id: "a", title: "a", kind: .meeting, status: .scheduled, when: try When.resolve(value: "2021-04-20", timeZone: seoul))
        _ = try await store.add(e, actor: "t", at: iso("2021-04-01T00:00:00+09:00"))
        for (speed, expected) in [(1.0, Duration.seconds(1)), (1e-9, .seconds(1)), (86_400 * 365 * 100, Duration.zero)] {
            let clock = ReplayWallClock(start: iso("2021-04-12T23:59:59.5+09:00"), speed: speed)
            let s = ReminderScheduler(store: store, clock: clock, feed: ChangeFeed(), logger: Logger(label: "t"), settings: { ReminderSettings() })
            let wait = try await s.sleepTime()
            #expect(wait <= .seconds(1))
            if expected == .zero { #expect(wait < .milliseconds(1)) } else { #expect(wait >= .milliseconds(400)) }
        }
    }
}

@Suite struct SchedulerServiceTests {
    /// The running service notices a wall-clock step by itself (no doorbell): its sleep is
    /// capped at maxWait of real time.
    @Test func noticesAClockStepWithinMaxWait() async throws {
        let store = try TimelineStore.inMemory()
        let clock = ManualWallClock(iso("2021-04-01T18:00:00+09:00"))
        let e = Event(id: "dg", title: "dg", kind: .meeting, status: .scheduled, when: try When.resolve(value: "2021-04-20", timeZone: seoul))
        _ = try await store.add(e, actor: "t", at: clock.now)
        let feed = ChangeFeed()
        let scheduler = ReminderScheduler(store: store, clock: clock, feed: feed, logger: Logger(label: "t"),
                                          settings: { ReminderSettings() }, maxWait: .milliseconds(50))
        let watcher = feed.subscribe()
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await scheduler.run() }
            try await Task.sleep(for: .milliseconds(100))
            clock.set(iso("2021-04-13T00:00:01+09:00"))  // like `date -s` or a resume from suspend
            var iterator = watcher.stream.makeAsyncIterator()
            let first = await iterator.next()
            #expect(first?.reminder?.kind == .before && first?.reminder?.offset == "P7D")
            clock.set(iso("2021-04-05T00:00:00+09:00"))  // and back: nothing more fires
            try await Task.sleep(for: .milliseconds(200))
            #expect(feed.takeDropped(watcher.id) == 0)
            group.cancelAll()
        }
        #expect(try await store.recentReminders(limit: 10).count == 1)
    }
}
