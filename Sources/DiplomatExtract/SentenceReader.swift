import DiplomatCore

/// Reads one sentence: its clauses, meeting triggers, and for each trigger the people,
/// place, date and modality that go with it.
struct SentenceReader {
    let s: SentenceWords
    let index: Int
    let timexes: [TimexMention]
    /// The day of publication: a headline's present tense is past news unless it names a later day.
    var published = CivilDate(year: 1970, month: 1, day: 1)
    let people: [PersonSpan]
    let scalars: [Unicode.Scalar]
    /// How many mentions the document had before this sentence (mention indices are global).
    let offset: Int
    /// The last full day the sentences before named: "agreed on Monday … The agreement was
    /// reached during talks" puts the talks on Monday.
    var previousDay: TimexMention? = nil

    typealias Mention = MeetingExtractor.Mention

    /// "SEOUL, Nov. 24 (Yonhap) --", "MEXICO CITY, July 6 (EFE).-", "ISLAMABAD, June 22 (APP):",
    /// "JAKARTA, Aug 29 AAP -": where a dateline ends, so its date is not taken for an event's.
    func datelineEnd() -> Int {
        // "Kathmandu, May 14 (PTI) Prime Minister …": a title-case city, a date and an agency in brackets.
        // Only the first sentences of a story can open with a dateline.
        guard index <= 3 else { return 0 }
        let titleCase = s.count > 6 && s[0].isCapitalized && (2...8).contains(where: { s.low($0) == "(" })
            && (1...3).contains(where: { k in s.low(k) == "," && (Rules.months[s.low(k + 1)] != nil || s.low(k + 1).hasSuffix(".") && Rules.months[String(s.low(k + 1).dropLast())] != nil) })
        guard s.count > 3, let first = s.words.first, first.text.count >= 2, first.text.unicodeScalars.first?.properties.isAlphabetic == true,
              first.text == first.text.uppercased() || titleCase, (1...4).contains(where: { [",", "(", "-", "—", "–"].contains(s.low($0)) }) else { return 0 }
        let separators = Self.datelineSeparators
        for i in 1..<min(s.count, 14) {
            let w = s.low(i)
            if w == ")" || w == "-" || w == "—" || w == "–" {
                var j = i + 1
                while j < s.count, separators.contains(s.low(j)) { j += 1 }
                return j
            }
        }
        return 0
    }

    static let datelineSeparators: Set<String> = [".", "-", "—", "–", ":"]
    static let contrast: Set<String> = [";", "but", "while", "although", "whereas"]
    static let auxiliaries: Set<String> = ["was", "were", "has", "have", "had", "is"]

    /// The first line of a story when it has no full stop.
    var isHeadline: Bool { index == 0 && s.words.last.map { $0.lower != "." && $0.lower != "?" } ?? false }

