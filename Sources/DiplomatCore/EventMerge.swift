import Foundation

/// How a later article about a meeting updates what the timeline knows: the same meeting is
/// recognised by its kind, its people (or countries) and a compatible date, and its status,
/// date and place move forward instead of a duplicate being added.
public enum EventMerge {
    /// One field a merge changed, old and new as text.
    public struct Change: Sendable, Hashable {
        public var field: String
        public var from: String?
        public var to: String?
    }

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

    static func names(_ e: Event) -> Set<String> { Set(e.participants.map { $0.name.lowercased() }) }

    /// Three or more sides, by its people, its countries or what it is called.
    static func isMultilateral(_ e: Event) -> Bool {
        e.participants.count >= 3 || e.countries.count >= 3 || e.title.lowercased().contains("trilateral") || e.title.lowercased().contains("three-way")
    }

    /// Whether `incoming` (read from a new document) is the meeting `existing` already records.
    /// Returns a score (higher is a closer match) or nil.
    public static func match(_ existing: Event, _ incoming: Event) -> Int? {
        guard family(existing.kind) == family(incoming.kind) else { return nil }
        let a = names(existing), b = names(incoming)
        var score = 0
        if !a.isEmpty && !b.isEmpty {
            let shared = a.intersection(b).count
            guard shared >= min(2, min(a.count, b.count)) else { return nil }
            // A trilateral is not the bilateral held beside it.
            guard isMultilateral(existing) == isMultilateral(incoming) else { return nil }
            score += shared * 10 + (a == b ? 5 : 0)
        } else {
            // Nobody named: the same countries on an overlapping, known date.
            guard !existing.countries.isEmpty, Set(existing.countries) == Set(incoming.countries), existing.when.isDated, incoming.when.isDated else { return nil }
            score += 5
        }
        let onMargins = { (e: Event) in e.relations.contains { $0.type == .onMarginsOf } }
        // A side meeting is not its host; but the same people's proposed talks can be held on the
        // sidelines of something ("held talks in London on the sidelines of a G7 meeting").
        guard onMargins(existing) == onMargins(incoming) || (!a.isEmpty && a == b) else { return nil }
        if let a0 = existing.when.earliest, let a1 = existing.when.latest, let b0 = incoming.when.earliest, let b1 = incoming.when.latest {
            let overlaps = a0 <= b1.addingTimeInterval(86_400) && b0 <= a1.addingTimeInterval(86_400)
            // "postponed" often names no date or another one: the people decide.
            if !overlaps && incoming.status != .cancelled { return nil }
            if overlaps { score += 3 }
        }
        if existing.kind == incoming.kind { score += 1 }
        return score
    }

    static let firmness: [Status: Int] = [.cancelled: 5, .occurred: 5, .scheduled: 4, .expected: 3, .proposed: 2, .possible: 2]

    /// `existing` updated with what a later document says, and the fields that changed.
    /// Relations in `incoming` must already name stored events.
    public static func merge(_ existing: Event, with incoming: Event) -> (Event, [Change]) {
        var e = existing
        var changes: [Change] = []
        // Status: news moves forward. A meeting that happened does not become possible again.
        if incoming.status != e.status && !(e.status == .occurred && incoming.status.isPending) {
            changes.append(Change(field: "status", from: e.status.rawValue, to: incoming.status.rawValue))
            e.status = incoming.status
        }
        // Date: a dated report replaces an undated one, a narrower window a wider one, and a
        // confirmation (held, scheduled) its own date.
        if incoming.when.isDated, incoming.when != existing.when, incoming.status != .cancelled || !existing.when.isDated {
            let width = { (w: When) in (w.latest ?? .distantFuture).timeIntervalSince(w.earliest ?? .distantPast) }
            let firm = incoming.status == .occurred || incoming.status == .scheduled
            if !existing.when.isDated || width(incoming.when) < width(existing.when) || firm {
                changes.append(Change(field: "when", from: existing.when.value, to: incoming.when.value))
                e.when = incoming.when
            }
        }
        if let place = incoming.location, place != e.location, e.location == nil || incoming.status == .occurred || incoming.status == .scheduled {
            changes.append(Change(field: "location", from: e.location?.name, to: place.name))
            e.location = place
        }
        for p in incoming.participants {
            if let i = e.participants.firstIndex(where: { $0.name.lowercased() == p.name.lowercased() }) {
                if e.participants[i].role == nil { e.participants[i].role = p.role }
                if e.participants[i].country == nil { e.participants[i].country = p.country }
            } else {
                e.participants.append(p)
                changes.append(Change(field: "participants", from: nil, to: p.name))
            }
        }
        for c in incoming.countries where !e.countries.contains(c) { e.countries.append(c) }
        for s in incoming.sources where !e.sources.contains(s) {
            e.sources.append(s)
            if !changes.contains(where: { $0.field == "source" && $0.to == s.document }) {
                changes.append(Change(field: "source", from: nil, to: s.document))
            }
        }
        for r in incoming.relations where !e.relations.contains(r) && r.event != e.id { e.relations.append(r) }
        return (e, changes)
    }
}
