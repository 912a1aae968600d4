import DiplomatCore
import DiplomatStore
import Foundation
import Logging
import Synchronization
import Varlink

/// Facts about the running daemon that `Status` reports.
public struct DaemonFacts: Sendable {
    public var version: String
    public var databasePath: String
    public var socketPath: String
    public var started: ContinuousClock.Instant

    public init(version: String, databasePath: String, socketPath: String, started: ContinuousClock.Instant = .now) {
        self.version = version
        self.databasePath = databasePath
        self.socketPath = socketPath
        self.started = started
    }
}

/// `org.diplomatd.Timeline`: the daemon's Varlink methods over the store, the clock and the
/// change feed. Reads go straight to SQLite; writes reply only after their transaction commits.
public final class TimelineInterface: VarlinkInterface {
    public let name = "org.diplomatd.Timeline"
    public let idl = TimelineIDL.text
    public let store: TimelineStore
    public let clock: any WallClock
    public let feed: ChangeFeed
    let facts: DaemonFacts
    let settings: RuntimeSettings
    let logger: Logger
    /// Set once the scheduler exists; writes re-arm it and Status reads its snapshot.
    let scheduler = Mutex<ReminderScheduler?>(nil)
    let readPermits = ReadPermits(limit: 8)
    static let readOnly: Set<String> = ["Upcoming", "Timeline", "Get", "Status", "Reminders"]
    /// Counts kept in memory so `Status` answers without touching the database.
    let eventCount: Atomic<Int>
    let statusTemplate = Mutex<StatusTemplate?>(nil)
    let documentCount: Atomic<Int>

    public init(store: TimelineStore, clock: any WallClock, feed: ChangeFeed, facts: DaemonFacts,
                settings: RuntimeSettings = RuntimeSettings(DaemonConfiguration()), logger: Logger) async throws {
        self.store = store
        self.clock = clock
        self.feed = feed
        self.facts = facts
        self.settings = settings
        self.logger = logger
        self.eventCount = Atomic(try await store.eventCount())
        self.documentCount = Atomic(try await store.documentCount())
    }

    public func handle(_ call: VarlinkCall, peer: VarlinkPeer, responder: VarlinkResponder) async throws {
        do {
            // A read for a caller that has already hung up is skipped: its reply could not be
            // delivered, and a flood of such calls would otherwise queue real work.
            if Self.readOnly.contains(call.member), responder.peerHasGone { throw VarlinkPeerGone(underlying: CancellationError()) }
            switch call.member {
            case "Upcoming":
                let request: UpcomingRequest = try call.parameters()
                try await responder.reply(rawParameters: try await readPermits.run(for: peer.pid) {
                    // Checked again once its turn came: the caller may have hung up while it waited.
                    if responder.peerHasGone { throw VarlinkPeerGone(underlying: CancellationError()) }
                    return try await self.upcoming(request)
                })
            case "Timeline":
                let request: TimelineRequest = try call.parameters()
                try await responder.reply(rawParameters: try await readPermits.run(for: peer.pid) {
                    // Checked again once its turn came: the caller may have hung up while it waited.
                    if responder.peerHasGone { throw VarlinkPeerGone(underlying: CancellationError()) }
                    return try await self.timeline(request)
                })
            case "Get": try await responder.reply(try await get(call.parameters()))
            case "Status": try await responder.reply(statusReply())
            case "Add": try authorize(call, peer); try await responder.reply(try await add(call.parameters(), peer: peer))
            case "SetStatus": try authorize(call, peer); try await responder.reply(try await setStatus(call.parameters(), peer: peer))
            case "Watch": try await watch(responder)
            case "Reminders": try await responder.reply(try await reminders(call.parameters()))
            case "Acknowledge": try authorize(call, peer); try await responder.reply(try await acknowledge(call.parameters(), peer: peer))
            case "SetReminders": try authorize(call, peer); try await responder.reply(try await setReminders(call.parameters(), peer: peer))
            case "Ingest": try authorize(call, peer); try await responder.reply(try await ingest(call.parameters(), peer: peer))
            default: throw VarlinkError.methodNotFound(call.method)
            }
        } catch let error as StoreError {
            throw Self.varlinkError(error)
        } catch let error as VarlinkError {
            throw error
        } catch is CancellationError {
            throw CancellationError()
        } catch let gone as VarlinkPeerGone {
            throw gone
        } catch {
            // A full disk, a read-only mount, an I/O error: the caller gets the reason, the
            // connection stays open, the operator sees it in the journal.
            let reason = StoreError.explain(error)
            logger.error("\(call.member) failed in the database: \(reason)", metadata: [
                "diplomat_method": "\(call.method)", "diplomat_reason": "\(reason)",
            ])
            throw VarlinkError("org.diplomatd.Timeline.StorageFailure", ["reason": .string(reason)])
        }
    }

