import Foundation

/// How finely a date is known, from the TIMEX3 value it was read from.
public enum Precision: String, Codable, Sendable, CaseIterable {
    case minute, day, week, month, season, quarter, year, decade, unknown
}

/// TIMEX3 modifiers that narrow or qualify a window.
public enum TimeMod: String, Codable, Sendable, CaseIterable {
    case start = "START", mid = "MID", end = "END", approx = "APPROX", before = "BEFORE", after = "AFTER"
}

/// When an event happens, as well as it is known: a TIMEX3-style `value` ("2021-04-01",
/// "2021-04", "2021-W13", "2021", or nil when undated), its precision and modifier, and the
/// concrete window `[earliest, latest]` in the event's own time zone. The window is what the
/// timeline queries and reminders use; `value` and `text` keep what the source said.
public struct When: Sendable, Hashable {
    public var value: String?
    public var precision: Precision
    public var mod: TimeMod?
    public var earliest: Date?
    public var latest: Date?
    public var timeZone: TimeZone
    public var text: String?

    public init(value: String?, precision: Precision, mod: TimeMod? = nil, earliest: Date?, latest: Date?,
                timeZone: TimeZone, text: String? = nil) {
        self.value = value
        self.precision = precision
        self.mod = mod
        self.earliest = earliest
        self.latest = latest
        self.timeZone = timeZone
        self.text = text
    }

    /// An event whose date is not known at all ("at an early date").
    public static func undated(timeZone: TimeZone, text: String? = nil) -> When {
        When(value: nil, precision: .unknown, earliest: nil, latest: nil, timeZone: timeZone, text: text)
    }

    public var isDated: Bool { earliest != nil && latest != nil }

    /// Builds a `When` from a TIMEX3 value, computing its window in `timeZone`.
    /// Throws `WhenError` naming what is wrong for values it cannot read.
    public static func resolve(value: String?, mod: TimeMod? = nil, timeZone: TimeZone, text: String? = nil) throws(WhenError) -> When {
        guard let value, !value.isEmpty else { return .undated(timeZone: timeZone, text: text) }
        let (precision, first, lastExclusive) = try window(of: value, in: timeZone)
        var (from, to) = (first, lastExclusive)
        if let mod { (from, to) = narrow(from: from, to: to, by: mod, precision: precision) }
        return When(value: value, precision: precision, mod: mod,
                    earliest: from.instant(in: timeZone),
                    latest: to.instant(in: timeZone).addingTimeInterval(-1),
                    timeZone: timeZone, text: text)
    }

    /// The local window `[first, lastExclusive)` a TIMEX value covers.
    static func window(of value: String, in zone: TimeZone) throws(WhenError) -> (Precision, LocalTime, LocalTime) {
        let b = Array(value.utf8)
        func num(_ r: Range<Int>) -> Int? {
            guard r.upperBound <= b.count, r.allSatisfy({ b[$0] >= 48 && b[$0] <= 57 }) else { return nil }
            return r.reduce(0) { $0 * 10 + Int(b[$1] - 48) }
        }
        func day(_ d: CivilDate) -> LocalTime { LocalTime(date: d) }
        guard let year = num(0..<4) else {
            // Decade: "201" is 2010–2019.
            if b.count == 3, let dec = num(0..<3) {
                return (.decade, day(CivilDate(year: dec * 10, month: 1, day: 1)), day(CivilDate(year: dec * 10 + 10, month: 1, day: 1)))
            }
            throw .unreadable(value)
        }
        if b.count == 4 {
            return (.year, day(CivilDate(year: year, month: 1, day: 1)), day(CivilDate(year: year + 1, month: 1, day: 1)))
        }
        guard b.count >= 7, b[4] == UInt8(ascii: "-") else { throw .unreadable(value) }
        let tail = String(decoding: b[5...], as: UTF8.self)
        // "2023-W45-WE": the weekend of that ISO week.
        if b[5] == UInt8(ascii: "W"), b.count == 11, tail.hasSuffix("-WE"), let w = num(6..<8) {
            let jan4 = CivilDate(year: year, month: 1, day: 4)
            let week1 = jan4.adding(days: 1 - jan4.isoWeekday)
            guard (1...isoWeeks(in: year)).contains(w) else { throw .unreadable(value) }
            let saturday = week1.adding(days: (w - 1) * 7 + 5)
            return (.week, day(saturday), day(saturday.adding(days: 2)))
        }
        if b[5] == UInt8(ascii: "W"), b.count == 8, let w = num(6..<8) {
            let jan4 = CivilDate(year: year, month: 1, day: 4)
            let week1 = jan4.adding(days: 1 - jan4.isoWeekday)
            let lastWeek = isoWeeks(in: year)
            guard (1...lastWeek).contains(w) else { throw .unreadable(value) }
            let monday = week1.adding(days: (w - 1) * 7)
            return (.week, day(monday), day(monday.adding(days: 7)))
        }
        if b[5] == UInt8(ascii: "Q"), b.count == 7, let q = num(6..<7), (1...4).contains(q) {
            let start = CivilDate(year: year, month: (q - 1) * 3 + 1, day: 1)
            let end = q == 4 ? CivilDate(year: year + 1, month: 1, day: 1) : CivilDate(year: year, month: q * 3 + 1, day: 1)
            return (.quarter, day(start), day(end))
        }
        let seasons: [String: (Int, Int, Int)] = ["SP": (3, 6, 0), "SU": (6, 9, 0), "FA": (9, 12, 0), "WI": (12, 3, 1)]
        if let (m0, m1, carry) = seasons[tail] {
            return (.season, day(CivilDate(year: year, month: m0, day: 1)), day(CivilDate(year: year + carry, month: m1, day: 1)))
        }
        guard let month = num(5..<7), (1...12).contains(month) else { throw .unreadable(value) }
        if b.count == 7 {
            let next = month == 12 ? CivilDate(year: year + 1, month: 1, day: 1) : CivilDate(year: year, month: month + 1, day: 1)
            return (.month, day(CivilDate(year: year, month: month, day: 1)), day(next))
        }
        guard b.count >= 10, b[7] == UInt8(ascii: "-"), let d = num(8..<10) else { throw .unreadable(value) }
        let date = CivilDate(year: year, month: month, day: d)
        guard date.isValid else { throw .invalidDate(value) }
        if b.count == 10 { return (.day, day(date), day(date.adding(days: 1))) }
        guard b.count == 16, b[10] == UInt8(ascii: "T"), let h = num(11..<13), b[13] == UInt8(ascii: ":"),
              let m = num(14..<16), h < 24, m < 60
        else { throw .unreadable(value) }
        let start = LocalTime(date: date, secondOfDay: h * 3600 + m * 60)
        var end = start
        end.secondOfDay += 60
        return (.minute, start, end)
    }

