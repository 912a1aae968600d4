import Foundation

/// What a reminder is about.
public enum ReminderKind: String, Codable, Sendable, CaseIterable {
    /// A lead time before a dated event starts ("7 days before").
    case before
    /// The window of an imprecisely dated event opens ("later this month" starts).
    case windowOpens
    /// The window of an imprecisely dated event closes.
    case windowCloses
    /// A dated event's day (or minute) passed with no confirmation that it took place.
    case lapsed
}

/// How far ahead to remind, per status. Lead times are whole seconds (ISO 8601 durations in
/// configuration: `P7D,P1D,PT1H`).
public struct ReminderPolicy: Sendable, Hashable, Codable {
    public var leads: [Status: [TimeInterval]]

    public init(leads: [Status: [TimeInterval]]) { self.leads = leads }

    /// 7 days, 1 day and 1 hour before every event that may still happen.
    public static let standard = ReminderPolicy(leads: [
        .scheduled: [7 * 86_400, 86_400, 3600],
        .expected: [7 * 86_400, 86_400, 3600],
        .possible: [7 * 86_400, 86_400, 3600],
        .proposed: [7 * 86_400, 86_400, 3600],
    ])

    /// Parses "P7D,P1D,PT1H" (or "none" for no lead times).
    public static func leads(from text: String) -> [TimeInterval]? {
        let t = text.trimmingCharacters(in: .whitespaces)
        if t == "none" || t.isEmpty { return [] }
        var out: [TimeInterval] = []
        for part in t.split(separator: ",") {
            guard let d = DurationText.parse(String(part)), d > 0 else { return nil }
            out.append(d)
        }
        return out
    }
}

/// One reminder an event should have: a stable key within the event ("before-P7D",
/// "windowOpens", …), what it is about, and when it is due.
public struct PlannedReminder: Sendable, Hashable, Codable {
    public var key: String
    public var kind: ReminderKind
    /// For `before` reminders, the lead time as an ISO 8601 duration ("P7D").
    public var offset: String?
    public var due: Date

    public init(key: String, kind: ReminderKind, offset: String? = nil, due: Date) {
        self.key = key
        self.kind = kind
        self.offset = offset
        self.due = due
    }
}

/// Plans the reminders an event should have. Pure: the same event and policy always give the
/// same plan, so re-planning after a change is a comparison of two plans.
public enum ReminderPlanner {
    /// Windows up to this long count as "dated" (a day, allowing for a DST day of 25 hours);
    /// longer ones are imprecise and get window reminders instead of lead times.
    static let datedSpan: TimeInterval = 25 * 3600

    public static func plan(_ event: Event, policy: ReminderPolicy) -> [PlannedReminder] {
        guard event.status.isPending, let earliest = event.when.earliest, let latest = event.when.latest else { return [] }
        // The instant the window has closed: one second after its last second.
        let closed = latest.addingTimeInterval(1)
        var out: [PlannedReminder] = []
        if closed.timeIntervalSince(earliest) <= datedSpan {
            // Dated to the day or the minute: lead times before it starts (an all-day event
            // starts at local midnight, which is `earliest`), and a lapse if nothing confirms it.
            let leads = event.remind ?? policy.leads[event.status] ?? []
            for lead in Set(leads).sorted(by: >) {
                let iso = DurationText.iso(seconds: lead)
                out.append(PlannedReminder(key: "before-" + iso, kind: .before, offset: iso,
                                           due: before(earliest, by: lead, in: event.when.timeZone)))
            }
            out.append(PlannedReminder(key: "lapsed", kind: .lapsed, due: closed))
        } else {
            out.append(PlannedReminder(key: "windowOpens", kind: .windowOpens, due: earliest))
            out.append(PlannedReminder(key: "windowCloses", kind: .windowCloses, due: closed))
        }
        return out.sorted { $0.due < $1.due }
    }

    /// `lead` before `start` as a person in `zone` counts it: whole days are calendar days (7
    /// days before midnight is midnight, even across a DST change), the rest is clock time.
    static func before(_ start: Date, by lead: TimeInterval, in zone: TimeZone) -> Date {
        let days = Int(lead / 86_400)
        let rest = lead - Double(days) * 86_400
        var local = LocalTime(start, in: zone)
        local.date = local.date.adding(days: -days)
        return local.instant(in: zone).addingTimeInterval(-rest)
    }
}
