import ArgumentParser
import DiplomatCore
import Foundation
import Varlink

/// A reminder as the daemon sends it.
struct ReminderInfo: Codable {
    var id: String
    var event: String
    var kind: ReminderKind
    var offset: String?
    var due: String
    var state: String
    var firedAt: String?
    var late: Bool
    var acknowledged: Bool

    /// "7 days before", "window opens", …
    var describe: String {
        switch kind {
        case .before: return HumanDate.span(offset.flatMap(DurationText.parse) ?? 0) + " before"
        case .windowOpens: return "window opens"
        case .windowCloses: return "window closes"
        case .lapsed: return "passed unconfirmed"
        }
    }
}

struct Reminders: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "List pending reminders, soonest first, and the ones that fired recently.",
        discussion: """
            Dated events get reminders 7 days, 1 day and 1 hour before they start (configurable per
            status in diplomatd.conf, and per event with diplomatctl remind), and one when their day
            passes unconfirmed; events known only to a window (a month, "later this month") get one
            when the window opens and one when it closes. Cancelled and occurred events get none.

            Example: diplomatctl reminders --limit 50
            """)

    @OptionGroup var global: GlobalOptions
    @Option(help: ArgumentHelp("How many of each to show.", valueName: "n")) var limit: Int = 20

    struct Item: Codable {
        var reminder: ReminderInfo
        var title: String
        var when: String
    }
    struct Reply: Codable {
        var now: String
        var pending: Int
        var next: [Item]
        var recent: [Item]
    }

    func run() throws {
        try runReporting {
            let reply = try global.call("Reminders", ["limit": limit]).decode(Reply.self)
            if global.json { return try JSONOutput.print(reply) }
            let style = Style.standard
            let now = ISO8601.parse(reply.now) ?? Date()  // the daemon's clock, which may be a replay
            print(style.bold("Pending: \(reply.pending)"))
            print(table(["DUE", "IN", "REMINDER", "EVENT", "ID"], reply.next.map { i in
                let due = ISO8601.parse(i.reminder.due)
                return [i.reminder.due, due.map { HumanDate.span($0.timeIntervalSince(now)) } ?? "", i.reminder.describe, "\(i.title) (\(i.when))", i.reminder.id]
            }))
            print(style.bold("Recent"))
            print(table(["FIRED", "STATE", "REMINDER", "EVENT", "ID"], reply.recent.map { i in
                let state = i.reminder.state + (i.reminder.late ? ", late" : "") + (i.reminder.acknowledged ? ", acknowledged" : "")
                return [i.reminder.firedAt ?? "", state, i.reminder.describe, "\(i.title) (\(i.when))", i.reminder.id]
            }))
        }
    }

    func table(_ header: [String], _ rows: [[String]]) -> String {
        if rows.isEmpty { return "  none" }
        var widths = header.map(\.count)
        for r in rows { for (i, c) in r.enumerated() { widths[i] = max(widths[i], c.count) } }
        func line(_ r: [String]) -> String {
            "  " + r.enumerated().map { i, c in i == r.count - 1 ? c : c + String(repeating: " ", count: widths[i] - c.count) }.joined(separator: "  ")
        }
        return ([line(header)] + rows.map(line)).joined(separator: "\n")
    }
}

struct Ack: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Acknowledge a reminder: it is not announced again; optionally snooze the event's next ones.",
        discussion: """
            Example: diplomatctl ack 42 --snooze PT2H
            (reminders of the same event due in the next two hours are moved to two hours from now)
            """)

    @OptionGroup var global: GlobalOptions
    @Argument(help: "The reminder's id (see diplomatctl reminders or watch).") var id: String
    @Option(help: ArgumentHelp("Move the event's other reminders due within this time to its end (PT2H, 2h).", valueName: "duration")) var snooze: String?

    func validate() throws {
        if let snooze, DurationText.parse(snooze) == nil { throw ValidationError("--snooze '\(snooze)' is not a duration such as PT2H or 2h") }
    }

    struct Reply: Codable {
        var reminder: ReminderInfo
        var snoozed: Int
    }

    func run() throws {
        try runReporting {
            struct Request: Encodable {
                var id: String
                var snooze: String?
            }
            let iso = snooze.flatMap(DurationText.parse).map(DurationText.iso(seconds:))
            let r = try global.call("Acknowledge", Request(id: id, snooze: iso)).decode(Reply.self)
            if global.json { return try JSONOutput.print(r) }
            print("Acknowledged reminder \(r.reminder.id) (\(r.reminder.describe), event \(r.reminder.event))" + (r.snoozed > 0 ? "; snoozed \(r.snoozed) more" : ""))
        }
    }
}

struct Remind: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Set an event's own reminder lead times, or return it to the policy.",
        discussion: """
            Examples:
              diplomatctl remind kr-jp-fm-talks-2021-05-05 P2D,PT3H
              diplomatctl remind kr-jp-fm-talks-2021-05-05 none       (no lead-time reminders)
              diplomatctl remind kr-jp-fm-talks-2021-05-05 --policy   (back to the policy for its status)
            """)

    @OptionGroup var global: GlobalOptions
    @Argument(help: "The event's id.") var id: String
    @Argument(help: ArgumentHelp("Lead times, ISO 8601 durations separated by commas, or none.", valueName: "leads")) var leads: String?
    @Flag(help: "Use the configured policy for the event's status again.") var policy = false

    func validate() throws {
        if policy == (leads != nil) { throw ValidationError("give lead times (such as P2D,PT3H) or --policy") }
        if let leads, ReminderPolicy.leads(from: leads) == nil { throw ValidationError("'\(leads)' is not a list of durations such as P2D,PT3H (or none)") }
    }

    func run() throws {
        try runReporting {
            struct Request: Encodable {
                var id: String
                var leads: [String]?
                func encode(to encoder: any Encoder) throws {
                    var c = encoder.container(keyedBy: CodingKeys.self)
                    try c.encode(id, forKey: .id)
                    try c.encode(leads, forKey: .leads)
                }
                enum CodingKeys: String, CodingKey { case id, leads }
            }
            let list = leads.flatMap(ReminderPolicy.leads(from:))?.map(DurationText.iso(seconds:))
            let r = try global.call("SetReminders", Request(id: id, leads: policy ? nil : list)).decode(WriteReply.self)
            if global.json { return try JSONOutput.print(r) }
            let text = r.event.remind.map { $0.isEmpty ? "none" : $0.map(DurationText.iso(seconds:)).joined(separator: ", ") } ?? "the policy for \(r.event.status.rawValue) events"
            print("\(r.event.id): reminders \(text)")
        }
    }
}
