import Foundation

/// ISO 8601 timestamps as the contracts use them: seconds precision, written with the offset
/// of the event's own time zone ("2021-04-16T00:00:00+09:00").
public enum ISO8601 {
    public static func format(_ date: Date, in zone: TimeZone) -> String {
        let local = LocalTime(date, in: zone)
        let d = local.date
        let s = local.secondOfDay
        let offset = zone.secondsFromGMT(for: date)
        return pad(d.year, 4) + "-" + pad(d.month, 2) + "-" + pad(d.day, 2) + "T"
            + pad(s / 3600, 2) + ":" + pad(s / 60 % 60, 2) + ":" + pad(s % 60, 2) + offsetString(offset)
    }

    public static func offsetString(_ seconds: Int) -> String {
        if seconds == 0 { return "Z" }
        let sign = seconds < 0 ? "-" : "+"
        let a = abs(seconds)
        return sign + pad(a / 3600, 2) + ":" + pad(a / 60 % 60, 2)
    }

    /// Parses `YYYY-MM-DD`, `YYYY-MM-DDTHH:MM[:SS[.fff]]` with `Z` or `±HH[:MM]`.
    /// A date or time without an offset is read in `defaultZone`; without one, it is refused.
    public static func parse(_ text: String, defaultZone: TimeZone? = nil) -> Date? {
        var p = Scanner(Array(text.utf8))
        guard let year = p.digits(4), p.take("-"), let month = p.digits(2), p.take("-"), let day = p.digits(2)
        else { return nil }
        let date = CivilDate(year: year, month: month, day: day)
        guard date.isValid else { return nil }
        var second = 0
        var fraction = 0.0
        if p.take("T") || p.take(" ") {
            guard let h = p.digits(2), p.take(":"), let m = p.digits(2), h < 24, m < 60 else { return nil }
            second = h * 3600 + m * 60
            if p.take(":") {
                guard let s = p.digits(2), s < 61 else { return nil }
                second += s
                if p.take(".") || p.take(",") {
                    var scale = 0.1
                    var any = false
                    while let d = p.digit() { fraction += Double(d) * scale; scale /= 10; any = true }
                    if !any { return nil }
                }
            }
        }
        let local = LocalTime(date: date, secondOfDay: second)
        if p.atEnd {
            guard let zone = defaultZone else { return nil }
            return local.instant(in: zone).addingTimeInterval(fraction)
        }
        var offset: Int
        if p.take("Z") || p.take("z") {
            offset = 0
        } else {
            let negative: Bool
            if p.take("+") { negative = false } else if p.take("-") { negative = true } else { return nil }
            guard let oh = p.digits(2), oh <= 14 else { return nil }
            var om = 0
            if p.take(":") { guard let m = p.digits(2) else { return nil }; om = m } else if let m = p.digits(2) { om = m }
            guard om < 60 else { return nil }
            offset = (oh * 3600 + om * 60) * (negative ? -1 : 1)
        }
        guard p.atEnd else { return nil }
        let utc = Double(date.daysSinceEpoch * 86_400 + second - offset) + fraction
        return Date(timeIntervalSince1970: utc)
    }

    static func pad(_ n: Int, _ width: Int) -> String {
        let s = String(n)
        return s.count >= width ? s : String(repeating: "0", count: width - s.count) + s
    }

    /// A tiny cursor over ASCII bytes.
    struct Scanner {
        let bytes: [UInt8]
        var i = 0
        init(_ b: [UInt8]) { bytes = b }
        var atEnd: Bool { i == bytes.count }
        mutating func take(_ c: Character) -> Bool {
            guard i < bytes.count, bytes[i] == c.asciiValue! else { return false }
            i += 1
            return true
        }
        mutating func digit() -> Int? {
            guard i < bytes.count, bytes[i] >= 48, bytes[i] <= 57 else { return nil }
            defer { i += 1 }
            return Int(bytes[i] - 48)
        }
        mutating func digits(_ n: Int) -> Int? {
            var v = 0
            for _ in 0..<n { guard let d = digit() else { return nil }; v = v * 10 + d }
            return v
        }
    }
}
