import ArgumentParser
import DiplomatCore
import Foundation
import Varlink

struct WriteReply: Codable {
    struct Revision: Codable {
        var seq: Int
        var actor: String
        var action: String
    }
    var event: Event
    var revision: Revision
}

struct Add: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Add an event to the timeline.",
        discussion: """
            The date is a TIMEX value: 2021-04-20, 2021-04-20T15:00, 2021-W16, 2021-04,
            2021-Q2, 2021; leave it out for an undated event. --mod narrows a window
            (END = the second half: "later this month"). Participants are NAME[:ROLE[:COUNTRY]].
            Or give the whole event as JSON (the Event format of the contract) with --from-json
            FILE, or - for standard input. The reply comes once the event is stored durably.

            Examples:
              diplomatctl add --title "Chung–Motegi talks in London" --date 2021-05-05 \\
                --status scheduled --kind talks --participant "Chung Eui-yong:Foreign Minister:KR" \\
                --participant "Toshimitsu Motegi:Foreign Minister:JP" --location London:GB --time-zone Europe/London
              diplomatctl add --from-json event.json
            """)

    @OptionGroup var global: GlobalOptions

    @Option(help: "The event's title.") var title: String?
    @Option(help: ArgumentHelp("When: a TIMEX value (see above).", valueName: "timex")) var date: String?
    @Option(help: ArgumentHelp("Narrow the date: START, MID, END, APPROX, BEFORE, AFTER.", valueName: "mod")) var mod: String?
    @Option(help: ArgumentHelp("occurred, scheduled, expected, possible, proposed or cancelled.", valueName: "status")) var status: String = "expected"
    @Option(help: ArgumentHelp("talks, meeting, summit, call, visit, inauguration, statement or other.", valueName: "kind")) var kind: String = "meeting"
    @Option(name: .customLong("time-zone"), help: ArgumentHelp("The event's IANA time zone (default: this machine's).", valueName: "zone")) var timeZone: String?
    @Option(name: .customLong("participant"), help: ArgumentHelp("NAME[:ROLE[:COUNTRY]]; repeatable.", valueName: "who")) var participants: [String] = []
    @Option(name: .customLong("country"), help: ArgumentHelp("A country involved (ISO code); repeatable.", valueName: "code")) var countries: [String] = []
    @Option(help: ArgumentHelp("NAME[:COUNTRY].", valueName: "place")) var location: String?
    @Option(help: ArgumentHelp("Choose the id (default: generated).", valueName: "id")) var id: String?
    @Option(name: .customLong("from-json"), help: ArgumentHelp("Read the event as JSON from a file, or - for stdin.", valueName: "file")) var fromJSON: String?
    @Option(help: ArgumentHelp("Its own reminder lead times instead of the policy: P2D,PT3H (or none).", valueName: "leads")) var remind: String?

    func validate() throws {
        if fromJSON == nil && title == nil { throw ValidationError("give --title (or --from-json FILE)") }
        if Status(rawValue: status) == nil { throw ValidationError("--status '\(status)' is not one of \(Status.allCases.map(\.rawValue).joined(separator: ", "))") }
        if EventKind(rawValue: kind) == nil { throw ValidationError("--kind '\(kind)' is not one of \(EventKind.allCases.map(\.rawValue).joined(separator: ", "))") }
        if let mod, TimeMod(rawValue: mod.uppercased()) == nil { throw ValidationError("--mod '\(mod)' is not one of START, MID, END, APPROX, BEFORE, AFTER") }
        if let timeZone, TimeZone(identifier: timeZone) == nil { throw ValidationError("--time-zone '\(timeZone)' is not an IANA time zone such as Asia/Seoul") }
        if let date {
            do { _ = try When.resolve(value: date, timeZone: .current) } catch { throw ValidationError("--date \(error)") }
        }
        if let remind, ReminderPolicy.leads(from: remind) == nil { throw ValidationError("--remind '\(remind)' is not a list of durations such as P2D,PT3H (or none)") }
    }

    struct Request: Encodable { var event: Event }
    struct RawRequest: Encodable { var event: JSONValue }

    func run() throws {
        try runReporting {
            let reply: VarlinkReceivedReply
            if let fromJSON {
                let data: Data?
                data = fromJSON == "-" ? FileHandle.standardInput.readDataToEndOfFile() : FileManager.default.contents(atPath: fromJSON)
                guard let data else { throw CLIError.refused("cannot read \(fromJSON)") }
                let value: JSONValue
                do { value = try JSONDecoder().decode(JSONValue.self, from: data) } catch { throw CLIError.refused("\(fromJSON) is not valid JSON") }
                reply = try global.call("Add", RawRequest(event: value))
            } else {
                let zone = timeZone.flatMap(TimeZone.init(identifier:)) ?? .current
                let when = try When.resolve(value: date, mod: mod.flatMap { TimeMod(rawValue: $0.uppercased()) }, timeZone: zone)
                let people = participants.map { spec -> Participant in
                    let parts = spec.split(separator: ":", maxSplits: 2, omittingEmptySubsequences: false).map { String($0) }
                    return Participant(name: parts[0], role: parts.count > 1 && !parts[1].isEmpty ? parts[1] : nil,
                                       country: parts.count > 2 && !parts[2].isEmpty ? parts[2].uppercased() : nil)
                }
                let place = location.map { spec -> Location in
                    let parts = spec.split(separator: ":", maxSplits: 1).map(String.init)
                    return Location(name: parts[0], country: parts.count > 1 ? parts[1].uppercased() : nil)
                }
                var all = countries.map { $0.uppercased() }
                for c in people.compactMap(\.country) + [place?.country].compactMap({ $0 }) where !all.contains(c) { all.append(c) }
                var event = Event(id: id ?? "", title: title!, kind: EventKind(rawValue: kind)!, status: Status(rawValue: status)!,
                                  when: when, participants: people, countries: all, location: place)
                event.remind = remind.flatMap(ReminderPolicy.leads(from:))
                reply = try global.call("Add", Request(event: event))
            }
            let r = try reply.decode(WriteReply.self)
            if global.json { return try JSONOutput.print(r) }
            print("Added \(r.event.id): \(r.event.title) — \(HumanDate.describe(r.event.when)), \(r.event.status.rawValue)")
        }
    }
}

