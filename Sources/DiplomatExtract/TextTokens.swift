/// Words and numbers of a text with their offsets in Unicode code points (end exclusive),
/// which is how the contracts and TimeML count. Punctuation is kept as one-character tokens
/// so patterns can see commas and periods ("Sept. 22, 2021").
public struct Token: Sendable, Hashable {
    public var text: String
    public var lower: String
    public var start: Int
    public var end: Int
    /// ASCII digits only; worked out once, patterns ask often.
    public let isNumber: Bool
    public var number: Int? { isNumber && text.utf8.count <= 9 ? Int(text) : nil }

    public init(text: String, lower: String, start: Int, end: Int) {
        self.text = text
        self.lower = lower
        self.start = start
        self.end = end
        isNumber = !text.isEmpty && text.utf8.allSatisfy { $0 >= 48 && $0 <= 57 }
    }
}

public enum Tokenizer {
    public static func tokens(_ text: String) -> [Token] {
        let scalars = Array(text.unicodeScalars)
        return tokens(scalars, 0..<scalars.count, offset: 0)
    }

    @inline(__always) static func isWordScalar(_ c: Unicode.Scalar) -> Bool {
        if c.value < 128 {
            let v = c.value
            return (v >= 65 && v <= 90) || (v >= 97 && v <= 122) || (v >= 48 && v <= 57)
        }
        return c.properties.isAlphabetic || c.properties.numericType != nil
    }

    @inline(__always) static func isSpace(_ c: Unicode.Scalar) -> Bool {
        c.value < 128 ? (c == " " || c == "\n" || c == "\t" || c == "\r" || c.value == 11 || c.value == 12) : c.properties.isWhitespace
    }

    /// Tokens of `scalars[range]`, with offsets relative to `range.lowerBound - offset`
    /// (offset 0: offsets into the slice; `range.lowerBound`: offsets into the whole text).
    static func tokens(_ scalars: [Unicode.Scalar], _ range: Range<Int>, offset: Int) -> [Token] {
        var out: [Token] = []
        out.reserveCapacity((range.count / 5) + 4)
        var i = range.lowerBound
        let base = range.lowerBound - offset
        while i < range.upperBound {
            let c = scalars[i]
            if isWordScalar(c) {
                let start = i
                i += 1
                while i < range.upperBound, isWordScalar(scalars[i]) || ((scalars[i] == "'" || scalars[i] == "’")) { i += 1 }
                var end = i
                // Patterns match "Friday's" as "friday"; the possessive is not part of the token.
                if end - start > 2, scalars[end - 1] == "s" || scalars[end - 1] == "S", scalars[end - 2] == "'" || scalars[end - 2] == "’" { end -= 2 }
                let text = String(String.UnicodeScalarView(scalars[start..<end]))
                out.append(Token(text: text, lower: text.lowercased(), start: start - base, end: end - base))
            } else {
                if !isSpace(c) {
                    let t = String(c)
                    out.append(Token(text: t, lower: t, start: i - base, end: i - base + 1))
                }
                i += 1
            }
        }
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

    /// Longer "sentences" are cut at a space: no news sentence is this long, and the readers
    /// downstream may look at every pair of words in a sentence, so this keeps a document's
    /// extraction time linear in its length whatever the text (fuzz/, bench/).
    public static let maxSentenceScalars = 1_200

    /// Ranges of sentences as code point offsets.
    public static func sentences(_ text: String) -> [Range<Int>] {
        let scalars = Array(text.unicodeScalars)
        var out: [Range<Int>] = []
        var start = 0
        var i = 0
        while i < scalars.count {
            let c = scalars[i]
            if i - start >= maxSentenceScalars {
                let cut = (start + maxSentenceScalars / 2..<i).last(where: { scalars[$0].properties.isWhitespace }).map { $0 + 1 } ?? i
                out.append(start..<cut)
                start = cut
                continue
            }
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
        // Abbreviations are short: look back a few letters only ("a.a.a.…" stays linear).
        while k >= max(0, dot - 12), s[k].properties.isAlphabetic || s[k] == "." { word = String(s[k]) + word; k -= 1 }
        let w = word.lowercased()
        if w.count == 1 { return true }  // an initial: "Antony J. Blinken"
        return abbreviations.contains(w) || w.contains(".") && abbreviations.contains(String(w.filter { $0 != "." }))
    }
}
