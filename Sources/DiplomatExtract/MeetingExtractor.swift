import DiplomatCore
import Foundation

/// A news text and what the extractor needs to read it: when it was published (the reference
/// for "on Thursday") and the zone it was written in.
public struct NewsDocument: Sendable {
    public var id: String
    public var text: String
    public var published: CivilDate
    public var publishedSecondOfDay: Int?
    public var timeZone: TimeZone

    public init(id: String, text: String, published: CivilDate, publishedSecondOfDay: Int? = nil, timeZone: TimeZone) {
        self.id = id
        self.text = text
        self.published = published
        self.publishedSecondOfDay = publishedSecondOfDay
        self.timeZone = timeZone
    }
}

/// Turns a news text into timeline events: finds meeting triggers, their participants, place,
/// date and modality, and merges the mentions of one real meeting ("the talks", "the latest
/// meeting") into one event. Pure: the same document always gives the same events.
public struct MeetingExtractor: Sendable {
    public init() {}

    enum Flavor: Sendable { case trilateral, bilateral }

    /// What one sentence says about one meeting.
    struct Mention {
        var sentence: Int
        var trigger: Int
        var kind: EventKind
        var flavor: Flavor?
        var backReference = false
        var status: Status?
        var negated = false
        var timex: TimexMention?
        var timexText: String?
        var people: [Int] = []
        /// A back-reference with nothing to refer to is a meeting of its own, with these people.
        var peopleIfNew: [Int] = []
        var clausePeople: [Int] = []
        /// "meet again", "the next round": a new meeting even with the same people.
        var again = false
        /// "the two leaders", "they": the people of the meeting just described.
        var groupSubject = false
        /// "their talks", "his visit": a back-reference owned by its people.
        var ownedReference = false
        /// The people the sentence before named, for "the two leaders" when no meeting has them.
        var peopleBefore: [Int] = []
        var countries: [String] = []
        var location: Gazetteer.Place?
        var marginsOfTrigger: Int?
        var marginsOf: Int?
        var priorTimex: TimexMention?
        var priorText: String?
        var anchor: (days: Int, mention: Int, text: String)?
        var statementInClause: Int?
        /// "on the first day of the visit": days after the start of the visit named before.
        var dayOfVisit: Int?
        /// "a three-day visit": its length in days, when said.
        var visitDays: Int?
        /// "after the ceremony": on the day of the inauguration named before.
        var afterInauguration = false
        var clause: Int
        var tense: Tense
        var event = -1
    }

    /// An event being assembled from its mentions.
    struct Draft {
        var mentions: [Int]
        var kind: EventKind
        var flavor: Flavor?
        var marginsOf: Int?
        var isPrior = false
        var priorOf: Int?
        var priorTimex: TimexMention?
        var priorText: String?
        var priorSentence: Int?
        // What its mentions say, kept as they join (an event named a thousand times is compared at once).
        var people: Set<Int> = []
        var statuses: Set<Status> = []
        var countries: Set<String> = []
        var firstTimex: TimexMention?
        var firstDate: TimexMention?

        mutating func add(_ m: Int, _ mention: Mention) {
            mentions.append(m)
            people.formUnion(mention.people)
            if let s = mention.status { statuses.insert(s) }
            countries.formUnion(mention.countries)
            if firstTimex == nil { firstTimex = mention.timex }
            if firstDate == nil, let t = mention.timex, MeetingExtractor.isDateValue(t.value) { firstDate = t }
        }
    }

