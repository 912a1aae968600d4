import DiplomatCore
import Foundation
import Testing

let seoul = TimeZone(identifier: "Asia/Seoul")!
let london = TimeZone(identifier: "Europe/London")!

func iso(_ s: String) -> Date { ISO8601.parse(s)! }

@Suite struct CivilDateTests {
    @Test func roundTripsThroughDaysSinceEpoch() {
        for days in stride(from: -800_000, through: 800_000, by: 997) {
            #expect(CivilDate(daysSinceEpoch: days).daysSinceEpoch == days)
        }
        #expect(CivilDate(year: 2021, month: 4, day: 1).isoWeekday == 4)  // a Thursday
        #expect(CivilDate(year: 2000, month: 2, day: 29).isValid)
        #expect(!CivilDate(year: 2100, month: 2, day: 29).isValid)
    }
}

@Suite struct ISO8601Tests {
    @Test func formatsInTheEventsOwnZone() {
        #expect(ISO8601.format(iso("2021-04-15T15:00:00Z"), in: seoul) == "2021-04-16T00:00:00+09:00")
        #expect(ISO8601.format(iso("2021-07-01T12:00:00Z"), in: london) == "2021-07-01T13:00:00+01:00")
        #expect(ISO8601.format(iso("2021-01-01T12:00:00Z"), in: TimeZone(identifier: "UTC")!) == "2021-01-01T12:00:00Z")
    }

    @Test func parsesOffsetsAndRefusesNonsense() {
        #expect(iso("2021-04-01T18:00:00+09:00") == iso("2021-04-01T09:00:00Z"))
        #expect(ISO8601.parse("2021-04-01T18:00:00.5-0130") != nil)
        #expect(ISO8601.parse("2021-04-01") == nil)  // no zone given, none assumed
        #expect(ISO8601.parse("2021-04-01", defaultZone: seoul) == iso("2021-03-31T15:00:00Z"))
        for bad in ["", "2021", "2021-02-30T00:00:00Z", "2021-04-01T25:00:00Z", "2021-04-01T10:00:00+9", "yesterday", "2021-04-01T10:00:00Zjunk"] {
            #expect(ISO8601.parse(bad) == nil, "\(bad)")
        }
    }
}

@Suite struct WhenTests {
    @Test func dayWindowIsTheLocalDay() throws {
        let w = try When.resolve(value: "2021-04-01", timeZone: seoul)
        #expect(w.precision == .day)
        #expect(w.earliest == iso("2021-04-01T00:00:00+09:00"))
        #expect(w.latest == iso("2021-04-01T23:59:59+09:00"))
    }

    @Test func laterThisMonthIsTheSecondHalfOfApril() throws {
        let w = try When.resolve(value: "2021-04", mod: .end, timeZone: seoul, text: "later this month")
        #expect(w.precision == .month)
        #expect(w.earliest == iso("2021-04-16T00:00:00+09:00"))
        #expect(w.latest == iso("2021-04-30T23:59:59+09:00"))
    }

    @Test func otherPrecisions() throws {
        let week = try When.resolve(value: "2021-W13", timeZone: seoul)
        #expect(week.earliest == iso("2021-03-29T00:00:00+09:00") && week.latest == iso("2021-04-04T23:59:59+09:00"))
        let w53 = try When.resolve(value: "2020-W53", timeZone: seoul)
        #expect(w53.earliest == iso("2020-12-28T00:00:00+09:00"))
        #expect(throws: WhenError.self) { try When.resolve(value: "2021-W53", timeZone: seoul) }
        let q = try When.resolve(value: "2021-Q2", timeZone: seoul)
        #expect(q.precision == .quarter && q.earliest == iso("2021-04-01T00:00:00+09:00") && q.latest == iso("2021-06-30T23:59:59+09:00"))
        let winter = try When.resolve(value: "2021-WI", timeZone: seoul)
        #expect(winter.latest == iso("2022-02-28T23:59:59+09:00"))
        let year = try When.resolve(value: "2021", mod: .start, timeZone: seoul)
        #expect(year.latest == iso("2021-07-02T23:59:59+09:00"))
        let decade = try When.resolve(value: "201", timeZone: seoul)
        #expect(decade.precision == .decade && decade.latest == iso("2019-12-31T23:59:59+09:00"))
        let minute = try When.resolve(value: "2021-04-01T15:30", timeZone: seoul)
        #expect(minute.precision == .minute && minute.earliest == iso("2021-04-01T15:30:00+09:00") && minute.latest == iso("2021-04-01T15:30:59+09:00"))
        let undated = try When.resolve(value: nil, timeZone: seoul, text: "at an early date")
        #expect(!undated.isDated && undated.precision == .unknown)
    }

    @Test func daylightSavingDaysAreStillWholeDays() throws {
        let w = try When.resolve(value: "2021-03-28", timeZone: london)  // 23-hour day
        #expect(w.latest!.timeIntervalSince(w.earliest!) == 23 * 3600 - 1)
    }

    @Test func refusesValuesThatAreNotDates() {
        for bad in ["2021-13", "2021-02-30", "21-04", "2021-04-01T24:00", "April", "2021-Q5", "2021-04-1"] {
            #expect(throws: WhenError.self, "\(bad)") { try When.resolve(value: bad, timeZone: seoul) }
        }
    }

    @Test func jsonRoundTripKeepsTheWindowAndComputesAMissingOne() throws {
        let json = #"{"value":"2021-04","mod":"END","timeZone":"Asia/Seoul","text":"later this month"}"#
        let w = try JSONDecoder().decode(When.self, from: Data(json.utf8))
        let out = try JSONSerialization.jsonObject(with: JSONEncoder().encode(w)) as! [String: Any]
        #expect(out["earliest"] as? String == "2021-04-16T00:00:00+09:00")
        #expect(out["latest"] as? String == "2021-04-30T23:59:59+09:00")
        #expect(out["precision"] as? String == "month")
        #expect(try JSONDecoder().decode(When.self, from: JSONEncoder().encode(w)) == w)
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(When.self, from: Data(#"{"value":"2021-04","timeZone":"Mars/Olympus"}"#.utf8)) }
    }
}

@Suite struct DurationTextTests {
    @Test func readsISOAndShortForms() {
        #expect(DurationText.parse("P7D") == 604_800.0)
        #expect(DurationText.parse("PT1H30M") == 5400)
        #expect(DurationText.parse("P1W") == 604_800)
        #expect(DurationText.parse("1d12h") == 129_600)
        #expect(DurationText.parse("90m") == 5400)
        for bad in ["", "P", "PT", "7", "soon", "P1M", "1y", "P1H"] { #expect(DurationText.parse(bad) == nil, "\(bad)") }
        #expect(DurationText.iso(seconds: 129_600) == "P1DT12H")
    }

    /// fuzz/regressions/dates/duration-overflow: a duration too long for Int crashed `--within`.
    @Test func refusesDurationsBeyondAThousandYears() {
        #expect(DurationText.parse("p15555555555555555555555555555555555555555555555555555D7DT") == nil)
        #expect(DurationText.parse("P99999999999999999999D") == nil)
        #expect(DurationText.parse("1e309d") == nil)
        #expect(DurationText.parse("P365000D") != nil)
        #expect(DurationText.iso(seconds: .infinity) == "P365250D")
    }
}
