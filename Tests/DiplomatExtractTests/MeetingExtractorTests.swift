import DiplomatCore
import DiplomatExtract
import Foundation
import Testing

let seedsDirectory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../seeds").standardized

func extract(_ text: String, published: String = "2021-04-01", zone: String = "Asia/Seoul", id: String = "doc") -> [Event] {
    MeetingExtractor().extract(try! NewsDocument.make(text: text, name: id, published: published, timeZone: zone, id: id))
}

/// The event whose date and kind match, for readable expectations.
func event(_ events: [Event], _ value: String?, kind: EventKind? = nil) -> Event? {
    events.first { $0.when.value == value && (kind == nil || $0.kind == kind) }
}

@Suite struct SeedOracleTests {
    struct Oracle: Decodable { var events: [Event] }

    /// The hand-checked timeline in seeds/*.events.json, reproduced from the text alone.
    @Test func extractionReproducesTheHandCheckedSeedTimeline() throws {
        let base = "000_a003daa45f487b93"
        let text = try String(contentsOf: seedsDirectory.appendingPathComponent(base + ".txt"), encoding: .utf8)
        let oracle = try JSONDecoder().decode(Oracle.self, from: Data(contentsOf: seedsDirectory.appendingPathComponent(base + ".events.json"))).events
        let found = extract(text, id: base)
        #expect(found.count == oracle.count, "extracted \(found.map(\.id))")
        var idMap: [String: String] = [:]  // oracle id -> extracted id
        for want in oracle {
            let candidates = found.filter { $0.kind == want.kind && $0.when.value == want.when.value && Set($0.participants.map(\.name)) == Set(want.participants.map(\.name)) }
            guard let got = candidates.first, candidates.count == 1 else {
                Issue.record("no single extracted event for \(want.id) (\(want.kind) \(want.when.value ?? "undated") \(want.participants.map(\.name)))")
                continue
            }
            idMap[want.id] = got.id
            #expect(got.id == want.id)
            #expect(got.status == want.status, "\(want.id)")
            #expect(got.when.mod == want.when.mod, "\(want.id)")
            #expect(got.when.timeZone.identifier == want.when.timeZone.identifier, "\(want.id)")
            #expect(got.when.text == want.when.text, "\(want.id)")
            #expect(got.participants == want.participants, "\(want.id)")
            #expect(Set(got.countries) == Set(want.countries), "\(want.id): \(got.countries)")
            #expect(got.location?.country == want.location?.country, "\(want.id)")
            #expect(got.location?.name == want.location?.name, "\(want.id)")
            // Every sentence the oracle cites is cited, at the same offsets.
            for s in want.sources {
                #expect(got.sources.contains(s), "\(want.id) does not cite \(s.start)..<\(s.end)")
            }
        }
        for want in oracle {
            guard let gotID = idMap[want.id], let got = found.first(where: { $0.id == gotID }) else { continue }
            let wanted = Set(want.relations.compactMap { r in idMap[r.event].map { Relation(type: r.type, event: $0) } })
            #expect(Set(got.relations) == wanted, "\(want.id): \(got.relations)")
        }
        // "he and Motegi have not engaged in dialogue": no Chung–Motegi meeting happened.
        #expect(!found.contains { $0.status == .occurred && Set($0.participants.map(\.name)).isSuperset(of: ["Chung Eui-yong", "Toshimitsu Motegi"]) })
    }

    @Test func citationsAreCodePointOffsetsIntoTheText() throws {
        let base = "000_a003daa45f487b93"
        let text = try String(contentsOf: seedsDirectory.appendingPathComponent(base + ".txt"), encoding: .utf8)
        let scalars = Array(text.unicodeScalars)
        for e in extract(text, id: base) {
            for s in e.sources {
                #expect(String(String.UnicodeScalarView(scalars[s.start..<s.end])) == s.quote)
                #expect(s.document == base)
            }
            try e.validate()
        }
    }
}

@Suite struct MeetingPhraseTests {
    @Test func heldAndMetAreOccurred() {
        let e = extract("Chinese Foreign Minister Wang Yi met his U.S. counterpart, Antony Blinken, in Beijing on Monday. The two held talks for three hours.",
                        published: "2023-06-20", zone: "Asia/Shanghai")
        #expect(e.count == 1)
        let m = e.first
        #expect(m?.status == .occurred)
        #expect(m?.when.value == "2023-06-19")
        #expect(m?.participants.map(\.name) == ["Wang Yi", "Antony Blinken"])
        #expect(m?.participants.map(\.country) == ["CN", "US"])
        #expect(m?.location?.name == "Beijing")
        #expect(m?.when.timeZone.identifier == "Asia/Shanghai")
    }

