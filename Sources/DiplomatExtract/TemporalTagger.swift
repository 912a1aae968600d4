import DiplomatCore

/// A temporal expression found in a text, normalised in the TIMEX3 way.
public struct TimexMention: Sendable, Hashable, Codable {
    public enum Kind: String, Sendable, Codable { case DATE, TIME, DURATION, SET }
    /// Offsets in Unicode code points, end exclusive.
    public var start: Int
    public var end: Int
    public var text: String
    public var type: Kind
    public var value: String
    public var mod: TimeMod?
}

/// Finds and normalises temporal expressions (TimeML TIMEX3): dates, times, durations and
/// sets, relative to the document's publication date and the tense around them. Pure and
/// deterministic: the same text and date always give the same result.
public struct TemporalTagger: Sendable {
    public init() {}

    /// Reference: the publication date, and its time of day when known.
    public struct Reference: Sendable {
        public var date: CivilDate
        public var secondOfDay: Int?
        public init(date: CivilDate, secondOfDay: Int? = nil) {
            self.date = date
            self.secondOfDay = secondOfDay
        }
    }

    public func tag(_ text: String, reference: Reference) -> [TimexMention] {
        let scalars = Array(text.unicodeScalars)
        let sentences = SentenceSplitter.sentences(text).map { ($0, Tokenizer.tokens(scalars, $0, offset: $0.lowerBound)) }
        return tag(scalars, sentences: sentences, reference: reference)
    }

    /// Tags sentences already split and tokenized (token offsets into the whole text), so the
    /// meeting extractor reads each sentence once.
    func tag(_ scalars: [Unicode.Scalar], sentences: [(Range<Int>, [Token])], reference: Reference) -> [TimexMention] {
        var out: [TimexMention] = []
        // The day the story last moved to ("will arrive on Feb. 14"), for "the following day";
        // the day something was said ("the ministry said on Tuesday") is not one.
        var narrative: TimexMention?
        var lastFull: TimexMention?
        var lastMonth: TimexMention?
        for (_, tokens) in sentences {
            let sentenceTense = Tense.of(tokens)
            var found: [TimexMention] = []
            var spoken: Set<Int> = []
            var i = 0
            while i < tokens.count {
                // The verb nearest the expression decides its direction ("said on Monday he
                // will visit in June"); the sentence as a whole when there is none.
                // No expression starts with punctuation.
                if tokens[i].text.utf8.count == 1, let b = tokens[i].text.utf8.first, b < 128, !(b >= 48 && b <= 57), !(b >= 65 && b <= 90), !(b >= 97 && b <= 122) {
                    i += 1
                    continue
                }
                // Only bare months, weekdays and day numbers depend on it: look for the verb then.
                let w = tokens[i].lower
                // The commonest words start no expression: skip them at once.
                if Self.neverStarts.contains(w) {
                    i += 1
                    continue
                }
                let tenseMatters = Rules.months[w] != nil || Rules.weekdays[w] != nil || tokens[i].isNumber || w == "the" || w == "on" || w == "in"
                    || RulesTables.modWords[w] != nil || w == "this"
                let near = tenseMatters ? Tense.nearWithDistance(tokens, i) : nil
                let tense = near?.0 ?? sentenceTense
                if let (m, used) = Rules(tokens: tokens, at: i, ref: reference, tense: tense, strongTense: (near?.1 ?? 99) <= 10).match() {
                    var m = m
                    m.text = String(String.UnicodeScalarView(scalars[m.start..<m.end]))
                    found.append(m)
                    if (max(0, i - 3)..<i).contains(where: { MeetingLexicon.speechVerbs.contains(tokens[$0].lower) }) { spoken.insert(m.start) }
                    i += used
                } else if tokens[i].lower == "the", let m = Self.followingDay(tokens, i, previous: i + 1 < tokens.count && tokens[i + 1].lower == "same"
                            // "said on Friday … They spoke the same day": any day named last.
                            ? found.last(where: Self.isFullDate) ?? lastFull
                            : found.last(where: { Self.isFullDate($0) && !spoken.contains($0.start) }) ?? narrative ?? found.last(where: Self.isFullDate) ?? lastFull,
                            scalars: scalars) {
                    found.append(m)
                    i += 3
                } else if tokens[i].lower == "the" || tokens[i].lower == "that",
                          let m = Self.sameSpan(tokens, i, previous: found.last(where: Self.isFullDate) ?? lastFull,
                                                lastMonth: found.last(where: Self.isMonthOrFiner) ?? lastMonth, scalars: scalars) {
                    found.append(m)
                    i += m.text.split(separator: " ").count
                } else {
                    i += 1
                }
            }
            let ordered = Self.inOrder(Self.joinTimesToDays(found, scalars: scalars, narrative: narrative), tokens: tokens, reference: reference)
            if let last = ordered.last(where: { Self.isFullDate($0) && !spoken.contains($0.start) }) { narrative = last }
            if let last = ordered.last(where: Self.isFullDate) { lastFull = last }
            if let last = ordered.last(where: Self.isMonthOrFiner) { lastMonth = last }
            out += ordered
        }
        return out
    }

