import Foundation

/// Dates written for people: at the precision they are known ("Thu 1 Apr 2021",
/// "Apr 2021 (late)", "undated") and relative to now ("in 3 days", "5 months ago").
public enum HumanDate {
    static let weekdays = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
    static let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    public static func day(_ d: CivilDate) -> String {
        "\(weekdays[d.isoWeekday - 1]) \(d.day) \(months[d.month - 1]) \(d.year)"
    }

    public static func describe(_ when: When) -> String {
        guard let earliest = when.earliest else { return "undated" }
        let start = LocalTime(earliest, in: when.timeZone)
        // The window of a modified value is narrowed; describe the value itself, then the mod.
        let base: LocalTime = {
            guard let v = when.value, let (_, first, _) = try? When.window(of: v, in: when.timeZone) else { return start }
            return first
        }()
        let d = base.date
        var text: String
        switch when.precision {
        case .minute:
            text = day(d) + " " + ISO8601.pad(base.secondOfDay / 3600, 2) + ":" + ISO8601.pad(base.secondOfDay / 60 % 60, 2)
        case .day: text = day(d)
        case .week: text = "week of " + day(d)
        case .month: text = "\(months[d.month - 1]) \(d.year)"
        case .season:
            let names = [3: "spring", 6: "summer", 9: "autumn", 12: "winter"]
            text = "\(names[d.month] ?? "season") \(d.year)"
        case .quarter: text = "Q\((d.month - 1) / 3 + 1) \(d.year)"
        case .year: text = "\(d.year)"
        case .decade: text = "\(d.year)s"
        case .unknown:
            if let latest = when.latest {
                text = day(start.date) + " – " + day(LocalTime(latest, in: when.timeZone).date)
            } else {
                text = day(start.date)
            }
        }
        if let mod = when.mod {
            let word: String = switch mod {
            case .start: "early"
            case .mid: "mid"
            case .end: "late"
            case .approx: "about"
            case .before: "before"
            case .after: "after"
            }
            text += " (\(word))"
        }
        return text
    }

    /// An instant for people, in a zone: "Thu 15 Apr 2021 09:00 KST".
    public static func instant(_ date: Date, in zone: TimeZone) -> String {
        let t = LocalTime(date, in: zone)
        let abbreviation = zone.abbreviation(for: date) ?? zone.identifier
        return day(t.date) + " " + ISO8601.pad(t.secondOfDay / 3600, 2) + ":" + ISO8601.pad(t.secondOfDay / 60 % 60, 2) + " " + abbreviation
    }

    /// Where `when` stands relative to `now`: "in 3 days", "5 months ago", "under way".
    public static func relative(_ when: When, now: Date) -> String {
        guard let earliest = when.earliest, let latest = when.latest else { return "" }
        if earliest > now { return "in " + span(earliest.timeIntervalSince(now)) }
        if latest < now { return span(now.timeIntervalSince(earliest)) + " ago" }
        return when.precision == .minute || when.precision == .day ? "today" : "under way"
    }

    /// A rough, readable length of time.
    public static func span(_ seconds: TimeInterval) -> String {
        func unit(_ n: Int, _ word: String) -> String { "\(n) \(word)\(n == 1 ? "" : "s")" }
        let s = Int(seconds.rounded())
        switch s {
        case ..<60: return unit(max(s, 0), "second")
        case ..<3600: return unit(s / 60, "minute")
        case ..<86_400: return unit(s / 3600, "hour")
        case ..<(45 * 86_400): return unit(s / 86_400, "day")
        case ..<(548 * 86_400): return unit(Int((Double(s) / (30.44 * 86_400)).rounded()), "month")
        default: return unit(Int((Double(s) / (365.25 * 86_400)).rounded()), "year")
        }
    }
}