    static func isoWeeks(in year: Int) -> Int {
        let dec28 = CivilDate(year: year, month: 12, day: 28)
        let jan4 = CivilDate(year: year, month: 1, day: 4)
        return (dec28.daysSinceEpoch - (jan4.daysSinceEpoch - jan4.isoWeekday + 1)) / 7 + 1
    }

    /// START and END keep the first and second half of a window, MID its middle half, counted in
    /// whole days ("later this month" in April is 16–30 April). Windows of a day or less, and the
    /// modifiers APPROX, BEFORE and AFTER, keep the window as it is.
    static func narrow(from: LocalTime, to: LocalTime, by mod: TimeMod, precision: Precision) -> (LocalTime, LocalTime) {
        let days = to.date.daysSinceEpoch - from.date.daysSinceEpoch
        guard days > 1 else { return (from, to) }
        switch mod {
        case .start: return (from, LocalTime(date: from.date.adding(days: days - days / 2)))
        case .end: return (LocalTime(date: from.date.adding(days: days / 2)), to)
        case .mid: return (LocalTime(date: from.date.adding(days: days / 4)), LocalTime(date: to.date.adding(days: -(days / 4))))
        case .approx, .before, .after: return (from, to)
        }
    }
}

/// Why a `When` could not be built.
public enum WhenError: Error, Equatable, CustomStringConvertible {
    case unreadable(String)
    case invalidDate(String)
    case unknownTimeZone(String)

    public var description: String {
        switch self {
        case .unreadable(let v):
            return "'\(v)' is not a TIMEX value (expected YYYY-MM-DD, YYYY-MM-DDTHH:MM, YYYY-Www, YYYY-MM, YYYY-Qn, YYYY or YYY)"
        case .invalidDate(let v): return "'\(v)' is not a date that exists"
        case .unknownTimeZone(let z): return "'\(z)' is not a known time zone (expected an IANA name such as Asia/Seoul)"
        }
    }
}

extension When: Codable {
    enum CodingKeys: String, CodingKey { case value, precision, mod, earliest, latest, timeZone, text }

    /// Reads a `When`; when `earliest`/`latest` are absent they are computed from `value`.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let zoneName = try c.decodeIfPresent(String.self, forKey: .timeZone) ?? "UTC"
        guard let zone = TimeZone(identifier: zoneName) else {
            throw DecodingError.dataCorruptedError(forKey: .timeZone, in: c, debugDescription: WhenError.unknownTimeZone(zoneName).description)
        }
        let value = try c.decodeIfPresent(String.self, forKey: .value)
        let mod = try c.decodeIfPresent(TimeMod.self, forKey: .mod)
        let text = try c.decodeIfPresent(String.self, forKey: .text)
        do {
            self = try When.resolve(value: value, mod: mod, timeZone: zone, text: text)
        } catch {
            throw DecodingError.dataCorruptedError(forKey: .value, in: c, debugDescription: error.description)
        }
        if let p = try c.decodeIfPresent(Precision.self, forKey: .precision), value == nil { precision = p }
        func instant(_ key: CodingKeys) throws -> Date? {
            guard let s = try c.decodeIfPresent(String.self, forKey: key) else { return nil }
            guard let d = ISO8601.parse(s) else {
                throw DecodingError.dataCorruptedError(forKey: key, in: c, debugDescription: "'\(s)' is not an ISO 8601 time with offset")
            }
            return d
        }
        if let e = try instant(.earliest) { earliest = e }
        if let l = try instant(.latest) { latest = l }
        if let e = earliest, let l = latest, e > l {
            throw DecodingError.dataCorruptedError(forKey: .latest, in: c, debugDescription: "latest is before earliest")
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(value, forKey: .value)
        try c.encode(precision, forKey: .precision)
        try c.encodeIfPresent(mod, forKey: .mod)
        try c.encode(earliest.map { ISO8601.format($0, in: timeZone) }, forKey: .earliest)
        try c.encode(latest.map { ISO8601.format($0, in: timeZone) }, forKey: .latest)
        try c.encode(timeZone.identifier, forKey: .timeZone)
        try c.encodeIfPresent(text, forKey: .text)
    }
}
