import DiplomatCore
import Foundation
import Testing

@Suite struct ReminderPlanTests {
    func event(_ status: Status, _ value: String?, mod: TimeMod? = nil, zone: TimeZone = seoul, remind: [TimeInterval]? = nil) -> Event {
        var e = Event(id: "e", title: "E", kind: .meeting, status: status, when: try! When.resolve(value: value, mod: mod, timeZone: zone))
        e.remind = remind
        return e
    }

    @Test func datedEventsGetLeadTimesBeforeLocalMidnightAndALapse() {
        let plan = ReminderPlanner.plan(event(.scheduled, "2021-04-20"), policy: .standard)
        #expect(plan.map(\.key) == ["before-P7D", "before-P1D", "before-PT1H", "lapsed"])
        #expect(plan.map(\.due) == [iso("2021-04-13T00:00:00+09:00"), iso("2021-04-19T00:00:00+09:00"),
                                    iso("2021-04-19T23:00:00+09:00"), iso("2021-04-21T00:00:00+09:00")])
        let atTime = ReminderPlanner.plan(event(.expected, "2021-04-20T15:30"), policy: .standard)
        #expect(atTime.first { $0.key == "before-PT1H" }?.due == iso("2021-04-20T14:30:00+09:00"))
        #expect(atTime.last?.due == iso("2021-04-20T15:31:00+09:00"))
    }

    @Test func daysAreCalendarDaysAcrossDaylightSaving() {
        // London moved to BST on 28 March 2021: a week before midnight on the 29th is midnight GMT on the 22nd.
        let plan = ReminderPlanner.plan(event(.scheduled, "2021-03-29", zone: london), policy: .standard)
        #expect(plan.first { $0.key == "before-P7D" }?.due == iso("2021-03-22T00:00:00Z"))
        #expect(plan.first { $0.key == "before-P1D" }?.due == iso("2021-03-28T00:00:00Z"))
        #expect(plan.first { $0.key == "before-PT1H" }?.due == iso("2021-03-28T22:00:00Z"))
        // An event on the short day itself starts at midnight GMT; an hour before is 23:00 the day before.
        let short = ReminderPlanner.plan(event(.scheduled, "2021-03-28", zone: london), policy: .standard)
        #expect(short.first { $0.key == "before-PT1H" }?.due == iso("2021-03-27T23:00:00Z"))
        #expect(short.last?.due == iso("2021-03-28T23:00:00Z"))  // the 23-hour day ends at midnight BST
    }

    @Test func windowsGetOpensAndCloses() {
        let plan = ReminderPlanner.plan(event(.possible, "2021-04", mod: .end), policy: .standard)
        #expect(plan.map(\.kind) == [.windowOpens, .windowCloses])
        #expect(plan.map(\.due) == [iso("2021-04-16T00:00:00+09:00"), iso("2021-05-01T00:00:00+09:00")])
        #expect(ReminderPlanner.plan(event(.expected, "2021-W16"), policy: .standard).map(\.kind) == [.windowOpens, .windowCloses])
    }

    @Test func nothingForUndatedConfirmedOrCancelledEvents() {
        #expect(ReminderPlanner.plan(event(.proposed, nil), policy: .standard).isEmpty)
        #expect(ReminderPlanner.plan(event(.occurred, "2021-04-20"), policy: .standard).isEmpty)
        #expect(ReminderPlanner.plan(event(.cancelled, "2021-04"), policy: .standard).isEmpty)
    }

    @Test func perEventAndPerStatusPolicies() {
        let own = ReminderPlanner.plan(event(.scheduled, "2021-04-20", remind: [2 * 86_400, 3 * 3600]), policy: .standard)
        #expect(own.map(\.key) == ["before-P2D", "before-PT3H", "lapsed"])
        let none = ReminderPlanner.plan(event(.scheduled, "2021-04-20", remind: []), policy: .standard)
        #expect(none.map(\.key) == ["lapsed"])
        var policy = ReminderPolicy.standard
        policy.leads[.possible] = [3600]
        #expect(ReminderPlanner.plan(event(.possible, "2021-04-20"), policy: policy).map(\.key) == ["before-PT1H", "lapsed"])
        #expect(ReminderPolicy.leads(from: "P7D,PT1H") == [604_800, 3600])
        #expect(ReminderPolicy.leads(from: "none") == [])
        #expect(ReminderPolicy.leads(from: "soon") == nil)
    }
}
