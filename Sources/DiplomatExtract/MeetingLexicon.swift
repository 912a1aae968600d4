import DiplomatCore

/// The words that make a meeting and the words that say how sure it is. Kept apart from the
/// extractor so the phrase families can be read (and extended) in one place.
enum MeetingLexicon {
    /// Single words that name a meeting, by kind.
    static let triggers: [String: EventKind] = [
        "talks": .talks, "dialogue": .talks, "negotiations": .talks, "consultations": .talks, "consultation": .talks,
        "telephoned": .call, "phoned": .call,
        "meeting": .meeting, "meetings": .meeting, "meet": .meeting, "meets": .meeting, "met": .meeting,
        "summit": .summit, "summits": .summit,
        "visit": .visit, "visits": .visit, "visited": .visit, "visiting": .visit, "trip": .visit,
        "inauguration": .inauguration, "inaugurated": .inauguration, "swearing-in": .inauguration, "investiture": .inauguration,
        "trilateral": .meeting, "three-way": .meeting, "bilateral": .meeting,
        "conference": .meeting, "conferences": .meeting, "session": .meeting, "convene": .meeting, "reconvene": .meeting,
        "convened": .meeting, "convenes": .meeting, "gathering": .meeting, "audience": .meeting,
    ]
    /// Participles whose date is not a meeting's: "a forum created in 2004".
    static let otherEventVerbs: Set<String> = ["created", "founded", "established", "formed", "launched", "built", "born", "signed", "ratified", "adopted", "elected", "killed", "died"]
    /// Nouns after a possessive that name someone else: "Maruyama's predecessor, Kamiya".
    static let relationNouns: Set<String> = [
        "predecessor", "successor", "wife", "husband", "spouse", "son", "daughter", "father", "mother", "brother", "sister", "envoy",
        "spokesman", "spokeswoman", "spokesperson", "office", "government", "party", "administration", "adviser", "advisor", "aide", "aides",
        "deputy", "chief", "cabinet", "minister", "ministers", "son-in-law", "rival", "opponent", "ambassador", "delegation", "team",
    ]
    /// Verbs of putting on a meeting: "a summit that Brazil will host".
    static let hostVerbs: Set<String> = ["host", "hold", "convene", "stage", "organise", "organize", "chair"]
    /// Plural officials whose gathering is a meeting.
    static let officialsPlural: Set<String> = ["ministers", "leaders", "presidents", "envoys", "diplomats", "delegates", "delegations", "premiers", "heads", "negotiators", "officials", "mediators"]
    static let receiveVerbs: Set<String> = ["receive", "receives", "received", "receiving"]
    /// "call on President Rao": a visit paid to someone, when a title follows.
    static let callOnVerbs: Set<String> = ["call", "calls", "called", "calling"]
    /// Words before "retreat" or "dinner" that make it a leaders' meeting, not a withdrawal or a meal.
    static let retreatBefore: Set<String> = ["leaders", "leaders'", "leaders’", "closed-door", "annual", "last", "ministerial", "their", "traditional", "informal", "a", "the"]
    static let dinnerBefore: Set<String> = ["host", "hosts", "hosted", "hosting", "working", "state", "official"]
    static let resumeVerbs: Set<String> = ["resume", "resumes", "resumed", "resuming"]
    /// Words before "conference" or "session" that make it something other than a meeting.
    static let notMeetingBefore: Set<String> = [
        "news", "press", "photo", "parliamentary", "legislative", "training", "question", "q&a", "closing", "opening", "plenary",
        "special", "court", "jam", "recording", "studio", "brainstorming", "practice", "qualifying", "trading",
    ]
    /// Phrases that name a meeting: the word index within the phrase that anchors it.
    static let phraseTriggers: [([String], EventKind)] = [
        (["took", "office"], .inauguration), (["take", "office"], .inauguration), (["takes", "office"], .inauguration), (["taking", "office"], .inauguration),
        (["assumed", "office"], .inauguration), (["sworn", "in"], .inauguration),
        (["phone", "call"], .call), (["telephone", "call"], .call), (["phone", "talks"], .call), (["telephone", "talks"], .call),
        (["phone", "conversation"], .call), (["telephone", "conversation"], .call), (["video", "call"], .call), (["video", "conference"], .call), (["videoconference"], .call), (["video", "link"], .call), (["phone", "calls"], .call),
        (["courtesy", "call"], .meeting), (["travel", "to"], .visit), (["travels", "to"], .visit), (["traveled", "to"], .visit),
        (["travelled", "to"], .visit), (["arrive", "in"], .visit), (["stop", "in"], .visit), (["stopover", "in"], .visit), (["arrives", "in"], .visit), (["arrived", "in"], .visit), (["arrived", "at"], .visit), (["arrived", "here"], .visit), (["arrives", "here"], .visit),
        (["travel", "together", "to"], .visit), (["will", "travel", "together", "to"], .visit),
        (["arriving", "in"], .visit), (["fly", "to"], .visit), (["flies", "to"], .visit), (["flew", "to"], .visit), (["flown", "to"], .visit), (["next", "round"], .talks), (["another", "round"], .talks), (["new", "round"], .talks),
        (["fresh", "round"], .talks), (["second", "round"], .talks), (["third", "round"], .talks), (["fourth", "round"], .talks),
        (["fifth", "round"], .talks), (["sixth", "round"], .talks), (["final", "round"], .talks), (["first", "round"], .talks), (["spoke", "by", "phone"], .call), (["by", "phone"], .call), (["by", "video"], .call), (["by", "telephone"], .call), (["over", "the", "phone"], .call), (["spoke", "by", "telephone"], .call), (["talked", "by", "phone"], .call),
        (["speak", "by", "phone"], .call), (["spoke", "over", "the", "phone"], .call), (["held", "a", "phone"], .call),
    ]
    static let phraseTriggersByFirst: [String: [([String], EventKind)]] = Dictionary(grouping: phraseTriggers, by: { $0.0[0] })
    /// Words that start a trigger rule of their own in `SentenceReader.findTriggers` (besides `triggers`).
    static let ruleWords: Set<String> = statementVerbs.union(receiveVerbs).union(callOnVerbs).union(resumeVerbs).union([
        "take", "be", "one", "gather", "gathers", "gathered", "gathering", "travel", "travels", "travelled", "traveled", "fly", "flew", "go",
        "went", "continue", "continued", "head", "headed", "toured", "tour", "became", "becoming", "become", "becomes", "succeeded", "took",
        "takes", "taking", "retreat", "retreats", "expected", "calls", "call", "invited", "invites", "invite", "host", "hosts", "hosting", "hosted", "inaugurated", "back", "moved", "postponed", "delayed", "round", "rounds", "due", "leave", "leaves", "left", "leaving", "held", "hold", "holds", "ceremony", "ceremonies", "dinner", "lunch", "luncheon", "breakfast", "conference", "conferences", "session",
    ])
    /// Words after "bilateral"/"trilateral" that make it an adjective of something else.
    static let notMeetingAfterFlavor: Set<String> = [
        "ties", "relations", "relationship", "cooperation", "security", "agreement", "trade", "deal", "issues", "framework", "partnership",
        "alliance", "exercises", "drills", "pact", "treaty", "investment", "exchanges", "visits", "swap", "channels", "issue",
    ]
    /// Statements worth an event: a person renewing or voicing a wish, hope or call.
    static let statementVerbs: Set<String> = ["renewed", "reiterated", "expressed", "voiced", "conveyed", "renews", "reiterates", "expresses", "stressed"]
    static let statementObjects: Set<String> = ["desire", "hope", "hopes", "wish", "willingness", "intention", "call", "commitment", "readiness"]