    /// "will arrive on Sunday and call on the president at 10 a.m. Tuesday": a later weekday in a
    /// plan is not before the one named first, so it is the week after.
    static func inOrder(_ found: [TimexMention], tokens: [Token], reference: Reference) -> [TimexMention] {
        guard found.count > 1 else { return found }
        var out = found
        let today = Rules.ymd(reference.date)
        for k in 1..<out.count {
            let m = out[k]
            guard isFullDate(m), let lastWord = m.text.split(separator: " ").last?.lowercased(), Rules.weekdays[lastWord] != nil,
                  m.value.prefix(10) >= today,
                  let previous = out[..<k].last(where: isFullDate), previous.value.prefix(10) > m.value.prefix(10),
                  previous.text.split(separator: " ").last.map({ Rules.weekdays[$0.lowercased()] != nil }) == true,
                  // "…, his office said on Friday": the day of saying is not part of the plan.
                  let at = tokens.firstIndex(where: { $0.start == m.start }),
                  !(max(0, at - 4)..<at).contains(where: { MeetingLexicon.speechVerbs.contains(tokens[$0].lower) }),
                  let y = Int(m.value.prefix(4)), let mo = Int(m.value.dropFirst(5).prefix(2)), let d = Int(m.value.dropFirst(8).prefix(2))
            else { continue }
            out[k].value = Rules.ymd(CivilDate(year: y, month: mo, day: d).adding(days: 7)) + String(m.value.dropFirst(10))
        }
        return out
    }

    /// Function words no rule starts at (TimeML extents leave prepositions out), skipped before
    /// the rules are tried: a large share of any text.
    static let neverStarts: Set<String> = [
        "of", "and", "to", "with", "by", "is", "was", "were", "are", "said", "which", "who", "his", "her", "their", "its", "it", "he",
        "she", "they", "as", "from", "at", "for", "be", "been", "has", "have", "had", "will", "would", "or", "but", "not", "minister",
        "president", "foreign", "prime", "talks", "meeting", "officials", "told", "also",
    ]

    /// "the following day", "the next day", "the same day": a day counted from the last full date mentioned.
    static func isFullDate(_ m: TimexMention) -> Bool { (m.type == .DATE || m.type == .TIME) && m.value.count >= 10 && m.value.first?.isNumber == true }

    /// "the same month", "that afternoon": the month or the day of the last full date.
    static func isMonthOrFiner(_ m: TimexMention) -> Bool { (m.type == .DATE || m.type == .TIME) && m.value.count >= 7 && m.value.first?.isNumber == true && m.value.dropFirst(4).first == "-" && m.value.dropFirst(5).first?.isNumber == true }

    static func sameSpan(_ tokens: [Token], _ i: Int, previous: TimexMention?, lastMonth: TimexMention?, scalars: [Unicode.Scalar]) -> TimexMention? {
        guard i + 1 < tokens.count else { return nil }
        let a = tokens[i].lower, b = tokens[i + 1].lower
        var value: String, type: TimexMention.Kind = .DATE, end = i + 1
        if a == "the", b == "same", i + 2 < tokens.count, ["month", "year"].contains(tokens[i + 2].lower), let month = lastMonth {
            value = String(month.value.prefix(tokens[i + 2].lower == "month" ? 7 : 4))
            end = i + 2
        } else if a == "that", let last = previous, last.value.count >= 10, let part = ["morning": "MO", "afternoon": "AF", "evening": "EV", "night": "NI"][b] {
            value = String(last.value.prefix(10)) + "T" + part
            type = .TIME
        } else if a == "that", b == "day", let last = previous, last.value.count >= 10 {
            value = String(last.value.prefix(10))
        } else {
            return nil
        }
        let start = tokens[i].start, stop = tokens[end].end
        return TimexMention(start: start, end: stop, text: String(String.UnicodeScalarView(scalars[start..<stop])), type: type, value: value, mod: nil)
    }