    func mentions() -> [Mention] {
        let clauses = clauseIndex()
        let bodyStart = datelineEnd()
        let tense = Tense.of(s.words.map { Token(text: $0.text, lower: $0.lower, start: $0.start, end: $0.end) })
        var triggers = findTriggers().filter { $0.0 >= bodyStart }
        // "will fly to Jakarta tomorrow to meet her counterpart", "arrive in Jakarta on Sunday for a
        // two-day visit": travel to a meeting named next is part of it, not a visit of its own.
        // "will travel to Vienna on Monday for talks with Chancellor Weingartner", "arrived in Muscat
        // for talks": one visit, whose purpose is the talks.
        let travelVerbs: Set<String> = ["arrive", "arrives", "arrived", "arriving", "fly", "flies", "flew", "travel", "travels", "traveled", "travelled", "traveling", "travelling"]
        func purpose(_ k: Int) -> Bool {
            let tr = triggers[k]
            guard tr.1 == .visit, ["in", "to"].contains(s.low(tr.0)) && (travelVerbs.contains(s.low(tr.0 - 1)) || s.low(tr.0 - 1) == "on" && travelVerbs.contains(s.low(tr.0 - 2)))
                    || ["visit", "trip"].contains(s.low(tr.0)), k + 1 < triggers.count,
                  case let next = triggers[k + 1], [.talks, .meeting].contains(next.1), next.0 - tr.0 <= 12, clauses[next.0] == clauses[tr.0],
                  let f = (max(tr.0, next.0 - 7)..<next.0).last(where: { s.low($0) == "for" }), !((f + 1)..<next.0).contains(where: { s[$0].isPunctuation && !s[$0].isPossessive })
            else { return false }
            return true
        }
        let purposes = Set(triggers.indices.filter(purpose).map { triggers[$0 + 1].0 })
        triggers = triggers.enumerated().filter { (k, tr) in
            if purposes.contains(tr.0) { return false }
            guard tr.1 == .visit, ["in", "to"].contains(s.low(tr.0)), ["arrive", "arrives", "arrived", "arriving", "fly", "flies", "flew"].contains(s.low(tr.0 - 1)),
                  !purpose(k),
                  k + 1 < triggers.count, case let next = triggers[k + 1], next.1 != .statement, next.0 - tr.0 <= 10,
                  // "flew to Niamey on Aug 3 but left without meeting the general": the trip stands.
                  !(max(0, next.0 - 2)..<next.0).contains(where: { ["without", "not", "no"].contains(s.low($0)) }),
                  clauses[next.0] == clauses[tr.0] || s.low(next.0 - 1) == "to" || s.low(next.0 - 2) == "to" else { return true }
            return false
        }.map(\.1)
        // "spoke by phone with Mammadli on Thursday and with Hakobyan the following day": a
        // second meeting of the same kind, with the person after "and with".
        var seconds: Set<Int> = []
        for (t, kind) in triggers where kind != .statement && kind != .inauguration {
            guard let w = ((t + 1)..<min(t + 4, s.count)).first(where: { s.low($0) == "with" }) else { continue }
            var k = w + 1
            while k + 2 < s.count, k - w < 14, !(s.low(k) == "and" && s.low(k + 1) == "with") {
                if s.low(k) == ";" || triggers.contains(where: { $0.0 == k }) { break }
                k += 1
            }
            guard k + 2 < s.count, s.low(k) == "and", s.low(k + 1) == "with", people.contains(where: { $0.words.lowerBound == k + 2 || $0.words.lowerBound == k + 3 }),
                  !triggers.contains(where: { $0.0 > t && $0.0 <= k + 1 }) else { continue }
            triggers.append((k + 1, kind))
            seconds.insert(k + 1)
        }
        triggers.sort { $0.0 < $1.0 }
        let triggerSet = Set(triggers.map(\.0))
        // "On the sidelines of the summit, …": the host named before the comma.
        let leadingMargins: (Int, Int)? = {
            let k = bodyStart
            guard s.low(k) == "on", s.low(k + 1) == "the", ["margins", "sidelines", "fringes"].contains(s.low(k + 2)), s.low(k + 3) == "of",
                  let comma = ((k + 4)..<min(k + 16, s.count)).first(where: { s.low($0) == "," }) else { return nil }
            return (k + 3, comma)
        }()
        var out: [Mention] = []
        // Which words the temporal expressions cover.
        let spans: [(TimexMention, Range<Int>)] = timexes.compactMap { t in
            guard let a = s.words.firstIndex(where: { $0.end > t.start }), let b = s.words.lastIndex(where: { $0.start < t.end }), a <= b, a >= bodyStart else { return nil }
            return (t, a..<(b + 1))
        }
        for (t, kind) in triggers {
            var m = Mention(sentence: index, trigger: t, kind: kind, clause: clauses[t], tense: tense)
            m.flavor = flavor(t)
            m.backReference = kind != .statement && isBackReference(t)
            m.ownedReference = m.backReference && (max(0, t - 4)..<t).contains { ["their", "his", "her"].contains(s.low($0)) }
            let (cue, negated) = modality(t, clauses: clauses, triggers: triggerSet)
            m.negated = negated && !m.backReference
            let inherent = inherentStatus(t, tense: tense)
            // "wants to turn the page before the new administration takes office": a wish far before
            // an inauguration is the speaker's, not the inauguration's status.
            let nearCue = kind != .inauguration || cue == .cancelled || (max(0, t - 5)..<t).contains { MeetingLexicon.beforeByLast[s.low($0)] != nil }
            m.status = kind == .inauguration && inherent != nil ? inherent : ((nearCue ? cue : nil) ?? inherent)
            // "which would be their first since they met in Bali": "met" happened, whatever the mood around it.
            if ["met", "visited"].contains(s.low(t)), inherent == .occurred, cue != .cancelled { m.status = .occurred }
            // "… that had been planned for Tuesday was pushed back to Monday": the new date is fixed.
            if ["to", "until"].contains(s.low(t)), inherent == .scheduled { m.status = .scheduled }
            // A headline's infinitive is a plan: "Japan, Philippines to hold talks next week".
            if m.status == nil, isHeadline, (max(0, t - 4)..<t).contains(where: { s.low($0) == "to" }) { m.status = .scheduled }
            // …and its present tense is news that happened: "Russia, Ukraine delegations hold talks in Geneva".
            if m.status == nil, isHeadline, (max(0, t - 3)..<t).contains(where: { ["hold", "holds", "meet", "meets", "visits", "visit", "begin", "begins", "open", "opens"].contains(s.low($0)) }),
               !timexes.contains(where: { $0.value.first?.isNumber == true && $0.value.prefix(10) > Rules.ymd(published) }) {
                m.status = .occurred
            }
            let margins = marginsPhrase(t)
            if let (p, target) = margins {
                m.marginsOfTrigger = triggers.first { $0.0 > p && $0.0 <= target }.map(\.0)
                    ?? (["its", "their"].contains(s.low(p + 1)) ? triggers.last { $0.0 < t && $0.1 != .statement }.map(\.0) : nil)
            } else if let lead = leadingMargins, t > lead.1 {
                // "On the sidelines of the summit, Orlov held separate talks with …"
                m.marginsOfTrigger = triggers.first { $0.0 > lead.0 && $0.0 <= lead.1 }.map(\.0)
            }
            let limit = margins?.0 ?? s.count
            m.clausePeople = people.filter { clauses[$0.words.lowerBound] == clauses[t] && $0.words.lowerBound < limit }.map(\.person)
            m.people = participants(t, kind: kind, backReference: m.backReference, clauses: clauses, limit: limit, triggers: triggerSet)
            if seconds.contains(t), let first = triggers.last(where: { $0.0 < t }) {
                // The subject of the first meeting, and the person after "and with".
                let subject = people.last { $0.words.upperBound <= first.0 && clauses[$0.words.lowerBound] == clauses[first.0] }
                let object = people.first { $0.words.lowerBound > t }
                m.people = [subject?.person, object?.person].compactMap { $0 }
                m.again = true
            }
            if m.backReference { m.peopleIfNew = participants(t, kind: kind, backReference: false, clauses: clauses, limit: limit, triggers: triggerSet) }
            m.countries = countryList(clause: clauses[t], clauses: clauses)
            // "their first meeting since talks in Riyadh in February": that earlier meeting happened.
            if s.low(t - 1) == "since" || ["the", "their", "his", "her"].contains(s.low(t - 1)) && s.low(t - 2) == "since" {
                m.status = .occurred
                m.backReference = false
            }
            m.again = s.low(t - 1) == "since" || s.low(t - 2) == "since"
                || ((t - 3)...(t + 3)).contains { ["again", "another", "next", "now", "instead", "separate", "reschedule", "rescheduled"].contains(s.low($0)) }
                // "A sixth round planned for June 15": not the five before it.
                || s.low(t) == "round" && Rules.ordinals[s.low(t - 1)] != nil
                // "Verbruggen and Wauthelet last met at an EU summit in October": an earlier meeting of their own.
                || s.low(t - 1) == "last" && ["met", "spoke", "visited", "held"].contains(s.low(t))
                || s.low(t) == "one" || s.low(t).hasPrefix("resum")
                || (["place", "held", "rescheduled"].contains(s.low(t)) && ["it", "they"].contains(s.low(t - 3)) || ["it", "they"].contains(s.low(t - 2)))
            m.groupSubject = m.people.isEmpty && (max(0, t - 10)..<t).contains { k in
                // "the two leaders", "they", but not "officials from both countries".
                clauses[k] == clauses[t] && (["they", "pair"].contains(s.low(k)) || s.low(k) == "both" && !["from", "of", "in", "between", "on"].contains(s.low(k - 1))
                    || (s.low(k) == "two" && ["leaders", "ministers", "sides", "presidents", "diplomats", "envoys", "counterparts", "men", "women", "officials", "premiers"].contains(s.low(k + 1))))
            }
            // "offered to host talks between the two leaders": the people of the meeting just described.
            let groupObject = ["between", "among"].contains(s.low(t + 1)) && (s.low(t + 2) == "them" || s.low(t + 2) == "the" && ["two", "three", "both"].contains(s.low(t + 3)))
            if groupObject { m.groupSubject = true }
            // "Choi and his U.S. counterpart have not met since October, when they held a summit": they are the people named before.
            if m.groupSubject, !groupObject, let first = people.first(where: { $0.words.upperBound <= t }) {
                m.people = people.filter { $0.words.upperBound <= t && clauses[$0.words.lowerBound] == clauses[first.words.lowerBound] }.map(\.person)
                m.groupSubject = false
            }
            m.location = location(t, clauses: clauses, triggers: triggerSet, limit: limit)
            // "On the second day of the visit, Wijesekera will … hold talks", "on the final day of the trip".
            if kind != .visit, let on = (max(0, t - 20)..<min(t + 16, s.count)).first(where: { s.low($0) == "day" && s.low($0 + 1) == "of" && ["visit", "trip", "tour", "stay"].contains(s.low($0 + 3)) && clauses[$0] == clauses[t] || s.low($0) == "day" && $0 < 8 && s.low($0 + 1) == "of" && ["visit", "trip", "tour", "stay"].contains(s.low($0 + 3)) }),
               let n = Self.dayOrdinals[s.low(on - 1)] {
                m.dayOfVisit = n
            }
            // "a two-day visit": how long, for "the final day of the visit".
            if kind == .visit, let n = Self.dayLengths[s.low(t - 1)] ?? Self.dayLengths[s.low(t - 2)] { m.visitDays = n }

            // "held talks with Mbala after the ceremony": the day of the inauguration.
            if kind != .inauguration, ((t + 1)..<min(t + 14, s.count)).contains(where: { k in clauses[k] == clauses[t] && ["after", "following"].contains(s.low(k))
                && s.low(k + 1) == "the" && ["ceremony", "inauguration", "swearing-in", "investiture"].contains(s.low(k + 2)) }) {
                m.afterInauguration = true
            }
            // "may also receive Rønning during the visit", "shortly after his arrival": the visit's first day.
            if m.dayOfVisit == nil, kind != .visit, ((t + 1)..<min(t + 16, s.count)).contains(where: { k in clauses[k] == clauses[t]
                && (s.low(k) == "during" && ["the", "his", "her", "their"].contains(s.low(k + 1)) && ["visit", "trip", "stay"].contains(s.low(k + 2))
                    || ["after", "upon", "on"].contains(s.low(k)) && (s.low(k + 1) == "arrival" || ["his", "her", "their"].contains(s.low(k + 1)) && s.low(k + 2) == "arrival")) }) {
                m.dayOfVisit = 0
            }
            // "a trilateral summit, last held in Washington in April, could …": an earlier one in April.
            if let last = ((t + 1)..<min(t + 14, s.count)).prefix(while: { !triggerSet.contains($0) }).first(where: { s.low($0) == "last" && ["held", "met", "convened", "hosted", "took"].contains(s.low($0 + 1)) && !triggerSet.contains($0 + 1) }),
               let (tx, _) = spans.first(where: { $0.1.lowerBound > last + 1 && $0.1.lowerBound <= last + 7 && clauses[$0.1.lowerBound] == clauses[last] }) {
                m.priorTimex = tx
                m.priorText = "last " + s[last + 1].text + " " + tx.text
            }
            // "the first such meeting since October": an earlier meeting in October.
            // "…, their first direct contact since a round in Istanbul on Oct. 30": the same.
            if m.priorTimex == nil, let first = ((max(0, t - 4))..<min(t + 22, s.count)).prefix(while: { $0 <= t || !triggerSet.contains($0) }).first(where: { s.low($0) == "first" }),
               let since = ((first + 1)..<min(first + 6, s.count)).first(where: { s.low($0) == "since" }),
               let (tx, r) = spans.first(where: { $0.1.lowerBound > since && $0.1.lowerBound <= since + 8 }),
               // "since Sept. 9, when they held talks": the clause names that meeting itself;
               // "since Chung took office in February": the date is the inauguration's.
               !(s.low(r.upperBound) == "," && s.low(r.upperBound + 1) == "when"),
               // "since they met in Bali in November 2022": that meeting is named itself.
               !triggers.contains(where: { $0.0 > since && $0.0 < r.lowerBound }),
               !((since + 1)..<spans.first(where: { $0.0 == tx })!.1.lowerBound).contains(where: { s[$0].isPunctuation && s.low($0) != "." }) {
                m.priorTimex = tx
                m.priorText = "since " + tx.text
            }
            // "Orlov met Tajik President Nazarov and Kyrgyz President Toktosunov", "held separate talks
            // with Nikpour and Mammadli", "separately received A and B": one meeting with each.
            let separately = ((t - 3)...(t + 2)).contains { ["separate", "separately"].contains(s.low($0)) }
            let objectStart: Int? = ["met", "received"].contains(s.low(t)) ? t + 1
                : separately ? ((t + 1)...(t + 3)).first(where: { s.low($0) == "with" }).map { $0 + 1 } : nil
            if let start = objectStart, kind == .meeting || kind == .talks, let subject = people.last(where: { $0.words.upperBound <= t && clauses[$0.words.lowerBound] == clauses[t] }),
               case let objects = people.filter({ $0.words.lowerBound == start || $0.words.lowerBound > start
                   && (s.low($0.words.lowerBound - 1) == "and" && clauses[$0.words.lowerBound] == clauses[t] || s.low($0.words.lowerBound - 1) == "then" && s.low($0.words.lowerBound - 2) == "and") }),
               objects.count >= 2, objects.first?.words.lowerBound == start, Set(objects.map(\.person)).count == objects.count, !objects.contains(where: { $0.person == subject.person }),
               // "met Whitford and then French President Castaing": one after the other.
               zip(objects, objects.dropFirst()).allSatisfy({ a, b in s.low(a.words.upperBound) == "and"
                   && (b.words.lowerBound == a.words.upperBound + 1 || s.low(a.words.upperBound + 1) == "then" && b.words.lowerBound == a.words.upperBound + 2) }) {
                for o in objects {
                    var each = m
                    each.people = [subject.person, o.person]
                    each.again = true
                    out.append(each)
                }
                continue
            }
            out.append(m)
        }
        // "Chung and Motegi held talks in London on the sidelines of a Group of Seven meeting": the
        // people before the phrase are the side meeting's, not the host's.
        let hosts = Set(out.compactMap(\.marginsOfTrigger))
        for m in out.indices where hosts.contains(out[m].trigger) && out[m].marginsOfTrigger == nil {
            let host = out[m].trigger
            let phrase = out.compactMap { o in o.marginsOfTrigger == host ? o.trigger : nil }.max() ?? 0
            // Only people named in the host's own phrase ("of a meeting between X and Y").
            let end = ((host + 1)..<min(host + 10, s.count)).first { s[$0].isPunctuation && !s[$0].isPossessive } ?? min(host + 10, s.count)
            let own = Set(people.filter { $0.words.lowerBound > phrase && $0.words.lowerBound < end }.map(\.person))
            out[m].people = out[m].people.filter { own.contains($0) }
            out[m].clausePeople = out[m].clausePeople.filter { own.contains($0) }
        }
        // Dates: each expression goes to the nearest trigger on its left in its clause, else
        // the nearest on its right.
        var fromBefore: Set<Int> = []
        for (tx, r) in spans where tx.type == .DATE || tx.type == .TIME {
            let before = r.lowerBound > 0 ? s.low(r.lowerBound - 1) : ""
            if out.contains(where: { $0.priorTimex == tx }) { continue }
            // "in February, when Sovann made an official visit": the date of the meeting in the clause after it.
            if r.upperBound + 1 < s.count, s.low(r.upperBound) == ",", s.low(r.upperBound + 1) == "when" {
                let c = clauses[r.upperBound + 1]
                if let m = out.indices.first(where: { out[$0].clause == c && out[$0].timex == nil && out[$0].kind != .statement }) {
                    out[m].timex = tx
                    out[m].timexText = tx.text
                }
            }
            if before == "since" || before == "until" || before == "by" { continue }
            // "the implementation of Saturday's judgement": another noun's date ("Tuesday's talks" keep theirs).
            if r.upperBound > 0, s[r.upperBound - 1].isPossessive, !triggerSet.contains(r.upperBound), !triggerSet.contains(r.upperBound + 1) { continue }
            // "a forum created in 2004", "the treaty signed in 1990": the date of something else.
            if ["in", "on"].contains(before), r.lowerBound >= 2, MeetingLexicon.otherEventVerbs.contains(s.low(r.lowerBound - 2)) { continue }
            if spokenOn(r.lowerBound, triggers: triggerSet) { continue }
            // A date in a relative clause ("which had been expected in April") belongs to the noun before it.
            let c = clauses[r.lowerBound]
            let opener = clauses.firstIndex(of: c) ?? 0
            let relative = opener > 0 && s.low(opener - 1) == "," && ["which", "who"].contains(s.low(opener))
            var same = out.indices.filter { out[$0].clause == c }
            // …but "The economist, who won Sunday's runoff, will be sworn in": a date of winning, not of the swearing-in.
            if same.isEmpty && relative && opener >= 2 && !(s.low(opener) == "who" && ((opener + 1)..<r.lowerBound).contains(where: { ["won", "beat", "defeated", "lost", "was", "became"].contains(s.low($0)) })) {
                same = out.indices.filter { out[$0].clause == clauses[opener - 2] }
            }
            // "met Whitford and then Castaing on Friday afternoon": the clause goes on from the meeting before.
            if same.isEmpty && opener >= 1 && s.low(opener) == "and" && s.low(opener + 1) == "then" { same = out.indices.filter { out[$0].clause == clauses[opener - 1] } }
            let left = same.filter { out[$0].trigger < r.lowerBound }.max { out[$0].trigger < out[$1].trigger }
            let right = same.filter { out[$0].trigger >= r.upperBound }.min { out[$0].trigger < out[$1].trigger }
            // A vague "recently" or "an early date" gives way to a real date later in the clause.
            // …and a date taken from before its trigger ("who arrived on Friday evening, held talks")
            // gives way to one after it ("… on Saturday morning").
            guard let m = left ?? right, out[m].timex.map({ $0.value.first?.isNumber != true && tx.value.first?.isNumber == true })
                    ?? true || left != nil && fromBefore.contains(m) && tx.value.first?.isNumber == true && c == out[m].clause
                    && tx.value.count >= (out[m].timex?.value.count ?? 0) else { continue }
            if left == nil { fromBefore.insert(m) } else { fromBefore.remove(m) }
            out[m].timex = tx
            out[m].timexText = ["on", "in", "at", "during", "over", "from"].contains(before) ? s[r.lowerBound - 1].text + " " + tx.text : tx.text
        }
        // "agreed in principle Tuesday on a pact …, after talks in Tokyo": the day of the agreement.
        // A day of the sentence that no meeting took (a day of saying or agreeing).
        let ownDay = spans.first(where: { span in (span.0.type == .DATE || span.0.type == .TIME) && span.0.value.count >= 10 && span.0.value.first?.isNumber == true
            && !out.contains { $0.timex == span.0 || $0.priorTimex == span.0 } })?.0
        for m in out.indices where out[m].timex == nil && out[m].tense == .past && out[m].kind != .statement && out[m].trigger >= 2 && !out[m].backReference {
            let t = out[m].trigger
            // "Rakhimov welcomed Yeom on Friday. The two leaders held summit talks …": that day.
            if out[m].groupSubject, out[m].people.isEmpty, out[m].status == nil || out[m].status == .occurred, out[m].dayOfVisit == nil, out[m].anchor == nil,
               relativeAnchor(at: max(0, t + 1)) == nil, !((t + 1)..<min(t + 6, s.count)).contains(where: { relativeAnchor(at: $0) != nil }), let day = previousDay {
                out[m].timex = day
                out[m].timexText = day.text
                continue
            }
            // "during talks", "at the 16th India-EU summit at Hyderabad House"
            let at = (max(0, t - 5)..<t).last(where: { ["during", "at", "after"].contains(s.low($0)) })
            guard let a = at, !((a + 1)..<t).contains(where: { s[$0].isPunctuation }), out[m].dayOfVisit == nil, out[m].status == nil || out[m].status == .occurred,
                  a == t - 1 || ((a + 1)..<t).contains(where: { s[$0].isCapitalized }) else { continue }
            let before = s.low(a)
            guard let day = before == "after" ? ownDay : ownDay ?? previousDay else { continue }
            out[m].timex = day
            out[m].timexText = day.text
        }
        // "returned home on Thursday from a two-day visit": the visit began the day before.
        for m in out.indices where out[m].kind == .visit {
            let t = out[m].trigger
            guard let n = out[m].visitDays, n > 1, let tx = out[m].timex, tx.value.count == 10, (max(0, t - 6)..<t).contains(where: { s.low($0) == "from" }),
                  (max(0, t - 14)..<t).contains(where: { ["returned", "returns", "came", "back"].contains(s.low($0)) }),
                  let y = Int(tx.value.prefix(4)), let mo = Int(tx.value.dropFirst(5).prefix(2)), let d = Int(tx.value.suffix(2)) else { continue }
            out[m].timex?.value = Rules.ymd(CivilDate(year: y, month: mo, day: d).adding(days: -(n - 1)))
        }
        // "Lockwood has arrived in Honiara on his first trip": arrived today, as the story is written.
        for m in out.indices where out[m].timex == nil && out[m].kind == .visit
            && (max(1, out[m].trigger - 8)..<max(1, out[m].trigger)).contains(where: { ["arrived", "landed"].contains(s.low($0)) && ["has", "have"].contains(s.low($0 - 1)) }) {
            out[m].timex = TimexMention(start: s[out[m].trigger].start, end: s[out[m].trigger].end, text: "today", type: .DATE, value: Rules.ymd(published), mod: nil)
            out[m].timexText = "has arrived"
        }
        // "attended the swearing-in on Dec. 10, and the two held a brief meeting afterwards": the day before it.
        for m in out.indices where out[m].timex == nil {
            let t = out[m].trigger
            guard ((t + 1)..<min(t + 10, s.count)).contains(where: { ["afterwards", "afterward", "thereafter"].contains(s.low($0)) }),
                  let day = spans.last(where: { $0.1.upperBound <= t && ($0.0.type == .DATE || $0.0.type == .TIME) && $0.0.value.first?.isNumber == true })?.0 else { continue }
            out[m].timex = day
            out[m].timexText = day.text
        }
        // "met Nazarov and Toktosunov on Thursday": the meetings split from one verb share its date.
        for m in out.indices where out[m].timex == nil {
            if let twin = out.first(where: { $0.trigger == out[m].trigger && $0.timex != nil }) {
                out[m].timex = twin.timex
                out[m].timexText = twin.timexText
            }
        }
        // "… a day after Chung renewed his desire": the clause's date hangs on the clause before.
        for c in Set(clauses) {
            guard let first = clauses.firstIndex(of: c), let (days, text) = relativeAnchor(at: first) else { continue }
            // "a year after", "three months after": months, kept apart from days (counted on the host's month).
            let earlier = out.indices.filter { out[$0].clause < c && out[$0].kind != .statement }.max { out[$0].trigger < out[$1].trigger }
            guard let host = earlier else { continue }
            for m in out.indices where out[m].clause == c && out[m].timex == nil {
                out[m].anchor = (days, offset + host, text)
            }
        }
        // A meeting proposed in the same clause as a statement grows out of it.
        for m in out.indices where out[m].kind != .statement {
            if let st = out.indices.first(where: { out[$0].kind == .statement && out[$0].clause == out[m].clause }) {
                out[m].statementInClause = offset + st
            }
        }
        return out
    }