/// Changes an event's status; shared by `set-status` and `cancel`.
func changeStatus(_ global: GlobalOptions, id: String, status: Status, reason: String?) throws {
    struct Request: Encodable {
        var id: String
        var status: Status
        var reason: String?
    }
    let r = try global.call("SetStatus", Request(id: id, status: status, reason: reason)).decode(WriteReply.self)
    if global.json { return try JSONOutput.print(r) }
    print("\(r.event.id): \(r.event.title) is now \(r.event.status.rawValue) (revision #\(r.revision.seq))")
}

struct SetStatus: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "set-status",
        abstract: "Change an event's status: confirm it happened, mark it scheduled, cancel it…",
        discussion: "Example: diplomatctl set-status kr-us-jp-fm-trilateral-2021-04 cancelled --reason \"moved to London\"")

    @OptionGroup var global: GlobalOptions
    @Argument(help: "The event's id.") var id: String
    @Argument(help: ArgumentHelp("occurred, scheduled, expected, possible, proposed or cancelled.", valueName: "status")) var status: String
    @Option(help: "Why, recorded in the event's history.") var reason: String?

    func validate() throws {
        if Status(rawValue: status) == nil { throw ValidationError("'\(status)' is not one of \(Status.allCases.map(\.rawValue).joined(separator: ", "))") }
    }

    func run() throws {
        try runReporting { try changeStatus(global, id: id, status: Status(rawValue: status)!, reason: reason) }
    }
}

struct Cancel: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Mark an event cancelled (the same as set-status ID cancelled).",
        discussion: "Example: diplomatctl cancel kr-jp-fm-bilateral-margins-2021-04 --reason \"trilateral did not take place\"")

    @OptionGroup var global: GlobalOptions
    @Argument(help: "The event's id.") var id: String
    @Option(help: "Why, recorded in the event's history.") var reason: String?

    func run() throws {
        try runReporting { try changeStatus(global, id: id, status: .cancelled, reason: reason) }
    }
}

