import Foundation

/// What sort of occasion an event is.
public enum EventKind: String, Codable, Sendable, CaseIterable {
    case talks, meeting, summit, call, visit, inauguration, statement, other
}

/// A person taking part, with their role and country (ISO 3166-1 alpha-2) when known.
public struct Participant: Codable, Sendable, Hashable {
    public var name: String
    public var role: String?
    public var country: String?

    public init(name: String, role: String? = nil, country: String? = nil) {
        self.name = name
        self.role = role
        self.country = country
    }
}

/// Where an event takes place.
public struct Location: Codable, Sendable, Hashable {
    public var name: String
    public var country: String?

    public init(name: String, country: String? = nil) {
        self.name = name
        self.country = country
    }
}

/// Where we read about an event: the document, the quoted sentence and its offsets
/// (Unicode code points into the document text, end exclusive).
public struct SourceCitation: Codable, Sendable, Hashable {
    public var document: String
    public var quote: String
    public var start: Int
    public var end: Int

    public init(document: String, quote: String, start: Int, end: Int) {
        self.document = document
        self.quote = quote
        self.start = start
        self.end = end
    }
}

/// How one event stands to another.
public enum RelationType: String, Codable, Sendable, CaseIterable {
    case onMarginsOf, after, before
}

public struct Relation: Codable, Sendable, Hashable {
    public var type: RelationType
    public var event: String

    public init(type: RelationType, event: String) {
        self.type = type
        self.event = event
    }
}

/// One meeting (or call, visit, inauguration, statement…), merged from what the sources say.
public struct Event: Codable, Sendable, Hashable, Identifiable {
    public var id: String
    public var title: String
    public var kind: EventKind
    public var status: Status
    /// Derived from `status` and the clock; filled in by `evaluated(at:)` for output, never stored
    /// (the store strips it).
    public var effectiveStatus: EffectiveStatus?
    public var when: When
    public var participants: [Participant]
    public var countries: [String]
    public var location: Location?
    public var sources: [SourceCitation]
    public var relations: [Relation]
    /// Lead times for this event's reminders, overriding the policy for its status (nil: the
    /// policy applies; empty: no lead-time reminders).
    public var remind: [TimeInterval]?

    public init(id: String, title: String, kind: EventKind, status: Status, when: When,
                participants: [Participant] = [], countries: [String] = [], location: Location? = nil,
                sources: [SourceCitation] = [], relations: [Relation] = []) {
        self.id = id
        self.title = title
        self.kind = kind
        self.status = status
        self.when = when
        self.participants = participants
        self.countries = countries
        self.location = location
        self.sources = sources
        self.relations = relations
    }

    enum CodingKeys: String, CodingKey {
        case id, title, kind, status, effectiveStatus, when, participants, countries, location, sources, relations, remind
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        id = try c.decodeIfPresent(String.self, forKey: .id) ?? ""
        title = try c.decode(String.self, forKey: .title)
        kind = try c.decodeIfPresent(EventKind.self, forKey: .kind) ?? .meeting
        status = try c.decode(Status.self, forKey: .status)
        effectiveStatus = try c.decodeIfPresent(EffectiveStatus.self, forKey: .effectiveStatus)
        when = try c.decodeIfPresent(When.self, forKey: .when) ?? .undated(timeZone: TimeZone(identifier: "UTC")!)
        participants = try c.decodeIfPresent([Participant].self, forKey: .participants) ?? []
        countries = try c.decodeIfPresent([String].self, forKey: .countries) ?? []
        location = try c.decodeIfPresent(Location.self, forKey: .location)
        sources = try c.decodeIfPresent([SourceCitation].self, forKey: .sources) ?? []
        relations = try c.decodeIfPresent([Relation].self, forKey: .relations) ?? []
        if let texts = try c.decodeIfPresent([String].self, forKey: .remind) {
            var leads: [TimeInterval] = []
            for t in texts {
                guard let d = DurationText.parse(t), d > 0 else {
                    throw DecodingError.dataCorruptedError(forKey: .remind, in: c, debugDescription: "'\(t)' is not a duration such as P2D or PT3H")
                }
                leads.append(d)
            }
            remind = leads
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id)
        try c.encode(title, forKey: .title)
        try c.encode(kind, forKey: .kind)
        try c.encode(status, forKey: .status)
        try c.encodeIfPresent(effectiveStatus, forKey: .effectiveStatus)
        try c.encode(when, forKey: .when)
        try c.encode(participants, forKey: .participants)
        try c.encode(countries, forKey: .countries)
        try c.encode(location, forKey: .location)
        try c.encode(sources, forKey: .sources)
        try c.encode(relations, forKey: .relations)
        try c.encodeIfPresent(remind.map { $0.map(DurationText.iso(seconds:)) }, forKey: .remind)
    }

    /// A copy with `effectiveStatus` filled in, ready to show.
    public func evaluated(at now: Date) -> Event {
        var e = self
        e.effectiveStatus = effectiveStatus(at: now)
        return e
    }

    /// Checks what a client may send, naming the offending field.
    public func validate() throws(EventValidationError) {
        if title.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty { throw .init(field: "title", reason: "must not be empty") }
        if title.count > 500 { throw .init(field: "title", reason: "is longer than 500 characters") }
        for (i, c) in countries.enumerated() where !Event.isCountryCode(c) {
            throw .init(field: "countries[\(i)]", reason: "'\(c)' is not an ISO 3166-1 alpha-2 code such as KR")
        }
        for (i, p) in participants.enumerated() {
            if p.name.trimmingCharacters(in: .whitespaces).isEmpty { throw .init(field: "participants[\(i)].name", reason: "must not be empty") }
            if let c = p.country, !Event.isCountryCode(c) {
                throw .init(field: "participants[\(i)].country", reason: "'\(c)' is not an ISO 3166-1 alpha-2 code")
            }
        }
        if let c = location?.country, !Event.isCountryCode(c) {
            throw .init(field: "location.country", reason: "'\(c)' is not an ISO 3166-1 alpha-2 code")
        }
        for (i, s) in sources.enumerated() where s.start < 0 || s.end < s.start {
            throw .init(field: "sources[\(i)]", reason: "offsets must satisfy 0 <= start <= end")
        }
        for (i, r) in relations.enumerated() where r.event == id {
            throw .init(field: "relations[\(i)].event", reason: "an event cannot relate to itself")
        }
    }

    public static func isCountryCode(_ s: String) -> Bool {
        s.utf8.count == 2 && s.utf8.allSatisfy { $0 >= 65 && $0 <= 90 }
    }
}

/// A field of an event that a client got wrong.
public struct EventValidationError: Error, Equatable, CustomStringConvertible {
    public var field: String
    public var reason: String
    public init(field: String, reason: String) {
        self.field = field
        self.reason = reason
    }
    public var description: String { "\(field) \(reason)" }
}