    enum Cue: Sendable, Equatable {
        case status(Status)
        case negation
    }

    /// Modal phrases before a trigger, nearest wins. Longer phrases come first: "had been
    /// scheduled to hold" is a plan that did not happen, not a schedule.
    static let before: [([String], Cue)] = [
        (["had", "been", "scheduled"], .status(.cancelled)), (["had", "been", "due"], .status(.cancelled)),
        (["had", "been", "set"], .status(.cancelled)), (["had", "been", "slated"], .status(.cancelled)),
        (["had", "been", "pencilled"], .status(.cancelled)), (["had", "been", "penciled"], .status(.cancelled)),
        (["was", "to", "have"], .status(.cancelled)), (["were", "to", "have"], .status(.cancelled)),
        (["originally", "planned"], .status(.cancelled)), (["had", "planned", "to"], .status(.cancelled)), (["had", "intended", "to"], .status(.cancelled)), (["originally", "scheduled"], .status(.cancelled)),
        (["originally", "expected"], .status(.cancelled)), (["originally", "due"], .status(.cancelled)), (["left", "for"], .status(.occurred)), (["arrived"], .status(.occurred)), (["began"], .status(.occurred)),
        (["not"], .negation), (["n't"], .negation), (["never"], .negation), (["no"], .negation), (["without"], .negation),
        (["ruled", "out"], .negation), (["rule", "out"], .negation), (["rules", "out"], .negation), (["refused"], .negation), (["declined"], .negation),
        (["rejected"], .negation), (["no", "prospect"], .negation), (["no", "plans"], .negation),
        (["cancelled"], .status(.cancelled)), (["canceled"], .status(.cancelled)), (["cancel"], .status(.cancelled)), (["cancels"], .status(.cancelled)),
        (["called", "off"], .status(.cancelled)), (["call", "off"], .status(.cancelled)), (["calls", "off"], .status(.cancelled)),
        (["postponed"], .status(.cancelled)), (["postpone"], .status(.cancelled)), (["postpones"], .status(.cancelled)), (["scrapped"], .status(.cancelled)),
        (["put", "off"], .status(.cancelled)), (["suspended"], .status(.cancelled)), (["delayed"], .status(.cancelled)),
        (["could"], .status(.possible)), (["may"], .status(.possible)), (["might"], .status(.possible)), (["possible"], .status(.possible)),
        (["possibly"], .status(.possible)), (["potential"], .status(.possible)), (["considering"], .status(.possible)), (["consider"], .status(.possible)),
        (["considers"], .status(.possible)), (["mulling"], .status(.possible)), (["exploring"], .status(.possible)), (["explore"], .status(.possible)),
        (["in", "talks"], .status(.possible)), (["to", "be", "seen"], .status(.possible)), (["under", "way"], .status(.possible)),
        (["underway"], .status(.possible)), (["set", "up"], .status(.possible)), (["setting", "up"], .status(.possible)), (["arrange"], .status(.possible)),
        (["arranging"], .status(.possible)), (["whether"], .status(.possible)), (["seeking"], .status(.possible)), (["seeks"], .status(.possible)),
        (["working", "to"], .status(.possible)), (["discussing"], .status(.possible)), (["uncertain"], .status(.possible)), (["if"], .status(.possible)),
        (["proposed"], .status(.proposed)), (["propose"], .status(.proposed)), (["proposes"], .status(.proposed)), (["proposal"], .status(.proposed)),
        (["offered"], .status(.proposed)), (["offer"], .status(.proposed)), (["offers"], .status(.proposed)), (["wants"], .status(.proposed)), (["would", "like", "to"], .status(.proposed)), (["would", "love", "to"], .status(.proposed)),
        (["want"], .status(.proposed)), (["wanted"], .status(.proposed)), (["desire"], .status(.proposed)), (["hopes"], .status(.proposed)),
        (["hope"], .status(.proposed)), (["hoped"], .status(.proposed)), (["called", "for"], .status(.proposed)), (["calls", "for"], .status(.proposed)),
        (["call", "for"], .status(.proposed)), (["urged"], .status(.proposed)), (["urges"], .status(.proposed)), (["invited"], .status(.proposed)),
        (["invites"], .status(.proposed)), (["invitation"], .status(.proposed)), (["suggested"], .status(.proposed)), (["pushing", "for"], .status(.proposed)),
        (["pushed", "for"], .status(.proposed)), (["wish"], .status(.proposed)), (["willing"], .status(.proposed)), (["ready"], .status(.proposed)),
        (["expected"], .status(.expected)), (["expects"], .status(.expected)), (["expect"], .status(.expected)), (["plans"], .status(.expected)),
        (["plan"], .status(.expected)), (["planned"], .status(.expected)), (["planning"], .status(.expected)), (["intends"], .status(.expected)),
        (["intend"], .status(.expected)), (["likely"], .status(.expected)), (["anticipated"], .status(.expected)), (["poised"], .status(.expected)),
        (["agreed", "to"], .status(.scheduled)), (["agreed", "on"], .status(.scheduled)), (["aims"], .status(.expected)),
        (["will"], .status(.scheduled)), (["would"], .status(.scheduled)), (["'ll"], .status(.scheduled)), (["shall"], .status(.scheduled)), (["scheduled"], .status(.scheduled)),
        (["set", "to"], .status(.scheduled)), (["set", "for"], .status(.scheduled)), (["slated"], .status(.scheduled)), (["due", "to"], .status(.scheduled)),
        (["upcoming"], .status(.scheduled)), (["is", "due"], .status(.scheduled)), (["are", "due"], .status(.scheduled)), (["will", "host"], .status(.scheduled)), (["is", "to"], .status(.scheduled)),
        (["are", "to"], .status(.scheduled)), (["confirmed"], .status(.scheduled)), (["announced"], .status(.scheduled)),
        (["held"], .status(.occurred)), (["hosted"], .status(.occurred)), (["had"], .status(.occurred)), (["attended"], .status(.occurred)),
        (["concluded"], .status(.occurred)), (["wrapped", "up"], .status(.occurred)), (["after"], .status(.occurred)), (["during"], .status(.occurred)),
        (["last"], .status(.occurred)), (["completed"], .status(.occurred)), (["ended"], .status(.occurred)), (["made"], .status(.occurred)),
        (["paid"], .status(.occurred)), (["wrapped"], .status(.occurred)), (["opened"], .status(.occurred)), (["kicked", "off"], .status(.occurred)),
    ]
    /// Modal phrases right after a trigger ("the talks were cancelled", "will take place").
    static let after: [([String], Status)] = [
        (["was", "to", "have", "been"], .cancelled), (["were", "to", "have", "been"], .cancelled),
        (["was", "originally"], .cancelled), (["were", "originally"], .cancelled), (["had", "originally"], .cancelled),
        (["has", "yet", "to"], .possible), (["have", "yet", "to"], .possible), (["is", "yet", "to"], .possible),
        (["had", "been", "scheduled"], .cancelled), (["had", "been", "set"], .cancelled), (["had", "been", "due"], .cancelled),
        (["had", "been", "pencilled"], .cancelled), (["had", "been", "penciled"], .cancelled),
        (["was", "cancelled"], .cancelled), (["were", "cancelled"], .cancelled), (["was", "canceled"], .cancelled), (["were", "canceled"], .cancelled),
        (["was", "called", "off"], .cancelled), (["were", "called", "off"], .cancelled), (["was", "postponed"], .cancelled),
        (["were", "postponed"], .cancelled), (["has", "been", "postponed"], .cancelled), (["have", "been", "postponed"], .cancelled),
        (["has", "been", "cancelled"], .cancelled), (["have", "been", "cancelled"], .cancelled), (["was", "scrapped"], .cancelled),
        (["has", "been", "called", "off"], .cancelled), (["had", "been", "cancelled"], .cancelled), (["had", "been", "postponed"], .cancelled),
        (["was", "held"], .occurred), (["were", "held"], .occurred), (["took", "place"], .occurred), (["ended"], .occurred), (["concluded"], .occurred),
        (["will", "be", "held"], .scheduled), (["would", "be", "held"], .scheduled), (["would", "take", "place"], .scheduled), (["will", "take", "place"], .scheduled), (["is", "scheduled"], .scheduled), (["are", "scheduled"], .scheduled),
        (["is", "set"], .scheduled), (["are", "set"], .scheduled), (["is", "slated"], .scheduled), (["will", "be"], .scheduled), (["is", "due"], .scheduled),
        (["is", "expected"], .expected), (["are", "expected"], .expected), (["is", "planned"], .expected), (["are", "planned"], .expected),
        (["is", "likely"], .expected), (["could", "take", "place"], .possible), (["may", "take", "place"], .possible), (["could", "be", "held"], .possible),
        (["may", "be", "held"], .possible), (["might", "be", "held"], .possible), (["remains", "uncertain"], .possible),
        (["has", "been", "proposed"], .proposed), (["was", "proposed"], .proposed),
        (["was", "under", "consideration"], .possible), (["is", "under", "consideration"], .possible), (["are", "under", "consideration"], .possible),
        (["may"], .possible), (["could"], .possible), (["might"], .possible), (["will"], .scheduled),
    ]