    static func followingDay(_ tokens: [Token], _ i: Int, previous: TimexMention?, scalars: [Unicode.Scalar]) -> TimexMention? {
        guard i + 2 < tokens.count, tokens[i].lower == "the", let offset = ["following": 1, "next": 1, "same": 0, "previous": -1, "day": -1][tokens[i + 1].lower],
              // "the day before"
              tokens[i + 1].lower == "day" ? tokens[i + 2].lower == "before" : tokens[i + 2].lower == "day", let last = previous,
              let y = Int(last.value.prefix(4)), let m = Int(last.value.dropFirst(5).prefix(2)), let d = Int(last.value.dropFirst(8).prefix(2))
        else { return nil }
        let day = CivilDate(year: y, month: m, day: d)
        guard day.isValid else { return nil }
        let start = tokens[i].start, end = tokens[i + 2].end
        return TimexMention(start: start, end: end, text: String(String.UnicodeScalarView(scalars[start..<end])), type: .DATE, value: Rules.ymd(day.adding(days: offset)), mod: nil)
    }

    /// "10 a.m. Friday", "at 10 a.m. on Thursday": one time on that day. A time alone takes the
    /// day of the sentence's date, when it has one.
    static func joinTimesToDays(_ found: [TimexMention], scalars: [Unicode.Scalar], narrative: TimexMention? = nil) -> [TimexMention] {
        var out: [TimexMention] = []
        var skip = false
        for (k, m) in found.enumerated() {
            if skip { skip = false; continue }
            guard m.type == .TIME, m.value.count == 16 else { out.append(m); continue }
            // "will open the debate at 10 a.m.": the sentence's day, else the day the story is at.
            let day = found.first { $0.type == .DATE && $0.value.count == 10 && $0.value.first?.isNumber == true }
                ?? narrative.flatMap { $0.value.count >= 10 ? TimexMention(start: $0.start, end: $0.end, text: $0.text, type: .DATE, value: String($0.value.prefix(10)), mod: nil) : nil }
            if k + 1 < found.count, case let next = found[k + 1], next.type == .DATE, next.value.count == 10,
               next.start - m.end <= 4, String(String.UnicodeScalarView(scalars[m.end..<next.start])).trimmingCharacters(in: .whitespaces).isEmpty {
                var joined = m
                joined.end = next.end
                joined.text = String(String.UnicodeScalarView(scalars[m.start..<next.end]))
                joined.value = next.value + String(m.value.dropFirst(10))
                out.append(joined)
                skip = true
                continue
            }
            var moved = m
            if let day { moved.value = day.value + String(m.value.dropFirst(10)) }
            out.append(moved)
        }
        return out
    }
}

/// Whether a sentence speaks of the past or the future, from its verbs and auxiliaries.
/// News reports mostly look back, so only plain future markers ("will", "next",
/// "scheduled") make a bare weekday or month point forward.
enum Tense {
    case past, future, unknown

    static let strongFuture: Set<String> = ["will", "'ll", "shall", "upcoming", "scheduled", "tomorrow", "next", "plan", "plans", "planned", "planning", "intends"]

    static let pastCues: Set<String> = ["was", "were", "had", "did", "said", "held", "met", "took", "came", "ago", "last", "visited", "announced",
                                        "reported", "told", "signed", "agreed", "reaffirmed", "renewed", "discussed", "reiterated", "noted", "yesterday"]

    static let nearFuture: Set<String> = ["will", "'ll", "shall", "would", "scheduled", "slated", "upcoming", "tomorrow", "plan", "plans", "planned",
                                          "planning", "intends", "intend", "could", "may", "might", "wants", "want", "hopes", "hope",
                                          "aims", "expects", "expected", "due", "going", "coming", "next", "to", "considering", "consider", "considers",
                                          "mulling", "proposed", "proposes", "propose", "suggested", "seeking", "seeks"]
    static let nearPast: Set<String> = ["was", "were", "had", "did", "held", "met", "took", "came", "ago", "last", "visited", "said", "told", "flew", "went", "led", "saw", "gave", "sent",
                                        "yesterday", "has", "have", "spoke", "began", "left", "arrived", "won", "made"]

