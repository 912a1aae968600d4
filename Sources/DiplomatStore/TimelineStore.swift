import DiplomatCore
import Foundation
import GRDB
import Synchronization

/// One recorded change to an event: the append-only history behind every write.
public struct Revision: Codable, Sendable, Hashable {
    public var seq: Int64
    public var event: String
    public var at: Date
    /// Who made the change: "seed", "uid:1000", …
    public var actor: String
    /// "add", "setStatus", …
    public var action: String
    public var changes: [FieldChange]

    public init(seq: Int64, event: String, at: Date, actor: String, action: String, changes: [FieldChange]) {
        self.seq = seq
        self.event = event
        self.at = at
        self.actor = actor
        self.action = action
        self.changes = changes
    }

    enum CodingKeys: String, CodingKey { case seq, event, at, actor, action, changes }

    /// `at` goes on the wire as ISO 8601 (UTC), like every other time in the contracts.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(seq, forKey: .seq)
        try c.encode(event, forKey: .event)
        try c.encode(ISO8601.format(at, in: TimeZone(identifier: "UTC")!), forKey: .at)
        try c.encode(actor, forKey: .actor)
        try c.encode(action, forKey: .action)
        try c.encode(changes, forKey: .changes)
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        seq = try c.decode(Int64.self, forKey: .seq)
        event = try c.decode(String.self, forKey: .event)
        let text = try c.decode(String.self, forKey: .at)
        guard let at = ISO8601.parse(text) else {
            throw DecodingError.dataCorruptedError(forKey: .at, in: c, debugDescription: "'\(text)' is not an ISO 8601 time")
        }
        self.at = at
        actor = try c.decode(String.self, forKey: .actor)
        action = try c.decode(String.self, forKey: .action)
        changes = try c.decode([FieldChange].self, forKey: .changes)
    }
}

/// A field that a revision changed, with its old and new values written as text.
public struct FieldChange: Codable, Sendable, Hashable {
    public var field: String
    public var from: String?
    public var to: String?
    public init(field: String, from: String?, to: String?) {
        self.field = field
        self.from = from
        self.to = to
    }
}

/// A news document the timeline was read from.
public struct Document: Codable, Sendable, Hashable {
    public var id: String
    public var published: String
    public var source: String?
    public var timeZone: String
    public var text: String
    public init(id: String, published: String, source: String?, timeZone: String, text: String) {
        self.id = id
        self.published = published
        self.source = source
        self.timeZone = timeZone
        self.text = text
    }
}

/// An event as stored: the columns the timeline rules need, and its JSON body, which is only
/// decoded when something needs more than these (a filter, an update) — replies splice it as is.
public struct StoredEvent: TimelineEntry, Sendable, Hashable {
    public var id: String
    public var status: Status
    public var earliest: Date?
    public var latest: Date?
    /// The event's JSON, as written by `TimelineStore` (sorted keys, no `effectiveStatus`).
    public var body: String


    public init(id: String, status: Status, earliest: Date?, latest: Date?, body: String) {
        self.id = id
        self.status = status
        self.earliest = earliest
        self.latest = latest
        self.body = body
    }

    /// Reads `id, status, earliest, latest, body`, in that order.
    init(_ row: Row) {
        id = row[0]
        let s: String = row[1]
        status = Status(rawValue: s) ?? .possible  // only this store writes statuses; never expected to fall back
        earliest = (row[2] as Double?).map(Date.init(timeIntervalSince1970:))
        latest = (row[3] as Double?).map(Date.init(timeIntervalSince1970:))
        body = row[4]
    }

    public func event() throws -> Event { try TimelineStore.decodeEvent(body) }
}

/// A document with the events read from it, as the seeds directory provides them.
public struct SeedDocument: Sendable {
    public var document: Document
    public var events: [Event]
    public init(document: Document, events: [Event]) {
        self.document = document
        self.events = events
    }
}