    public func extract(_ doc: NewsDocument) -> [Event] {
        let scalars = Array(doc.text.unicodeScalars)
        let reference = TemporalTagger.Reference(date: doc.published, secondOfDay: doc.publishedSecondOfDay)
        let split = SentenceSplitter.sentences(doc.text).map { ($0, Tokenizer.tokens(scalars, $0, offset: $0.lowerBound)) }
        let timexes = TemporalTagger().tag(scalars, sentences: split, reference: reference)
        var registry = PeopleRegistry()
        registry.homeCountry = Gazetteer.homeCountry(ofZone: doc.timeZone.identifier)
        var mentions: [Mention] = []
        var sentences: [SentenceWords] = []
        var t = 0
        var lastSubject: Int?
        var previousDay: TimexMention?
        var peopleBefore: [Int] = []
        for (si, (range, tokens)) in split.enumerated() {
            let s = SentenceWords(scalars: scalars, range: range, tokens: tokens)
            sentences.append(s)
            while t < timexes.count, timexes[t].start < range.lowerBound { t += 1 }
            var inSentence: [TimexMention] = []
            var k = t
            while k < timexes.count, timexes[k].start < range.upperBound { inSentence.append(timexes[k]); k += 1 }
            var people = PersonFinder(s: s).find(&registry)
            // "He could also hold a separate meeting …": a sentence opening with a pronoun is about
            // the person the sentence before opened with.
            if let first = s.words.first, ["he", "she"].contains(first.lower), let subject = lastSubject, !people.contains(where: { $0.words.lowerBound == 0 }) {
                people.insert(PersonSpan(person: subject, words: 0..<1), at: 0)
            }
            lastSubject = people.first(where: { $0.words.lowerBound <= 3 })?.person
            var reader = SentenceReader(s: s, index: si, timexes: inSentence, published: doc.published, people: people, scalars: scalars,
                                        offset: mentions.count)
            reader.previousDay = previousDay
            let first = mentions.count
            mentions += reader.mentions()
            for k in first..<mentions.count where mentions[k].groupSubject { mentions[k].peopleBefore = peopleBefore }
            if people.count >= 2 { peopleBefore = Array(Set(people.map(\.person))).sorted().prefix(4).map { $0 } }
            if let day = inSentence.last(where: { ($0.type == .DATE || $0.type == .TIME) && $0.value.count >= 10 && $0.value.first?.isNumber == true }) {
                previousDay = day
            }
        }
        var drafts = group(&mentions, registry: registry)
        return finish(&drafts, mentions: mentions, sentences: sentences, registry: registry, doc: doc, scalars: scalars)
    }

    // MARK: Grouping mentions into events

    static func family(_ k: EventKind) -> Int {
        switch k {
        case .talks, .meeting, .summit: return 0
        case .call: return 1
        case .visit: return 2
        case .inauguration: return 3
        case .statement: return 4
        case .other: return 5
        }
    }

    /// Assigns each mention to an event: back-references to the latest compatible event,
    /// other mentions to an event with the same people and a compatible date, else a new one.
    func group(_ mentions: inout [Mention], registry: PeopleRegistry) -> [Draft] {
        var drafts: [Draft] = []
        var withPrior: Set<Int> = []
        // Within a sentence, a meeting "on the margins of" another is placed after it.
        var order = Array(mentions.indices)
        order.sort { a, b in
            if mentions[a].sentence != mentions[b].sentence { return mentions[a].sentence < mentions[b].sentence }
            // A side meeting comes right after its host, before what the sentence says next.
            func key(_ m: Int) -> Int { mentions[m].marginsOfTrigger.map { $0 * 2 + 1 } ?? mentions[m].trigger * 2 }
            return key(a) < key(b)
        }
        for m in order where !mentions[m].negated {
            if let target = mentions[m].marginsOfTrigger {
                mentions[m].marginsOf = (max(0, m - 200)..<min(mentions.count, m + 200)).first { mentions[$0].sentence == mentions[m].sentence && mentions[$0].trigger == target }
                    .map { mentions[$0].event }.flatMap { $0 >= 0 ? $0 : nil }  // a negated host makes no event (fuzz/regressions/extract)
            }
            if mentions[m].groupSubject, let last = drafts.suffix(Self.window).last(where: { d in !d.isPrior && d.people.count >= 2 }) {
                // "met Nazarov and Toktosunov … talks between the two leaders": all who met at that verb.
                let origin = last.mentions.first.map { (mentions[$0].sentence, mentions[$0].trigger) }
                let twins = drafts.suffix(Self.window).filter { d in d.mentions.first.map { (mentions[$0].sentence, mentions[$0].trigger) } ?? (-1, -1) == origin ?? (-2, -2) }
                var people: [Int] = []
                for d in (twins.isEmpty ? [last] : twins) { for m in d.mentions.prefix(8) { for p in mentions[m].people where !people.contains(p) { people.append(p) } } }
                mentions[m].people = people
            } else if mentions[m].groupSubject, mentions[m].people.isEmpty, mentions[m].peopleBefore.count >= 2 {
                // "Rakhimov welcomed Yeom on Friday. The two leaders held summit talks …"
                mentions[m].people = mentions[m].peopleBefore
            }
            let mention = mentions[m]
            var target: Int
            if mention.backReference, let d = antecedent(of: mention, drafts: drafts, mentions: mentions) {
                target = d
            } else if !mention.backReference, !mention.again, let d = sameMeeting(as: mention, drafts: drafts, mentions: mentions) {
                target = d
            } else {
                if mention.backReference {
                    mentions[m].people = mention.peopleIfNew
                    mentions[m].backReference = false
                }
                drafts.append(Draft(mentions: [], kind: mention.kind, flavor: mention.flavor, marginsOf: mention.marginsOf))
                target = drafts.count - 1
            }
            drafts[target].add(m, mentions[m])
            mentions[m].event = target
            // "their first such meeting since October": a meeting in October came before.
            if let prior = mention.priorTimex, !withPrior.contains(target) {
                withPrior.insert(target)
                drafts.append(Draft(mentions: [], kind: mention.kind == .meeting ? .talks : mention.kind, flavor: nil, isPrior: true,
                                    priorOf: target, priorTimex: prior, priorText: mention.priorText, priorSentence: m))
            }
        }
        return drafts
    }