    static let determiners: Set<String> = ["the", "a", "an", "its", "their", "his", "her", "this", "that", "our", "peace"]
    /// Present tenses of a fixed plan, with the word that must follow (none: any).
    static let presentPlans: [String: Set<String>] = ["begins": [], "starts": [], "assumes": [], "opens": [], "takes": ["over", "office", "place"], "leaves": ["office"]]
    /// Past verbs whose infinitive still looks ahead: "agreed to meet", "invited him to visit".
    static let forwardVerbs: Set<String> = [
        "agreed", "decided", "pledged", "promised", "vowed", "invited", "asked", "urged", "planned", "expected", "scheduled", "hoped", "wanted",
        "offered", "proposed", "intended", "aimed", "sought", "called", "arranged", "prepared", "planned", "resolved", "undertaked", "committed",
        "requested", "encouraged", "allowed", "authorized", "authorised", "signalled", "signaled", "indicated", "tasked", "instructed", "ordered",
        "mandated", "appointed", "nominated", "selected", "elected", "designated", "slated", "tipped", "poised", "set", "due", "needed", "used",
    ]
    static let planWords: Set<String> = ["due", "planned", "scheduled", "set", "slated"]
    static let adjectivesOfTime: Set<String> = ["upcoming", "next", "coming"]
    static let beforeAdjective: Set<String> = ["the", "a", "an", "its", "their", "his", "her", "our", "this", "these", "those", "of", "for", "with", "some", "all", "many", "two", "several"]

    /// The tense of the nearest verb before token `i` (else after it), if one is recognisable.
    static func near(_ tokens: [Token], _ i: Int) -> Tense? { nearWithDistance(tokens, i)?.0 }