/// Errors the store reports to callers, each naming what is wrong.
extension StoreError {
    /// What a failed database operation means for the operator, in words: a full disk, a
    /// read-only mount and a damaged file each say what to do.
    public static func explain(_ error: any Error) -> String {
        if let e = error as? StoreError { return e.description }
        if let db = error as? DatabaseError {
            switch db.resultCode {
            case .SQLITE_FULL:
                return "the file system holding the database is full; free some space and try again (nothing was changed)"
            case .SQLITE_READONLY:
                return "the database cannot be written (read-only file or mount; check the state directory); nothing was changed"
            case .SQLITE_IOERR:
                return "the disk reported an I/O error while writing the database (\(db.message ?? "no detail")); nothing was changed"
            case .SQLITE_CORRUPT, .SQLITE_NOTADB:
                return "the database file is damaged (\(db.message ?? "no detail")); restore it from a backup"
            default:
                return "database error: \(db.message ?? String(describing: db))"
            }
        }
        return String(describing: error)
    }
}

public enum StoreError: Error, Equatable, CustomStringConvertible {
    case duplicateID(String)
    case noSuchEvent(String)
    case relationToUnknownEvent(field: String, id: String)
    case cannotOpen(path: String, reason: String)
    case newerSchema(path: String, migration: String)
    case noSuchReminder(Int64)

    public var description: String {
        switch self {
        case .duplicateID(let id): return "an event with id '\(id)' already exists"
        case .noSuchEvent(let id): return "no event with id '\(id)'"
        case .noSuchReminder(let id): return "no reminder with id \(id)"
        case .relationToUnknownEvent(let field, let id): return "\(field) refers to '\(id)', which is not an event"
        case .cannotOpen(let path, let reason): return "cannot open the database \(path): \(reason)"
        case .newerSchema(let path, let m):
            return "the database \(path) was written by a newer diplomatd (it has migration '\(m)', which this version does not know); refusing to touch it"
        }
    }
}

/// The timeline in SQLite (through GRDB): events with indexed windows, their sources,
/// countries and participants, the documents they came from, and an append-only revision log.
///
/// Upcoming and range queries never scan the whole table. Every event is filed under a
/// *span class* (how long its window is, by the ladder in `spanClasses`); within a class,
/// a window that overlaps an instant must have started at most one class-span before it,
/// so each class answers with a bounded range scan of the `(spanClass, earliest)` index.
public struct TimelineStore: Sendable {
    public let writer: any DatabaseWriter
    public let path: String?
    /// A connection of its own for small reads on the calling thread (nil in memory).
    let quickReader: QuickReader?

    /// Upper bounds (seconds) of window lengths per class: minute, day (DST-safe), week,
    /// month, quarter/season, year, decade, anything longer.
    static let spanClasses: [Double] = [60, 90_000, 8 * 86_400, 32 * 86_400, 93 * 86_400, 367 * 86_400, 3_700 * 86_400, .infinity]

    static func spanClass(_ when: When) -> Int? {
        guard let e = when.earliest, let l = when.latest else { return nil }
        let span = l.timeIntervalSince(e)
        return spanClasses.firstIndex { span < $0 } ?? spanClasses.count - 1
    }

    /// Opens (creating if needed) the database file at `path`, in WAL mode with full syncs so
    /// that a write acknowledged to a client survives `kill -9` and power loss.
    public static func open(path: String) throws -> TimelineStore {
        var config = Configuration()
        config.prepareDatabase { db in
            try db.execute(sql: "PRAGMA synchronous = FULL")
        }
        config.busyMode = .timeout(5)
        // Not GRDB's default .userInitiated: that asks for a negative nice value, which an
        // unprivileged service may not take (libdispatch then logs a warning per thread).
        config.qos = .default
        let pool: DatabasePool
        do {
            pool = try DatabasePool(path: path, configuration: config)
        } catch let error as DatabaseError {
            throw StoreError.cannotOpen(path: path, reason: Self.explain(error))
        }
        var store = TimelineStore(writer: pool, path: path)
        try store.migrate()
        // Opened after the migrations, read-only; without it every read takes the pool.
        var readOnly = config
        readOnly.readonly = true
        store = TimelineStore(writer: pool, path: path, quickReader: (try? DatabaseQueue(path: path, configuration: readOnly)).map(QuickReader.init))
        return store
    }