    /// "said on Tuesday", "told reporters in Rabat on Tuesday", "agreed on Friday to hold": the
    /// date of the saying, within a few words of the verb and no meeting between.
    func spokenOn(_ start: Int, triggers: Set<Int>) -> Bool {
        var k = start - 1
        while k >= max(0, start - 7) {
            if triggers.contains(k) || s[k].isPunctuation && s.low(k) != "(" && s.low(k) != ")" { return false }
            if MeetingLexicon.speechVerbs.contains(s.low(k)) { return true }
            k -= 1
        }
        return false
    }

    // MARK: Clauses

    func clauseIndex() -> [Int] {
        var out: [Int] = []
        var c = 0
        var next = 1
        // ", who took office in May," ends at its comma: what follows belongs to the clause around it.
        var outer: Int?
        for i in 0..<s.count {
            if i > 0 {
                let w = s.low(i)
                if let o = outer, s.low(i - 1) == ",", !MeetingLexicon.clauseOpeners.contains(w), !MeetingLexicon.clauseOpenersAfterComma.contains(w),
                   !["and", "or", "with", "including"].contains(w), relativeAnchor(at: i) == nil {
                    c = o
                    outer = nil
                    out.append(c)
                    continue
                }
                if s.low(i - 1) == ",", ["which", "who"].contains(w) { outer = c }
                // "his first since production was halted in May 2015": a clause of its own (but
                // "since October" and "since 2016" are dates).
                let sinceClause = w == "since" && outer == nil && i + 1 < s.count && !s[i + 1].isCapitalized && s[i + 1].lower.first?.isNumber != true
                    && !["the", "then", "early", "late", "mid", "last", "taking", "becoming"].contains(s.low(i + 1))
                if MeetingLexicon.clauseOpeners.contains(w) || w == ";" || sinceClause || (s.low(i - 1) == "," && MeetingLexicon.clauseOpenersAfterComma.contains(w))
                    || (w == "and" && ["is", "are", "was", "were", "will", "has", "have", "had", "then", "also", "would", "could"].contains(s.low(i + 1)))
                    || relativeAnchor(at: i) != nil {
                    c = next
                    next += 1
                    if !(s.low(i - 1) == "," && ["which", "who"].contains(w)) { outer = nil }
                }
            }
            out.append(c)
        }
        return out
    }