    /// The nearest verb's tense and how many tokens away it is: a verb far away ("made up of
    /// the member states' foreign ministers, starting on Feb. 6") is weak evidence.
    static func nearWithDistance(_ tokens: [Token], _ i: Int) -> (Tense, Int)? {
        // "A ministerial meeting due in February was postponed": a plan that has already fallen through.
        // "a session planned for the border town in April was postponed"
        if i > 1, case let p = tokens[i - 1].lower, p == "in" || p == "on" || p == "for", (max(0, i - 7)..<(i - 1)).contains(where: { Self.planWords.contains(tokens[$0].lower) }),
           let was = ((i + 1)..<min(tokens.count, i + 5)).first(where: { ["was", "were"].contains(tokens[$0].lower) }),
           was + 1 < tokens.count, ["postponed", "cancelled", "canceled", "called", "scrapped", "put", "delayed", "shelved"].contains(tokens[was + 1].lower) {
            // Past, but weakly: a plan put off can still lie ahead ("due on April 2 was postponed
            // until April 14"); the year nearest the story decides.
            let movedTo = (was + 2 < tokens.count) && ["until", "to"].contains(tokens[was + 2].lower)
            return (.past, (max(0, i - 9)..<i).contains(where: { tokens[$0].lower == "had" }) && !movedTo ? 2 : 99)
        }
        // "invited Wierciszewski to Seoul in October": the visit lies ahead (but "invited him during a
        // phone call in December" happened then).
        if let inv = (max(0, i - 12)..<i).last(where: { ["invited", "invites", "invite", "inviting"].contains(tokens[$0].lower) }),
           ((inv + 1)..<i).contains(where: { tokens[$0].lower == "to" }) {
            return (.future, i - inv)
        }
        // "their first meeting since talks in Riyadh in February": what came before.
        if let since = (max(0, i - 6)..<i).last(where: { tokens[$0].lower == "since" }),
           !((since + 1)..<i).contains(where: { nearFuture.contains(tokens[$0].lower) || nearPast.contains(tokens[$0].lower) || tokens[$0].lower == "," }) {
            return (.past, i - since)
        }
        // "was pushed back to Monday", "postponed until March": the new date lies ahead.
        if i > 1, case let p = tokens[i - 1].lower, p == "to" || p == "until", ["back", "postponed", "moved", "delayed", "deferred", "rescheduled"].contains(tokens[i - 2].lower) {
            return (.future, 2)
        }
        // "has set the final round of hearings for March": what is set for a date lies ahead.
        if i > 0, tokens[i - 1].lower == "for",
           let set = (max(0, i - 12)..<(i - 1)).last(where: { ["set", "scheduled", "slated", "planned", "pencilled", "penciled", "consideration"].contains(tokens[$0].lower) }),
           !(max(0, set - 3)..<set).contains(where: { tokens[$0].lower == "had" || tokens[$0].lower == "originally" }) {
            return (.future, i - set)
        }
        func cue(_ k: Int) -> Tense? {
            let w = tokens[k].lower
            // "Jae-won", "follow-up": part of a hyphenated word, not a verb.
            if k > 0 && tokens[k - 1].lower == "-" && tokens[k - 1].start == tokens[k].start - 1 { return nil }
            if w == "to" {
                // "to meet", "expected to", "set to": an infinitive looks forward; "from … to" does not.
                // "a visit to Australia" is a place, not an infinitive.
                guard k + 1 < tokens.count, tokens[k + 1].text.first?.isLowercase == true, !Rules.months.keys.contains(tokens[k + 1].lower),
                      !Rules.weekdays.keys.contains(tokens[k + 1].lower), tokens[k + 1].lower != "the" else { return nil }
                // "had planned to hold", "had been due to meet": a plan in the past.
                if (max(0, k - 3)..<k).contains(where: { tokens[$0].lower == "had" }) { return .past }
                // "telephoned him to offer congratulations in late October": the purpose of a past act
                // happened with it; "agreed to meet", "invited him to visit" still look ahead.
                if let verb = (max(0, k - 3)..<k).last(where: { tokens[$0].lower.hasSuffix("ed") && tokens[$0].lower.count > 4 && tokens[$0].text.first?.isLowercase == true }),
                   !Self.forwardVerbs.contains(tokens[verb].lower), !(verb > 0 && ["be", "been", "is", "are", "was", "were", "being"].contains(tokens[verb - 1].lower)) {
                    return .past
                }
                return .future
            }
            if w == "set", k + 1 < tokens.count, ["for", "to"].contains(tokens[k + 1].lower) {
                // "had been set for Jan. 27": a plan in the past.
                return (max(0, k - 2)..<k).contains { tokens[$0].lower == "had" } ? .past : .future
            }
            // "discussed the plan", "a planned visit" is a noun or an adjective, not a verb.
            let future = nearFuture.contains(w)
            if future && k > 0 && Self.determiners.contains(tokens[k - 1].lower) && !Self.adjectivesOfTime.contains(w) {
                return nil
            }
            if future {
                // "had planned", "had been due", "originally expected": a plan in the past.
                let before = (max(0, k - 2)..<k).map { tokens[$0].lower }
                if before.contains("had") || before.contains("originally") { return .past }
                return .future
            }
            // "the armed groups", "a disputed area": an adjective, not a verb in the past.
            let participle = w.hasSuffix("ed") && w.count > 4 && tokens[k].text.first?.isLowercase == true
                && !(k > 0 && Self.beforeAdjective.contains(tokens[k - 1].lower))
            // "will be held", "to be held": the auxiliary before a participle decides.
            if (participle || w == "held" || w == "met") && k > 0 {
                if tokens[k - 1].lower == "be" { return .future }
                if tokens[k - 1].lower == "being" { return nil }
            }
            // "is scheduled to have an audience on Wednesday": an infinitive, not a perfect.
            if w == "have", k > 0, tokens[k - 1].lower == "to", !(k > 1 && ["was", "were"].contains(tokens[k - 2].lower)) { return .future }
            if nearPast.contains(w) { return .past }
            // "takes over the chairmanship in January", "the summit begins on Monday": a fixed plan.
            if let needs = Self.presentPlans[w], needs.isEmpty || k + 1 < tokens.count && needs.contains(tokens[k + 1].lower) { return .future }
            if participle { return .past }
            return nil
        }
        // Bounded: a verb further away governs something else (and huge "sentences" stay linear).
        var k = i - 1
        // Tokens are one sentence's, so a period inside is an abbreviation ("10 a.m. Friday").
        while k >= max(0, i - 24) {
            if tokens[k].lower == ";" { break }
            // "…, which has not met since 2018, in Rome on Jan. 14": step over the relative clause.
            if tokens[k].lower == ",", let open = (max(0, k - 14)..<k).last(where: { tokens[$0].lower == "," || tokens[$0].lower == ";" }),
               tokens[open].lower == ",", open + 1 < k, ["which", "who"].contains(tokens[open + 1].lower) {
                k = open - 1
                continue
            }
            if let t = cue(k) { return (t, i - k) }
            k -= 1
        }
        k = i + 1
        while k < min(tokens.count, i + 12) {
            if tokens[k].lower == ";" { break }
            if let t = cue(k) { return (t, k - i) }
            k += 1
        }
        return nil
    }

