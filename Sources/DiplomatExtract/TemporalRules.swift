import DiplomatCore

/// Lookup tables built once (a dictionary literal inside a rule is rebuilt on every call).
enum RulesTables {
    static let shifts: [String: Int] = ["this": 0, "the": 0, "current": 0, "last": -1, "past": -1, "previous": -1, "next": 1, "coming": 1, "following": 1]
    static let seasons = ["spring": "SP", "summer": "SU", "fall": "FA", "autumn": "FA", "winter": "WI"]
    static let dayParts = ["morning": "MO", "afternoon": "AF", "evening": "EV", "night": "NI"]
    static let setAdverbs = ["daily": "P1D", "weekly": "P1W", "monthly": "P1M", "annually": "P1Y", "yearly": "P1Y", "hourly": "PT1H", "nightly": "P1D"]
    static let pluralUnits = ["months": "M", "weeks": "W", "years": "Y", "days": "D", "decades": "DE", "hours": "H"]
    static let modWords: [String: TimeMod] = ["early": .start, "earlier": .start, "late": .end, "later": .end, "mid": .mid, "middle": .mid, "end": .end, "beginning": .start, "start": .start]
}

extension Rules {
    /// The TIMEX value of the unit ("week", "month", …) containing `d`, shifted by `by`.
    func unitValue(_ unit: String, shift by: Int, from d: CivilDate) -> String? {
        switch unit {
        case "day", "days": return Self.ymd(d.adding(days: by))
        case "week", "weeks":
            let monday = d.adding(days: 1 - d.isoWeekday).adding(days: 7 * by)
            let thursday = monday.adding(days: 3)
            let jan4 = CivilDate(year: thursday.year, month: 1, day: 4)
            let week1 = jan4.adding(days: 1 - jan4.isoWeekday)
            return "\(Self.pad(thursday.year, 4))-W\(Self.pad((monday.daysSinceEpoch - week1.daysSinceEpoch) / 7 + 1, 2))"
        case "month", "months":
            let total = d.year * 12 + (d.month - 1) + by
            return Self.ym(total / 12, total % 12 + 1)
        case "year", "years": return String(d.year + by)
        case "quarter", "quarters":
            let total = d.year * 4 + (d.month - 1) / 3 + by
            return "\(total / 4)-Q\(total % 4 + 1)"
        case "decade", "decades": return String((d.year / 10) + by)
        case "century": return Self.pad(d.year / 100 + by, 2)
        default: return nil
        }
    }

    static var modWords: [String: TimeMod] { RulesTables.modWords }

    /// "later this month" (2021-04, END), "early next year", "mid-April", "late March", "this week",
    /// "last year", "next month", "the end of the year".
    func relativeWithModifier() -> (TimexMention, Int)? {
        var k = 0
        var mod: TimeMod?
        if low(0) == "the", let m = Self.modWords[low(1)], low(2) == "of" {
            mod = m
            k = 3
        } else if let m = Self.modWords[low(0)] {
            mod = m
            k = 1
            if low(k) == "-" { k += 1 }
            if low(k) == "in" { k += 1 }
        }
        // A month after the modifier: "mid-April", "late March", "early next month" handled below.
        if mod != nil, let m = month(k) {
            let y = year(k + 1) ?? yearFor(month: m)
            return mention(0, year(k + 1) != nil ? k + 1 : k, .DATE, Self.ym(y, m), mod)
        }
        if mod != nil, k > 0, let y = year(k) { return mention(0, k, .DATE, String(y), mod) }
        let shiftWord = low(k)
        let shift: Int? = RulesTables.shifts[shiftWord]
        guard let by = shift, let unitToken = tok(k + 1) else { return nil }
        let unit = unitToken.lower
        if unit == "weekend", shiftWord != "the", let week = unitValue("week", shift: by, from: ref.date) {
            return mention(0, k + 1, .DATE, week + "-WE", mod)
        }
        // "the end of the month": this month.
        if shiftWord == "the", mod != nil, ["week", "month", "year"].contains(unit), let value = unitValue(unit, shift: 0, from: ref.date) {
            return mention(0, k + 1, .DATE, value, mod)
        }
        guard ["week", "month", "year", "quarter", "decade", "century"].contains(unit) else {
            // "this summer", "last fall"
            let seasons = RulesTables.seasons
            if let season = seasons[unit], shiftWord != "the" {
                return mention(0, k + 1, .DATE, "\(ref.date.year + by)-\(season)", mod)
            }
            return nil
        }
        // "the week" alone is not a date; "the past year" is a duration (handled there).
        if shiftWord == "the" && mod == nil { return nil }
        if shiftWord == "past" && mod == nil { return nil }
        guard let value = unitValue(unit, shift: by, from: ref.date) else { return nil }
        return mention(0, k + 1, .DATE, value, mod)
    }