    /// Methods that change the timeline need root, the daemon's user or the admin group.
    func authorize(_ call: VarlinkCall, _ peer: VarlinkPeer) throws(VarlinkError) {
        if settings.authorization.permits(peer) { return }
        logger.warning("refused a change to the timeline", metadata: [
            "message_id": "\(JournalMessage.permissionDenied)", "diplomat_method": "\(call.method)",
            "diplomat_peer_uid": "\(peer.uid.map(String.init) ?? "unknown")", "diplomat_peer_pid": "\(peer.pid.map(String.init) ?? "unknown")",
        ])
        throw VarlinkError("org.varlink.service.PermissionDenied")
    }

    /// The status line for the service manager: "Tracking 7 events, 3 upcoming; next: … (Apr 2021 (late))".
    public func statusLine() async throws -> String {
        let now = clock.now
        // Counted up to 1,000: beyond that the line says "1000+", and READY=1 (which carries
        // this line) is not held up counting a million events.
        let upcoming = try await store.upcomingCount(now: now, cap: 1000)
        var line = "Tracking \(eventCount.load(ordering: .relaxed)) events, \(upcoming == 1000 ? "1000+" : String(upcoming)) upcoming"
        if let next = try await store.upcoming(now: now, limit: 1).first, let event = try? next.event() {
            line += "; next: \(event.title) (\(HumanDate.describe(event.when)))"
        }
        if let (reminder, event) = scheduler.withLock({ $0 })?.next {
            let zone = event?.when.timeZone ?? .current
            line += "; next reminder \(HumanDate.instant(reminder.due, in: zone))"
        }
        if clock.mode == .replay { line += "; replay clock at \(ISO8601.format(now, in: .current))" }
        return line
    }

    /// Status needs only in-memory state: the socket server answers it on its event loop.
    public func immediateReply(to call: VarlinkCall) -> [UInt8]? {
        call.member == "Status" ? encodedStatus() : nil
    }

    /// What a Status reply says besides the time: when this is unchanged, so is its JSON.
    struct StatusKey: Equatable {
        var events: Int, documents: Int, watchers: Int
        /// The reminder scheduler's snapshot version (pending count, next reminder), -1 before it starts.
        var reminders: Int
        var second: Int64
    }

    /// The last Status reply encoded, cut around its uptime (which changes on every call).
    struct StatusTemplate {
        var key: StatusKey
        var head: [UInt8]
        var tail: [UInt8]
    }

    static let uptimePlaceholder = 987_654_321.125

    /// The Status reply, encoded with JSONEncoder only when its content (other than the uptime)
    /// changed or the clock's second moved on: a busy status poller costs the event loop a
    /// few appends instead of a full encode (make bench: Status throughput next to echo).
    func encodedStatus() -> [UInt8]? {
        let uptime = ContinuousClock.now - facts.started
        let uptimeSeconds = ((Double(uptime.components.seconds) + Double(uptime.components.attoseconds) / 1e18) * 1000).rounded() / 1000
        let key = StatusKey(events: eventCount.load(ordering: .relaxed), documents: documentCount.load(ordering: .relaxed), watchers: feed.count,
                            reminders: scheduler.withLock { $0?.snapshotVersion.load(ordering: .acquiring) } ?? -1,
                            second: Int64(clock.now.timeIntervalSince1970.rounded(.down)))
        let cached = statusTemplate.withLock { t -> StatusTemplate? in t?.key == key ? t : nil }
        let template: StatusTemplate
        if let cached {
            template = cached
        } else {
            var reply = statusReply()
            reply.uptimeSeconds = Self.uptimePlaceholder
            guard let bytes = VarlinkResponder.encode(reply) else { return nil }
            let marker = Array("\(Self.uptimePlaceholder)".utf8)
            guard let at = bytes.firstRange(of: marker) else { return VarlinkResponder.encode(statusReply()) }
            template = StatusTemplate(key: key, head: Array(bytes[..<at.lowerBound]), tail: Array(bytes[at.upperBound...]))
            statusTemplate.withLock { $0 = template }
        }
        var out = template.head
        out.reserveCapacity(template.head.count + template.tail.count + 16)
        out.append(contentsOf: "\(uptimeSeconds)".utf8)
        out.append(contentsOf: template.tail)
        return out
    }