    static func of(_ tokens: [Token]) -> Tense {
        var past = 0, future = 0
        for (i, t) in tokens.enumerated() {
            // "said the minister would hold talks": a plan reported in the past.
            if strongFuture.contains(t.lower) || t.lower == "would" && i + 1 < tokens.count && !["have", "not", "n't"].contains(tokens[i + 1].lower) { future += 1 }
            // "set for", "set to": talks are set for Sept. 22.
            if t.lower == "set", i + 1 < tokens.count, ["for", "to"].contains(tokens[i + 1].lower) { future += 1 }
            if pastCues.contains(t.lower) || (t.lower.hasSuffix("ed") && t.lower.count > 4 && !strongFuture.contains(t.lower)) { past += 1 }
        }
        if future > 0 && future >= past { return .future }
        if past > 0 { return .past }
        return .unknown
    }
}

/// The rules, tried longest first at one token position.
struct Rules {
    let tokens: [Token]
    let at: Int
    let ref: TemporalTagger.Reference
    let tense: Tense
    /// Whether the tense comes from a verb close by; if not, a month takes the year nearest the
    /// publication date.
    var strongTense = true

    static let months: [String: Int] = [
        "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4, "apr": 4, "may": 5, "june": 6, "jun": 6,
        "july": 7, "jul": 7, "august": 8, "aug": 8, "september": 9, "sept": 9, "sep": 9, "october": 10, "oct": 10, "november": 11, "nov": 11,
        "december": 12, "dec": 12,
    ]
    static let weekdays: [String: Int] = ["monday": 1, "tuesday": 2, "wednesday": 3, "thursday": 4, "friday": 5, "saturday": 6, "sunday": 7]
    static let numbers: [String: Int] = [
        "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10,
        "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
        "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90,
        "hundred": 100, "couple": 2, "several": -1, "few": -1, "some": -1, "many": -1,
    ]
    static let units: [String: (String, Bool)] = [  // unit letter, time part
        "second": ("S", true), "seconds": ("S", true), "minute": ("M", true), "minutes": ("M", true), "hour": ("H", true), "hours": ("H", true),
        "day": ("D", false), "days": ("D", false), "week": ("W", false), "weeks": ("W", false), "month": ("M", false), "months": ("M", false),
        "year": ("Y", false), "years": ("Y", false), "decade": ("DE", false), "decades": ("DE", false), "century": ("CE", false), "centuries": ("CE", false),
        "quarter": ("Q", false), "quarters": ("Q", false),
    ]
    static let ordinals: [String: Int] = [
        "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7, "eighth": 8, "ninth": 9, "tenth": 10,
    ]

    func tok(_ k: Int) -> Token? { at + k < tokens.count ? tokens[at + k] : nil }
    func low(_ k: Int) -> String { tok(k)?.lower ?? "" }

    func mention(_ first: Int, _ last: Int, _ type: TimexMention.Kind, _ value: String, _ mod: TimeMod? = nil) -> (TimexMention, Int) {
        (TimexMention(start: tokens[at + first].start, end: tokens[at + last].end, text: "", type: type, value: value, mod: mod), last + 1)
    }

    func match() -> (TimexMention, Int)? {
        absoluteDate() ?? relativeWithModifier() ?? namedRelative() ?? weekday() ?? ago() ?? quarter() ?? duration() ?? set() ?? timeOfDay() ?? references()
    }

    // MARK: Helpers

    static func pad(_ n: Int, _ w: Int) -> String { let s = String(n); return String(repeating: "0", count: max(0, w - s.count)) + s }
    static func ymd(_ d: CivilDate) -> String { "\(pad(d.year, 4))-\(pad(d.month, 2))-\(pad(d.day, 2))" }
    static func ym(_ y: Int, _ m: Int) -> String { "\(pad(y, 4))-\(pad(m, 2))" }

    func month(_ k: Int) -> Int? {
        guard let t = tok(k) else { return nil }
        guard let m = Self.months[t.lower] else { return nil }
        // "may" and "mar" only as months when capitalised; "march" likewise (a verb).
        if ["may", "mar", "march", "sat", "sun", "jan"].contains(t.lower) && t.text.first?.isUppercase != true { return nil }
        return m
    }

