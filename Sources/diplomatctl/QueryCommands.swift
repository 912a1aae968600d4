import ArgumentParser
import DiplomatCore
import Foundation
import Varlink

/// Filters shared by `upcoming` and `timeline`.
struct FilterOptions: ParsableArguments {
    @Option(name: .customLong("country"), help: ArgumentHelp("Only events involving this country (ISO code such as KR); repeatable.", valueName: "code"))
    var countries: [String] = []

    @Option(name: .customLong("person"), help: ArgumentHelp("Only events with a participant whose name contains this; repeatable.", valueName: "name"))
    var people: [String] = []

    @Option(name: .customLong("status"), help: ArgumentHelp("Only events with this effective status (\(EffectiveStatus.allCases.map(\.rawValue).joined(separator: ", "))); repeatable.", valueName: "status"))
    var statuses: [String] = []

    @Option(help: ArgumentHelp("At most this many events.", valueName: "n"))
    var limit: Int?

    func validate() throws {
        for s in statuses where EffectiveStatus(rawValue: s) == nil {
            throw ValidationError("--status '\(s)' is not one of \(EffectiveStatus.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        for c in countries where !Event.isCountryCode(c.uppercased()) {
            throw ValidationError("--country '\(c)' is not a two-letter ISO 3166-1 code such as KR")
        }
        if let limit, limit < 1 { throw ValidationError("--limit must be at least 1") }
    }
}

struct EventsReply: Codable {
    var now: String
    var events: [Event]
}

struct Upcoming: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "List events that may still happen, soonest first.",
        discussion: """
            Shows scheduled, expected, possible and proposed events whose date window has not
            closed at the daemon's clock, soonest first; undated proposals come last (and are
            left out with --within). Dates are written at the precision they are known.

            Examples:
              diplomatctl upcoming
              diplomatctl upcoming --within 7d --country JP
              diplomatctl --json upcoming
            """)

    @OptionGroup var global: GlobalOptions
    @OptionGroup var filter: FilterOptions

    @Option(help: ArgumentHelp("Only events starting within this time (7d, 36h, P2W).", valueName: "duration"))
    var within: String?

    @Option(help: ArgumentHelp("Ask as of this ISO 8601 instant instead of the daemon's clock.", valueName: "time"))
    var at: String?

    func validate() throws {
        if let within, DurationText.parse(within) == nil { throw ValidationError("--within '\(within)' is not a duration such as 7d, 36h or P2W") }
        if let at, ISO8601.parse(at) == nil { throw ValidationError("--at '\(at)' is not an ISO 8601 time with offset") }
    }

    struct Request: Encodable {
        var now: String?
        var within: String?
        var limit: Int?
        var countries: [String]
        var people: [String]
        var statuses: [String]
    }

    func run() throws {
        try runReporting {
            let iso = within.flatMap(DurationText.parse).map(DurationText.iso(seconds:))
            let reply = try global.call("Upcoming", Request(now: at, within: iso, limit: filter.limit, countries: filter.countries, people: filter.people, statuses: filter.statuses))
            // For scripts, the daemon's JSON as it came: no decoding and re-encoding of a hundred events.
            if global.json, let raw = reply.rawParameters { return JSONOutput.write(raw) }
            let r = try reply.decode(EventsReply.self)
            if global.json { return try JSONOutput.print(r) }
            print(EventTable.render(r.events, now: ISO8601.parse(r.now) ?? Date()), terminator: "")
        }
    }
}

struct TimelineCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "timeline",
        abstract: "List the whole timeline, or a range of it, in time order.",
        discussion: """
            Without --from/--to every event is listed, undated ones last. With a range, the
            events whose date window overlaps it. Past pending events whose window closed
            without confirmation show as LAPSED.

            Examples:
              diplomatctl timeline
              diplomatctl timeline --from 2021-04-01 --to 2021-04-30 --person Motegi
              diplomatctl --json timeline --from 2021-01-01
            """)

    @OptionGroup var global: GlobalOptions
    @OptionGroup var filter: FilterOptions

    @Option(help: ArgumentHelp("Start of the range: a date (YYYY-MM-DD) or an ISO 8601 time.", valueName: "date"))
    var from: String?

    @Option(help: ArgumentHelp("End of the range, inclusive: a date or an ISO 8601 time.", valueName: "date"))
    var to: String?

    @Option(name: .customLong("time-zone"), help: ArgumentHelp("Time zone for dates given without one (default UTC).", valueName: "zone"))
    var timeZone: String?

    func validate() throws {
        for (name, v) in [("--from", from), ("--to", to)] {
            if let v, ISO8601.parse(v, defaultZone: TimeZone(identifier: "UTC")) == nil {
                throw ValidationError("\(name) '\(v)' is not a date (YYYY-MM-DD) or ISO 8601 time")
            }
        }
        if let timeZone, TimeZone(identifier: timeZone) == nil { throw ValidationError("--time-zone '\(timeZone)' is not an IANA time zone such as Asia/Seoul") }
    }

    struct Request: Encodable {
        var from: String?
        var to: String?
        var timeZone: String?
        var limit: Int?
        var countries: [String]
        var people: [String]
        var statuses: [String]
    }

    /// The contract's shape for `--json timeline`.
    struct Output: Encodable { var events: [Event] }

    func run() throws {
        try runReporting {
            let reply = try global.call("Timeline", Request(from: from, to: to, timeZone: timeZone, limit: filter.limit, countries: filter.countries, people: filter.people, statuses: filter.statuses))
            let r = try reply.decode(EventsReply.self)
            if global.json { return try JSONOutput.print(Output(events: r.events)) }
            print(EventTable.render(r.events, now: ISO8601.parse(r.now) ?? Date()), terminator: "")
        }
    }
}

