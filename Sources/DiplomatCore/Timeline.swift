import Foundation

/// Which events a query keeps, beyond its time range.
public struct TimelineFilter: Codable, Sendable, Hashable {
    /// ISO 3166-1 alpha-2 codes; an event matches if it involves any of them.
    public var countries: [String]
    /// Names or parts of names, case-insensitive; an event matches if any participant matches any.
    public var people: [String]
    /// Effective statuses (including `lapsed`); empty means any.
    public var statuses: [EffectiveStatus]

    public init(countries: [String] = [], people: [String] = [], statuses: [EffectiveStatus] = []) {
        self.countries = countries
        self.people = people
        self.statuses = statuses
    }

    public var isEmpty: Bool { countries.isEmpty && people.isEmpty && statuses.isEmpty }

    public func matches(_ event: Event, at now: Date) -> Bool {
        if !countries.isEmpty {
            let involved = Set(event.countries + event.participants.compactMap(\.country) + [event.location?.country].compactMap { $0 })
            if !countries.contains(where: { involved.contains($0.uppercased()) }) { return false }
        }
        if !people.isEmpty {
            let hit = event.participants.contains { p in people.contains { p.name.range(of: $0, options: [.caseInsensitive, .diacriticInsensitive]) != nil } }
            if !hit { return false }
        }
        if !statuses.isEmpty, !statuses.contains(event.effectiveStatus(at: now)) { return false }
        return true
    }
}

/// What the timeline rules need to know of an event: its id, stated status and window.
/// Both `Event` and the store's undecoded rows conform, so the store can apply the same
/// rules without decoding every event.
public protocol TimelineEntry {
    var id: String { get }
    var status: Status { get }
    var earliest: Date? { get }
    var latest: Date? { get }
}

extension TimelineEntry {
    /// The status at `now`: a pending event whose window closed before `now` has lapsed.
    public func effectiveStatus(at now: Date) -> EffectiveStatus {
        if status.isPending, let latest, latest < now { return .lapsed }
        return EffectiveStatus(status)
    }
}

extension Event: TimelineEntry {
    public var earliest: Date? { when.earliest }
    public var latest: Date? { when.latest }
}

/// Timeline queries as pure functions over events and an instant. The store narrows the
/// candidates with its indexes; these functions decide, so both agree by construction.
public enum Timeline {
    public static func upcoming(_ events: [Event], now: Date, within: TimeInterval? = nil,
                                filter: TimelineFilter, limit: Int? = nil) -> [Event] {
        upcoming(events, now: now, within: within, limit: limit) { filter.matches($0, at: now) }
    }

    public static func range(_ events: [Event], from: Date?, to: Date?, now: Date, filter: TimelineFilter, limit: Int? = nil) -> [Event] {
        range(events, from: from, to: to, limit: limit) { filter.matches($0, at: now) }
    }

    /// Soonest first by the start of the window; undated events last; ties by id.
    public static func precedes(_ a: some TimelineEntry, _ b: some TimelineEntry) -> Bool {
        switch (a.earliest, b.earliest) {
        case let (x?, y?): return x != y ? x < y : a.id < b.id
        case (.some, nil): return true
        case (nil, .some): return false
        case (nil, nil): return a.id < b.id
        }
    }

    /// An event is upcoming at `now` when it may still happen and its window has not closed.
    /// Undated pending events count as upcoming unless a horizon (`within`) is asked for.
    public static func isUpcoming(_ e: some TimelineEntry, now: Date, within: TimeInterval? = nil) -> Bool {
        guard e.status.isPending else { return false }
        guard let earliest = e.earliest, let latest = e.latest else { return within == nil }
        if latest < now { return false }
        if let within, earliest > now.addingTimeInterval(within) { return false }
        return true
    }

    public static func upcoming<E: TimelineEntry>(_ events: some Sequence<E>, now: Date, within: TimeInterval? = nil,
                                                  limit: Int? = nil, where keep: ((E) -> Bool)? = nil) -> [E] {
        let kept = events.filter { isUpcoming($0, now: now, within: within) && (keep?($0) ?? true) }.sorted { precedes($0, $1) }
        return limit.map { Array(kept.prefix($0)) } ?? kept
    }

    /// Whether an event's window overlaps `[from, to]`. Without bounds every event overlaps,
    /// undated ones included; with a bound, undated events are left out.
    public static func overlaps(_ e: some TimelineEntry, from: Date?, to: Date?) -> Bool {
        if from == nil && to == nil { return true }
        guard let earliest = e.earliest, let latest = e.latest else { return false }
        if let from, latest < from { return false }
        if let to, earliest > to { return false }
        return true
    }

    public static func range<E: TimelineEntry>(_ events: some Sequence<E>, from: Date?, to: Date?,
                                               limit: Int? = nil, where keep: ((E) -> Bool)? = nil) -> [E] {
        let kept = events.filter { overlaps($0, from: from, to: to) && (keep?($0) ?? true) }.sorted { precedes($0, $1) }
        return limit.map { Array(kept.prefix($0)) } ?? kept
    }
}