    func dayNumber(_ k: Int) -> Int? {
        guard let t = tok(k) else { return nil }
        var s = t.lower
        for suffix in ["st", "nd", "rd", "th"] where s.hasSuffix(suffix) && s.count > 2 { s.removeLast(2) }
        guard let d = Int(s), (1...31).contains(d), s.count <= 2 else { return nil }
        return d
    }

    func year(_ k: Int) -> Int? {
        guard let t = tok(k), t.isNumber, t.text.count == 4, let y = Int(t.text), (1000...2999).contains(y) else { return nil }
        return y
    }

    /// The year for a month named without one: this year's if it fits the tense, else the
    /// previous (past) or next (future) one.
    func yearFor(month m: Int) -> Int {
        if !strongTense {
            // Nearest, unless that contradicts the tense by more than a season.
            let back = m <= ref.date.month ? ref.date.year : ref.date.year - 1
            let ahead = m >= ref.date.month ? ref.date.year : ref.date.year + 1
            let dBack = (ref.date.year - back) * 12 + ref.date.month - m, dAhead = (ahead - ref.date.year) * 12 + m - ref.date.month
            if dBack == 0 || dAhead == 0 { return ref.date.year }
            switch tense {
            case .future: return dBack <= 2 && dAhead >= 9 ? back : ahead
            case .past: return dAhead <= 2 && dBack >= 9 ? ahead : back
            case .unknown: return dBack <= dAhead ? back : ahead
            }
        }
        switch tense {
        case .future: return m >= ref.date.month ? ref.date.year : ref.date.year + 1
        default: return m <= ref.date.month ? ref.date.year : ref.date.year - 1
        }
    }

    func skipPeriod(_ k: Int) -> Int { low(k) == "." ? k + 1 : k }

    // MARK: Absolute dates

    /// Words other than numbers and months an absolute date can start with.
    static let absoluteStarts: Set<String> = ["the", "last", "next", "this", "early", "late", "mid"]