    @Test func willHoldIsScheduledAndExpectedToIsExpected() {
        let e = extract("""
            French President Emmanuel Macron will hold talks with German Chancellor Olaf Scholz in Berlin on Thursday. \
            Indian Prime Minister Narendra Modi is expected to visit Washington next month.
            """, published: "2023-05-08", zone: "Europe/Paris")
        let talks = event(e, "2023-05-11", kind: .talks)
        #expect(talks?.status == .scheduled)
        #expect(talks?.location?.name == "Berlin")
        #expect(talks?.when.timeZone.identifier == "Europe/Berlin")
        #expect(Set(talks?.countries ?? []) == ["FR", "DE"])
        let visit = event(e, "2023-06", kind: .visit)
        #expect(visit?.status == .expected)
        #expect(visit?.location?.country == "US")
        #expect(visit?.participants.first?.name == "Narendra Modi")
    }

    @Test func possibleProposedAndCancelled() {
        let e = extract("""
            Egyptian Foreign Minister Sameh Shoukry could meet Ethiopian Foreign Minister Demeke Mekonnen in Addis Ababa later this month. \
            Kenyan President William Ruto proposed a summit with Somali President Hassan Sheikh Mohamud at an early date. \
            A planned visit by Turkish Foreign Minister Hakan Fidan to Athens on Friday was postponed.
            """, published: "2024-03-04", zone: "Africa/Nairobi")
        #expect(event(e, "2024-03", kind: .meeting)?.status == .possible)
        #expect(event(e, "2024-03", kind: .meeting)?.when.mod == .end)
        let summit = e.first { $0.kind == .summit }
        #expect(summit?.status == .proposed)
        #expect(summit?.when.isDated == false)
        #expect(summit?.participants.map(\.name) == ["William Ruto", "Hassan Sheikh Mohamud"])
        let visit = e.first { $0.kind == .visit }
        #expect(visit?.status == .cancelled)
        #expect(visit?.location?.name == "Athens")
    }

    @Test func plansThatFellThroughAreCancelled() {
        let e = extract("""
            A meeting of the joint fisheries committee that was to have been held in Bergen on Tuesday was called off.             Swedish Prime Minister Anna Lindqvist had been scheduled to hold talks with Finnish President Mikko Aalto on March 7.             The summit, which had been set for Feb. 2, was postponed because of a strike.
            """, published: "2025-03-05", zone: "Europe/Oslo")
        #expect(event(e, "2025-03-04")?.status == .cancelled)
        #expect(event(e, "2025-03-07", kind: .talks)?.status == .cancelled)
        // A past-perfect plan looks back: Feb. 2 of this year, not of the next.
        #expect(event(e, "2025-02-02", kind: .summit)?.status == .cancelled)
    }

    @Test func datesOfSayingAndEarlierMeetings() {
        let e = extract("""
            Indian Foreign Minister Ravi Menon said on Monday he wanted to meet Bangladeshi Foreign Minister Hasan Kabir at an early date.             A summit of the two leaders, last held in Dhaka in 2023, could take place in New Delhi in May.             Menon and Kabir have not met since October, when they held talks in Kolkata.
            """, published: "2025-02-12", zone: "Asia/Kolkata")
        let proposed = e.first { $0.status == .proposed }
        #expect(proposed?.when.isDated == false, "the day of saying is not the meeting's: \(String(describing: proposed?.when.value))")
        #expect(event(e, "2023", kind: .summit)?.status == .occurred)
        #expect(event(e, "2025-05", kind: .summit)?.status == .possible)
        let october = event(e, "2024-10", kind: .talks)
        #expect(october?.status == .occurred)
        #expect(october?.participants.map(\.name) == ["Ravi Menon", "Hasan Kabir"])
    }

    @Test func datelinesHeadlinesAndAgreements() {
        let e = extract("""
            Brazil, Argentina to hold trade talks next week

            BUENOS AIRES, May 9 (Télam).- The foreign ministers of Brazil and Argentina will hold trade talks in Buenos Aires on Tuesday, \
            the ministry said on Thursday.

            Both countries agreed on Wednesday to hold a border commission meeting in Foz do Iguaçu on June 2.
            """, published: "2024-05-09", zone: "America/Argentina/Buenos_Aires")
        // The dateline's date is not the talks', and the headline's "next week" is the same meeting.
        #expect(e.filter { $0.kind == .talks }.map(\.when.value) == ["2024-05-14"])
        #expect(event(e, "2024-05-14")?.status == .scheduled)
        #expect(event(e, "2024-06-02")?.status == .scheduled)
    }