    static let dayOrdinals: [String: Int] = ["first": 0, "second": 1, "third": 2, "fourth": 3, "fifth": 4, "final": -1, "last": -1, "closing": -1]
    static let dayLengths: [String: Int] = ["one-day": 1, "day-long": 1, "two-day": 2, "three-day": 3, "four-day": 4, "five-day": 5, "six-day": 6, "seven-day": 7, "week-long": 7]
    static let counts: [String: Int] = ["a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
                                        "ten": 10, "eleven": 11, "twelve": 12, "several": 0]

    /// "a day after", "two days before", "a week after": days to add to the earlier clause's date.
    /// "a day after", "two days before", "a week after": days to add to the earlier clause's date;
    /// "a year after", "three months after": whole months, as -1000 × months (see `monthsOf`).
    func relativeAnchor(at i: Int) -> (Int, String)? {
        // Cheap test first: this runs for every word of every sentence.
        let third = s.low(i + 2)
        guard third == "after" || third == "before", let n = Self.counts[s.low(i)] ?? s[i].lower.first.flatMap({ $0.isNumber ? Int(s[i].lower) : nil }), n > 0 else { return nil }
        let unit: Int
        switch s.low(i + 1) {
        case "day", "days": unit = 1
        case "week", "weeks": unit = 7
        case "month", "months": unit = Self.monthUnit
        case "year", "years": unit = 12 * Self.monthUnit
        default: return nil
        }
        switch s.low(i + 2) {
        case "after": return (-n * unit, "\(s[i].text) \(s[i + 1].text) after")
        case "before": return (n * unit, "\(s[i].text) \(s[i + 1].text) before")
        default: return nil
        }
    }

    /// Anchors in months are stored as multiples of this many days, far beyond any day offset.
    static let monthUnit = 100_000

    // MARK: Triggers