    /// today, yesterday, tomorrow, tonight, "the day before yesterday".
    func namedRelative() -> (TimexMention, Int)? {
        switch low(0) {
        case "today": return mention(0, 0, .DATE, Self.ymd(ref.date))
        case "yesterday": return mention(0, 0, .DATE, Self.ymd(ref.date.adding(days: -1)))
        case "tomorrow": return mention(0, 0, .DATE, Self.ymd(ref.date.adding(days: 1)))
        case "tonight": return mention(0, 0, .TIME, Self.ymd(ref.date) + "TNI")
        case "this":
            let parts = RulesTables.dayParts
            if let p = parts[low(1)] { return mention(0, 1, .TIME, Self.ymd(ref.date) + "T" + p) }
            return nil
        default: return nil
        }
    }

    /// "on Thursday": in a past sentence the latest such day on or before publication, in a
    /// future one the next; "last Friday", "next Monday".
    func weekday() -> (TimexMention, Int)? {
        var k = 0
        var direction = 0
        if low(0) == "last" { direction = -1; k = 1 } else if low(0) == "next" || low(0) == "this" || low(0) == "coming" { direction = low(0) == "this" ? 2 : 1; k = 1 }
        guard let w = Self.weekdays[low(k)] else { return nil }
        let today = ref.date.isoWeekday
        var delta: Int
        switch direction {
        case -1: delta = -((today - w + 7) % 7); if delta == 0 { delta = -7 }
        case 1: delta = (w - today + 7) % 7; if delta == 0 { delta = 7 }
        case 2:
            // "this Friday": the Friday of this week, unless a plan has already passed it.
            delta = w - today
            if delta < 0 && tense == .future { delta += 7 }
        default:
            if tense == .future {
                delta = (w - today + 7) % 7
            } else {
                delta = -((today - w + 7) % 7)
            }
        }
        var last = k
        // "Thursday night", "Monday morning" stay dates at day precision in TimeML practice? Keep the day.
        if ["morning", "afternoon", "evening", "night"].contains(low(k + 1)) {
            let part = RulesTables.dayParts[low(k + 1)]!
            last = k + 1
            return mention(0, last, .TIME, Self.ymd(ref.date.adding(days: delta)) + "T" + part)
        }
        return mention(0, last, .DATE, Self.ymd(ref.date.adding(days: delta)))
    }

    /// A count: digits, number words ("two", "twenty-four"), "a", "several" (unknown: nil value).
    func count(_ k: Int) -> (value: Int?, next: Int)? {
        guard let t = tok(k) else { return nil }
        if let n = t.number { return (n, k + 1) }
        if t.lower == "a" && low(k + 1) == "couple" { return (2, low(k + 2) == "of" ? k + 3 : k + 2) }
        if t.lower == "couple" { return (2, low(k + 1) == "of" ? k + 2 : k + 1) }
        if let n = Self.numbers[t.lower] {
            if n < 0 { return (nil, k + 1) }
            if n >= 20, n < 100, low(k + 1) == "-", let unit = Self.numbers[low(k + 2)], unit > 0, unit < 10 { return (n + unit, k + 3) }
            if n >= 20, n < 100, let unit = Self.numbers[low(k + 1)], unit > 0, unit < 10, !["a", "an"].contains(low(k + 1)) { return (n + unit, k + 2) }
            return (n, k + 1)
        }
        return nil
    }