    func antecedent(of m: Mention, drafts: [Draft], mentions: [Mention]) -> Int? {
        // "the summit" is the summit named before, even when talks came between.
        if m.kind == .summit, let d = antecedent(of: m, drafts: drafts, mentions: mentions, kinds: [.summit]) { return d }
        return antecedent(of: m, drafts: drafts, mentions: mentions, kinds: nil)
    }

    func antecedent(of m: Mention, drafts: [Draft], mentions: [Mention], kinds: Set<EventKind>?) -> Int? {
        // "their first face-to-face talks" may be the talks held on the sidelines; "the talks" is the host.
        for d in drafts.indices.suffix(Self.window).reversed() where !drafts[d].isPrior && (drafts[d].marginsOf == nil || m.ownedReference)
            && kinds.map({ $0.contains(drafts[d].kind) }) ?? true {
            guard Self.family(drafts[d].kind) == Self.family(m.kind) else { continue }
            if m.flavor == .trilateral && drafts[d].flavor != .trilateral { continue }
            if m.flavor != .trilateral && drafts[d].flavor == .trilateral && m.flavor != nil { continue }
            if let own = m.timex, let theirs = drafts[d].firstTimex, !Self.compatible(own, theirs) { continue }
            if let own = m.status, Self.conflicting(own, drafts[d].statuses) { continue }
            // "The meeting … had been pencilled in for June but was put back": the plan that fell
            // through is an entry of its own, beside the meeting now planned.
            if m.status == .cancelled, m.timex != nil, !drafts[d].statuses.isDisjoint(with: [.scheduled, .expected]) { continue }
            return d
        }
        return nil
    }

    func sameMeeting(as m: Mention, drafts: [Draft], mentions: [Mention]) -> Int? {
        let mine = Set(m.people)
        for d in drafts.indices.suffix(Self.window).reversed() where !drafts[d].isPrior {
            guard Self.family(drafts[d].kind) == Self.family(m.kind), drafts[d].marginsOf == m.marginsOf, drafts[d].flavor == m.flavor || m.flavor == nil else { continue }
            let theirs = drafts[d].people
            // "wanted to meet Kabir at an early date" is not the talks they held in October.
            let statuses = drafts[d].statuses
            if let own = m.status, Self.conflicting(own, statuses) { continue }
            // "Japan, Philippines to hold talks next week" and "… will hold talks in Manila on
            // Monday": no one named, the same countries, dates that agree.
            if mine.isEmpty, theirs.isEmpty, m.countries.count >= 2, let own = m.timex, Self.isDateValue(own.value),
               let other = drafts[d].firstDate, Self.compatible(own, other), drafts[d].countries == Set(m.countries) {
                return d
            }
            guard !mine.isEmpty, !theirs.isEmpty, mine.isSubset(of: theirs) || theirs.isSubset(of: mine) else { continue }
            // "… to be received by the sultan" and later "ready to meet Amirzadeh": one person in
            // common and another mood is another meeting.
            if theirs.count == 1, mine.count > 1, let own = m.status, !statuses.isEmpty, !statuses.contains(own) { continue }
            if m.kind == .statement || mine.count >= 2 || theirs.count == 1 {
                if let own = m.timex, let other = drafts[d].firstDate, !Self.compatible(own, other) { continue }
                return d
            }
        }
        return nil
    }

    static let plans: Set<Status> = [.proposed, .possible, .expected, .scheduled]

