import DiplomatCore
import Foundation

/// Terminal styling, used only on a terminal and never when NO_COLOR is set.
struct Style {
    let enabled: Bool

    static let standard: Style = {
        let env = ProcessInfo.processInfo.environment
        let noColor = env["NO_COLOR"].map { !$0.isEmpty } ?? false
        return Style(enabled: isatty(STDOUT_FILENO) == 1 && !noColor && env["TERM"] != "dumb")
    }()

    func paint(_ s: String, _ code: String) -> String { enabled ? "\u{1B}[\(code)m\(s)\u{1B}[0m" : s }
    func bold(_ s: String) -> String { paint(s, "1") }
    func dim(_ s: String) -> String { paint(s, "2") }

    func status(_ s: EffectiveStatus) -> String {
        let text = s == .lapsed ? "LAPSED" : s.rawValue
        switch s {
        case .occurred: return paint(text, "32")
        case .scheduled: return paint(text, "1;36")
        case .expected: return paint(text, "36")
        case .possible, .proposed: return paint(text, "33")
        case .cancelled: return paint(text, "9;31")
        case .lapsed: return paint(text, "1;31")
        }
    }
}

/// Renders events as an aligned table: date at its precision, relative time, status, title, id.
enum EventTable {
    static func render(_ events: [Event], now: Date, style: Style = .standard) -> String {
        if events.isEmpty { return "No events.\n" }
        let header = ["DATE", "WHEN", "STATUS", "TITLE", "ID"]
        var rows: [[(String, String)]] = []  // (plain, styled)
        for e in events {
            let status = e.effectiveStatus ?? e.effectiveStatus(at: now)
            var statusText = status == .lapsed ? "LAPSED" : status.rawValue
            var styled = style.status(status)
            if status == .lapsed {
                statusText += " (was \(e.status.rawValue))"
                styled += style.dim(" (was \(e.status.rawValue))")
            }
            let date = HumanDate.describe(e.when)
            let rel = HumanDate.relative(e.when, now: now)
            rows.append([(date, date), (rel, style.dim(rel)), (statusText, styled), (e.title, e.title), (e.id, style.dim(e.id))])
        }
        var widths = header.map(\.count)
        for r in rows { for (i, c) in r.enumerated() { widths[i] = max(widths[i], c.0.count) } }
        func line(_ cells: [(String, String)]) -> String {
            cells.enumerated().map { i, c in
                i == cells.count - 1 ? c.1 : c.1 + String(repeating: " ", count: widths[i] - c.0.count)
            }.joined(separator: "  ")
        }
        var out = style.bold(line(header.map { ($0, $0) })) + "\n"
        for r in rows { out += line(r) + "\n" }
        return out
    }
}
