import Foundation

/// Lengths of time as people and scripts write them: ISO 8601 durations ("P7D", "PT2H",
/// "P1W", "P1DT12H") and the short forms a command line wants ("7d", "36h", "2w", "90m", "45s").
/// Months and years are not accepted: their length depends on where they start.
public enum DurationText {
    /// Longer than any reminder or query window needs (about 1,000 years); anything beyond is
    /// refused rather than overflowing date arithmetic (found by fuzz/run.sh dates).
    public static let longest: TimeInterval = 1000 * 365.25 * 86_400

    public static func parse(_ text: String) -> TimeInterval? {
        guard let d = parseUnbounded(text), d.isFinite, d >= 0, d <= longest else { return nil }
        return d
    }

    static func parseUnbounded(_ text: String) -> TimeInterval? {
        let s = text.trimmingCharacters(in: .whitespaces)
        guard !s.isEmpty else { return nil }
        if s.first == "P" || s.first == "p" { return iso(s.uppercased()) }
        // Short form: a sequence of <number><unit>, such as "1d12h".
        var total = 0.0
        var number = ""
        var sawUnit = false
        for ch in s.lowercased() {
            if ch.isNumber || ch == "." { number.append(ch); continue }
            guard let n = Double(number), let unit = shortUnits[ch] else { return nil }
            total += n * unit
            number = ""
            sawUnit = true
        }
        guard number.isEmpty, sawUnit else { return nil }
        return total
    }

    static let shortUnits: [Character: Double] = ["s": 1, "m": 60, "h": 3600, "d": 86_400, "w": 604_800]

    static func iso(_ s: String) -> TimeInterval? {
        var total = 0.0
        var number = ""
        var inTime = false
        var any = false
        for ch in s.dropFirst() {
            if ch == "T" { guard number.isEmpty, !inTime else { return nil }; inTime = true; continue }
            if ch.isNumber || ch == "." || ch == "," { number.append(ch == "," ? "." : ch); continue }
            guard let n = Double(number) else { return nil }
            let unit: Double
            switch (ch, inTime) {
            case ("W", false): unit = 604_800
            case ("D", false): unit = 86_400
            case ("H", true): unit = 3600
            case ("M", true): unit = 60
            case ("S", true): unit = 1
            default: return nil
            }
            total += n * unit
            number = ""
            any = true
        }
        guard any, number.isEmpty else { return nil }
        return total
    }

    /// Writes a duration as ISO 8601 ("P7D", "PT1H30M").
    public static func iso(seconds: TimeInterval) -> String {
        guard seconds.isFinite, abs(seconds) <= longest else { return seconds < 0 ? "-P\(Int(longest / 86_400))D" : "P\(Int(longest / 86_400))D" }
        var s = Int(seconds.rounded())
        if s == 0 { return "PT0S" }
        let days = s / 86_400
        s %= 86_400
        var out = "P" + (days > 0 ? "\(days)D" : "")
        if s > 0 {
            out += "T"
            if s / 3600 > 0 { out += "\(s / 3600)H" }
            if s / 60 % 60 > 0 { out += "\(s / 60 % 60)M" }
            if s % 60 > 0 { out += "\(s % 60)S" }
        }
        return out
    }
}