    /// How many events back a mention may refer to. Articles have a few dozen events at most;
    /// the bound keeps extraction linear in the length of any text.
    static let window = 64

    static func near(_ d: Int, _ count: Int) -> Range<Int> { max(0, d - window)..<min(count, d + window) }

    /// Both plans, or both done: a meeting "during the visit" shares the visit's mood.
    static func sameMood(_ a: [Status], _ b: [Status]) -> Bool {
        let firm: Set<Status> = [.scheduled, .expected, .possible]
        if a.contains(.occurred) || b.contains(.occurred) { return a.contains(.occurred) && b.contains(.occurred) }
        return !Set(a).isDisjoint(with: firm) && !Set(b).isDisjoint(with: firm)
    }

    /// Statuses one meeting cannot have in one article: a meeting that happened is not also a
    /// plan, and a wish to meet is not the meeting already fixed, held or called off (its
    /// replacement is an entry of its own).
    static func conflicting(_ own: Status, _ others: Set<Status>) -> Bool {
        switch own {
        case .occurred: return !others.isDisjoint(with: plans)
        case .proposed: return !others.isDisjoint(with: [.scheduled, .occurred, .cancelled])
        case .scheduled, .cancelled: return others.contains(.proposed) || own == .scheduled && others.contains(.occurred)
        default: return others.contains(.occurred)
        }
    }

    static func isDateValue(_ v: String) -> Bool { v.first?.isNumber == true }

    /// Two expressions that may name the same day: their windows overlap (or one is undated).
    static func compatible(_ a: TimexMention, _ b: TimexMention) -> Bool {
        let utc = TimeZone(identifier: "UTC")!
        func window(_ t: TimexMention) -> When? {
            var v = t.value
            if let i = v.firstIndex(of: "T"), v.distance(from: v.startIndex, to: i) == 10 { v = String(v[..<i]) }
            return isDateValue(v) ? try? When.resolve(value: v, mod: t.mod, timeZone: utc) : nil
        }
        guard let x = window(a), let y = window(b), let x0 = x.earliest, let x1 = x.latest, let y0 = y.earliest, let y1 = y.latest else { return true }
        return x0 <= y1 && y0 <= x1
    }

    // MARK: Finishing events

    static let statusRank: [Status: Int] = [.cancelled: 6, .occurred: 5, .scheduled: 4, .expected: 3, .proposed: 2, .possible: 1]

