import Foundation

/// Calendar arithmetic on plain integers (proleptic Gregorian), so the domain can turn
/// TIMEX values into instants without Foundation's `Calendar`, which is slow and locale-laden.
public struct CivilDate: Hashable, Sendable, Comparable {
    public var year: Int
    public var month: Int
    public var day: Int

    public init(year: Int, month: Int, day: Int) {
        self.year = year
        self.month = month
        self.day = day
    }

    /// Days since 1970-01-01 (Howard Hinnant's `days_from_civil`).
    public var daysSinceEpoch: Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    /// The inverse of `daysSinceEpoch`.
    public init(daysSinceEpoch z0: Int) {
        let z = z0 + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        self.init(year: yoe + era * 400 + (m <= 2 ? 1 : 0), month: m, day: d)
    }

    /// ISO weekday: Monday = 1 … Sunday = 7.
    public var isoWeekday: Int {
        let w = (daysSinceEpoch + 3) % 7  // 1970-01-01 was a Thursday
        return (w < 0 ? w + 7 : w) + 1
    }

    public static func daysIn(year: Int, month: Int) -> Int {
        switch month {
        case 2: return isLeap(year) ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    public static func isLeap(_ y: Int) -> Bool { (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 }

    public var isValid: Bool {
        (1...12).contains(month) && day >= 1 && day <= CivilDate.daysIn(year: year, month: month)
    }

    public func adding(days: Int) -> CivilDate { CivilDate(daysSinceEpoch: daysSinceEpoch + days) }

    public static func < (a: CivilDate, b: CivilDate) -> Bool { a.daysSinceEpoch < b.daysSinceEpoch }
}

/// A wall-clock reading in some time zone: the civil date plus seconds since local midnight.
public struct LocalTime: Hashable, Sendable {
    public var date: CivilDate
    public var secondOfDay: Int

    public init(date: CivilDate, secondOfDay: Int = 0) {
        self.date = date
        self.secondOfDay = secondOfDay
    }

    public init(_ instant: Date, in zone: TimeZone) {
        let t = Int(instant.timeIntervalSince1970.rounded(.down)) + zone.secondsFromGMT(for: instant)
        let days = t >= 0 ? t / 86_400 : (t - 86_399) / 86_400
        self.init(date: CivilDate(daysSinceEpoch: days), secondOfDay: t - days * 86_400)
    }

    /// The instant this local reading denotes in `zone` (for a time skipped by a DST change,
    /// the instant after the gap; for a repeated time, the first one).
    public func instant(in zone: TimeZone) -> Date {
        let local = Double(date.daysSinceEpoch * 86_400 + secondOfDay)
        let guess = local - Double(zone.secondsFromGMT(for: Date(timeIntervalSince1970: local)))
        let offset = zone.secondsFromGMT(for: Date(timeIntervalSince1970: guess))
        return Date(timeIntervalSince1970: local - Double(offset))
    }
}
