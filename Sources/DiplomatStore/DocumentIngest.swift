import DiplomatCore
import Foundation
import GRDB

/// What ingesting one document did: `added` if it was new (with the events it created and
/// the ones it updated), `unchanged` if the store already had it.
public struct IngestOutcome: Codable, Sendable, Hashable {
    public var id: String
    public var name: String?
    public var outcome: String
    public var added: [String]
    public var updated: [String]

    public var isNew: Bool { outcome == "added" }

    public init(id: String, name: String?, outcome: String, added: [String], updated: [String]) {
        self.id = id
        self.name = name
        self.outcome = outcome
        self.added = added
        self.updated = updated
    }
}

extension TimelineStore {
    /// Ingests each document the store does not have yet, each in its own transaction, merging
    /// its events into the timeline (see `ingest(_:events:actor:at:policy:)`).
    public func ingestNewDocuments(_ documents: [SeedDocument], actor: String, at: Date, policy: ReminderPolicy = .standard) async throws -> [IngestOutcome] {
        var out: [IngestOutcome] = []
        for seed in documents {
            out.append(try await ingest(seed.document, events: seed.events, actor: actor, at: at, policy: policy))
        }
        return out
    }

    /// Whether the store already has a document: callers skip extracting it again.
    public func hasDocument(_ id: String) async throws -> Bool {
        try await writer.read { db in try Bool.fetchOne(db, sql: "SELECT 1 FROM document WHERE id = ?", arguments: [id]) == true }
    }

    /// Stores a document and merges the events read from it, in one durable transaction: an
    /// event that is a meeting the timeline already has updates it (status, date, place, a new
    /// source, a revision); any other is added. A document the store already has changes nothing.
    public func ingest(_ document: Document, events: [Event], name: String? = nil, actor: String, at: Date, policy: ReminderPolicy = .standard) async throws -> IngestOutcome {
        try await writer.write { db in
            try Self.ingest(db, document, events: events, name: name, actor: actor, at: at, policy: policy)
        }
    }

    static func ingest(_ db: Database, _ d: Document, events: [Event], name: String?, actor: String, at: Date, policy: ReminderPolicy) throws -> IngestOutcome {
        if try Bool.fetchOne(db, sql: "SELECT 1 FROM document WHERE id = ?", arguments: [d.id]) == true {
            return IngestOutcome(id: d.id, name: name, outcome: "unchanged", added: [], updated: [])
        }
        try db.execute(sql: "INSERT INTO document (id, published, source, timeZone, text, addedAt) VALUES (?,?,?,?,?,?)",
                       arguments: [d.id, d.published, d.source, d.timeZone, d.text, at.timeIntervalSince1970])
        var idMap: [String: String] = [:]
        var added: [String] = []
        var updated: [String] = []
        var claimed: Set<String> = []
        // Events others refer to go first, so every relation names a stored event.
        for incoming in dependencyOrder(events) {
            var e = incoming
            e.relations = e.relations.compactMap { r in idMap[r.event].map { Relation(type: r.type, event: $0) } }
            if let (stored, existing) = try bestMatch(db, for: e, excluding: claimed, published: d.published) {
                claimed.insert(stored)
                idMap[incoming.id] = stored
                e.relations = e.relations.filter { $0.event != stored }
                let (merged, changes) = EventMerge.merge(existing, with: e)
                try db.execute(sql: "UPDATE event SET status = ?, earliest = ?, latest = ?, spanClass = ?, body = ?, updatedAt = ? WHERE id = ?",
                               arguments: [merged.status.rawValue, merged.when.earliest?.timeIntervalSince1970, merged.when.latest?.timeIntervalSince1970,
                                           spanClass(merged.when), try body(merged), at.timeIntervalSince1970, stored])
                for table in ["event_source", "event_country", "event_participant"] {
                    try db.execute(sql: "DELETE FROM \(table) WHERE eventId = ?", arguments: [stored])
                }
                try writeDetails(db, merged)
                try replan(db, event: stored, plan: ReminderPlanner.plan(merged, policy: policy), now: at)
                _ = try appendRevision(db, event: stored, at: at, actor: actor, action: "ingest",
                                       changes: changes.map { FieldChange(field: $0.field, from: $0.from, to: $0.to) })
                updated.append(stored)
            } else {
                var id = e.id.isEmpty ? "event" : e.id
                if try Bool.fetchOne(db, sql: "SELECT 1 FROM event WHERE id = ?", arguments: [id]) == true {
                    var n = 2
                    while try Bool.fetchOne(db, sql: "SELECT 1 FROM event WHERE id = ?", arguments: ["\(id)-\(n)"]) == true { n += 1 }
                    id = "\(id)-\(n)"
                }
                e.id = id
                idMap[incoming.id] = id
                claimed.insert(id)
                try insert(db, e, at: at)
                try replan(db, event: id, plan: ReminderPlanner.plan(e, policy: policy), now: at)
                _ = try appendRevision(db, event: id, at: at, actor: actor, action: "add",
                                       changes: [FieldChange(field: "status", from: nil, to: e.status.rawValue),
                                                 FieldChange(field: "source", from: nil, to: d.id)])
                added.append(id)
            }
        }
        if try String.fetchOne(db, sql: "SELECT value FROM setting WHERE key = 'seededAt'") == nil {
            try db.execute(sql: "INSERT INTO setting (key, value) VALUES ('seededAt', ?)", arguments: [ISO8601.format(at, in: TimeZone(identifier: "UTC")!)])
        }
        return IngestOutcome(id: d.id, name: name, outcome: "added", added: added, updated: updated)
    }