    func finish(_ drafts: inout [Draft], mentions: [Mention], sentences: [SentenceWords], registry: PeopleRegistry, doc: NewsDocument,
                scalars: [Unicode.Scalar]) -> [Event] {
        // Each sentence is cited by many events at most once built.
        var quotes: [Int: SourceCitation] = [:]
        func quote(_ si: Int) -> SourceCitation {
            if let q = quotes[si] { return q }
            let r = sentences[si].range
            let q = SourceCitation(document: doc.id, quote: String(String.UnicodeScalarView(scalars[r])), start: r.lowerBound, end: r.upperBound)
            quotes[si] = q
            return q
        }
        var events: [Event?] = Array(repeating: nil, count: drafts.count)
        var dates: [When?] = Array(repeating: nil, count: drafts.count)
        var pending: [Int] = []
        // Dates first: own expressions, then anchors ("a day after"), then the host meeting's.
        func whenOf(_ timex: TimexMention?, text: String?, zone: TimeZone) -> When? {
            guard let timex else { return nil }
            var value = timex.value
            if let t = value.firstIndex(of: "T"), value.distance(from: value.startIndex, to: t) == 10, value.count != 16 { value = String(value[..<t]) }
            if !Self.isDateValue(value) { return .undated(timeZone: zone, text: text) }
            // "this weekend": a meeting's week (the weekend is a guess of the writer's, not a plan's).
            if value.hasSuffix("-WE") { value = String(value.dropLast(3)) }
            return try? When.resolve(value: value, mod: timex.mod, timeZone: zone, text: text)
        }
        var zones: [TimeZone] = Array(repeating: doc.timeZone, count: drafts.count)
        var locations: [Location?] = Array(repeating: nil, count: drafts.count)
        for (d, draft) in drafts.enumerated() {
            let ms = draft.mentions.map { mentions[$0] }
            var place = ms.compactMap(\.location).first
            if place == nil, draft.kind == .inauguration, let p = ms.flatMap(\.people).first, let c = registry.people[p].country,
               let capital = Gazetteer.countryRows.first(where: { $0.0 == c }) {
                place = Gazetteer.places[Gazetteer.words(capital.4.lowercased())]
            }
            if let place {
                locations[d] = Location(name: place.name, country: place.country)
                if let z = place.timeZone.flatMap(TimeZone.init(identifier:)) { zones[d] = z }
            }
            if draft.isPrior {
                dates[d] = whenOf(draft.priorTimex, text: draft.priorText, zone: zones[d])
                continue
            }
            // The most precise date any mention gives ("this weekend", then "the 11th").
            let dated = ms.filter { $0.timex != nil }
            var best: When?
            for m in dated {
                guard let w = whenOf(m.timex, text: m.timexText, zone: zones[d]) else { continue }
                let width = { (w: When) in (w.latest ?? .distantFuture).timeIntervalSince(w.earliest ?? .distantPast) }
                // The most precise; between days, the first ("the three-day round … opened on Thursday").
                if best == nil || (w.isDated && (best!.isDated == false || width(w) < width(best!)
                    || width(w) == width(best!) && w.precision == .day && (w.earliest ?? .distantFuture) < (best!.earliest ?? .distantPast))) { best = w }
            }
            dates[d] = best
            if dates[d]?.isDated != true { pending.append(d) }
        }
        for _ in 0..<2 {
            // "The two leaders first spoke by phone four days after Maruyama took office": the
            // clause before is dated from the one after "after" when only that one has a date.
            for (d, draft) in drafts.enumerated() where dates[d]?.isDated == true {
                for m in draft.mentions {
                    guard let a = mentions[m].anchor, abs(a.days) < SentenceReader.monthUnit, mentions[a.mention].event >= 0,
                          case let host = mentions[a.mention].event, host != d, dates[host]?.isDated != true,
                          let w = dates[d], w.precision == .day, let v = w.value, v.count == 10,
                          let y = Int(v.prefix(4)), let mo = Int(v.dropFirst(5).prefix(2)), let dd = Int(v.suffix(2)) else { continue }
                    dates[host] = try? When.resolve(value: Rules.ymd(CivilDate(year: y, month: mo, day: dd).adding(days: -a.days)), timeZone: zones[host],
                                                    text: a.text.replacingOccurrences(of: "after", with: "later"))
                }
            }
            for d in pending where dates[d]?.isDated != true {
                for m in drafts[d].mentions {
                    // "The meeting comes a year after the leaders held their first summit": a month, counted back.
                    if let a = mentions[m].anchor, a.days % SentenceReader.monthUnit == 0, mentions[a.mention].event >= 0,
                       let host = dates[mentions[a.mention].event], let v = host.value, v.count >= 7, v.first?.isNumber == true,
                       let y = Int(v.prefix(4)), let mo = Int(v.dropFirst(5).prefix(2)) {
                        let total = y * 12 + (mo - 1) + a.days / SentenceReader.monthUnit
                        dates[d] = try? When.resolve(value: String(format: "%04d-%02d", total / 12, total % 12 + 1), timeZone: zones[d], text: a.text)
                        continue
                    }
                    guard let a = mentions[m].anchor, abs(a.days) < SentenceReader.monthUnit, mentions[a.mention].event >= 0, let host = dates[mentions[a.mention].event],
                          host.precision == .day, let v = host.value, v.count == 10,
                          let y = Int(v.prefix(4)), let mo = Int(v.dropFirst(5).prefix(2)), let dd = Int(v.suffix(2)) else { continue }
                    let day = CivilDate(year: y, month: mo, day: dd).adding(days: a.days)
                    dates[d] = try? When.resolve(value: Rules.ymd(day), timeZone: zones[d], text: a.text)
                }
                if dates[d]?.isDated != true, let day = drafts[d].mentions.compactMap({ mentions[$0].dayOfVisit }).first,
                   let sentence = drafts[d].mentions.first.map({ mentions[$0].sentence }),
                   let visit = Self.near(d, drafts.count).last(where: { v in v != d && drafts[v].kind == .visit && dates[v]?.precision == .day
                       && drafts[v].mentions.contains { mentions[$0].sentence <= sentence } }),
                   // "the final day of a three-day visit": its length, when said.
                   case let length = drafts[visit].mentions.compactMap({ mentions[$0].visitDays }).first, day >= 0 || length != nil,
                   case let offset = day >= 0 ? day : length! - 1,
                   let v = dates[visit]?.value, v.count == 10, let y = Int(v.prefix(4)), let mo = Int(v.dropFirst(5).prefix(2)), let dd = Int(v.suffix(2)) {
                    dates[d] = try? When.resolve(value: Rules.ymd(CivilDate(year: y, month: mo, day: dd).adding(days: offset)), timeZone: zones[d],
                                                 text: "day \(offset + 1) of the visit")
                }
                if dates[d]?.isDated != true, drafts[d].mentions.contains(where: { mentions[$0].afterInauguration }),
                   let first = drafts[d].mentions.first,
                   let inauguration = Self.near(d, drafts.count).last(where: { v in v != d && drafts[v].kind == .inauguration && dates[v]?.precision == .day
                       && drafts[v].mentions.contains { mentions[$0].sentence <= mentions[first].sentence } }) {
                    dates[d] = dates[inauguration]
                }
                // "Zareer will pay a state visit from Feb. 14 … Zareer will hold talks with President
                // Wijesekera": an undated meeting of a visitor, in the same mood, falls in the visit.
                if dates[d]?.isDated != true, drafts[d].marginsOf == nil, Self.family(drafts[d].kind) == 0, !drafts[d].isPrior,
                   let first = drafts[d].mentions.first, case let mine = Set(drafts[d].mentions.flatMap { mentions[$0].people }), !mine.isEmpty,
                   let visit = Self.near(d, drafts.count).last(where: { v in v != d && drafts[v].kind == .visit && dates[v]?.isDated == true && !drafts[v].isPrior
                       && drafts[v].mentions.contains { mentions[$0].sentence <= mentions[first].sentence }
                       && !mine.isDisjoint(with: drafts[v].mentions.flatMap { mentions[$0].people })
                       && Self.sameMood(drafts[v].mentions.compactMap { mentions[$0].status }, drafts[d].mentions.compactMap { mentions[$0].status }) }) {
                    dates[d] = dates[visit]
                }
                if dates[d]?.isDated != true, let host = drafts[d].marginsOf, dates.indices.contains(host), let w = dates[host] {
                    dates[d] = w
                    if locations[d] == nil { locations[d] = locations[host] }
                }
            }
        }
        // "last met in February on the margins of the AU summit": the summit was then too.
        for (d, draft) in drafts.enumerated() where dates[d]?.isDated == true {
            if let host = draft.marginsOf, dates.indices.contains(host), dates[host]?.isDated != true { dates[host] = dates[d] }
        }
        // Identity, status and the rest.
        var used: Set<String> = []
        var suffixes: [String: Int] = [:]
        var ids: [String] = Array(repeating: "", count: drafts.count)
        var keep: [Bool] = Array(repeating: true, count: drafts.count)
        for (d, draft) in drafts.enumerated() {
            var ms = draft.mentions.map { mentions[$0] }
            var people: [Int] = []
            for p in ms.flatMap(\.people) where !people.contains(p) { people.append(p) }
            var countries: [String] = []
            func addCountry(_ c: String?) { if let c, !countries.contains(c) { countries.append(c) } }
            var sources: [Int] = []
            if draft.isPrior, let host = draft.priorOf {
                ms = []
                sources = [mentions[draft.priorSentence!].sentence]
                for m in drafts[host].mentions {
                    for p in mentions[m].people { addCountry(registry.people[p].country) }
                    mentions[m].countries.forEach(addCountry)
                }
            }
            for p in people { addCountry(registry.people[p].country) }
            if draft.kind == .statement { for m in ms { for p in m.clausePeople { addCountry(registry.people[p].country) } } }
            for m in ms { m.countries.forEach(addCountry) }
            if countries.isEmpty { addCountry(locations[d]?.country) }
            for m in ms where !sources.contains(m.sentence) { sources.append(m.sentence) }
            let when = dates[d] ?? .undated(timeZone: zones[d], text: nil)
            // A meeting with no one and no date is too vague to put on a timeline.
            // "wants the talks to resume at an early date" is a proposal worth keeping, undated.
            // "proposed that the next summit be held in Baghdad", "a visit by Qatar's emir to Manama
            // could follow": a plan with a place is one too.
            // "proposed resuming two-plus-two talks", "agreed to hold the 26th round in Thimphu at a
            // mutually convenient time": undated plans between named countries are kept too.
            let vague = ms.contains { $0.timex != nil && $0.status == .proposed }
                || locations[d] != nil && !countries.isEmpty && ms.contains { [.proposed, .possible].contains($0.status) }
            if people.isEmpty && countries.count < 2 && !when.isDated && !draft.isPrior && draft.marginsOf == nil && !vague { keep[d] = false; continue }
            let status = draft.isPrior ? .occurred : Self.status(of: ms, when: when, doc: doc)
            let idPeople = draft.isPrior ? (draft.priorOf.map { drafts[$0].mentions.flatMap { mentions[$0].people } } ?? []) : people
            var id = Self.slug(people: idPeople.map { registry.people[$0] }, countries: countries, kind: draft.kind, flavor: draft.flavor,
                               margins: draft.marginsOf != nil, when: when, status: status, prior: draft.isPrior)
            if used.contains(id) {
                // The next free number for this id (remembered, so a thousand alike stay linear).
                var n = suffixes[id] ?? 2
                while used.contains("\(id)-\(n)") { n += 1 }
                suffixes[id] = n + 1
                id = "\(id)-\(n)"
            }
            used.insert(id)
            ids[d] = id
            let participants = people.map { registry.people[$0] }
            events[d] = Event(id: id, title: Self.title(kind: draft.kind, flavor: draft.flavor, participants: participants, countries: countries,
                                                       location: locations[d], prior: draft.isPrior),
                              kind: draft.kind, status: status, when: when, participants: participants, countries: countries,
                              location: locations[d], sources: sources.sorted().map(quote))
        }
        // Relations, now that every event has its id.
        var priorsOf: [Int: [Int]] = [:]
        for (p, prior) in drafts.enumerated() where prior.isPrior { if let host = prior.priorOf { priorsOf[host, default: []].append(p) } }
        var anchoredOn: [Int: [(Int, Int)]] = [:]
        for (o, other) in drafts.enumerated() {
            for m in other.mentions { if let a = mentions[m].anchor, mentions[a.mention].event >= 0 { anchoredOn[mentions[a.mention].event, default: []].append((o, a.days)) } }
        }
        for (d, draft) in drafts.enumerated() where keep[d] {
            var relations: [Relation] = []
            func add(_ type: RelationType, _ other: Int) {
                guard other != d, keep[other], !ids[other].isEmpty else { return }
                let r = Relation(type: type, event: ids[other])
                if !relations.contains(r) { relations.append(r) }
            }
            if let host = draft.marginsOf { add(.onMarginsOf, host) }
            for p in priorsOf[d] ?? [] { add(.after, p) }
            for m in draft.mentions {
                if let s = mentions[m].statementInClause, mentions[s].event >= 0 { add(.after, mentions[s].event) }
            }
            // "The meeting came a day after Chung renewed…": the meeting is after the statement.
            for (o, days) in anchoredOn[d] ?? [] where o != d { add(days < 0 ? .after : .before, o) }  // months keep the sign
            events[d]?.relations = relations
        }
        return zip(events, keep).compactMap { $1 ? $0 : nil }
    }