struct Show: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Show one event in full: when, who, where, the sources and its history.",
        discussion: "Example: diplomatctl show kr-us-jp-fm-trilateral-2021-04")

    @OptionGroup var global: GlobalOptions

    @Argument(help: "The event's id (see diplomatctl timeline).")
    var id: String

    struct Revision: Codable {
        var seq: Int
        var at: String
        var actor: String
        var action: String
        var changes: [Change]
    }
    struct Change: Codable {
        var field: String
        var from: String?
        var to: String?
    }
    struct Reply: Codable {
        var event: Event
        var revisions: [Revision]
    }
    struct Status: Decodable {
        struct Clock: Decodable { var now: String }
        var clock: Clock
    }

    func run() throws {
        try runReporting {
            let reply = try global.call("Get", ["id": id]).decode(Reply.self)
            if global.json { return try JSONOutput.print(reply) }
            let now = (try? global.call("Status", [String: String]()).decode(Status.self)).flatMap { ISO8601.parse($0.clock.now) } ?? Date()
            print(Self.render(reply, now: now, style: .standard), terminator: "")
        }
    }

    static func render(_ r: Reply, now: Date, style: Style) -> String {
        let e = r.event
        let status = e.effectiveStatus ?? e.effectiveStatus(at: now)
        var out = style.bold(e.title) + "\n"
        func field(_ name: String, _ value: String) { out += "  " + (name + ":").padding(toLength: 14, withPad: " ", startingAt: 0) + value + "\n" }
        field("id", e.id)
        field("kind", e.kind.rawValue)
        field("status", style.status(status) + (status == .lapsed ? " (was \(e.status.rawValue); the window closed with no confirmation)" : ""))
        let rel = HumanDate.relative(e.when, now: now)
        field("when", HumanDate.describe(e.when) + (rel.isEmpty ? "" : " — " + rel) + (e.when.text.map { "  “\($0)”" } ?? ""))
        if let a = e.when.earliest, let b = e.when.latest {
            field("window", ISO8601.format(a, in: e.when.timeZone) + " … " + ISO8601.format(b, in: e.when.timeZone) + " (\(e.when.timeZone.identifier))")
        }
        if let v = e.when.value { field("timex", v + (e.when.mod.map { " mod \($0.rawValue)" } ?? "")) }
        for p in e.participants {
            field("participant", p.name + ([p.role, p.country].compactMap { $0 }.isEmpty ? "" : " (" + [p.role, p.country].compactMap { $0 }.joined(separator: ", ") + ")"))
        }
        if !e.countries.isEmpty { field("countries", e.countries.joined(separator: ", ")) }
        if let l = e.location { field("location", l.name + (l.country.map { " (\($0))" } ?? "")) }
        for rel in e.relations { field("relation", "\(rel.type.rawValue) \(rel.event)") }
        for s in e.sources {
            out += "  source:       \(s.document) [\(s.start)–\(s.end)]\n"
            out += "                " + style.dim("“" + s.quote + "”") + "\n"
        }
        if !r.revisions.isEmpty {
            out += "  history:\n"
            for v in r.revisions {
                let changes = v.changes.map { c in "\(c.field) \(c.from ?? "–") → \(c.to ?? "–")" }.joined(separator: "; ")
                out += "    #\(v.seq) \(v.at) \(v.actor) \(v.action): \(changes)\n"
            }
        }
        return out
    }
}

struct StatusCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Show the daemon's state: version, uptime, events, clock, database and socket.")

    @OptionGroup var global: GlobalOptions

    struct Reply: Codable {
        struct Clock: Codable {
            var now: String
            var mode: String
            var speed: Double
        }
        var version: String
        var uptimeSeconds: Double
        var events: Int
        var documents: Int?
        var watchers: Int?
        var pendingReminders: Int
        var nextReminder: JSONValue?
        var clock: Clock
        var database: String
        var socket: String
    }

    func run() throws {
        try runReporting {
            let reply = try global.call("Status", [String: String]())
            if global.json {
                // Print the daemon's reply as is, so fields added later reach scripts too.
                return try JSONOutput.print(reply.parameters)
            }
            let r = try reply.decode(Reply.self)
            let clock = r.clock.mode == "live" ? "live, \(r.clock.now)" : "replay at \(r.clock.speed)× real time, now \(r.clock.now)"
            print("""
                diplomatd \(r.version), up \(HumanDate.span(r.uptimeSeconds))
                  events:     \(r.events) (from \(r.documents ?? 0) documents)
                  reminders:  \(r.pendingReminders) pending
                  watchers:   \(r.watchers ?? 0)
                  clock:      \(clock)
                  database:   \(r.database)
                  socket:     \(r.socket)
                """)
        }
    }
}