    @Test func negatedMeetingsAreNotEvents() {
        let e = extract("""
            Foreign Minister Penny Wong and her Indonesian counterpart, Retno Marsudi, have not met since 2019. \
            There is no prospect of holding talks this year, officials said. Wong ruled out a meeting in Jakarta.
            """, published: "2022-02-10", zone: "Australia/Sydney")
        #expect(e.isEmpty, "\(e.map(\.id))")
    }

    @Test func callsInaugurationsAndSidelines() {
        let e = extract("""
            Japanese Prime Minister Fumio Kishida spoke by phone with South Korean President Yoon Suk Yeol on Tuesday. \
            Yoon was sworn in on May 10. \
            The two leaders plan to meet on the sidelines of the G20 summit in New Delhi in September.
            """, published: "2023-08-02", zone: "Asia/Tokyo")
        let call = e.first { $0.kind == .call }
        #expect(call?.status == .occurred)
        #expect(call?.when.value == "2023-08-01")
        #expect(Set(call?.countries ?? []) == ["JP", "KR"])
        let sworn = e.first { $0.kind == .inauguration }
        #expect(sworn?.when.value == "2023-05-10")
        #expect(sworn?.participants.first?.name == "Yoon Suk Yeol")
        let summit = e.first { $0.kind == .summit }
        #expect(summit?.location?.name == "New Delhi")
        let side = e.first { $0.relations.contains { $0.type == .onMarginsOf } }
        #expect(side?.status == .expected)
        #expect(side?.relations.first?.event == summit?.id)
        #expect(side?.when.value == "2023-09")
    }

    @Test func koreanNamesInEveryForm() {
        let e = extract("""
            Foreign Minister, Chung-Eui-yong, met Japanese Foreign Minister Toshimitsu Motegi in London on Wednesday. \
            Minister Chung and Motegi Toshimitsu agreed to meet again next month.
            """, published: "2021-05-06", zone: "Asia/Seoul")
        let met = event(e, "2021-05-05")
        #expect(met?.participants.map(\.name) == ["Chung Eui-yong", "Toshimitsu Motegi"])
        #expect(met?.location?.country == "GB")
        let again = event(e, "2021-06")
        // "agreed to meet again" with a date is a schedule (eval/news/README.md).
        #expect(again?.status == .scheduled)
        #expect(again?.participants.map(\.name) == ["Chung Eui-yong", "Toshimitsu Motegi"])
    }

    @Test func namesWithParticlesPronounsAndDaysCountedFromTheStory() {
        let e = extract("""
            Kuwaiti Foreign Minister Ahmad al-Rashidi held talks in Doha last week with Qatar's emir, Sheikh Fahad bin Nasser, \
            and delivered a message from Kuwait's emir, Sheikh Jaber bin Fahad, who took office in September. \
            Qatari and Emirati officials have not held direct talks since the crisis began. \
            Gulf Arab leaders will hold their annual summit in AlUla on Tuesday, the ministry said on Sunday. \
            Sheikh Fahad will lead Qatar's delegation. He could also hold a separate meeting with Saudi Arabia's crown prince \
            on the margins of the summit, and will call on King Salman the following day.
            """, published: "2021-01-03", zone: "Asia/Riyadh")
        let talks = e.first { $0.kind == .talks }
        #expect(talks?.participants.map(\.name) == ["Ahmad al-Rashidi", "Fahad bin Nasser"])
        #expect(talks?.status == .occurred)
        let sworn = e.first { $0.kind == .inauguration }
        #expect(sworn?.participants.map(\.name) == ["Jaber bin Fahad"])
        // "have not held direct talks" is negated, not a meeting that happened.
        #expect(!e.contains { $0.kind == .talks && $0.when.value == nil })
        let summit = e.first { $0.kind == .summit }
        #expect(summit?.when.value == "2021-01-05")
        let side = e.first { $0.relations.contains { $0.type == .onMarginsOf } }
        #expect(side?.status == .possible)
        #expect(side?.participants.first?.name == "Fahad bin Nasser")
        #expect(side?.when.value == "2021-01-05")
        // "the following day" counts from Tuesday, not from the Sunday it was said on.
        #expect(e.contains { $0.when.value == "2021-01-06" && $0.status == .scheduled })
    }