    static func status(of ms: [Mention], when: When, doc: NewsDocument) -> Status {
        let own = ms.filter { !$0.backReference }.compactMap(\.status)
        let refs = ms.filter(\.backReference).compactMap(\.status)
        var pool = own
        if pool.isEmpty { pool = refs } else if refs.contains(.cancelled) { pool.append(.cancelled) }
        let dayStart = LocalTime(date: doc.published).instant(in: doc.timeZone)
        if let best = pool.max(by: { statusRank[$0]! < statusRank[$1]! }) {
            // A plan whose whole window lies before the day of writing has happened: "following
            // an inaugural session in April 2022", "agreed to at the annual meeting in November".
            if [.scheduled, .expected, .possible].contains(best), let latest = when.latest, latest < dayStart { return .occurred }
            return best
        }
        let dayEnd = dayStart.addingTimeInterval(86_400)
        let tense = ms.first?.tense ?? .unknown
        if let latest = when.latest, latest < dayStart { return .occurred }
        // An inauguration's day is fixed by law: "takes office later this month" is scheduled.
        // "Foreign ministers gather in Rovaniemi on Tuesday": a plan told in the present is fixed.
        if let earliest = when.earliest, earliest >= dayEnd { return tense != .past || ms.first?.kind == .inauguration ? .scheduled : .expected }
        if when.isDated { return tense == .future ? .scheduled : .occurred }
        return tense == .past ? .occurred : .possible
    }