    static func varlinkError(_ error: StoreError) -> VarlinkError {
        switch error {
        case .noSuchEvent(let id): return VarlinkError("org.diplomatd.Timeline.NoSuchEvent", ["id": .string(id)])
        case .noSuchReminder(let id): return VarlinkError("org.diplomatd.Timeline.NoSuchReminder", ["id": .string(String(id))])
        case .duplicateID(let id): return VarlinkError("org.diplomatd.Timeline.EventExists", ["id": .string(id)])
        case .relationToUnknownEvent(let field, _):
            return VarlinkError.invalidParameter("event." + field, reason: error.description)
        default: return VarlinkError("org.diplomatd.Timeline.StorageFailure", ["reason": .string(error.description)])
        }
    }

    // MARK: Queries

    struct QueryFilter: Decodable {
        var countries: [String]?
        var people: [String]?
        var statuses: [String]?
    }

    static func filter(countries: [String]?, people: [String]?, statuses: [String]?) throws(VarlinkError) -> TimelineFilter {
        var parsed: [EffectiveStatus] = []
        for (i, s) in (statuses ?? []).enumerated() {
            guard let st = EffectiveStatus(rawValue: s) else {
                throw VarlinkError.invalidParameter("statuses[\(i)]", reason: "'\(s)' is not one of \(EffectiveStatus.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            parsed.append(st)
        }
        for (i, c) in (countries ?? []).enumerated() where !Event.isCountryCode(c.uppercased()) {
            throw VarlinkError.invalidParameter("countries[\(i)]", reason: "'\(c)' is not an ISO 3166-1 alpha-2 code such as KR")
        }
        return TimelineFilter(countries: (countries ?? []).map { $0.uppercased() }, people: people ?? [], statuses: parsed)
    }

    static func limit(_ value: Int?, default d: Int, max m: Int) throws(VarlinkError) -> Int {
        guard let value else { return d }
        guard value > 0, value <= m else { throw VarlinkError.invalidParameter("limit", reason: "must be between 1 and \(m)") }
        return value
    }

    struct UpcomingRequest: Decodable {
        var now: String?
        var within: String?
        var limit: Int?
        var countries: [String]?
        var people: [String]?
        var statuses: [String]?
    }
    /// `{"now": …, "events": [Event…]}` assembled from the stored JSON of each event with its
    /// effective status spliced in: no decoding or re-encoding on the hot path.
    static func eventsReply(now: Date, events: [StoredEvent]) -> [UInt8] {
        var out = "{\"now\":\"" + ISO8601.format(now, in: .current) + "\",\"events\":["
        out.reserveCapacity(64 + events.reduce(0) { $0 + $1.body.utf8.count + 32 })
        for (i, e) in events.enumerated() {
            if i > 0 { out += "," }
            out += "{\"effectiveStatus\":\"" + e.effectiveStatus(at: now).rawValue + "\","
            out += e.body.dropFirst()
        }
        out += "]}"
        return Array(out.utf8)
    }

    func upcoming(_ r: UpcomingRequest) async throws -> [UInt8] {
        var now = clock.now
        if let text = r.now {
            guard let d = ISO8601.parse(text) else { throw VarlinkError.invalidParameter("now", reason: "'\(text)' is not an ISO 8601 time with offset") }
            now = d
        }
        var within: TimeInterval?
        if let text = r.within {
            guard let w = DurationText.parse(text), w >= 0 else {
                throw VarlinkError.invalidParameter("within", reason: "'\(text)' is not a duration such as P7D or PT12H")
            }
            within = w
        }
        let filter = try Self.filter(countries: r.countries, people: r.people, statuses: r.statuses)
        let events = try await store.upcoming(now: now, within: within, filter: filter, limit: try Self.limit(r.limit, default: 100, max: 10_000))
        return Self.eventsReply(now: now, events: events)
    }

    struct TimelineRequest: Decodable {
        var from: String?
        var to: String?
        var timeZone: String?
        var limit: Int?
        var countries: [String]?
        var people: [String]?
        var statuses: [String]?
    }

    /// Reads a bound: a full time with offset, or a date (the start of that day for `from`, its
    /// last second for `to`) in `zone`.
    static func bound(_ text: String?, parameter: String, endOfDay: Bool, zone: TimeZone) throws(VarlinkError) -> Date? {
        guard let text else { return nil }
        if text.count == 10, let day = ISO8601.parse(text, defaultZone: zone) {
            return endOfDay ? LocalTime(date: LocalTime(day, in: zone).date.adding(days: 1)).instant(in: zone).addingTimeInterval(-1) : day
        }
        if let t = ISO8601.parse(text, defaultZone: zone) { return t }
        throw VarlinkError.invalidParameter(parameter, reason: "'\(text)' is not a date (YYYY-MM-DD) or an ISO 8601 time")
    }

    func timeline(_ r: TimelineRequest) async throws -> [UInt8] {
        var zone = TimeZone(identifier: "UTC")!
        if let name = r.timeZone {
            guard let z = TimeZone(identifier: name) else { throw VarlinkError.invalidParameter("timeZone", reason: "'\(name)' is not an IANA time zone") }
            zone = z
        }
        let from = try Self.bound(r.from, parameter: "from", endOfDay: false, zone: zone)
        let to = try Self.bound(r.to, parameter: "to", endOfDay: true, zone: zone)
        if let from, let to, from > to { throw VarlinkError.invalidParameter("to", reason: "is before from") }
        let filter = try Self.filter(countries: r.countries, people: r.people, statuses: r.statuses)
        let now = clock.now
        let events = try await store.timeline(from: from, to: to, now: now, filter: filter, limit: try Self.limit(r.limit, default: 10_000, max: 100_000))
        return Self.eventsReply(now: now, events: events)
    }

    struct GetRequest: Decodable { var id: String }
    struct GetReply: Encodable {
        var event: Event
        var revisions: [Revision]
    }

    func get(_ r: GetRequest) async throws -> GetReply {
        guard let event = try await store.event(id: r.id) else { throw StoreError.noSuchEvent(r.id) }
        return GetReply(event: event.evaluated(at: clock.now), revisions: try await store.revisions(of: r.id))
    }

    // MARK: Status

    struct ClockJSON: Encodable {
        var now: String
        var mode: ClockMode
        var speed: Double
    }
    struct StatusReply: Encodable {
        var version: String
        var uptimeSeconds: Double
        var events: Int
        var documents: Int
        var watchers: Int
        var pendingReminders: Int
        var nextReminder: ReminderJSON?
        var clock: ClockJSON
        var database: String
        var socket: String

        enum CodingKeys: String, CodingKey {
            case version, uptimeSeconds, events, documents, watchers, pendingReminders, nextReminder, clock, database, socket
        }
        func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(version, forKey: .version)
            try c.encode(uptimeSeconds, forKey: .uptimeSeconds)
            try c.encode(events, forKey: .events)
            try c.encode(documents, forKey: .documents)
            try c.encode(watchers, forKey: .watchers)
            try c.encode(pendingReminders, forKey: .pendingReminders)
            try c.encode(nextReminder, forKey: .nextReminder)  // null when none is pending
            try c.encode(clock, forKey: .clock)
            try c.encode(database, forKey: .database)
            try c.encode(socket, forKey: .socket)
        }
    }

    func statusReply() -> StatusReply {
        let uptime = ContinuousClock.now - facts.started
        return StatusReply(
            version: facts.version,
            uptimeSeconds: ((Double(uptime.components.seconds) + Double(uptime.components.attoseconds) / 1e18) * 1000).rounded() / 1000,
            events: eventCount.load(ordering: .relaxed),
            documents: documentCount.load(ordering: .relaxed),
            watchers: feed.count,
            pendingReminders: scheduler.withLock { $0 }?.pendingCount ?? 0,
            nextReminder: scheduler.withLock { $0 }?.next.map { ReminderJSON($0.reminder, zone: $0.event?.when.timeZone ?? .current) },
            clock: ClockJSON(now: ISO8601.format(clock.now, in: .current), mode: clock.mode, speed: clock.speed),
            database: facts.databasePath,
            socket: facts.socketPath)
    }

    // MARK: Writes

    struct AddRequest: Decodable { var event: Event }
    struct WriteReply: Encodable {
        var event: Event
        var revision: Revision
    }

    static func actor(_ peer: VarlinkPeer) -> String { peer.uid.map { "uid:\($0)" } ?? "unknown" }

    func add(_ r: AddRequest, peer: VarlinkPeer) async throws -> WriteReply {
        var event = r.event
        if event.id.isEmpty { event.id = Self.newID() }
        guard event.id.utf8.count <= 100, event.id.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "-_.:".contains($0)) }) else {
            throw VarlinkError.invalidParameter("event.id", reason: "ids are 1–100 characters of letters, digits and - _ . :")
        }
        do { try event.validate() } catch { throw VarlinkError.invalidParameter("event." + error.field, reason: error.reason) }
        let now = clock.now
        let revision = try await store.add(event, actor: Self.actor(peer), at: now, policy: settings.configuration.reminderPolicy)
        remindersChanged()
        eventCount.add(1, ordering: .relaxed)
        let shown = event.evaluated(at: now)
        logger.notice("added event \(event.id): \(event.title)", metadata: [
            "message_id": "\(JournalMessage.eventAdded)", "diplomat_event_id": "\(event.id)", "diplomat_status": "\(event.status.rawValue)",
            "diplomat_actor": "\(revision.actor)", "diplomat_when": "\(event.when.value ?? "undated")",
        ])
        feed.publish(TimelineNotification(type: "added", event: shown, revision: revision))
        return WriteReply(event: shown, revision: revision)
    }

    /// A short random id ("ev-3f9a1c2b"); uniqueness is enforced by the store.
    static func newID() -> String {
        var g = SystemRandomNumberGenerator()
        return "ev-" + String(g.next() & 0xFFFF_FFFF, radix: 16).leftPadded(to: 8)
    }

    struct SetStatusRequest: Decodable {
        var id: String
        var status: Status
        var reason: String?
    }

    func setStatus(_ r: SetStatusRequest, peer: VarlinkPeer) async throws -> WriteReply {
        let now = clock.now
        let (event, revision) = try await store.setStatus(id: r.id, to: r.status, reason: r.reason, actor: Self.actor(peer), at: now,
                                                          policy: settings.configuration.reminderPolicy)
        remindersChanged()
        let shown = event.evaluated(at: now)
        logger.notice("event \(event.id) is now \(event.status.rawValue): \(event.title)", metadata: [
            "message_id": "\(JournalMessage.eventChanged)", "diplomat_event_id": "\(event.id)", "diplomat_status": "\(event.status.rawValue)",
            "diplomat_actor": "\(revision.actor)", "diplomat_reason": "\(r.reason ?? "")",
        ])
        feed.publish(TimelineNotification(type: "changed", event: shown, revision: revision))
        return WriteReply(event: shown, revision: revision)
    }

    func remindersChanged() { scheduler.withLock { $0 }?.rearm() }

    /// Connects the scheduler (it is created after this interface).
    public func attach(_ scheduler: ReminderScheduler) { self.scheduler.withLock { $0 = scheduler } }

    // MARK: Reminders

    struct RemindersRequest: Decodable { var limit: Int? }
    struct RemindersReply: Encodable {
        var now: String
        var pending: Int
        var next: [ReminderWithEvent]
        var recent: [ReminderWithEvent]
    }
    struct ReminderWithEvent: Encodable {
        var reminder: ReminderJSON
        var title: String
        var when: String
    }

    func withEvent(_ r: Reminder) async throws -> ReminderWithEvent {
        let e = try await store.event(id: r.event)
        return ReminderWithEvent(reminder: ReminderJSON(r, zone: e?.when.timeZone ?? .current), title: e?.title ?? r.event,
                                 when: e.map { HumanDate.describe($0.when) } ?? "")
    }

    func reminders(_ r: RemindersRequest) async throws -> RemindersReply {
        let limit = try Self.limit(r.limit, default: 20, max: 1000)
        let (count, next) = try await store.pendingReminders(limit: limit)
        let recent = try await store.recentReminders(limit: limit)
        var reply = RemindersReply(now: ISO8601.format(clock.now, in: .current), pending: count, next: [], recent: [])
        for x in next { reply.next.append(try await withEvent(x)) }
        for x in recent { reply.recent.append(try await withEvent(x)) }
        return reply
    }

    struct AcknowledgeRequest: Decodable {
        var id: String
        var snooze: String?
    }
    struct AcknowledgeReply: Encodable {
        var reminder: ReminderJSON
        var snoozed: Int
    }

    func acknowledge(_ r: AcknowledgeRequest, peer: VarlinkPeer) async throws -> AcknowledgeReply {
        guard let id = Int64(r.id) else { throw VarlinkError.invalidParameter("id", reason: "'\(r.id)' is not a reminder id (diplomatctl reminders lists them)") }
        var snooze: TimeInterval?
        if let text = r.snooze {
            guard let d = DurationText.parse(text), d > 0 else { throw VarlinkError.invalidParameter("snooze", reason: "'\(text)' is not a duration such as PT2H") }
            snooze = d
        }
        let (reminder, snoozed) = try await store.acknowledge(id: id, snooze: snooze, now: clock.now)
        remindersChanged()
        logger.info("reminder \(id) acknowledged", metadata: ["diplomat_reminder_id": "\(id)", "diplomat_event_id": "\(reminder.event)",
                                                            "diplomat_actor": "\(Self.actor(peer))", "diplomat_snoozed": "\(snoozed)"])
        let zone = try await store.event(id: reminder.event)?.when.timeZone ?? .current
        return AcknowledgeReply(reminder: ReminderJSON(reminder, zone: zone), snoozed: snoozed)
    }

    struct SetRemindersRequest: Decodable {
        var id: String
        var leads: [String]?
    }

    func setReminders(_ r: SetRemindersRequest, peer: VarlinkPeer) async throws -> WriteReply {
        var leads: [TimeInterval]?
        if let texts = r.leads {
            leads = []
            for (i, t) in texts.enumerated() {
                guard let d = DurationText.parse(t), d > 0 else { throw VarlinkError.invalidParameter("leads[\(i)]", reason: "'\(t)' is not a duration such as P2D or PT3H") }
                leads!.append(d)
            }
        }
        let now = clock.now
        let (event, revision) = try await store.setReminderLeads(id: r.id, leads: leads, policy: settings.configuration.reminderPolicy,
                                                                 actor: Self.actor(peer), at: now)
        remindersChanged()
        let shown = event.evaluated(at: now)
        feed.publish(TimelineNotification(type: "changed", event: shown, revision: revision))
        return WriteReply(event: shown, revision: revision)
    }

    // MARK: Watch

    func watch(_ responder: VarlinkResponder) async throws {
        guard responder.more else { throw VarlinkError.expectedMore() }
        let subscription = feed.subscribe()
        let feed = self.feed
        try await responder.reply(TimelineNotification(type: "watching", now: ISO8601.format(clock.now, in: .current)), continues: true)
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask {
                for await n in subscription.stream {
                    // A watcher that fell behind hears once how much it lost, then carries on.
                    let lost = feed.takeDropped(subscription.id)
                    if lost > 0 { try await responder.reply(TimelineNotification(type: "missed", missed: lost), continues: true) }
                    try await responder.reply(n, continues: n.type != "shutdown")
                    if n.type == "shutdown" { return }
                }
            }
            group.addTask { await responder.peerClosed() }
            // Whichever ends first (the feed, or the peer going away) ends the call.
            _ = try await group.next()
            group.cancelAll()
        }
    }
}

extension String {
    func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}
