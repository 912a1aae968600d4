import DiplomatCore
import DiplomatExtract
import Foundation
import Testing

let seedText = try! String(contentsOfFile: URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .appendingPathComponent("../../seeds/000_a003daa45f487b93.txt").standardized.path, encoding: .utf8)
let april1 = TemporalTagger.Reference(date: CivilDate(year: 2021, month: 4, day: 1))

func tag(_ text: String, _ ref: TemporalTagger.Reference = april1) -> [String] {
    TemporalTagger().tag(text, reference: ref).map { "\($0.text)=\($0.value)\($0.mod.map { "/" + $0.rawValue } ?? "")" }
}

@Suite struct SentenceTests {
    @Test func abbreviationsAndQuotesDoNotEndSentences() {
        let text = "Dr. Kim met U.S. officials on Sept. 22 in Washington. “It went well,” she said. Antony J. Blinken agreed."
        let s = SentenceSplitter.sentences(text)
        #expect(s.count == 3)
        let scalars = Array(text.unicodeScalars)
        #expect(String(String.UnicodeScalarView(scalars[s[1]])) == "“It went well,” she said.")
    }
}

@Suite struct TemporalTaggerTests {
    @Test func theSeedArticle() {
        let found = tag(seedText)
        #expect(found.contains("on Thursday".replacingOccurrences(of: "on ", with: "") + "=2021-04-01"))
        #expect(found.contains("October=2020-10"))
        #expect(found.contains("February=2021-02"))
        #expect(found.contains("Wednesday=2021-03-31"))
        #expect(found.contains("later this month=2021-04/END"))
        #expect(found.contains("an early date=FUTURE_REF"))
        #expect(found.contains("recent months=PXM"))  // TimeML: an unspecified duration
    }

    @Test func plansSetOrFallenThroughAndDaysCountedFromTheStory() {
        let jan21 = TemporalTagger.Reference(date: CivilDate(year: 2026, month: 1, day: 21))
        // A plan that fell through takes the year nearest the story: it may have lain behind or ahead.
        #expect(tag("A ministerial meeting due in February was postponed after the ruling.", TemporalTagger.Reference(date: CivilDate(year: 2024, month: 4, day: 27)))
                == ["February=2024-02"])
        #expect(tag("A summit that had been due to take place on April 2 was postponed until April 14.", TemporalTagger.Reference(date: CivilDate(year: 2015, month: 3, day: 30)))
                == ["April 2=2015-04-02", "April 14=2015-04-14"])
        #expect(tag("The court has set the final round of oral hearings in the case for March.", jan21) == ["March=2026-03"])
        #expect(tag("Valdivia invited Esquivel during a phone call in December.", jan21) == ["December=2025-12"])
        #expect(tag("Malaysia takes over the rotating chairmanship of ASEAN in January.", TemporalTagger.Reference(date: CivilDate(year: 2024, month: 8, day: 5)))
                == ["January=2025-01"])
        // "the following day" counts from the plan, not from the day it was announced.
        #expect(tag("He will visit from Feb. 14, the ministry said on Tuesday. He will call on the premier the following day.",
                    TemporalTagger.Reference(date: CivilDate(year: 2017, month: 2, day: 7))).last == "the following day=2017-02-15")
        #expect(tag("Wambiri said on Friday his cabinet needed more time. They spoke by phone the same day.",
                    TemporalTagger.Reference(date: CivilDate(year: 2025, month: 9, day: 13))).last == "the same day=2025-09-12")
    }

    @Test func tenseDecidesTheWeekday() {
        #expect(tag("The ministers met on Thursday.", TemporalTagger.Reference(date: CivilDate(year: 2021, month: 4, day: 3))) == ["Thursday=2021-04-01"])
        #expect(tag("The ministers will meet on Thursday.", TemporalTagger.Reference(date: CivilDate(year: 2021, month: 4, day: 3))) == ["Thursday=2021-04-08"])
        #expect(tag("They met last Friday.") == ["last Friday=2021-03-26"])
        #expect(tag("They will meet next Monday.") == ["next Monday=2021-04-05"])
    }

    @Test func monthsDaysAndYears() {
        #expect(tag("The summit was held Oct 30, 2025.") == ["Oct 30, 2025=2025-10-30"])
        #expect(tag("Talks are set for Sept. 22.") == ["Sept. 22=2021-09-22"])
        #expect(tag("He took office in February.") == ["February=2021-02"])
        #expect(tag("Elections will be held in February.") == ["February=2022-02"])
        #expect(tag("The deal was signed in March 2019.") == ["March 2019=2019-03"])
        #expect(tag("It happened on 30 October 2025.") == ["30 October 2025=2025-10-30"])
        #expect(tag("Relations soured in the 1990s.") == ["the 1990s=199"])
        #expect(tag("It began in the late 1970s.") == ["the late 1970s=197/END"])
        #expect(tag("Troops left in 1996 and 2000 soldiers stayed.") == ["1996=1996"])
        #expect(tag("They met last May, and again in July last year.") == ["last May=2020-05", "July last year=2020-07"])
        #expect(tag("The war ended nearly four years ago.") == ["nearly four years ago=2017/APPROX"])
        #expect(tag("Exports rose in 2020, officials said.") == ["2020=2020"])
        #expect(tag("She may visit.") == [])
    }

    @Test func relativeExpressions() {
        #expect(tag("Talks are expected early next month.") == ["early next month=2021-05/START"])
        #expect(tag("A visit is planned for mid-April.") == ["mid-April=2021-04/MID"])
        #expect(tag("They met last month.") == ["last month=2021-03"])
        #expect(tag("The talks will take place next week.") == ["next week=2021-W14"])
        #expect(tag("This year marks an anniversary.") == ["This year=2021"])
        #expect(tag("They spoke two weeks ago.") == ["two weeks ago=2021-W11"])
        #expect(tag("He arrived yesterday and leaves tomorrow.") == ["yesterday=2021-03-31", "tomorrow=2021-04-02"])
        #expect(tag("Profits fell in the third quarter of 2020.") == ["the third quarter of 2020=2020-Q3"])
        #expect(tag("They will meet this summer.") == ["this summer=2021-SU"])
        #expect(tag("The meeting ended at 3 p.m. on Thursday.") == ["3 p.m.=2021-04-01T15:00", "Thursday=2021-04-01"])
    }

    @Test func durationsAndSets() {
        #expect(tag("The talks lasted three days.") == ["three days=P3D"])
        #expect(tag("Prices rose over the past two years.") == ["the past two years=P2Y"])
        #expect(tag("A five-year plan was adopted.") == ["five-year=P5Y"])
        #expect(tag("They meet every week and report monthly.") == ["every week=P1W", "monthly=P1M"])
        #expect(tag("It took several months.") == ["several months=PXM"])
        #expect(tag("The ceasefire held for twenty-four hours.") == ["twenty-four hours=PT24H"])
    }

    @Test func offsetsAreCodePoints() {
        let text = "“Seoul’s” talks on Thursday."
        let m = TemporalTagger().tag(text, reference: april1)
        #expect(m.count == 1)
        let scalars = Array(text.unicodeScalars)
        #expect(String(String.UnicodeScalarView(scalars[m[0].start..<m[0].end])) == "Thursday")
    }

    @Test func neverCrashesOnOddText() {
        for text in ["", ".", "\u{0}\u{1}", String(repeating: "(", count: 10_000), "2021-13-45", "the 99th", "May May May", "31 February", "Jan. 32, 2021"] {
            _ = TemporalTagger().tag(text, reference: april1)
        }
    }
}