    /// A throwaway in-memory store for tests.
    public static func inMemory() throws -> TimelineStore {
        let store = TimelineStore(writer: try DatabaseQueue(), path: nil)
        try store.migrate()
        return store
    }

    init(writer: any DatabaseWriter, path: String?, quickReader: QuickReader? = nil) {
        self.writer = writer
        self.path = path
        self.quickReader = quickReader
    }

    static func explain(_ error: DatabaseError) -> String {
        switch error.resultCode {
        case .SQLITE_CANTOPEN: return "the file or its directory cannot be opened (check that the state directory exists and is writable)"
        case .SQLITE_READONLY: return "the file or its directory is read-only"
        case .SQLITE_NOTADB, .SQLITE_CORRUPT: return "the file is not a diplomatd database or is corrupt (it was left untouched)"
        case .SQLITE_FULL: return "the disk is full"
        default: return error.message ?? "\(error)"
        }
    }

    static var migrator: DatabaseMigrator {
        var m = DatabaseMigrator()
        m.registerMigration("v1-timeline") { db in
            try db.execute(sql: """
                CREATE TABLE document (
                  id TEXT PRIMARY KEY NOT NULL,
                  published TEXT NOT NULL,
                  source TEXT,
                  timeZone TEXT NOT NULL,
                  text TEXT NOT NULL,
                  addedAt REAL NOT NULL
                );
                CREATE TABLE event (
                  id TEXT PRIMARY KEY NOT NULL,
                  status TEXT NOT NULL,
                  earliest REAL,
                  latest REAL,
                  spanClass INTEGER,
                  body TEXT NOT NULL,
                  createdAt REAL NOT NULL,
                  updatedAt REAL NOT NULL
                );
                CREATE INDEX event_by_span_start ON event(spanClass, earliest);
                CREATE INDEX event_pending_by_span_start ON event(spanClass, earliest)
                  WHERE status IN ('scheduled','expected','possible','proposed');
                CREATE INDEX event_undated ON event(id) WHERE earliest IS NULL;
                CREATE TABLE event_source (
                  eventId TEXT NOT NULL REFERENCES event(id) ON DELETE CASCADE,
                  document TEXT NOT NULL,
                  quote TEXT NOT NULL,
                  start INTEGER NOT NULL,
                  "end" INTEGER NOT NULL
                );
                CREATE INDEX event_source_by_event ON event_source(eventId);
                CREATE INDEX event_source_by_document ON event_source(document);
                CREATE TABLE event_country (
                  eventId TEXT NOT NULL REFERENCES event(id) ON DELETE CASCADE,
                  country TEXT NOT NULL,
                  PRIMARY KEY (country, eventId)
                ) WITHOUT ROWID;
                CREATE TABLE event_participant (
                  eventId TEXT NOT NULL REFERENCES event(id) ON DELETE CASCADE,
                  name TEXT NOT NULL COLLATE NOCASE,
                  PRIMARY KEY (name, eventId)
                ) WITHOUT ROWID;
                CREATE TABLE revision (
                  seq INTEGER PRIMARY KEY AUTOINCREMENT,
                  eventId TEXT NOT NULL,
                  at REAL NOT NULL,
                  actor TEXT NOT NULL,
                  action TEXT NOT NULL,
                  changes TEXT NOT NULL
                );
                CREATE INDEX revision_by_event ON revision(eventId, seq);
                CREATE TRIGGER revision_no_update BEFORE UPDATE ON revision
                  BEGIN SELECT RAISE(ABORT, 'revisions are append-only'); END;
                CREATE TRIGGER revision_no_delete BEFORE DELETE ON revision
                  BEGIN SELECT RAISE(ABORT, 'revisions are append-only'); END;
                CREATE TABLE setting (key TEXT PRIMARY KEY NOT NULL, value TEXT NOT NULL);
                """)
        }
        // Covering indexes: queries pick ids from the index alone, ties on the window start
        // broken by id, and read event bodies only for the rows they return. The unbounded
        // timeline walks an index in time order instead of sorting the table.
        m.registerMigration("v2-ordered-indexes") { db in
            try db.execute(sql: """
                DROP INDEX event_by_span_start;
                DROP INDEX event_pending_by_span_start;
                DROP INDEX event_undated;
                CREATE INDEX event_by_span_start ON event(spanClass, earliest, id, latest, status);
                CREATE INDEX event_pending_by_span_start ON event(spanClass, earliest, id, latest, status)
                  WHERE status IN ('scheduled','expected','possible','proposed');
                CREATE INDEX event_undated ON event(id, status) WHERE earliest IS NULL;
                CREATE INDEX event_by_start ON event(earliest, id, latest, status);
                """)
        }
        registerReminderMigrations(&m)
        return m
    }