struct Watch: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Follow changes to the timeline as they happen.",
        discussion: """
            Prints one line per change until interrupted or the daemon stops. With --json, one
            JSON object per line: {"type": "added"|"changed", "event": Event, "revision": …};
            the first line has type "watching" and the last, when the daemon stops, "shutdown".
            """)

    @OptionGroup var global: GlobalOptions

    @Option(help: ArgumentHelp("Run this shell command for each reminder, with its details in DIPLOMAT_* environment variables.", valueName: "command"))
    var exec: String?

    struct Notification: Codable {
        struct Revision: Codable {
            var seq: Int
            var actor: String
            var action: String
        }
        var type: String
        var now: String?
        var event: Event?
        var revision: Revision?
        var reminder: ReminderInfo?
        var missed: Int?
    }

    /// Runs the --exec command for one reminder and waits for it, so commands run in order.
    func run(_ command: String, for n: Notification) {
        guard let r = n.reminder, let e = n.event else { return }
        var env = ProcessInfo.processInfo.environment
        env["DIPLOMAT_REMINDER_ID"] = r.id
        env["DIPLOMAT_REMINDER_KIND"] = r.kind.rawValue
        env["DIPLOMAT_REMINDER_TEXT"] = r.describe
        env["DIPLOMAT_DUE"] = r.due
        env["DIPLOMAT_LATE"] = r.late ? "true" : "false"
        env["DIPLOMAT_EVENT_ID"] = e.id
        env["DIPLOMAT_EVENT_TITLE"] = e.title
        env["DIPLOMAT_EVENT_WHEN"] = HumanDate.describe(e.when)
        env["DIPLOMAT_EVENT_STATUS"] = (e.effectiveStatus ?? EffectiveStatus(e.status)).rawValue
        env["DIPLOMAT_EVENT_JSON"] = (try? JSONEncoder().encode(e)).map { String(decoding: $0, as: UTF8.self) }
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/bin/sh")
        p.arguments = ["-c", command]
        p.environment = env
        do {
            try p.run()
            p.waitUntilExit()
            if p.terminationStatus != 0 {
                Output.error("diplomatctl: --exec command exited with \(p.terminationStatus) for reminder \(r.id)")
            }
        } catch {
            Output.error("diplomatctl: cannot run --exec command: \(error)")
        }
    }

    /// Writes a line straight away, so a pipe sees each change as it happens.
    func emit(_ line: String) { Output.line(line) }

    func run() throws {
        try runReporting {
            let client = try global.connect()
            try client.send(method: "org.diplomatd.Timeline.Watch", parameters: [String: String](), more: true)
            while true {
                let reply: VarlinkReceivedReply
                do { reply = try client.receive() } catch { throw CLIError.unavailable("lost the connection to diplomatd at \(global.socketPath): \(error)") }
                if let error = reply.error { throw CLIError.refused(CLIError.explain(error)) }
                let n = try reply.decode(Notification.self)
                if global.json {
                    try JSONOutput.print(n, compact: true)
                } else {
                    switch n.type {
                    case "watching": Output.error("Watching the timeline at \(global.socketPath) (Ctrl-C to stop)…")
                    case "shutdown": emit("diplomatd is shutting down")
                    case "missed": emit("(this watcher fell behind: \(n.missed ?? 0) notifications were dropped)")
                    case "reminder":
                        if let r = n.reminder, let e = n.event {
                            let status = (e.effectiveStatus ?? EffectiveStatus(e.status)).rawValue
                            emit("\(n.now ?? r.due)  reminder \(r.id): \(r.describe) — \(e.title) (\(HumanDate.describe(e.when)), \(status))\(r.late ? " [late]" : "")")
                        }
                    default:
                        if let e = n.event {
                            emit("\(n.type) \(e.id): \(e.title) — \(HumanDate.describe(e.when)), \((e.effectiveStatus ?? EffectiveStatus(e.status)).rawValue) (by \(n.revision?.actor ?? "?"))")
                        }
                    }
                }
                if let exec, n.type == "reminder" { run(exec, for: n) }
                if !reply.continues { return }
            }
        }
    }
}
