/// Words and numbers of a text with their offsets in Unicode code points (end exclusive),
/// which is how the contracts and TimeML count. Punctuation is kept as one-character tokens
/// so patterns can see commas and periods ("Sept. 22, 2021").
public struct Token: Sendable, Hashable {
    public var text: String
    public var lower: String
    public var start: Int
    public var end: Int
    public var isNumber: Bool { !text.isEmpty && text.unicodeScalars.allSatisfy { $0.properties.numericType != nil && $0.isASCII } }
    public var number: Int? { isNumber && text.count <= 9 ? Int(text) : nil }
}

public enum Tokenizer {
    public static func tokens(_ text: String) -> [Token] {
        var out: [Token] = []
        var current = ""
        var start = 0
        var i = 0
        func flush() {
            if !current.isEmpty {
                // Patterns match "Friday's" as "friday"; the token keeps its whole extent.
                var lower = current.lowercased()
                for suffix in ["'s", "’s"] where lower.hasSuffix(suffix) { lower.removeLast(2) }
                var end = i
                if lower != current.lowercased() { end -= 2 }
                out.append(Token(text: String(current.prefix(lower.count)), lower: lower, start: start, end: end))
                current = ""
            }
        }
        for scalar in text.unicodeScalars {
            let isWordChar = scalar.properties.isAlphabetic || (scalar.properties.numericType != nil) || (scalar == "'" || scalar == "’") && !current.isEmpty
            if isWordChar {
                // A boundary between letters and digits splits "30th"? No: keep "30th" whole, split "1990s" later.
                if current.isEmpty { start = i }
                current.unicodeScalars.append(scalar)
            } else {
                flush()
                if !scalar.properties.isWhitespace {
                    out.append(Token(text: String(scalar), lower: String(scalar), start: i, end: i + 1))
                }
            }
            i += 1
        }
        flush()
        return out
    }
}

/// Sentences, split where a sentence really ends: not after "U.S.", "Dr.", "Sept." or an
/// initial, and through closing quotes.
public enum SentenceSplitter {
    static let abbreviations: Set<String> = [
        "mr", "mrs", "ms", "dr", "prof", "gen", "lt", "col", "sgt", "capt", "gov", "sen", "rep", "rev", "st", "jr", "sr", "inc",
        "corp", "co", "ltd", "no", "vs", "etc", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
        "mon", "tue", "tues", "wed", "thu", "thur", "thurs", "fri", "sat", "sun", "u.s", "u.k", "u.n", "e.u", "a.m", "p.m", "ft", "mt",
    ]

    /// Ranges of sentences as code point offsets.
    public static func sentences(_ text: String) -> [Range<Int>] {
        let scalars = Array(text.unicodeScalars)
        var out: [Range<Int>] = []
        var start = 0
        var i = 0
        while i < scalars.count {
            let c = scalars[i]
            if c == "\n" && i + 1 < scalars.count && scalars[i + 1] == "\n" || (c == "\n" && lineBreakEnds(scalars, i)) {
                if i > start { out.append(start..<i) }
                start = i + 1
            } else if c == "." || c == "!" || c == "?" {
                var j = i + 1
                while j < scalars.count, "\"'”’)]".unicodeScalars.contains(scalars[j]) { j += 1 }
                let atEnd = j >= scalars.count
                let followedBySpace = !atEnd && scalars[j].properties.isWhitespace
                if atEnd || (followedBySpace && nextStartsSentence(scalars, j) && !(c == "." && isAbbreviation(scalars, i))) {
                    out.append(start..<j)
                    start = j
                    i = j
                    continue
                }
            }
            i += 1
        }
        if start < scalars.count { out.append(start..<scalars.count) }
        return out.compactMap { r in
            var a = r.lowerBound, b = r.upperBound
            while a < b, scalars[a].properties.isWhitespace { a += 1 }
            while b > a, scalars[b - 1].properties.isWhitespace { b -= 1 }
            return a < b ? a..<b : nil
        }
    }

    static func lineBreakEnds(_ s: [Unicode.Scalar], _ i: Int) -> Bool {
        // One article per line (as in the seeds): a newline after end punctuation ends a sentence.
        var k = i - 1
        while k >= 0, s[k] == " " { k -= 1 }
        return k >= 0 && ".!?\"”’".unicodeScalars.contains(s[k])
    }

    static func nextStartsSentence(_ s: [Unicode.Scalar], _ j: Int) -> Bool {
        var k = j
        while k < s.count, s[k].properties.isWhitespace { k += 1 }
        guard k < s.count else { return true }
        let c = s[k]
        return c.properties.isUppercase || "\"“‘'(".unicodeScalars.contains(c) || c.properties.numericType != nil
    }

    static func isAbbreviation(_ s: [Unicode.Scalar], _ dot: Int) -> Bool {
        var k = dot - 1
        var word = ""
        while k >= 0, s[k].properties.isAlphabetic || s[k] == "." { word = String(s[k]) + word; k -= 1 }
        let w = word.lowercased()
        if w.count == 1 { return true }  // an initial: "Antony J. Blinken"
        return abbreviations.contains(w) || abbreviations.contains(w.replacingOccurrences(of: ".", with: "")) && w.contains(".")
    }
}