    static func dependencyOrder(_ events: [Event]) -> [Event] {
        var done: Set<String> = []
        var out: [Event] = []
        var rest = events
        let ids = Set(events.map(\.id))
        while !rest.isEmpty {
            let before = rest.count
            rest.removeAll { e in
                guard e.relations.allSatisfy({ done.contains($0.event) || !ids.contains($0.event) }) else { return false }
                out.append(e)
                done.insert(e.id)
                return true
            }
            if rest.count == before { out += rest; break }  // a cycle: keep the order given
        }
        return out
    }

    /// The stored event that is the same meeting, looked for among events whose window is
    /// near the incoming one (or, for an undated one, in the year after publication) and
    /// undated events.
    static func bestMatch(_ db: Database, for e: Event, excluding: Set<String>, published: String) throws -> (String, Event)? {
        let day: TimeInterval = 86_400
        let from: Date, to: Date
        if let a = e.when.earliest, let b = e.when.latest {
            from = a.addingTimeInterval(-day)
            to = b.addingTimeInterval(day)
        } else {
            let p = ISO8601.parse(published, defaultZone: e.when.timeZone) ?? Date()
            from = p.addingTimeInterval(-31 * day)
            to = p.addingTimeInterval(400 * day)
        }
        var candidates = try overlapping(db, from: from, to: to, pendingOnly: false, limit: 2_000)
        candidates += try undated(db, pendingOnly: false, limit: 2_000)
        if e.status == .cancelled {
            // "postponed" may carry another date: pending meetings of the year around it count too.
            let p = ISO8601.parse(published, defaultZone: e.when.timeZone) ?? Date()
            candidates += try overlapping(db, from: p.addingTimeInterval(-31 * day), to: p.addingTimeInterval(400 * day), pendingOnly: true, limit: 2_000)
        }
        var best: (Int, String, Event)?
        var seen: Set<String> = []
        for c in candidates where !excluding.contains(c.id) && seen.insert(c.id).inserted {
            let stored = try c.event()
            guard let score = EventMerge.match(stored, e) else { continue }
            if best == nil || score > best!.0 { best = (score, c.id, stored) }
        }
        return best.map { ($0.1, $0.2) }
    }
}