    /// Short names of offices for ids: foreign ministers (and their U.S. equal) are "fm".
    static let officeCodes: [(String, String)] = [
        ("foreign minister", "fm"), ("secretary of state", "fm"), ("foreign secretary", "fm"), ("minister of foreign affairs", "fm"),
        ("external affairs minister", "fm"), ("foreign affairs minister", "fm"), ("director-general", "dg"), ("director general", "dg"),
        ("prime minister", "pm"), ("president", "president"), ("defense minister", "defense"), ("defence minister", "defense"),
        ("defense secretary", "defense"), ("chancellor", "chancellor"), ("envoy", "envoy"), ("ambassador", "ambassador"),
    ]

    static func officeCode(_ role: String?) -> String? {
        guard let r = role?.lowercased() else { return nil }
        if r.hasPrefix("vice ") || r.hasPrefix("deputy ") { return nil }
        return officeCodes.first { r.hasPrefix($0.0) || r == $0.0 }?.1
    }

    /// Readable, stable ids: "kr-jp-dg-talks-2021-04-01", "kr-fm-chung-inauguration-2021-02",
    /// "kr-us-jp-fm-trilateral-2021-04", "kr-jp-fm-talks-proposed" (undated: the status).
    static func slug(people: [Participant], countries: [String], kind: EventKind, flavor: Flavor?, margins: Bool, when: When, status: Status, prior: Bool) -> String {
        var parts: [String] = []
        var seen: Set<String> = []
        for c in (people.compactMap(\.country) + (people.isEmpty || prior ? countries : [])).map({ $0.lowercased() }) where seen.insert(c).inserted { parts.append(c) }
        let offices = Set(people.map { officeCode($0.role) })
        if offices.count == 1, let o = offices.first!, !people.isEmpty { parts.append(o) }
        if people.count == 1, !prior, [.inauguration, .statement, .visit, .call].contains(kind) {
            let surname = surname(people[0].name).lowercased().unicodeScalars.map { $0.isASCII && ($0.properties.isAlphabetic || $0.properties.numericType != nil) ? String($0) : "-" }.joined()
            parts.append(surname)
        }
        switch (kind, flavor) {
        case (.meeting, .trilateral), (.talks, .trilateral), (.summit, .trilateral): parts.append("trilateral")
        case (.meeting, .bilateral): parts.append("bilateral")
        default: parts.append(kind.rawValue)
        }
        if margins { parts.append("margins") }
        parts.append(when.value.map { String($0.filter { $0 != ":" }) } ?? status.rawValue)
        return parts.joined(separator: "-")
    }