    func migrate() throws {
        let migrator = Self.migrator
        do {
            try writer.read { db in
                let applied = try migrator.appliedIdentifiers(db)
                let known = Set(migrator.migrations)
                if let unknown = applied.first(where: { !known.contains($0) }) {
                    throw StoreError.newerSchema(path: path ?? ":memory:", migration: unknown)
                }
            }
            try migrator.migrate(writer)
        } catch let error as DatabaseError {
            throw StoreError.cannotOpen(path: path ?? ":memory:", reason: Self.explain(error))
        }
    }

    // MARK: Reading

    static let encoder: JSONEncoder = {
        let e = JSONEncoder()
        e.outputFormatting = [.sortedKeys]
        return e
    }()

    static func decodeEvent(_ body: String) throws -> Event {
        try JSONDecoder().decode(Event.self, from: Data(body.utf8))
    }

    public func event(id: String) async throws -> Event? {
        try await read(rows: 1) { db in
            try String.fetchOne(db, sql: "SELECT body FROM event WHERE id = ?", arguments: [id]).map(Self.decodeEvent)
        }
    }

    public func eventCount() async throws -> Int {
        try await writer.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM event") ?? 0 }
    }

    public func revisions(of id: String) async throws -> [Revision] {
        try await read(rows: 100) { db in
            try Row.fetchAll(db, sql: "SELECT seq, eventId, at, actor, action, changes FROM revision WHERE eventId = ? ORDER BY seq", arguments: [id]).map(Self.revision)
        }
    }

    static func revision(_ row: Row) throws -> Revision {
        let changes: String = row["changes"]
        return Revision(seq: row["seq"], event: row["eventId"], at: Date(timeIntervalSince1970: row["at"]),
                        actor: row["actor"], action: row["action"],
                        changes: try JSONDecoder().decode([FieldChange].self, from: Data(changes.utf8)))
    }

    /// The query behind `overlapping` for one span class; public so tests can check its plan.
    /// The filter and order come from the covering index; the body is read only for rows
    /// that are stepped to.
    public static func overlapSQL(pendingOnly: Bool, spanClass: Int) -> String {
        let index = pendingOnly ? "event_pending_by_span_start" : "event_by_span_start"
        let pending = pendingOnly ? "AND status IN ('scheduled','expected','possible','proposed')" : ""
        return """
            SELECT id, status, earliest, latest, body FROM event INDEXED BY \(index)
            WHERE spanClass = \(spanClass) AND earliest >= ? AND earliest <= ? AND latest >= ? \(pending)
            ORDER BY earliest, id LIMIT ?
            """
    }