    func absoluteDate() -> (TimexMention, Int)? {
        // Tried at every token: most cannot start a date, and are turned away at once.
        guard let first = tok(0) else { return nil }
        let f = first.lower.utf8.first ?? 0
        guard (f >= 48 && f <= 57) || Self.months[first.lower] != nil || Self.absoluteStarts.contains(first.lower) else { return nil }
        // ISO 2021-04-01 arrives as 2021 - 04 - 01
        if let y = year(0), low(1) == "-", let m = tok(2)?.number, (1...12).contains(m), low(3) == "-", let d = tok(4)?.number {
            let c = CivilDate(year: y, month: m, day: d)
            if c.isValid { return mention(0, 4, .DATE, Self.ymd(c)) }
        }
        // 19980114 (TimeBank datelines)
        if let t = tok(0), t.isNumber, t.text.count == 8, let n = Int(t.text) {
            let c = CivilDate(year: n / 10000, month: n / 100 % 100, day: n % 100)
            if c.isValid && (1900...2099).contains(c.year) { return mention(0, 0, .DATE, Self.ymd(c)) }
        }
        // "last May", "next February", "this March"
        if ["last", "next", "this"].contains(low(0)), let m = month(1), dayNumber(2) == nil, year(2) == nil {
            let y: Int
            switch low(0) {
            case "last": y = m < ref.date.month ? ref.date.year : ref.date.year - 1
            case "next": y = m > ref.date.month ? ref.date.year : ref.date.year + 1
            default: y = ref.date.year
            }
            return mention(0, 1, .DATE, Self.ym(y, m))
        }
        // "July last year", "January this year"
        if let m = month(0), ["last", "this", "next"].contains(low(1)), low(2) == "year" {
            let y = ref.date.year + RulesTables.shifts[low(1)]!
            return mention(0, 2, .DATE, Self.ym(y, m))
        }
        // Month Day[,] [Year] / Month Year / Month
        if let m = month(0) {
            var k = skipPeriod(1)
            if let d = dayNumber(k) {
                var last = k
                k += 1
                if low(k) == "," { k += 1 }
                if let y = year(k) {
                    let c = CivilDate(year: y, month: m, day: d)
                    if c.isValid { return mention(0, k, .DATE, Self.ymd(c)) }
                }
                let y = yearFor(month: m)
                let c = CivilDate(year: y, month: m, day: d)
                if c.isValid {
                    if low(last + 1) == "," && year(last + 2) == nil { last += 0 }
                    return mention(0, last, .DATE, Self.ymd(c))
                }
            }
            if let y = year(k) { return mention(0, k, .DATE, Self.ym(y, m)) }
            if low(k) == "of", let y = year(k + 1) { return mention(0, k + 1, .DATE, Self.ym(y, m)) }
            // A bare month name needs a preposition or determiner before it to count.
            let prev = at > 0 ? tokens[at - 1].lower : ""
            if ["in", "since", "until", "by", "from", "through", "last", "next", "this", "early", "late", "mid", "of", "before", "after", "during", "to", "and", "or"].contains(prev) || m >= 1 && tok(0)!.text.count > 3 {
                let (mod, y): (TimeMod?, Int) = {
                    if prev == "last" { return (nil, m < ref.date.month ? ref.date.year : ref.date.year - 1) }
                    if prev == "next" { return (nil, m > ref.date.month ? ref.date.year : ref.date.year + 1) }
                    return (nil, yearFor(month: m))
                }()
                return mention(0, 0, .DATE, Self.ym(y, m), mod)
            }
        }
        // Day Month [Year]: "30 October 2025"
        if let d = dayNumber(0), let m = month(1) {
            let k = skipPeriod(2)
            if let y = year(k) {
                let c = CivilDate(year: y, month: m, day: d)
                if c.isValid { return mention(0, k, .DATE, Self.ymd(c)) }
            }
            let c = CivilDate(year: yearFor(month: m), month: m, day: d)
            if c.isValid { return mention(0, 1, .DATE, Self.ymd(c)) }
        }
        // "the 29th": this month's (or, for a past day not yet reached, last month's)
        // …but "the 16th India-EU summit", "the 25th round of talks" count, they do not date.
        if low(0) == "the", let t = tok(1), ["st", "nd", "rd", "th"].contains(where: { t.lower.hasSuffix($0) }), let d = dayNumber(1),
           !(tok(2).map { $0.text.first?.isLetter == true && !["of", "and", "or", "to", "at", "in", "on", "when", "with", "for", "as", "after", "before", "but"].contains($0.lower) } ?? false) {
            var c = CivilDate(year: ref.date.year, month: ref.date.month, day: d)
            if tense != .future && d > ref.date.day { c = CivilDate(daysSinceEpoch: CivilDate(year: ref.date.year, month: ref.date.month, day: 1).daysSinceEpoch - 1); c.day = d }
            if tense == .future && d < ref.date.day { let n = CivilDate(year: ref.date.year, month: ref.date.month, day: 28).adding(days: 5); c = CivilDate(year: n.year, month: n.month, day: d) }
            if c.isValid { return mention(0, 1, .DATE, Self.ymd(c)) }
        }
        // Decades: "the 1990s", "the late 1970s"
        var dk = low(0) == "the" ? 1 : 0
        var decadeMod: TimeMod?
        if let mw = RulesTables.modWords[low(dk)], ["early", "late", "mid"].contains(low(dk)) { decadeMod = mw; dk += 1; if low(dk) == "-" { dk += 1 } }
        if let t = tok(dk), t.lower.count == 5, t.lower.hasSuffix("s"), let y = Int(t.lower.dropLast()), (1000...2990).contains(y), y % 10 == 0 {
            return mention(0, dk, .DATE, String(y / 10), decadeMod)
        }
        // A year on its own: a four-digit number from 1900 to 2099 that does not count
        // something ("2000 troops").
        if let y = year(0), (1900...2099).contains(y) {
            let next = tok(1)
            let countsSomething = next.map { $0.text.first?.isLowercase == true && $0.lower.hasSuffix("s") && !["was", "is", "has", "as", "this", "its"].contains($0.lower) } ?? false
            if !countsSomething && !Self.units.keys.contains(low(1)) && low(1) != "-" { return mention(0, 0, .DATE, String(y)) }
        }
        // "the 20th century", "the 11th century"
        if let t = tok(0), let n = Int(t.lower.filter(\.isNumber)), t.lower.count > 2, ["st", "nd", "rd", "th"].contains(String(t.lower.suffix(2))), low(1) == "century" {
            return mention(0, 1, .DATE, Self.pad(n - 1, 2))
        }
        return nil
    }

}
