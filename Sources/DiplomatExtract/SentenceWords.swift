/// A word as the meeting extractor sees it: tokens joined back where news writes them as one
/// ("Sang-ryol", "Director-General", "U.S."), with whether it is capitalised and possessive.
struct Word: Sendable {
    var text: String
    var lower: String
    var start: Int
    var end: Int
    var isCapitalized: Bool
    var isPossessive: Bool
    var isPunctuation: Bool
}

/// The words of one sentence, with helpers to match lowercased phrases.
struct SentenceWords: Sendable {
    var words: [Word]
    var range: Range<Int>

    /// `tokens` are the sentence's, with offsets into the whole text.
    init(scalars: [Unicode.Scalar], range: Range<Int>, tokens absolute: [Token]) {
        self.range = range
        let tokens = absolute.map { t in Token(text: t.text, lower: t.lower, start: t.start - range.lowerBound, end: t.end - range.lowerBound) }
        var out: [Word] = []
        var i = 0
        func possessive(after end: Int) -> Bool {
            let at = range.lowerBound + end
            guard at + 1 < range.upperBound else { return false }
            return (scalars[at] == "'" || scalars[at] == "’") && (scalars[at + 1] == "s" || scalars[at + 1] == "S")
        }
        while i < tokens.count {
            var t = tokens[i]
            var j = i + 1
            // Hyphenated words: "Sang" "-" "ryol" with no space between.
            while j + 1 < tokens.count, t.text.first?.isLetter == true || t.text.first?.isNumber == true, tokens[j].text == "-", tokens[j].start == t.end, tokens[j + 1].start == tokens[j].end,
                  tokens[j + 1].text.first?.isLetter == true {
                t.text += "-" + tokens[j + 1].text
                t.lower += "-" + tokens[j + 1].lower
                t.end = tokens[j + 1].end
                j += 2
            }
            // Dotted abbreviations: "U" "." "S" "." is "U.S.".
            if t.text.count == 1, t.text.first?.isUppercase == true, j + 2 < tokens.count + 1, j < tokens.count, tokens[j].text == ".",
               tokens[j].start == t.end {
                var k = j
                var joined = t.text + "."
                var end = tokens[j].end
                while k + 2 < tokens.count + 1, k + 1 < tokens.count, tokens[k + 1].text.count == 1, tokens[k + 1].text.first?.isLetter == true,
                      tokens[k + 1].start == end, k + 2 < tokens.count, tokens[k + 2].text == ".", tokens[k + 2].start == tokens[k + 1].end {
                    joined += tokens[k + 1].text + "."
                    end = tokens[k + 2].end
                    k += 2
                }
                if k > j {
                    t.text = joined
                    t.lower = joined.lowercased()
                    t.end = end
                    j = k + 1
                }
            }
            let first = t.text.unicodeScalars.first
            let isPunct = first.map { !$0.properties.isAlphabetic && $0.properties.numericType == nil } ?? true
            out.append(Word(text: t.text, lower: t.lower, start: t.start + range.lowerBound, end: t.end + range.lowerBound,
                            isCapitalized: first?.properties.isUppercase == true, isPossessive: !isPunct && possessive(after: t.end),
                            isPunctuation: isPunct))
            i = j
        }
        words = out
    }

    var count: Int { words.count }
    /// Past either end: a blank word, so a rule that looks a few words ahead cannot trap on a
    /// short sentence (text from the world can end anywhere; see fuzz/regressions/extract).
    subscript(_ i: Int) -> Word {
        i >= 0 && i < words.count ? words[i]
            : Word(text: "", lower: "", start: words.last?.end ?? 0, end: words.last?.end ?? 0, isCapitalized: false, isPossessive: false, isPunctuation: true)
    }
    func low(_ i: Int) -> String { i >= 0 && i < words.count ? words[i].lower : "" }

    /// Whether `phrase` (lowercased words) starts at `i`.
    func matches(_ phrase: [String], at i: Int) -> Bool {
        guard i >= 0, i + phrase.count <= words.count else { return false }
        for (k, p) in phrase.enumerated() where words[i + k].lower != p { return false }
        return true
    }

    /// Whether `phrase` ends at `i` (inclusive).
    func matches(_ phrase: [String], endingAt i: Int) -> Bool { matches(phrase, at: i - phrase.count + 1) }

    /// The longest place name starting at `i`: its length and the place.
    func place(at i: Int) -> (Int, Gazetteer.Place)? {
        guard i < words.count, Gazetteer.placeStarts.contains(words[i].lower) else { return nil }
        var n = min(Gazetteer.longestPlace, words.count - i)
        while n >= 1 {
            let key = (i..<(i + n)).map { words[$0].lower }
            if let p = Gazetteer.places[key], words[i].isCapitalized || words[i].lower.first?.isLetter == false {
                // A possessive may only end the name ("Seoul’s").
                if (i..<(i + n - 1)).allSatisfy({ !words[$0].isPossessive }) { return (n, p) }
            }
            n -= 1
        }
        return nil
    }

    /// The longest demonym starting at `i` ("South Korean", "Japanese", "U.S.").
    func demonym(at i: Int) -> (Int, String)? {
        guard i < words.count, Gazetteer.demonymStarts.contains(words[i].lower) else { return nil }
        var n = min(Gazetteer.longestDemonym, words.count - i)
        while n >= 1 {
            let key = (i..<(i + n)).map { words[$0].lower }
            if let c = Gazetteer.demonyms[key], words[i].isCapitalized { return (n, c) }
            n -= 1
        }
        return nil
    }
}