    @Test func visitsAndTheirProgrammes() {
        let e = extract("""
            COLOMBO, Feb. 7 (Xinhua) -- Maldivian President Hassan Zareer will travel to Colombo on Feb. 14 for talks with \
            President Chandana Wijesekera, the ministry said on Tuesday. He is also scheduled to call on the King the following day. \
            Zareer may also receive Prime Minister Lalith Kumarasinghe during the visit. \
            Foreign Minister Aishath Nazeema will call on him at his hotel the same day. \
            Russian President Viktor Orlov met Tajik President Davlat Nazarov and Kyrgyz President Almaz Toktosunov on Monday. \
            Orlov has offered to host talks between the two leaders in Moscow. \
            Zareer spoke by phone with Orlov on Thursday and with Nazarov the following day.
            """, published: "2017-02-07", zone: "Asia/Colombo")
        // "travel to Colombo … for talks with …": one visit, with the talks' people.
        let visit = e.first { $0.kind == .visit }
        #expect(visit?.when.value == "2017-02-14")
        #expect(visit?.participants.map(\.name) == ["Hassan Zareer", "Chandana Wijesekera"])
        #expect(!e.contains { $0.kind == .talks && $0.when.value == "2017-02-14" })
        // The programme: days counted from the visit, not from the day it was announced.
        #expect(e.contains { $0.kind == .meeting && $0.when.value == "2017-02-15" && $0.status == .scheduled })
        #expect(e.contains { $0.kind == .meeting && $0.status == .possible && $0.when.value == "2017-02-14" })
        // One verb, two people met: one meeting with each.
        let met = e.filter { $0.kind == .meeting && $0.when.value == "2017-02-06" }
        #expect(Set(met.map { Set($0.participants.map(\.name)) }) == [["Viktor Orlov", "Davlat Nazarov"], ["Viktor Orlov", "Almaz Toktosunov"]])
        let offer = e.first { $0.kind == .talks && $0.status == .proposed }
        #expect(Set(offer?.participants.map(\.name) ?? []) == ["Viktor Orlov", "Davlat Nazarov", "Almaz Toktosunov"])
        // "with A on Thursday and with B the following day": two calls.
        let calls = e.filter { $0.kind == .call }.map { $0.when.value ?? "" }.sorted()
        #expect(calls == ["2017-02-02", "2017-02-03"])
    }

    @Test func moodsThatNeedTheirWholeSentence() {
        let e = extract("""
            The annual meeting of the heads of state of Austria, Belgium, Germany, Liechtenstein, Luxembourg and Switzerland, \
            which had been due to take place in Liechtenstein in September, was postponed because of the pandemic and is now \
            expected to be held in May. \
            Czech Prime Minister Pavel Hrubec and his Slovak counterpart, Marek Dubovsky, agreed at talks in Prague on Friday \
            to hold a joint session of their two governments in Bratislava in March. \
            Qatari and Emirati officials have not held direct talks since the crisis began. \
            Norwegian Transport Minister Torleif Nygard and his Finnish counterpart, Hanna Salmi, met in Kirkenes on Friday to \
            discuss a rail link, a project that was shelved in 2019. \
            He had planned to visit Vienna in April but postponed the trip.
            """, published: "2022-02-02", zone: "Europe/Vienna")
        #expect(e.contains { $0.status == .cancelled && $0.when.value == "2021-09" })
        #expect(e.contains { $0.status == .expected && $0.when.value == "2022-05" })
        #expect(e.contains { $0.status == .scheduled && $0.when.value == "2022-03" })
        #expect(e.contains { $0.status == .occurred && $0.when.value == "2022-01-28" && $0.participants.contains { $0.name == "Hanna Salmi" } })
        #expect(!e.contains { $0.kind == .talks && $0.when.value == nil && $0.status == .occurred })
        #expect(e.contains { $0.kind == .visit && $0.status == .cancelled && $0.when.value == "2021-04" })
    }

    @Test func datesCountedFromOtherEventsAndReplacements() {
        let e = extract("""
            TOKYO, Nov. 17 Kyodo - Japanese Prime Minister Tetsuo Maruyama took office on Sept. 16. \
            Australian Prime Minister Graeme Lockwood and Maruyama first spoke by phone four days after Maruyama took office. \
            Lockwood had held a video conference with Maruyama's predecessor, Ryutaro Kamiya, in July. \
            Ethiopian Prime Minister Yonatan Gebreyes returned home on Monday from a three-day visit to Djibouti. \
            On the final day of the visit, Gebreyes held talks with President Houssein Dirieh. \
            Talks between officials on fishing, which had been scheduled for Oct. 27, were put off and are now expected next month. \
            The ministers are expected to prepare a summit of BRICS leaders that Brazil will host in July.
            """, published: "2020-11-17", zone: "Asia/Tokyo")
        #expect(e.contains { $0.kind == .call && $0.when.value == "2020-09-20" })
        let video = e.first { $0.kind == .call && $0.when.value == "2020-07" }
        #expect(video?.participants.map(\.name) == ["Graeme Lockwood", "Ryutaro Kamiya"])
        #expect(e.contains { $0.kind == .visit && $0.when.value == "2020-11-14" && $0.status == .occurred })
        #expect(e.contains { $0.kind == .talks && $0.when.value == "2020-11-16" && $0.participants.contains { $0.name == "Houssein Dirieh" } })
        #expect(e.contains { $0.status == .cancelled && $0.when.value == "2020-10-27" })
        #expect(e.contains { $0.status == .expected && $0.when.value == "2020-12" })
        #expect(e.contains { $0.kind == .summit && $0.status == .scheduled && $0.when.value == "2021-07" })
    }

