import DiplomatCore
import Foundation
import GRDB

/// A reminder as recorded: its plan, its state and, once fired, when and how late.
public struct Reminder: Sendable, Hashable {
    /// `firing`: recorded as fired, announcement not yet confirmed (see `fireDue`).
    public enum State: String, Codable, Sendable { case pending, firing, fired, missed, withdrawn, acknowledged }

    public var id: Int64
    public var event: String
    public var key: String
    public var kind: ReminderKind
    public var offset: String?
    public var due: Date
    public var state: State
    public var firedAt: Date?
    public var late: Bool
    public var acknowledgedAt: Date?

    init(_ row: Row) {
        id = row["id"]
        event = row["eventId"]
        key = row["key"]
        kind = ReminderKind(rawValue: row["kind"]) ?? .before
        offset = row["offset"]
        due = Date(timeIntervalSince1970: row["due"])
        state = State(rawValue: row["state"]) ?? .pending
        firedAt = (row["firedAt"] as Double?).map(Date.init(timeIntervalSince1970:))
        late = row["late"]
        acknowledgedAt = (row["acknowledgedAt"] as Double?).map(Date.init(timeIntervalSince1970:))
    }
}

/// A reminder that has just fired (or was found too old to fire), with its event.
public struct ReminderFiring: Sendable {
    public var reminder: Reminder
    public var event: StoredEvent
}

/// What one pass of the scheduler recorded.
public struct FiringReport: Sendable {
    public var fired: [ReminderFiring] = []
    public var missed: [Reminder] = []
}

extension TimelineStore {
    static func registerReminderMigrations(_ m: inout DatabaseMigrator) {
        m.registerMigration("v3-reminders") { db in
            try db.execute(sql: """
                CREATE TABLE reminder (
                  id INTEGER PRIMARY KEY AUTOINCREMENT,
                  eventId TEXT NOT NULL REFERENCES event(id),
                  key TEXT NOT NULL,
                  kind TEXT NOT NULL,
                  "offset" TEXT,
                  due REAL NOT NULL,
                  state TEXT NOT NULL,
                  firedAt REAL,
                  late INTEGER NOT NULL DEFAULT 0,
                  acknowledgedAt REAL,
                  UNIQUE (eventId, key, due)
                );
                CREATE INDEX reminder_pending_by_due ON reminder(due) WHERE state = 'pending';
                CREATE INDEX reminder_by_event ON reminder(eventId, state);
                CREATE INDEX reminder_by_fired ON reminder(firedAt) WHERE firedAt IS NOT NULL;
                """)
        }
    }

    /// Brings an event's pending reminders in line with a new plan, inside a write: reminders
    /// no longer in the plan are withdrawn (never fired), new ones are added, and a reminder
    /// that already fired is never planned again. Reminders already due are not created: an
    /// event learned of late does not set off alarms for the past.
    static func replan(_ db: Database, event: String, plan: [PlannedReminder], now: Date) throws {
        let wanted = Set(plan.filter { $0.due > now }.map { "\($0.key)@\($0.due.timeIntervalSince1970)" })
        let pending = try Row.fetchAll(db.cachedStatement(sql: "SELECT id, key, due FROM reminder WHERE eventId = ? AND state = 'pending'"), arguments: [event])
        for row in pending {
            let key: String = row["key"]
            let due: Double = row["due"]
            if !wanted.contains("\(key)@\(due)") {
                try db.execute(sql: "UPDATE reminder SET state = 'withdrawn' WHERE id = ?", arguments: [row["id"] as Int64])
            }
        }
        let insert = try db.cachedStatement(sql: """
            INSERT OR IGNORE INTO reminder (eventId, key, kind, "offset", due, state) VALUES (?, ?, ?, ?, ?, 'pending')
            """)
        for r in plan where r.due > now {
            try insert.execute(arguments: [event, r.key, r.kind.rawValue, r.offset, r.due.timeIntervalSince1970])
        }
    }

    /// Plans reminders for every pending event (after a policy change, or for a store created
    /// before reminders existed), in batches.
    public func replanAll(policy: ReminderPolicy, now: Date) async throws -> Int {
        try await writer.write { db in
            // In pages by rowid, so memory stays flat however large the timeline.
            var n = 0
            var after: Int64 = 0
            while true {
                let page = try Row.fetchAll(db, sql: """
                    SELECT rowid, id, body FROM event WHERE rowid > ? AND status IN ('scheduled','expected','possible','proposed')
                    AND (latest IS NULL OR latest >= ?) ORDER BY rowid LIMIT 1000
                    """, arguments: [after, now.timeIntervalSince1970 - 1])
                guard let last = page.last else { return n }
                after = last["rowid"]
                for row in page {
                    try Self.replan(db, event: row["id"], plan: ReminderPlanner.plan(try Self.decodeEvent(row["body"]), policy: policy), now: now)
                    n += 1
                }
            }
        }
    }