    /// Events whose window overlaps `[from, to]`, earliest first, at most `limit`.
    ///
    /// One ordered cursor per span class (see the type's documentation), merged lazily: only
    /// about `limit` rows are ever read, whatever the size of the table.
    static func overlapping(_ db: Database, from: Date, to: Date?, pendingOnly: Bool, limit: Int) throws -> [StoredEvent] {
        let upper = to?.timeIntervalSince1970 ?? .greatestFiniteMagnitude
        var cursors: [RowCursor] = []
        var heads: [StoredEvent?] = []
        for (cls, span) in spanClasses.enumerated() {
            let lower = span.isFinite ? from.timeIntervalSince1970 - span : -Double.greatestFiniteMagnitude
            let statement = try db.cachedStatement(sql: overlapSQL(pendingOnly: pendingOnly, spanClass: cls))
            let cursor = try Row.fetchCursor(statement, arguments: [lower, upper, from.timeIntervalSince1970, limit])
            cursors.append(cursor)
            heads.append(try cursor.next().map(StoredEvent.init))
        }
        var out: [StoredEvent] = []
        while out.count < limit {
            var best: Int?
            for i in heads.indices {
                guard let h = heads[i] else { continue }
                if let b = best, let hb = heads[b], !Timeline.precedes(h, hb) { continue }
                best = i
            }
            guard let b = best, let head = heads[b] else { break }
            out.append(head)
            heads[b] = try cursors[b].next().map(StoredEvent.init)
        }
        return out
    }

    static func undated(_ db: Database, pendingOnly: Bool, limit: Int) throws -> [StoredEvent] {
        let pending = pendingOnly ? "AND status IN ('scheduled','expected','possible','proposed')" : ""
        let statement = try db.cachedStatement(sql: "SELECT id, status, earliest, latest, body FROM event INDEXED BY event_undated WHERE earliest IS NULL \(pending) ORDER BY id LIMIT ?")
        return try Row.fetchAll(statement, arguments: [limit]).map(StoredEvent.init)
    }

    /// Keeps the candidates a filter accepts; only then are events decoded.
    static func matching(_ candidates: [StoredEvent], _ filter: TimelineFilter, now: Date) throws -> [StoredEvent] {
        if filter.isEmpty { return candidates }
        return try candidates.filter { filter.matches(try $0.event(), at: now) }
    }

    /// Upcoming events at `now` (see `Timeline.isUpcoming`), soonest first, undecoded.
    public func upcoming(now: Date, within: TimeInterval? = nil, filter: TimelineFilter = .init(), limit: Int = 100) async throws -> [StoredEvent] {
        try await read(rows: limit) { db in
            // With a filter, fetch wider and let the domain decide; without one the index is exact.
            let fetch = filter.isEmpty ? limit : max(limit * 20, 2000)
            var candidates = try Self.overlapping(db, from: now, to: within.map { now.addingTimeInterval($0) }, pendingOnly: true, limit: fetch)
            if within == nil { candidates += try Self.undated(db, pendingOnly: true, limit: fetch) }
            return Timeline.upcoming(try Self.matching(candidates, filter, now: now), now: now, within: within, limit: limit)
        }
    }

    /// How many events are upcoming at `now`, counting at most `cap` (for status lines).
    public func upcomingCount(now: Date, cap: Int = 10_000) async throws -> Int {
        try await writer.read { db in
            var total = 0
            for (cls, span) in Self.spanClasses.enumerated() {
                let lower = span.isFinite ? now.timeIntervalSince1970 - span : -Double.greatestFiniteMagnitude
                total += try Int.fetchOne(db.cachedStatement(sql: """
                    SELECT count(*) FROM (SELECT 1 FROM event INDEXED BY event_pending_by_span_start
                    WHERE spanClass = \(cls) AND earliest >= ? AND latest >= ?
                    AND status IN ('scheduled','expected','possible','proposed') LIMIT ?)
                    """), arguments: [lower, now.timeIntervalSince1970, cap]) ?? 0
            }
            total += try Int.fetchOne(db.cachedStatement(sql: """
                SELECT count(*) FROM (SELECT 1 FROM event INDEXED BY event_undated WHERE earliest IS NULL
                AND status IN ('scheduled','expected','possible','proposed') LIMIT ?)
                """), arguments: [cap]) ?? 0
            return min(total, cap)
        }
    }