    func findTriggers() -> [(Int, EventKind)] {
        var out: [(Int, EventKind)] = []
        var i = 0
        while i < s.count {
            let w = s.low(i)
            // Most words start no trigger: two lookups turn them away.
            if let (phrase, kind) = MeetingLexicon.phraseTriggersByFirst[w]?.first(where: { s.matches($0.0, at: i) }) {
                let at = i + phrase.count - 1
                // "will host the summit by video link in November": the summit, held by video.
                if kind == .call, ["video", "videoconference"].contains(phrase[0]), ["by", "via", "through", "over"].contains(s.low(i - 1)) || s.low(i - 2) == "by" && s.low(i - 1) == "a",
                   let last = out.last, i - last.0 <= 6, last.1 != .statement, last.1 != .call {
                    i += phrase.count
                    continue
                }
                // "a summit by video link": still a summit; "could meet again by video": a call.
                if phrase == ["by", "video"] {
                    if let last = out.last, i - last.0 <= 3, ["meet", "met", "meets", "speak", "spoke", "talk", "talked"].contains(s.low(last.0)) { out[out.count - 1].1 = .call }
                    i += phrase.count
                    continue
                }
                // "talks by phone", "dialogue either by phone": the meeting named just before, held as a call.
                if ["by", "over"].contains(phrase[0]), let last = out.last, i - last.0 <= 3, last.1 != .statement {
                    out[out.count - 1].1 = .call
                    i += phrase.count
                    continue
                }
                if let last = out.last, last.0 == i - 1 { out.removeLast() }
                out.append((kind == .inauguration ? i : at, kind))
                i += phrase.count
                continue
            }
            guard MeetingLexicon.ruleWords.contains(w) || MeetingLexicon.triggers[w] != nil else { i += 1; continue }
            if MeetingLexicon.statementVerbs.contains(w), (1...3).contains(where: { MeetingLexicon.statementObjects.contains(s.low(i + $0)) }) {
                out.append((i, .statement))
                i += 1
                continue
            }
            // "received Grant at Rideau Hall", "will be received by Cassoma": an audience is a meeting.
            if w.hasPrefix("receiv"), MeetingLexicon.receiveVerbs.contains(w), i + 2 < s.count,
               s.low(i + 1) == "by" || (s[i + 1].isCapitalized && !s[i + 1].isPunctuation)
                || (["the", "his", "her", "their"].contains(s.low(i + 1)) && (s[i + 2].isCapitalized || s.low(i + 2) == "visiting")) {
                out.append((i, .meeting))
                i += 1
                continue
            }
            // "officials said it would now take place later this month": the replacement of a
            // meeting named before, a meeting of its own.
            if (w == "take" || w == "be") && (s.low(i + 1) == "place" || s.low(i + 1) == "held" || s.low(i + 1) == "rescheduled"),
               // "… was postponed and is now expected to be held in May": the subject left out.
               (1...3).contains(where: { ["it", "they"].contains(s.low(i - $0)) }) || (1...4).contains(where: { ["now", "instead"].contains(s.low(i - $0)) }),
               !out.contains(where: { $0.0 >= i - 6 && $0.0 < i }) {
                out.append((i + 1, .meeting))
                i += 2
                continue
            }
            // "… were put off … and are now expected next month": the replacement of the meeting named before.
            if w == "expected", s.low(i - 1) == "now", ["is", "are"].contains(s.low(i - 2)), let first = out.first, first.1 != .statement,
               s.low(i + 1) != "to" {
                out.append((i, first.1))
                i += 1
                continue
            }
            // "Mbala is due in Nairobi on Wednesday", "is expected in Rio on Monday": a visit.
            if (w == "due" || w == "expected"), s.low(i + 1) == "in", i + 2 < s.count, s[i + 2].isCapitalized, Rules.months[s.low(i + 2)] == nil,
               ["is", "are", "was", "were"].contains(s.low(i - 1)), people.contains(where: { $0.words.upperBound >= i - 3 && $0.words.upperBound < i }),
               s.place(at: i + 2) != nil || (s.low(i + 3) == "on" || s.low(i + 3) == "next" || s.low(i + 3) == "for" || s.low(i + 3) == "to") {
                out.append((i + 1, .visit))
                i += 2
                continue
            }
            // "He left for Paris on Nov. 18": a visit.
            if ["leave", "leaves", "left", "leaving"].contains(w), s.low(i + 1) == "for", i + 2 < s.count, s.place(at: i + 2) != nil {
                out.append((i + 1, .visit))
                i += 2
                continue
            }
            // "will leave Riyadh tomorrow for Doha": a visit to the second place.
            if ["leave", "leaves", "left", "leaving"].contains(w), i + 2 < s.count, s.place(at: i + 1) != nil,
               let f = ((i + 2)..<min(i + 6, s.count)).first(where: { s.low($0) == "for" }), f + 1 < s.count, s.place(at: f + 1) != nil {
                out.append((f, .visit))
                i = f + 1
                continue
            }
            // "held the previous one in Viana do Castelo": an earlier meeting named by a pronoun.
            if ["held", "hold", "holds"].contains(w), s.low(i + 1) == "the", ["previous", "last", "next", "first"].contains(s.low(i + 2)), s.low(i + 3) == "one" {
                out.append((i + 3, .meeting))
                i += 4
                continue
            }
            // "received calls from Chilean President Fuenzalida and Paraguayan President Benítez": a call each.
            if (w == "calls" || w == "call") && s.low(i + 1) == "from" && ["received", "receive", "receives", "took", "got", "fielded"].contains(s.low(i - 1)) {
                out.append((i, .call))
                i += 1
                continue
            }
            // "Ryu will tour the Bumar-Łabędy plant": a visit.
            if w == "tour", ["will", "to", "would", "also"].contains(s.low(i - 1)), s.low(i + 1) == "the" || s[i + 1].isCapitalized {
                out.append((i, .visit))
                i += 1
                continue
            }
            // "Ryu invited Wierciszewski to Seoul in October": a proposed visit.
            if ["invited", "invites", "invite"].contains(w), let p = people.first(where: { $0.words.lowerBound == i + 1 }), s.low(p.words.upperBound) == "to",
               p.words.upperBound + 1 < s.count, s.place(at: p.words.upperBound + 1) != nil,
               // "invited Ajcip to Belmopan for a follow-up meeting": the meeting is the event.
               !((p.words.upperBound + 2)..<min(p.words.upperBound + 9, s.count)).contains(where: { MeetingLexicon.triggers[s.low($0)] != nil }) {
                out.append((p.words.upperBound, .visit))
                i = p.words.upperBound + 1
                continue
            }
            // "will host his Romanian counterpart Răzvan Oprișoiu in Ruse on Tuesday": the guest's visit.
            if ["host", "hosts", "hosted", "hosting"].contains(w), ((i + 1)...(i + 4)).contains(where: { k in people.contains { $0.words.lowerBound == k } }),
               // "… in Accra on October 17 for talks on …": the talks are the meeting.
               !((i + 1)..<min(i + 16, s.count)).contains(where: { MeetingLexicon.triggers[s.low($0)] != nil }) {
                out.append((i, .visit))
                i += 1
                continue
            }
            // "signed the agreement at a ceremony in Ottawa": a signing is a meeting.
            if w == "ceremony" || w == "ceremonies", s.low(i - 1) == "signing" || (max(0, i - 8)..<i).contains(where: { ["signed", "sign", "signs", "signing"].contains(s.low($0)) }) {
                out.append((i, .meeting))
                i += 1
                continue
            }
            // "The most recent one was held in Santiago in November 2024": an earlier meeting
            // named by a pronoun.
            if w == "one", ["recent", "last", "previous", "latest", "first"].contains(s.low(i - 1)),
               (s.low(i + 1) == "was" && ["held", "convened", "hosted"].contains(s.low(i + 2))) || (s.low(i + 1) == "took" && s.low(i + 2) == "place") {
                out.append((i, .meeting))
                i += 1
                continue
            }
            // "They will resume on May 24": talks named before, starting again.
            if w.hasPrefix("resum"), MeetingLexicon.resumeVerbs.contains(w), (1...2).contains(where: { ["they", "it"].contains(s.low(i - $0)) }) {
                out.append((i, .talks))
                i += 1
                continue
            }
            // "call on President Rao", "a leaders' retreat", "will host a dinner for the ministers".
            // "call on the King", "call on the president": a title after "the" too.
            if s.low(i + 1) == "on", MeetingLexicon.callOnVerbs.contains(w), i + 2 < s.count,
               (s[i + 2].isCapitalized || s.low(i + 2) == "the" && Gazetteer.rolesByFirstWord[s.low(i + 3)] != nil)
                && (Gazetteer.rolesByFirstWord[s.low(i + 2)] != nil || Gazetteer.rolesByFirstWord[s.low(i + 3)] != nil
                    // "call on the Agong", "call on Jal Shakti Minister Dhaulakhandi"
                    || s.low(i + 2) == "the" && s[i + 3].isCapitalized || ((i + 2)..<min(i + 6, s.count)).contains { Gazetteer.rolesByFirstWord[s.low($0)] != nil && s[$0].isCapitalized }
                    || people.contains { $0.words.lowerBound == i + 2 })
                // "will call on him at his hotel"
                || ["him", "her"].contains(s.low(i + 2)) && ["at", "in", "on", "the", "during", "before", "after", "later", "yesterday", "today"].contains(s.low(i + 3)) {
                out.append((i, .meeting))
                i += 2
                continue
            }
            // "Foreign ministers gathered in Medellín", "leaders will gather in Qingdao for a summit":
            // officials gathering is a meeting (or the summit named next).
            if ["gather", "gathers", "gathered", "gathering"].contains(w), ["in", "at", "for", "on"].contains(s.low(i + 1)),
               (max(0, i - 8)..<i).contains(where: { MeetingLexicon.officialsPlural.contains(s.low($0)) }) {
                let summitNext = ((i + 1)..<min(i + 12, s.count)).first { MeetingLexicon.triggers[s.low($0)] == .summit }
                if summitNext == nil { out.append((i, .meeting)) }
                i += 1
                continue
            }
            // "will travel on to El Salvador on Monday": the next leg of a trip is a visit.
            if ["travel", "travels", "travelled", "traveled", "fly", "flew", "go", "went", "continue", "continued", "head", "headed"].contains(w),
               s.low(i + 1) == "on", s.low(i + 2) == "to", i + 3 < s.count, s.place(at: i + 3) != nil || s[i + 3].isCapitalized && !s[i + 3].isPunctuation {
                out.append((i + 2, .visit))
                i += 3
                continue
            }
            // "toured eight island nations", "a tour of the Gulf": a visit.
            if (w == "toured" || w == "tour" && ["a", "his", "her", "regional", "week-long", "five-nation", "three-nation", "four-nation"].contains(s.low(i - 1)))
                && (i > 0 && s[i - 1].lower != "the" || w == "toured") {
                out.append((i, .visit))
                i += 1
                continue
            }
            // "The 46th Antarctic Treaty Consultative Meeting was inaugurated on May 20": the meeting opened.
            if w == "inaugurated", ["was", "were"].contains(s.low(i - 1)), out.contains(where: { $0.0 >= i - 4 && $0.1 != .inauguration && $0.1 != .statement }) {
                i += 1
                continue
            }
            // "was pushed back to Monday", "put back to March", "moved to June 4": the replacement meeting.
            if ["back", "moved", "postponed", "delayed"].contains(w), s.low(i + 1) == "to" || s.low(i + 1) == "until", i + 2 < s.count,
               w != "back" || ["pushed", "put", "set"].contains(s.low(i - 1)), let first = out.first(where: { $0.1 != .statement && $0.1 != .inauguration }),
               s[i + 2].isCapitalized || s[i + 2].lower.first?.isNumber == true || ["next", "later", "early", "mid", "the"].contains(s.low(i + 2)) {
                out.append((i + 1, first.1))
                i += 2
                continue
            }
            // "the next one will be held in Milan": a later meeting named by a pronoun.
            if w == "one", s.low(i - 1) == "next", ["will", "is", "would"].contains(s.low(i + 1)) {
                out.append((i, .meeting))
                i += 1
                continue
            }
            // "The three-day round, the fourth of this year, opened on Thursday": one round of talks.
            if w == "round" || w == "rounds", i > 0, Rules.ordinals[s.low(i - 1)] != nil || ["the", "this", "that", "latest", "new", "next", "previous", "last"].contains(s.low(i - 1))
                || s[i - 1].isPossessive && ["year", "month", "week"].contains(s.low(i - 1))
                || Self.dayLengths[s.low(i - 1)] != nil, !["of", "-", "trip", "table"].contains(s.low(i + 1)) {
                out.append((i, .talks))
                i += 1
                continue
            }
            // "since becoming prime minister on Sept. 16", "became president in 2019": taking office.
            if ["became", "becoming", "become", "becomes"].contains(w), Gazetteer.rolesByFirstWord[s.low(i + 1)] != nil
                || (["the", "a"].contains(s.low(i + 1)) && Gazetteer.rolesByFirstWord[s.low(i + 2)] != nil && s.low(i + 2) != "leader") {
                out.append((i, .inauguration))
                i += 1
                continue
            }
            // "who succeeded Sheikh Jaber in December", "took over Switzerland's rotating presidency": taking office.
            if w == "succeeded", i + 1 < s.count, s[i + 1].isCapitalized, i > 0, ["who", ",", "he", "she"].contains(s.low(i - 1)) || s[i - 1].isCapitalized {
                out.append((i, .inauguration))
                i += 1
                continue
            }
            if ["took", "takes", "take", "taking"].contains(w), s.low(i + 1) == "over",
               ((i + 2)..<min(i + 8, s.count)).contains(where: { ["presidency", "chairmanship", "premiership", "chair", "leadership"].contains(s.low($0)) }) {
                out.append((i, .inauguration))
                i += 2
                continue
            }
            if w == "retreat" || w == "retreats", s[i].isCapitalized || MeetingLexicon.retreatBefore.contains(s.low(i - 1)),
               !["to", "will", "would", "could", "forces", "troops"].contains(s.low(i - 1)) {
                out.append((i, .summit))
                i += 1
                continue
            }
            if w == "dinner" || w == "lunch" || w == "luncheon" || w == "breakfast", MeetingLexicon.dinnerBefore.contains(s.low(i - 1)) || MeetingLexicon.dinnerBefore.contains(s.low(i - 2))
                || s.low(i + 1) == "with" {
                out.append((i, .meeting))
                i += 1
                continue
            }
            if w == "conference" || w == "conferences" || w == "session", MeetingLexicon.notMeetingBefore.contains(s.low(i - 1)) || s.low(i + 1) == "call" {
                i += 1
                continue
            }
            if var kind = MeetingLexicon.triggers[w] {
                let next = s.low(i + 1)
                // "a dinner for the visiting ministers": an adjective.
                if w == "visiting", ["the", "a", "an"].contains(s.low(i - 1)), i + 1 < s.count, !s[i + 1].isCapitalized { i += 1; continue }
                if ["trilateral", "three-way", "bilateral"].contains(w) {
                    if MeetingLexicon.triggers[next] != nil || MeetingLexicon.notMeetingAfterFlavor.contains(next)
                        || (i + 1 < s.count && !s[i + 1].isPunctuation && !["in", "on", "at", "with", "between", "among", "later", "next", "this"].contains(next)) {
                        i += 1
                        continue
                    }
                }
                if w == "talks" && s.low(i - 1) == "in" && (next == "to" || next == "with" || next == "on") { i += 1; continue }
                // "in consultation with", "a public consultation": not a meeting.
                if w == "consultation" && (s.low(i - 1) == "in" || next == "with" || ["public", "close", "online", "close"].contains(s.low(i - 1))) { i += 1; continue }
                // "leaders’ visits", "reciprocal visits": visits in general, not one visit.
                if w == "visits" && !(i > 0 && s[i - 1].isCapitalized && !s[i - 1].isPossessive) { i += 1; continue }
                if (w == "meet" || w == "meets" || w == "met") && ["demands", "targets", "needs", "requirements", "expectations", "criteria", "deadline", "goals", "the"].contains(next)
                    && !(next == "the" && s.low(i + 2) == "press") {
                    if next != "the" { i += 1; continue }
                }
                // "a round of talks", "a new round of Norwegian-brokered peace talks": one meeting.
                if let last = out.last, i - last.0 <= 5, s.low(last.0 + 1) == "of", ["round", "rounds", "session"].contains(s.low(last.0)),
                   !((last.0 + 1)..<i).contains(where: { s[$0].isPunctuation }) { i += 1; continue }
                if let last = out.last, last.0 == i - 1 {
                    // "summit talks", "phone talks": one trigger, the first word's kind.
                    if last.1 == .summit || last.1 == .call { kind = last.1 }
                    out.removeLast()
                }
                out.append((i, kind))
            }
            i += 1
        }
        return out
    }