    /// "two weeks ago", "a year ago", "three days earlier".
    func ago() -> (TimexMention, Int)? {
        var s = 0
        var mod: TimeMod?
        if ["nearly", "almost", "about", "some", "roughly", "around", "approximately"].contains(low(0)) { s = 1; mod = .approx }
        guard let (n, k) = count(s), let unit = tok(k)?.lower, Self.units[unit] != nil, low(k + 1) == "ago" else { return nil }
        guard let n else { return mention(0, k + 1, .DATE, "PAST_REF") }
        // "four years ago" is a year, "two weeks ago" a week: the unit's own precision.
        guard let v = unitValue(unit, shift: -n, from: ref.date) else { return nil }
        return mention(0, k + 1, .DATE, v, mod)
    }

    /// "the first quarter", "the third quarter of 1998", "fourth-quarter".
    func quarter() -> (TimexMention, Int)? {
        var k = 0
        if low(0) == "the" { k = 1 }
        guard let q = Self.ordinals[low(k)], (1...4).contains(q) else { return nil }
        var u = k + 1
        if low(u) == "-" { u += 1 }
        guard low(u) == "quarter" else { return nil }
        if low(u + 1) == "of", let y = year(u + 2) { return mention(0, u + 2, .DATE, "\(y)-Q\(q)") }
        let y = tense == .future || q <= (ref.date.month - 1) / 3 + 1 ? ref.date.year : ref.date.year - 1
        return mention(0, u, .DATE, "\(y)-Q\(q)")
    }

    /// "three days", "the past two years" (P2Y), "five-year", "several months" (PXM), "a week".
    func duration() -> (TimexMention, Int)? {
        var k = 0
        if ["the", "a", "an"].contains(low(0)), ["past", "last", "next", "coming", "previous", "first"].contains(low(1)) { k = 2 }
        else if low(0) == "the", let c = count(1), c.value != nil, c.value! > 1 { k = 1 }
        else if ["past", "last", "next", "coming"].contains(low(0)), count(1) != nil { k = 1 }
        else if ["nearly", "about", "almost", "more", "over", "some", "up", "around", "roughly"].contains(low(0)) {
            k = low(1) == "than" || low(1) == "to" ? 2 : 1
        }
        let counted = count(k)
        var n: Int? = 1
        var u = k
        if let c = counted { n = c.value; u = c.next } else if k == 0 { return nil }
        if low(u) == "-" { u += 1 }
        guard let unitToken = tok(u), let (letter, timePart) = Self.units[unitToken.lower] else { return nil }
        // Ages are not durations: "a 6-year-old boy".
        if low(u + 1) == "-" && low(u + 2) == "old" { return nil }
        // "a day" alone is a duration only after "for"/"in" or as a count; "the week" is not.
        if counted == nil && k == 0 { return nil }
        if let c = counted, c.value == 1, ["a", "an"].contains(low(k)), k == 0 {
            let prev = at > 0 ? tokens[at - 1].lower : ""
            let next = low(u + 1)
            // "for a day", "a day after the talks", "a year earlier" (TimeML tags the duration)
            if !["for", "in", "within", "about", "than", "nearly", "than", "of", "after", "over"].contains(prev)
                && !["after", "before", "later", "earlier", "ago"].contains(next) { return nil }
        }
        // Singular unit after a number > 1 is an adjective ("five-year plan"): still a duration.
        let amount = n.map(String.init) ?? "X"
        let value: String
        switch letter {
        case "DE": value = "P" + (n.map { String($0 * 10) } ?? "X") + "Y"
        case "CE": value = "P" + (n.map { String($0 * 100) } ?? "X") + "Y"
        case "Q": value = "P" + (n.map { String($0 * 3) } ?? "X") + "M"
        default: value = (timePart ? "PT" : "P") + amount + letter
        }
        // "a day after", "a year earlier": relative dates we cannot anchor; keep the duration.
        // "over three hours", "the three-day visit": the word before the amount is not part of it.
        let first = (low(0) == "over" || low(0) == "the") && k == 1 ? 1 : 0
        return mention(first, u, .DURATION, value)
    }