    /// A trivial read, proving a reader connection can be had and used (for the watchdog).
    public func ping() async throws {
        _ = try await writer.read { db in try Int.fetchOne(db, sql: "SELECT 1") }
    }

    /// Events overlapping `[from, to]` in time order; without bounds, the whole timeline
    /// (undated events last).
    public func timeline(from: Date?, to: Date?, now: Date, filter: TimelineFilter = .init(), limit: Int = 1000) async throws -> [StoredEvent] {
        try await read(rows: limit) { db in
            let fetch = filter.isEmpty ? limit : max(limit * 20, 5000)
            var candidates: [StoredEvent]
            if from == nil && to == nil {
                candidates = try Row.fetchAll(db.cachedStatement(sql: "SELECT id, status, earliest, latest, body FROM event INDEXED BY event_by_start WHERE earliest IS NOT NULL ORDER BY earliest, id LIMIT ?"),
                                              arguments: [fetch]).map(StoredEvent.init)
                if candidates.count < fetch { candidates += try Self.undated(db, pendingOnly: false, limit: fetch - candidates.count) }
            } else {
                candidates = try Self.overlapping(db, from: from ?? Date(timeIntervalSince1970: -62_135_596_800), to: to, pendingOnly: false, limit: fetch)
            }
            return Timeline.range(try Self.matching(candidates, filter, now: now), from: from, to: to, limit: limit)
        }
    }

    /// Runs a read. Small reads (at most `smallRead` rows) run on the calling thread when the
    /// quick reader is free: the hop to GRDB's queue and back costs more than the query itself
    /// (about 240 µs against 130 µs for a 20-event Upcoming, see bench/). Everything else goes
    /// to GRDB's reader pool, which is never waited for on the calling thread (see `QuickReader`).
    func read<T: Sendable>(rows: Int, _ body: @escaping @Sendable (Database) throws -> T) async throws -> T {
        if rows <= Self.smallRead, let quickReader, let value = try quickReader.readIfFree(body) { return value }
        return try await writer.read(body)
    }

    static let smallRead = 1000

    // MARK: Writing

    static func insert(_ db: Database, _ event: Event, at: Date) throws {
        if try Bool.fetchOne(db, sql: "SELECT 1 FROM event WHERE id = ?", arguments: [event.id]) == true {
            throw StoreError.duplicateID(event.id)
        }
        for (i, r) in event.relations.enumerated() {
            if try Bool.fetchOne(db, sql: "SELECT 1 FROM event WHERE id = ?", arguments: [r.event]) != true {
                throw StoreError.relationToUnknownEvent(field: "relations[\(i)].event", id: r.event)
            }
        }
        try db.execute(sql: "INSERT INTO event (id, status, earliest, latest, spanClass, body, createdAt, updatedAt) VALUES (?,?,?,?,?,?,?,?)",
                       arguments: [event.id, event.status.rawValue, event.when.earliest?.timeIntervalSince1970,
                                   event.when.latest?.timeIntervalSince1970, spanClass(event.when), try body(event),
                                   at.timeIntervalSince1970, at.timeIntervalSince1970])
        try writeDetails(db, event)
    }

    static func writeDetails(_ db: Database, _ event: Event) throws {
        for s in event.sources {
            try db.execute(sql: "INSERT INTO event_source (eventId, document, quote, start, \"end\") VALUES (?,?,?,?,?)",
                           arguments: [event.id, s.document, s.quote, s.start, s.end])
        }
        let countries = Set(event.countries + event.participants.compactMap(\.country) + [event.location?.country].compactMap { $0 })
        for c in countries {
            try db.execute(sql: "INSERT INTO event_country (eventId, country) VALUES (?,?)", arguments: [event.id, c])
        }
        for name in Set(event.participants.map(\.name)) {
            try db.execute(sql: "INSERT OR IGNORE INTO event_participant (eventId, name) VALUES (?,?)", arguments: [event.id, name])
        }
    }

    static func body(_ event: Event) throws -> String {
        var stored = event
        stored.effectiveStatus = nil
        return String(decoding: try encoder.encode(stored), as: UTF8.self)
    }