    func flavor(_ t: Int) -> MeetingExtractor.Flavor? {
        for k in max(0, t - 3)...t {
            switch s.low(k) {
            case "trilateral", "three-way": return .trilateral
            case "bilateral", "two-way": return .bilateral
            default: continue
            }
        }
        if s.low(t + 1) == "bilaterally" || s.low(t + 2) == "bilaterally" { return .bilateral }
        return nil
    }

    /// "the talks", "such in-person meeting", "the possible three-way talks": a meeting named before.
    func isBackReference(_ t: Int) -> Bool {
        // "the two leaders last met": a verb names a meeting of its own.
        if ["met", "meet", "meets", "visited", "visiting"].contains(s.low(t)) { return false }
        var k = t - 1
        var skipped = 0
        while k >= 0, skipped <= 4 {
            let w = s[k]
            if MeetingLexicon.determiners.contains(w.lower) { return !(w.lower == "that" && skipped == 0) }
            // "His visit comes a day after …": the visit just described.
            // …and "their first face-to-face talks since Chung took office".
            if ["his", "her", "their"].contains(w.lower) && (skipped == 0 || s.low(t + 1) == "since") { return !["to", "with"].contains(s.low(t + 1)) }
            // "the G20 summit", "the Asia-Pacific Economic Cooperation summit": a named meeting of its own.
            if w.isCapitalized && k > 0 && !w.isPossessive { return false }
            let adjective = MeetingLexicon.referenceAdjectives.contains(w.lower) || w.lower.contains("-") || w.isPossessive
                || w.lower.hasSuffix("’") || w.lower.hasSuffix("'") || w.lower.first?.isNumber == true
            guard adjective else { return false }
            k -= 1
            skipped += 1
        }
        return false
    }