    /// `before` by each phrase's last word and `after` by its first, in their order: the
    /// modal search looks up the word at hand instead of trying every phrase.
    static let beforeByLast: [String: [([String], Cue)]] = Dictionary(grouping: before, by: { $0.0.last! })
    static let afterByFirst: [String: [([String], Status)]] = Dictionary(grouping: after, by: { $0.0.first! })

    /// "was called off", "has been postponed": a cancellation said of a meeting named earlier in the sentence.
    static let cancelParticiples: Set<String> = ["cancelled", "canceled", "called", "postponed", "scrapped", "put", "delayed", "shelved", "pushed"]
    static let cancelAuxiliaries: Set<String> = ["was", "were", "been", "is", "are"]
    /// Verbs of saying and agreeing: a date right after them ("said on Tuesday", "agreed on
    /// Friday to hold") is when it was said, not when the meeting is.
    static let speechVerbs: Set<String> = [
        "said", "says", "told", "announced", "announces", "confirmed", "confirms", "stated", "added", "reported", "declared", "disclosed",
        "revealed", "noted", "wrote", "tweeted", "agreed", "agree", "decided", "proposed", "proposes", "suggested", "urged", "invited",
        "insisted", "warned", "indicated", "signalled", "signaled", "acknowledged", "claimed", "briefed", "explained", "pledged", "vowed", "promised",
    ]

    /// Words a back-reference may have between its determiner and trigger ("the latest
    /// meeting", "such in-person meeting", "the possible three-way talks").
    static let determiners: Set<String> = ["the", "such", "this", "that", "these", "those"]
    static let referenceAdjectives: Set<String> = [
        "latest", "first", "last", "previous", "recent", "possible", "planned", "proposed", "upcoming", "scheduled", "expected", "two", "three",
        "rare", "informal", "formal", "annual", "virtual", "second", "third", "new", "such", "bilateral", "trilateral", "high-level",
        "working-level", "leaders", "ministers", "ministerial", "foreign", "summit", "closed-door", "two-day", "three-day", "one-day", "year's",
        "in-person", "face-to-face", "two-hour", "delayed", "postponed", "cancelled", "much-anticipated", "long-awaited", "same", "phone",
    ]
    /// Where a clause starts: subordinators that open another predicate.
    static let clauseOpeners: Set<String> = ["amid", "while", "whereas", "although", "though", "because"]
    static let clauseOpenersAfterComma: Set<String> = ["as", "after", "before", "when", "since", "but", "which", "who", "where"]
}