    static func appendRevision(_ db: Database, event: String, at: Date, actor: String, action: String, changes: [FieldChange]) throws -> Revision {
        let json = String(decoding: try encoder.encode(changes), as: UTF8.self)
        try db.execute(sql: "INSERT INTO revision (eventId, at, actor, action, changes) VALUES (?,?,?,?,?)",
                       arguments: [event, at.timeIntervalSince1970, actor, action, json])
        return Revision(seq: db.lastInsertedRowID, event: event, at: at, actor: actor, action: action, changes: changes)
    }

    /// Adds a new event, its first revision and its reminders in one durable transaction.
    public func add(_ event: Event, actor: String, at: Date, policy: ReminderPolicy = .standard) async throws -> Revision {
        try await writer.write { db in
            try Self.insert(db, event, at: at)
            try Self.replan(db, event: event.id, plan: ReminderPlanner.plan(event, policy: policy), now: at)
            return try Self.appendRevision(db, event: event.id, at: at, actor: actor, action: "add",
                                           changes: [FieldChange(field: "status", from: nil, to: event.status.rawValue)])
        }
    }

    /// Changes an event's status (cancelling included) and records why.
    public func setStatus(id: String, to status: Status, reason: String?, actor: String, at: Date, policy: ReminderPolicy = .standard) async throws -> (Event, Revision) {
        try await writer.write { db in
            guard let body = try String.fetchOne(db, sql: "SELECT body FROM event WHERE id = ?", arguments: [id]) else {
                throw StoreError.noSuchEvent(id)
            }
            var event = try Self.decodeEvent(body)
            let old = event.status
            event.status = status
            try db.execute(sql: "UPDATE event SET status = ?, body = ?, updatedAt = ? WHERE id = ?",
                           arguments: [status.rawValue, try Self.body(event), at.timeIntervalSince1970, id])
            // Confirmed or cancelled: its pending reminders are withdrawn, never fired.
            try Self.replan(db, event: id, plan: ReminderPlanner.plan(event, policy: policy), now: at)
            var changes = [FieldChange(field: "status", from: old.rawValue, to: status.rawValue)]
            if let reason { changes.append(FieldChange(field: "reason", from: nil, to: reason)) }
            return (event, try Self.appendRevision(db, event: id, at: at, actor: actor, action: "setStatus", changes: changes))
        }
    }

    public func documentCount() async throws -> Int {
        try await writer.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM document") ?? 0 }
    }

    /// Bulk insert for benchmarks and imports: many events in one transaction, no revisions per event.
    public func bulkInsert(_ events: [Event], actor: String, at: Date, policy: ReminderPolicy? = nil) async throws {
        try await writer.write { db in
            for e in events {
                try Self.insert(db, e, at: at)
                if let policy { try Self.replan(db, event: e.id, plan: ReminderPlanner.plan(e, policy: policy), now: at) }
            }
            _ = try Self.appendRevision(db, event: "*", at: at, actor: actor, action: "bulkInsert",
                                        changes: [FieldChange(field: "events", from: nil, to: String(events.count))])
        }
    }
}

/// One read-only connection for small reads on the calling thread, used only when no other
/// thread holds it. A thread of Swift's cooperative pool must never block waiting for one of
/// GRDB's pooled readers: an async read keeps its reader until a pool thread resumes it, so two
/// pool threads blocked in a synchronous read while the async reads hold every reader is a
/// deadlock. `make bench` found it: 50 clients that never read their replies and a flood of
/// clients hanging up mid-call left the daemon accepting nothing.
final class QuickReader: Sendable {
    let connection: Mutex<DatabaseQueue>

    init(_ connection: DatabaseQueue) { self.connection = Mutex(connection) }

    /// The read's result, or nil (without waiting) when another thread is using the connection.
    func readIfFree<T: Sendable>(_ body: (Database) throws -> T) throws -> T? {
        try connection.withLockIfAvailable { queue in try queue.read(body) }
    }
}