    // MARK: Modality

    /// The nearest modal cue before the trigger in its clause, or a cue right after it
    /// ("were postponed"), and whether the meeting is negated.
    func modality(_ t: Int, clauses: [Int], triggers: Set<Int>) -> (Status?, Bool) {
        var forward: Status?
        // "the China-Central Asia Summit, which will be held on Thursday": the relative clause
        // speaks for the meeting when the main clause says nothing.
        var relative: Status?
        var p = t + 1
        var budget = 14
        var skippedRelative = false
        while p < s.count, budget > 0, !triggers.contains(p) {
            // "…, a visit that New Delhi will watch closely": another verb's mood; but "a summit that
            // Brazil will host in July" says how sure the summit is.
            if s.low(p) == "that" && p > t + 1 && !["so", "such"].contains(s.low(p - 1)) {
                if let h = ((p + 1)..<min(s.count, p + 7)).first(where: { MeetingLexicon.hostVerbs.contains(s.low($0)) }),
                   let modal = ((p + 1)..<h).last(where: { MeetingLexicon.afterByFirst[s.low($0)] != nil }),
                   let (_, st) = MeetingLexicon.afterByFirst[s.low(modal)]?.first(where: { s.matches($0.0, at: modal) }) {
                    return (st, false)
                }
                break
            }
            // Step over a relative clause: "the meeting, which had been expected in April, was called off".
            if clauses[p] != clauses[t] && !(p > 0 && s.low(p - 1) == "," && clauses[p - 1] != clauses[t] && skippedRelative) {
                guard p > 0, s.low(p - 1) == ",", ["which", "who"].contains(s.low(p)),
                      // "A session of the council, which has not met since 2014, will be held": over its own verb too.
                      let close = ((p + 1)..<min(s.count, p + 20)).first(where: { s.low($0) == "," })
                else {
                    if p > 0, s.low(p - 1) == ",", ["which", "who"].contains(s.low(p)), relative == nil {
                        relative = ((p + 1)..<min(s.count, p + 8)).lazy.compactMap { q in MeetingLexicon.afterByFirst[s.low(q)]?.first(where: { s.matches($0.0, at: q) })?.1 }.first
                    }
                    break
                }
                if relative == nil {
                    relative = ((p + 1)..<close).lazy.compactMap { q in MeetingLexicon.afterByFirst[s.low(q)]?.first(where: { s.matches($0.0, at: q) })?.1 }.first
                }
                p = close + 1
                skippedRelative = true
                continue
            }
            // "a meeting between the two ministers was unlikely before the end of the month"
            if s.low(p) == "unlikely" && ["was", "is", "seems", "looked", "looks", "appeared", "remains", "remained"].contains(s.low(p - 1)) { return (nil, true) }
            if s[p].text != "May", let (_, st) = MeetingLexicon.afterByFirst[s.low(p)]?.first(where: { s.matches($0.0, at: p) }) { forward = st; break }
            p += 1
            budget -= 1
        }
        if forward == nil, let r = relative, r != .cancelled { forward = r }
        if forward == .cancelled || cancelledLater(t, triggers: triggers) { return (.cancelled, false) }
        // "had cancelled a planned visit": a cancellation governs its object over nearer words.
        var c = t - 1
        while c >= max(0, t - 6), clauses[c] == clauses[t], !triggers.contains(c) {
            if let (_, cue) = MeetingLexicon.beforeByLast[s.low(c)]?.first(where: { s.matches($0.0, endingAt: c) }), cue == .status(.cancelled) { return (.cancelled, false) }
            c -= 1
        }
        var k = t - 1
        while k >= max(0, t - 12), clauses[k] == clauses[t], !triggers.contains(k) {
            let w = s.low(k)
            if t - k <= 5 && (w.hasSuffix("n't") || w == "cannot") { return (nil, true) }
            // "MANAMA, May 16": the month is not a modal.
            if s[k].text != "May", let (_, cue) = MeetingLexicon.beforeByLast[s.low(k)]?.first(where: { s.matches($0.0, endingAt: k) }) {
                switch cue {
                case .negation: if t - k <= 5 { return (nil, true) }
                case .status(let st):
                    // "have not held direct talks", "never hosted": the cue itself is negated.
                    if (max(0, k - 2)..<k).contains(where: { ["not", "never"].contains(s.low($0)) || s.low($0).hasSuffix("n't") }) { return (nil, true) }
                    return (st, false)
                }
            }
            k -= 1
        }
        // "agreed at talks in Prague on Friday to hold a joint session", "agreed to revive a
        // commission, …, and to hold its next session": the infinitive's governor is further back.
        if forward == nil, let to = (max(0, t - 4)..<t).last(where: { s.low($0) == "to" && ["hold", "meet", "convene", "have", "host"].contains(s.low($0 + 1)) }),
           (max(0, to - 25)..<to).contains(where: { ["agreed", "agreeing", "decided", "agree"].contains(s.low($0)) }) {
            return (.scheduled, false)
        }
        // "has invited the presidents of the Democratic Republic of Congo and Rwanda to a summit":
        // an invitation reaches over a long object.
        if forward == nil, let inv = (max(0, t - 24)..<t).last(where: { ["invited", "invites", "invite", "inviting"].contains(s.low($0)) }),
           (inv..<t).allSatisfy({ clauses[$0] == clauses[t] && !triggers.contains($0) }) {
            return (.proposed, false)
        }
        return (forward, false)
    }

    /// "A meeting of the Regional Border Committee that was to be held in Siem Reap on Monday
    /// was called off": the cancellation comes long after its subject, with no other meeting between.
    func cancelledLater(_ t: Int, triggers: Set<Int>) -> Bool {
        // "met in Kirkenes …, a project that was shelved in 2019": a verb is not the subject of the cancellation.
        if ["met", "visited", "meet", "meets"].contains(s.low(t)) { return false }
        var p = t + 1
        while p < min(s.count, t + 40), !triggers.contains(p) {
            let w = s.low(p)
            // "… was originally planned for March but was put off": the same subject goes on.
            if Self.contrast.contains(w) && !Self.auxiliaries.contains(s.low(p + 1)) { return false }
            if MeetingLexicon.cancelParticiples.contains(w), !["called", "put", "pushed"].contains(w) || s.low(p + 1) == "off" || w != "called" && s.low(p + 1) == "back" {
                let aux = s.low(p - 1).hasSuffix("ly") ? s.low(p - 2) : s.low(p - 1)
                if MeetingLexicon.cancelAuxiliaries.contains(aux) { return true }
            }
            p += 1
        }
        return false
    }

    /// "met", "visited", "took office" say that it happened.
    func inherentStatus(_ t: Int, tense: Tense) -> Status? {
        // "left for Hanoi on Monday"
        if s.low(t) == "for", ["left", "leaves"].contains(s.low(t - 1)) { return s.low(t - 1) == "left" ? .occurred : nil }
        // "was pushed back to Monday": the new date is fixed.
        if ["to", "until"].contains(s.low(t)), ["back", "moved", "postponed", "delayed"].contains(s.low(t - 1)) { return .scheduled }
        // "was sworn in", "were inaugurated"
        if ["sworn", "inaugurated"].contains(s.low(t)), ["was", "were", "been"].contains(s.low(t - 1)) { return .occurred }
        switch s.low(t) {
        case "met", "visited": return .occurred
        case "received", "welcomed", "hosted": return tense == .past ? .occurred : nil
        case "office", "in": return tense == .past ? .occurred : nil
        case "inaugurated": return tense == .future ? nil : .occurred
        default:
            if s.low(t - 1) == "spoke" || s.low(t - 2) == "spoke" || s.low(t - 3) == "spoke" || s.low(t - 2) == "held" || s.low(t - 3) == "held" { return .occurred }
            return nil
        }
    }

