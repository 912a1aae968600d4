import DiplomatCore
import Foundation
import Testing

func event(_ id: String, _ status: Status, _ value: String?, mod: TimeMod? = nil, countries: [String] = [], people: [String] = []) -> Event {
    Event(id: id, title: id, kind: .meeting, status: status, when: try! When.resolve(value: value, mod: mod, timeZone: seoul),
          participants: people.map { Participant(name: $0) }, countries: countries)
}

@Suite struct TimelineTests {
    let events = [
        event("talks", .occurred, "2021-04-01", countries: ["KR", "JP"], people: ["Lee Sang-ryol"]),
        event("trilateral", .possible, "2021-04", mod: .end, countries: ["KR", "US", "JP"], people: ["Chung Eui-yong", "Antony Blinken"]),
        event("early-date", .proposed, nil, countries: ["KR", "JP"], people: ["Chung Eui-yong"]),
        event("summit", .scheduled, "2021-04-10", countries: ["KR"]),
        event("called-off", .cancelled, "2021-04-12"),
    ]
    let publication = iso("2021-04-01T18:00:00+09:00")

    @Test func upcomingIsPendingAndOpenSoonestFirstUndatedLast() {
        let ids = Timeline.upcoming(events, now: publication).map(\.id)
        #expect(ids == ["summit", "trilateral", "early-date"])
        #expect(Timeline.upcoming(events, now: publication, within: 10 * 86_400).map(\.id) == ["summit"])
    }

    @Test func aWindowThatHasOpenedIsStillUpcomingUntilItCloses() {
        let inside = iso("2021-04-20T12:00:00+09:00")
        #expect(Timeline.upcoming(events, now: inside).map(\.id) == ["trilateral", "early-date"])
        let after = iso("2021-05-01T00:00:00+09:00")
        #expect(Timeline.upcoming(events, now: after).map(\.id) == ["early-date"])
    }

    @Test func lapsedOnlyAfterTheWindowClosesAndOnlyForPendingEvents() {
        let tri = events[1]
        #expect(tri.effectiveStatus(at: iso("2021-04-30T23:59:59+09:00")) == .possible)
        #expect(tri.effectiveStatus(at: iso("2021-05-01T00:00:00+09:00")) == .lapsed)
        #expect(events[0].effectiveStatus(at: iso("2030-01-01T00:00:00Z")) == .occurred)
        #expect(events[2].effectiveStatus(at: iso("2030-01-01T00:00:00Z")) == .proposed)
        #expect(events[4].effectiveStatus(at: iso("2030-01-01T00:00:00Z")) == .cancelled)
    }

    @Test func rangeAndFilters() {
        let april = Timeline.range(events, from: iso("2021-04-05T00:00:00+09:00"), to: iso("2021-04-30T00:00:00+09:00"))
        #expect(april.map(\.id) == ["summit", "called-off", "trilateral"])
        #expect(Timeline.range(events, from: nil, to: nil).last?.id == "early-date")
        let us = TimelineFilter(countries: ["US"])
        #expect(Timeline.range(events, from: nil, to: nil, now: publication, filter: us).map(\.id) == ["trilateral"])
        let chung = TimelineFilter(people: ["chung"])
        #expect(Timeline.range(events, from: nil, to: nil, now: publication, filter: chung).map(\.id) == ["trilateral", "early-date"])
        let lapsed = TimelineFilter(statuses: [.lapsed])
        #expect(Timeline.range(events, from: nil, to: nil, now: iso("2022-01-01T00:00:00Z"), filter: lapsed).map(\.id) == ["summit", "trilateral"])
    }

    @Test func validationNamesTheField() {
        var e = events[0]
        e.countries = ["Korea"]
        #expect(throws: EventValidationError(field: "countries[0]", reason: "'Korea' is not an ISO 3166-1 alpha-2 code such as KR")) { try e.validate() }
        e = events[0]
        e.title = "  "
        #expect(throws: EventValidationError.self) { try e.validate() }
    }
}

@Suite struct HumanDateTests {
    @Test func writesDatesAtTheirPrecision() throws {
        #expect(HumanDate.describe(try When.resolve(value: "2021-04-01", timeZone: seoul)) == "Thu 1 Apr 2021")
        #expect(HumanDate.describe(try When.resolve(value: "2021-04", mod: .end, timeZone: seoul)) == "Apr 2021 (late)")
        #expect(HumanDate.describe(try When.resolve(value: "2021-04-01T15:00", timeZone: seoul)) == "Thu 1 Apr 2021 15:00")
        #expect(HumanDate.describe(try When.resolve(value: "2021-Q2", timeZone: seoul)) == "Q2 2021")
        #expect(HumanDate.describe(When.undated(timeZone: seoul)) == "undated")
    }

    @Test func relativeTimes() throws {
        let day = try When.resolve(value: "2021-04-04", timeZone: seoul)
        #expect(HumanDate.relative(day, now: iso("2021-04-01T00:00:00+09:00")) == "in 3 days")
        #expect(HumanDate.relative(day, now: iso("2021-09-04T00:00:00+09:00")) == "5 months ago")
        #expect(HumanDate.relative(day, now: iso("2021-04-04T12:00:00+09:00")) == "today")
        #expect(HumanDate.span(3600) == "1 hour")
    }
}

@Suite struct ClockTests {
    @Test func replayClockStartsWhereToldAndRunsAtItsSpeed() async throws {
        let start = iso("2021-04-01T18:00:00+09:00")
        let clock = ReplayWallClock(start: start, speed: 3600)
        try await Task.sleep(for: .milliseconds(50))
        let elapsed = clock.now.timeIntervalSince(start)
        #expect(elapsed >= 0.05 * 3600 && elapsed < 60 * 3600)
        let manual = ManualWallClock(start)
        manual.advance(by: 60)
        #expect(manual.now == start.addingTimeInterval(60))
    }
}