    /// "Lee Sang-ryol" files under Lee, "Takehiro Funakoshi" under Funakoshi.
    static func surname(_ name: String) -> String {
        let parts = name.split(separator: " ")
        guard parts.count > 1 else { return name }
        if parts.count == 2, parts[1].contains("-"), parts[1].split(separator: "-").last?.first?.isLowercase == true { return String(parts[0]) }
        return String(parts.last!)
    }

    static func title(kind: EventKind, flavor: Flavor?, participants: [Participant], countries: [String], location: Location?, prior: Bool) -> String {
        let place = location.map { l in " in " + (l.name.hasPrefix("United ") || ["Netherlands", "Philippines"].contains(l.name) ? "the " : "") + l.name } ?? ""
        let names = participants.map { surname($0.name) }
        let nations = countries.compactMap { Gazetteer.country($0)?.name ?? $0 }
        switch kind {
        case .inauguration:
            guard let p = participants.first else { return "\(nations.joined(separator: "–")) inauguration" }
            return "\(p.name) takes office" + (p.role.map { " as \($0)" } ?? "")
        case .statement:
            return "Statement by \(participants.first?.name ?? nations.first ?? "officials")"
        default:
            let noun: String
            switch (kind, flavor) {
            case (_, .trilateral): noun = "trilateral meeting"
            case (.meeting, .bilateral): noun = "bilateral meeting"
            case (.call, _): noun = "phone call"
            default: noun = kind.rawValue
            }
            let who = names.count >= 2 ? names.joined(separator: "–") : (names.first.map { participants.count == 1 && nations.count > 1 ? "\($0) (\(nations.joined(separator: "–")))" : $0 }
                ?? nations.joined(separator: "–"))
            let lead = prior ? "Earlier " : ""
            let text = who.isEmpty ? "\(lead)\(noun)\(place)" : "\(lead)\(who) \(noun)\(place)"
            return text.prefix(1).uppercased() + text.dropFirst()
        }
    }
}