    // MARK: People, countries, place

    static let holdVerbs: Set<String> = ["held", "hold", "holds", "had", "have", "has", "will", "attended", "attend"]

    func participants(_ t: Int, kind: EventKind, backReference: Bool, clauses: [Int], limit: Int, triggers: Set<Int> = []) -> [Int] {
        // "Umeh told the agency that the minister would hold talks": whoever reports a meeting
        // (a spokesperson, or someone who said or told) is not in it.
        let reporters = Set(people.filter { p in
            p.words.upperBound <= t && (((p.words.upperBound)..<min(p.words.upperBound + 3, t)).contains { MeetingLexicon.speechVerbs.contains(s.low($0)) }
                && ((p.words.upperBound)..<t).contains { s.low($0) == "that" })
        }.map(\.words.lowerBound))
        // "Maruyama's predecessor, Ryutaro Kamiya": the possessor only names the one who takes part.
        let possessors = Set(people.filter { p in p.words.upperBound != t && p.words.upperBound > 0 && s[p.words.upperBound - 1].isPossessive
            && MeetingLexicon.relationNouns.contains(s.low(p.words.upperBound)) }.map(\.words.lowerBound))
        var inClause = people.filter { clauses[$0.words.lowerBound] == clauses[t] && $0.words.lowerBound < limit && !reporters.contains($0.words.lowerBound)
            && !possessors.contains($0.words.lowerBound) }
        // "will pay a visit on Feb. 21 and is expected to be received by the king": the subject
        // of the clause before carries on.
        if let opener = clauses.firstIndex(of: clauses[t]), opener > 0, s.low(opener) == "and", !inClause.contains(where: { $0.words.upperBound <= t }),
           let subject = people.first(where: { clauses[$0.words.lowerBound] == clauses[opener - 1] && !reporters.contains($0.words.lowerBound) }) {
            inClause.insert(PersonSpan(person: subject.person, words: subject.words), at: 0)
        }
        let before = inClause.filter { $0.words.upperBound <= t }
        let after = inClause.filter { $0.words.lowerBound > t }
        if kind == .statement { return before.last.map { [$0.person] } ?? [] }
        // "Chung took office", "Yoon was sworn in", "Chung’s inauguration": one person.
        if kind == .inauguration {
            // "Kuwait's emir, Sheikh Jaber bin Fahad, who took office in September": the person before "who".
            if before.isEmpty, let opener = clauses.firstIndex(of: clauses[t]), opener >= 2, s.low(opener) == "who", s.low(opener - 1) == ",",
               let p = people.last(where: { $0.words.upperBound == opener - 1 }) {
                return [p.person]
            }
            return (before.last ?? after.first).map { [$0.person] } ?? []
        }
        if backReference {
            guard let last = before.last, (last.words.upperBound..<t).contains(where: { Self.holdVerbs.contains(s.low($0)) }) else { return [] }
            return before.map(\.person)
        }
        // "… and pay a courtesy call on President Boakye-Mensah": the clause's subject and the person called on.
        if s.low(t + 1) == "on", MeetingLexicon.callOnVerbs.contains(s.low(t)), let object = after.first {
            let firstTrigger = triggers.filter { clauses[$0] == clauses[t] }.min() ?? t
            let subject = inClause.first { $0.words.upperBound <= firstTrigger }
            return [subject?.person, object.person].compactMap { $0 }
        }
        if let k = ((t + 1)...min(t + 3, s.count)).first(where: { ["between", "with", "among"].contains(s.low($0)) })
            ?? ((t + 1)..<min(t + 9, s.count)).prefix(while: { !s[$0].isPunctuation && !triggers.contains($0) }).first(where: { s.low($0) == "with" }) {
            // "… with Qatar's emir, Sheikh Fahad, and delivered a message from …": the object ends where the next verb starts.
            let end = ((k + 1)..<s.count).first { s.low($0) == "and" && $0 + 1 < s.count && !s[$0 + 1].isCapitalized && !s[$0 + 1].isPunctuation
                && !["his", "her", "their", "the", "a", "an", "its"].contains(s.low($0 + 1)) } ?? s.count
            let object = after.filter { $0.words.lowerBound > k && $0.words.lowerBound < end }.map(\.person)
            return s.low(k) == "with" ? before.map(\.person) + object : object
        }
        if let last = before.last, last.words.upperBound == t, s[t - 1].isPossessive { return [last.person] }
        return inClause.map(\.person)
    }

    /// Countries listed together in a clause: "Seoul, Washington and Tokyo", "South Korea and Japan".
    func countryList(clause: Int, clauses: [Int]) -> [String] {
        var items: [(Int, Int, String)] = []
        var i = 0
        while i < s.count {
            guard clauses[i] == clause else { i += 1; continue }
            if people.contains(where: { $0.words.contains(i) }) { i += 1; continue }
            if let (n, p) = s.place(at: i), p.isCountry || p.isCapital {
                items.append((i, i + n, p.country)); i += n; continue
            }
            if let (n, c) = s.demonym(at: i) { items.append((i, i + n, c)); i += n; continue }
            i += 1
        }
        var out: [String] = []
        var run: [String] = []
        var lastEnd = -1
        func close() { if run.count >= 2 { for c in run where !out.contains(c) { out.append(c) } }; run = [] }
        for (a, b, c) in items {
            if lastEnd >= 0, !(lastEnd..<a).allSatisfy({ [",", "and", "the"].contains(s.low($0)) }) { close() }
            run.append(c)
            lastEnd = b
        }
        close()
        return out
    }

    func location(_ t: Int, clauses: [Int], triggers: Set<Int>, limit: Int) -> Gazetteer.Place? {
        func placeAfter(_ p: Int) -> Gazetteer.Place? {
            var q = p
            if s.low(q) == "the" { q += 1 }
            guard q < s.count, let (n, place) = s.place(at: q), !s[q + n - 1].isPossessive else { return nil }
            return place
        }
        if ["to", "for", "in", "at"].contains(s.low(t)), let p = placeAfter(t + 1) { return p }  // "travel to Mogadishu", "leave Riyadh for Doha"
        if ["visit", "visits", "visited", "visiting", "trip"].contains(s.low(t)) {
            if let p = placeAfter(t + 1) { return p }
            if ["to", "in"].contains(s.low(t + 1)), let p = placeAfter(t + 2) { return p }
            // "a visit by Turkish Foreign Minister Hakan Fidan to Athens"
            var k = t + 1
            while k < min(limit, s.count, t + 10), clauses[k] == clauses[t], !triggers.contains(k) {
                if s.low(k) == "to", let p = placeAfter(k + 1) { return p }
                k += 1
            }
        }
        var p = t + 1
        while p < min(limit, s.count), clauses[p] == clauses[t], p - t <= 14 {
            if p != t + 1 && triggers.contains(p) { break }
            if ["in", "at"].contains(s.low(p)), let place = placeAfter(p + 1) { return place }
            p += 1
        }
        var k = t - 1
        while k >= 0, clauses[k] == clauses[t], t - k <= 8 {
            if ["to", "in"].contains(s.low(k)), k > 0, ["travel", "travels", "traveled", "travelled", "traveling", "travelling", "flew", "fly", "flies", "arrived", "arrive", "arrives"].contains(s.low(k - 1)) || s.low(k) == "in" && k == 0,
               let place = placeAfter(k + 1) {
                return place
            }
            k -= 1
        }
        return nil
    }

    /// "on the margins of the possible three-way talks": where the phrase starts and the last
    /// word that may be the host meeting.
    func marginsPhrase(_ t: Int) -> (Int, Int)? {
        // "a separate meeting with Saudi Arabia's crown prince on the margins of the summit"
        // "could meet Kamiya separately on its sidelines": the meeting named before in the sentence.
        for p in ((t + 1)...min(t + 6, s.count)) where s.low(p) == "on" && ["its", "their"].contains(s.low(p + 1)) && ["margins", "sidelines", "fringes"].contains(s.low(p + 2)) {
            return (p, p + 3)
        }
        for p in ((t + 1)...min(t + 10, s.count)).prefix(while: { $0 == t + 1 || s.low($0 - 1) != "," }) where s.low(p) == "on" && s.low(p + 1) == "the"
            && ["margins", "margin", "sidelines", "sideline", "fringes"].contains(s.low(p + 2)) && s.low(p + 3) == "of" {
            return (p, p + 10)
        }
        return nil
    }
}