    /// The earliest pending reminder's due time.
    public func nextReminderDue() async throws -> Date? {
        try await read(rows: 1) { db in
            try Double.fetchOne(db.cachedStatement(sql: "SELECT due FROM reminder INDEXED BY reminder_pending_by_due WHERE state = 'pending' ORDER BY due LIMIT 1"))
                .map(Date.init(timeIntervalSince1970:))
        }
    }

    /// The next pending reminders, soonest first, with their count.
    public func pendingReminders(limit: Int) async throws -> (count: Int, next: [Reminder]) {
        try await writer.read { db in
            let count = try Int.fetchOne(db, sql: "SELECT count(*) FROM reminder INDEXED BY reminder_pending_by_due WHERE state = 'pending'") ?? 0
            let next = try Row.fetchAll(db, sql: "SELECT * FROM reminder INDEXED BY reminder_pending_by_due WHERE state = 'pending' ORDER BY due LIMIT ?", arguments: [limit]).map(Reminder.init)
            return (count, next)
        }
    }

    /// Reminders that fired or were missed most recently, newest first.
    public func recentReminders(limit: Int, unacknowledgedOnly: Bool = false, since: Date? = nil) async throws -> [Reminder] {
        try await writer.read { db in
            let ack = unacknowledgedOnly ? "AND acknowledgedAt IS NULL AND state IN ('firing', 'fired')" : ""
            return try Row.fetchAll(db, sql: """
                SELECT * FROM reminder INDEXED BY reminder_by_fired WHERE firedAt IS NOT NULL AND firedAt >= ? \(ack)
                ORDER BY firedAt DESC, id DESC LIMIT ?
                """, arguments: [since?.timeIntervalSince1970 ?? -Double.greatestFiniteMagnitude, limit]).map(Reminder.init)
        }
    }

    public func reminder(id: Int64) async throws -> Reminder? {
        try await writer.read { db in try Row.fetchOne(db, sql: "SELECT * FROM reminder WHERE id = ?", arguments: [id]).map(Reminder.init) }
    }

    /// Fires what is due at `now`, in one transaction per batch: each due reminder becomes
    /// `firing` (late when more than `lateAfter` past due) or, when more than `horizon` past due,
    /// `missed`. A reminder leaves `pending` once, so it never fires twice. The caller announces
    /// the firings and then calls `markAnnounced`; firings a crash left unannounced are found by
    /// `unannounced()` at the next start and announced then (flagged as redelivered), so none
    /// is lost.
    public func fireDue(now: Date, horizon: TimeInterval, lateAfter: TimeInterval, batch: Int = 500,
                        announced: [Int64] = []) async throws -> FiringReport {
        // On the calling thread (the scheduler's own task): a hop to GRDB's writer queue and
        // back costs more than this small transaction, and lateness is what is measured here.
        try writeHere { db in
            // The previous pass's announcements are recorded here, sparing a commit per pass.
            try Self.recordAnnounced(db, announced)
            var report = FiringReport()
            let rows = try Row.fetchAll(db.cachedStatement(sql: """
                SELECT * FROM reminder INDEXED BY reminder_pending_by_due WHERE state = 'pending' AND due <= ? ORDER BY due, id LIMIT ?
                """), arguments: [now.timeIntervalSince1970, batch])
            for row in rows {
                var r = Reminder(row)
                let lateness = now.timeIntervalSince(r.due)
                if lateness > horizon {
                    try db.execute(sql: "UPDATE reminder SET state = 'missed', firedAt = ? WHERE id = ?", arguments: [now.timeIntervalSince1970, r.id])
                    r.state = .missed
                    r.firedAt = now
                    report.missed.append(r)
                    continue
                }
                r.state = .firing
                r.firedAt = now
                r.late = lateness > lateAfter
                try db.execute(sql: "UPDATE reminder SET state = 'firing', firedAt = ?, late = ? WHERE id = ?",
                               arguments: [now.timeIntervalSince1970, r.late, r.id])
                guard let event = try Row.fetchOne(db.cachedStatement(sql: "SELECT id, status, earliest, latest, body FROM event WHERE id = ?"), arguments: [r.event]) else { continue }
                report.fired.append(ReminderFiring(reminder: r, event: StoredEvent(event)))
            }
            return report
        }
    }

    /// Records that these firings were announced.
    public func markAnnounced(_ ids: [Int64]) async throws {
        guard !ids.isEmpty else { return }
        try await writer.write { db in try Self.recordAnnounced(db, ids) }
    }

    func writeHere<T>(_ body: (Database) throws -> T) throws -> T { try writer.write(body) }

    /// `markAnnounced` on the calling thread, for use while stopping.
    public func markAnnouncedNow(_ ids: [Int64]) throws {
        guard !ids.isEmpty else { return }
        try writer.write { db in try Self.recordAnnounced(db, ids) }
    }