    @Test func arrivalsDeparturesAndSwearingIns() {
        let e = extract("""
            NAIROBI, Feb. 4 (Reuters) - Angolan President Jean-Pierre Mbala is due in Nairobi on Wednesday for talks with Kenyan \
            President Daniel Kiprono, his spokesman said. Turkish President Kemal Yavuz will leave Riyadh tomorrow for Doha. \
            Uruguayan President Gonzalo Irureta attended Argentine President Ricardo Solari's swearing-in in Buenos Aires on Dec. 10, \
            and the two held a brief meeting at the Casa Rosada afterwards. \
            They announced the deal on Jan. 17, after a telephone call the day before. \
            The summit, which in principle is held every year, had been pencilled in for June but was put back to March. \
            Kiprono and Mbala held the previous one in Luanda in November 2017.
            """, published: "2019-02-04", zone: "Africa/Nairobi")
        #expect(e.contains { $0.kind == .visit && $0.when.value == "2019-02-06" && $0.status == .scheduled && $0.participants.contains { $0.name == "Daniel Kiprono" } })
        #expect(e.contains { $0.kind == .visit && $0.when.value == "2019-02-05" && $0.location?.name == "Doha" })
        #expect(e.contains { $0.kind == .inauguration && $0.when.value == "2018-12-10" })
        #expect(e.contains { $0.kind == .meeting && $0.when.value == "2018-12-10" })
        #expect(e.contains { $0.kind == .call && $0.when.value == "2019-01-16" })
        #expect(e.contains { $0.status == .cancelled && $0.when.value == "2018-06" })
        #expect(e.contains { $0.status == .occurred && $0.when.value == "2017-11" })
    }

    @Test func badInputIsRefusedWithTheFileName() {
        #expect(throws: DocumentInputError.notText("a.bin")) { try NewsDocument.read(Data([0x00, 0xff, 0xfe]), name: "a.bin", published: "2021-04-01", timeZone: "UTC") }
        #expect(throws: DocumentInputError.empty("e.txt")) { try NewsDocument.make(text: " \n ", name: "e.txt", published: "2021-04-01", timeZone: "UTC") }
        #expect(throws: DocumentInputError.badPublished("d.txt", "")) { try NewsDocument.make(text: "Talks.", name: "d.txt", published: "", timeZone: "UTC") }
        #expect(throws: DocumentInputError.badPublished("d.txt", "2021-02-30")) { try NewsDocument.make(text: "Talks.", name: "d.txt", published: "2021-02-30", timeZone: "UTC") }
        #expect(throws: DocumentInputError.unknownTimeZone("d.txt", "Mars/Base")) { try NewsDocument.make(text: "Talks.", name: "d.txt", published: "2021-04-01", timeZone: "Mars/Base") }
        #expect(NewsDocument.contentID("abc") == NewsDocument.contentID("abc"))
        #expect(NewsDocument.contentID("abc") != NewsDocument.contentID("abd"))
    }
}

@Suite struct FuzzRegressionTests {
    /// Every input the fuzzer once crashed the extractor with (fuzz/regressions/extract/),
    /// replayed on each `swift test` as well as by fuzz/run.sh.
    @Test func inputsThatOnceCrashedNowExtract() throws {
        let dir = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../fuzz/regressions/extract").standardized
        let files = try FileManager.default.contentsOfDirectory(atPath: dir.path)
        #expect(!files.isEmpty)
        for f in files {
            let data = try Data(contentsOf: dir.appendingPathComponent(f))
            let text = String(decoding: data, as: UTF8.self)
            if let doc = try? NewsDocument.make(text: text, name: f, published: "2021-04-01", timeZone: "Asia/Seoul") {
                _ = MeetingExtractor().extract(doc)
            }
        }
    }
}