    /// "every day", "each week", "daily", "weekly", "annually".
    func set() -> (TimexMention, Int)? {
        let adverbs = RulesTables.setAdverbs
        if let v = adverbs[low(0)] { return mention(0, 0, .SET, v) }
        if low(0) == "annual" { return mention(0, 0, .SET, "P1Y") }
        // "twice a year", "three times a month"
        if ["once", "twice"].contains(low(0)) || (Self.numbers[low(0)] != nil && low(1) == "times"), let _ = Self.units[low(low(0) == "once" || low(0) == "twice" ? 2 : 3)] {
            let u = low(0) == "once" || low(0) == "twice" ? 1 : 2
            if ["a", "per", "every", "each"].contains(low(u)), let (letter, timePart) = Self.units[low(u + 1)] {
                return mention(0, u + 1, .SET, (timePart ? "PT1" : "P1") + letter)
            }
        }
        if ["every", "each"].contains(low(0)), let (letter, timePart) = Self.units[low(1)] {
            return mention(0, 1, .SET, (timePart ? "PT1" : "P1") + letter)
        }
        return nil
    }

    /// "3 p.m.", "10:30 a.m.", "15:00": a time on the publication day.
    func timeOfDay() -> (TimexMention, Int)? {
        guard let h = tok(0)?.number, (0...24).contains(h) else { return nil }
        var k = 1
        var minute = 0
        if low(1) == ":", let m = tok(2)?.number, (0...59).contains(m), tok(2)!.text.count == 2 { minute = m; k = 3 }
        var hour = h
        let ampm = low(k) + (low(k + 1) == "." ? "." : "") + low(k + 2) + low(k + 3)
        var last = k - 1
        if ampm.hasPrefix("a.m") || low(k) == "am" {
            if hour == 12 { hour = 0 }
            last = low(k) == "am" ? k : min(k + 3, tokens.count - at - 1)
            if low(k) != "am" { last = k + 2 + (low(k + 3) == "." ? 1 : 0) }
        } else if ampm.hasPrefix("p.m") || low(k) == "pm" {
            if hour < 12 { hour += 12 }
            if low(k) == "pm" { last = k } else { last = k + 2 + (low(k + 3) == "." ? 1 : 0) }
        } else if k == 3 {
            last = 2
        } else {
            return nil
        }
        guard hour < 24 else { return nil }
        return mention(0, last, .TIME, Self.ymd(ref.date) + "T" + Self.pad(hour, 2) + ":" + Self.pad(minute, 2))
    }

    /// now, currently, recently, "in recent months", "the past", "in the future", soon,
    /// "at an early date".
    func references() -> (TimexMention, Int)? {
        switch low(0) {
        case "now", "nowadays": return mention(0, 0, .DATE, "PRESENT_REF")
        case "recently", "lately": return mention(0, 0, .DATE, "PAST_REF")
        case "former", "formerly": return nil
        case "recent" where ["months", "weeks", "years", "days", "decades"].contains(low(1)):
            let letter = RulesTables.pluralUnits[low(1)]!
            return mention(0, 1, .DURATION, "PX" + letter)
        case "the" where low(1) == "past" && [".", ",", ""].contains(low(2)): return mention(0, 1, .DATE, "PAST_REF")
        case "the" where low(1) == "future": return mention(0, 1, .DATE, "FUTURE_REF")
        case "an" where low(1) == "early" && low(2) == "date": return mention(0, 2, .DATE, "FUTURE_REF")
        case "at" where low(1) == "an" && low(2) == "early" && low(3) == "date": return mention(1, 3, .DATE, "FUTURE_REF")
        default:
            // A bare plural unit after "for", "in", "over"…: "for weeks", "in months".
            let letters = RulesTables.pluralUnits
            guard let letter = letters[low(0)], at > 0,
                  ["for", "in", "within", "over", "after", "take", "takes", "took", "last", "lasted"].contains(tokens[at - 1].lower) else { return nil }
            return mention(0, 0, .DURATION, (letter == "H" ? "PTX" : "PX") + letter)
        }
    }
}