    static func recordAnnounced(_ db: Database, _ ids: [Int64]) throws {
        let statement = try db.cachedStatement(sql: "UPDATE reminder SET state = 'fired' WHERE id = ? AND state = 'firing'")
        for id in ids { try statement.execute(arguments: [id]) }
    }

    /// The next pending reminder (cheap: one index probe).
    public func nextPendingReminder() async throws -> Reminder? {
        try await read(rows: 1) { db in
            try Row.fetchOne(db.cachedStatement(sql: "SELECT * FROM reminder INDEXED BY reminder_pending_by_due WHERE state = 'pending' ORDER BY due LIMIT 1")).map(Reminder.init)
        }
    }

    /// Firings recorded but not announced (the daemon died in between), oldest first.
    public func unannounced() async throws -> [ReminderFiring] {
        try await writer.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM reminder WHERE state = 'firing' ORDER BY due, id").compactMap { row in
                let r = Reminder(row)
                guard let event = try Row.fetchOne(db, sql: "SELECT id, status, earliest, latest, body FROM event WHERE id = ?", arguments: [r.event]) else { return nil }
                return ReminderFiring(reminder: r, event: StoredEvent(event))
            }
        }
    }

    /// Acknowledges a reminder (RFC 9074's ACKNOWLEDGED): it is not announced again, and a
    /// pending one will not fire. With `snooze`, the event's other pending reminders due
    /// before `now + snooze` are moved to then.
    public func acknowledge(id: Int64, snooze: TimeInterval?, now: Date) async throws -> (Reminder, snoozed: Int) {
        try await writer.write { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT * FROM reminder WHERE id = ?", arguments: [id]) else { throw StoreError.noSuchReminder(id) }
            let r = Reminder(row)
            let newState = r.state == .pending ? "acknowledged" : r.state.rawValue
            try db.execute(sql: "UPDATE reminder SET acknowledgedAt = ?, state = ? WHERE id = ?", arguments: [now.timeIntervalSince1970, newState, id])
            var snoozed = 0
            if let snooze {
                let until = now.addingTimeInterval(snooze).timeIntervalSince1970
                try db.execute(sql: "UPDATE OR IGNORE reminder SET due = ? WHERE eventId = ? AND state = 'pending' AND due < ?",
                               arguments: [until, r.event, until])
                snoozed = db.changesCount
            }
            return (Reminder(try Row.fetchOne(db, sql: "SELECT * FROM reminder WHERE id = ?", arguments: [id])!), snoozed)
        }
    }

    /// Sets an event's own lead times (nil: back to the policy) and re-plans it.
    public func setReminderLeads(id: String, leads: [TimeInterval]?, policy: ReminderPolicy, actor: String, at: Date) async throws -> (Event, Revision) {
        try await writer.write { db in
            guard let body = try String.fetchOne(db, sql: "SELECT body FROM event WHERE id = ?", arguments: [id]) else { throw StoreError.noSuchEvent(id) }
            var event = try Self.decodeEvent(body)
            let old = event.remind.map { $0.map(DurationText.iso(seconds:)).joined(separator: ",") } ?? "policy"
            event.remind = leads
            try db.execute(sql: "UPDATE event SET body = ?, updatedAt = ? WHERE id = ?", arguments: [try Self.body(event), at.timeIntervalSince1970, id])
            try Self.replan(db, event: id, plan: ReminderPlanner.plan(event, policy: policy), now: at)
            let new = leads.map { $0.map(DurationText.iso(seconds:)).joined(separator: ",") } ?? "policy"
            return (event, try Self.appendRevision(db, event: id, at: at, actor: actor, action: "setReminders",
                                                   changes: [FieldChange(field: "remind", from: old, to: new)]))
        }
    }
}

extension TimelineStore {
    /// Re-plans every event's reminders when the policy differs from the one they were
    /// planned with (first start with reminders, or a changed configuration). Returns how many
    /// events were re-planned, nil when nothing changed.
    public func replanIfPolicyChanged(_ policy: ReminderPolicy, now: Date) async throws -> Int? {
        let fingerprint = Status.allCases.map { s in s.rawValue + "=" + (policy.leads[s] ?? []).map { String(Int($0)) }.joined(separator: ",") }.joined(separator: ";")
        let stored = try await writer.read { db in try String.fetchOne(db, sql: "SELECT value FROM setting WHERE key = 'reminderPolicy'") }
        if stored == fingerprint { return nil }
        let n = try await replanAll(policy: policy, now: now)
        try await writer.write { db in
            try db.execute(sql: "INSERT OR REPLACE INTO setting (key, value) VALUES ('reminderPolicy', ?)", arguments: [fingerprint])
        }
        return n
    }
}
