import DiplomatCore

/// The people one document names, so that "Chung", "Minister Chung" and "Chung-Eui-yong" all
/// resolve to the "Foreign Minister Chung Eui-yong" introduced earlier.
struct PeopleRegistry: Sendable {
    var people: [Participant] = []
    /// Surname or given name (lowercased) to index; nil when two people share it.
    var aliases: [String: Int?] = [:]
    var homeCountry: String?
    /// People by the set of their name's words, so "Motegi Toshimitsu" finds "Toshimitsu Motegi" at once.
    var byWords: [Set<String>: Int] = [:]

    /// Canonical spelling of a name as written: "Chung-Eui-yong" (a Korean name hyphenated
    /// throughout) becomes "Chung Eui-yong".
    static func canonicalName(_ words: [String]) -> String {
        if words.count == 1 {
            let parts = words[0].split(separator: "-").map(String.init)
            if parts.count == 3, parts.allSatisfy({ $0.first?.isUppercase == true || $0.first?.isLowercase == true }) {
                return parts[0] + " " + parts[1] + "-" + parts[2].lowercased()
            }
        }
        return words.joined(separator: " ")
    }

    /// Adds or updates a person and returns their index. A name whose words match someone
    /// known in another order ("Motegi Toshimitsu") is that person.
    mutating func introduce(name: String, role: String?, country: String?) -> Int {
        let key = Set(name.lowercased().split(separator: " ").map(String.init))
        if let i = byWords[key] ?? resolve(name) {
            if people[i].role == nil { people[i].role = role }
            if people[i].country == nil { people[i].country = country }
            return i
        }
        people.append(Participant(name: name, role: role, country: country ?? (role != nil ? homeCountry : nil)))
        let i = people.count - 1
        byWords[key] = i
        let parts = name.split(separator: " ").map { $0.lowercased() }
        // "Jaber bin Fahad" is Jaber: the name after "bin" is his father's.
        let patronymic = parts.contains { ["bin", "bint", "ibn"].contains($0) }
        for alias in Set(patronymic ? [parts.first!] : [parts.first!, parts.last!]) where parts.count > 1 {
            if let existing = aliases[alias], existing != i { aliases[alias] = .some(nil) } else { aliases[alias] = i }
        }
        // "Chung-Eui-yong" is also reachable by its hyphenated spelling.
        aliases[String(name.lowercased().map { $0 == " " ? "-" : $0 })] = i
        return i
    }

    func resolve(_ word: String) -> Int? {
        if let hit = aliases[word.lowercased()] { return hit }
        return nil
    }
}

/// A person named in a sentence: who, and which words name them.
struct PersonSpan: Sendable {
    var person: Int
    var words: Range<Int>
}

/// Finds the people a sentence names: "Foreign Minister Chung Eui-yong", "U.S. Secretary of
/// State, Antony Blinken", "Lee Sang-ryol, Director-General for Asian and Pacific affairs",
/// "his Japanese counterpart, Takehiro Funakoshi", and surnames of people already introduced.
struct PersonFinder {
    let s: SentenceWords

    static let roleModifiers: Set<String> = ["acting", "former", "then", "new", "incoming", "outgoing", "top", "senior", "chief"]
    static let smallWords: Set<String> = ["and", "of", "for", "the", "on"]

    func find(_ registry: inout PeopleRegistry) -> [PersonSpan] {
        var out: [PersonSpan] = []
        var i = 0
        var lastRole: String?
        while i < s.count {
            if let (span, next) = roleFirst(at: i, &registry) ?? counterpart(at: i, previous: out, &registry) ?? nameFirst(at: i, &registry) {
                out.append(span)
                lastRole = registry.people[span.person].role ?? lastRole
                i = next
                continue
            }
            if s[i].isCapitalized, let p = registry.resolve(s[i].lower) {
                out.append(PersonSpan(person: p, words: i..<(i + 1)))
            }
            i += 1
        }
        _ = lastRole
        return out
    }

    /// A title at `i` (with a country before it), returning its length, title and country.
    func role(at i: Int) -> (Int, String, String?)? {
        // Places and demonyms are capitalised; a lowercase word starts a title or nothing.
        if !s[i].isCapitalized && s.low(i) != "u.s." && Gazetteer.rolesByFirstWord[s.low(i)] == nil && !Self.roleModifiers.contains(s.low(i)) { return nil }
        var k = i
        var country: String?
        if let (n, p) = s.place(at: k), s[k + n - 1].isPossessive || p.country == "US" && s[k].lower == "u.s." {
            country = p.country
            k += n
        } else if let (n, c) = s.demonym(at: k) {
            country = c
            k += n
        }
        while Self.roleModifiers.contains(s.low(k)) { k += 1 }
        // "Transport Minister", "Interior Minister": any capitalised portfolio before "Minister".
        let next = s.low(k + 1)
        let portfolio: [String]? = (next == "minister" || next == "secretary") && s[k].isCapitalized && !s[k].isPunctuation && s[k + 1].isCapitalized
            ? [s.low(k), next] : nil
        guard let r = Gazetteer.rolesByFirstWord[s.low(k)]?.first(where: { s.matches($0, at: k) }) ?? portfolio else { return nil }
        // A lowercase or weak title needs a capital to count ("Chief" alone is not a title).
        if Gazetteer.weakRoles.contains(r) && !s[k].isCapitalized { return nil }
        var end = k + r.count
        // "Director-General for Asian and Pacific affairs", "Minister of Foreign Affairs of India"
        if s.low(end) == "for" || s.low(end) == "of" {
            var e = end + 1
            var last = -1
            while e < s.count, s[e].isCapitalized || ["and", "affairs"].contains(s[e].lower) {
                if Gazetteer.places[[s[e].lower]] != nil && s.low(end) == "of" && country == nil {
                    country = Gazetteer.places[[s[e].lower]]!.country
                }
                last = e
                if s[e].lower == "affairs" { break }
                e += 1
            }
            if last >= end + 1 && s[last].lower != "and" { end = last + 1 }
        }
        let title = (k..<end).map { Self.titleCase(s[$0].lower) }.joined(separator: " ")
        return (end - i, title, country)
    }

    static func titleCase(_ w: String) -> String {
        if smallWords.contains(w) { return w }
        return w.split(separator: "-", omittingEmptySubsequences: false).map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined(separator: "-")
    }

    /// Capitalised words that can be a name at `i`: up to four, none a place, title or month.
    func name(at start: Int, max: Int = 4) -> Range<Int>? {
        // "Sheikh Fahad bin Nasser", "Dr. Ana Lima": the honorific is not part of the name.
        var i = start
        while Self.honorifics.contains(s.low(i)), i + 1 < s.count, s[i + 1].isCapitalized { i += 1 }
        var e = i
        while e < s.count, e - i < max, s[e].isCapitalized || e > i && isParticle(e), !s[e].isPunctuation, !Gazetteer.notNames.contains(s[e].lower),
              s.place(at: e) == nil, s.demonym(at: e) == nil, s[e].text.count > 1 {
            e += 1
            if s[e - 1].isPossessive { break }
        }
        return e > i ? i..<e : nil
    }

    static let honorifics: Set<String> = ["sheikh", "sheikha", "dr", "dr.", "prince", "princess", "sir", "dame", "mr", "mr.", "mrs", "mrs.", "ms", "ms."]
    static let particles: Set<String> = ["bin", "bint", "ibn", "abu", "van", "von", "de", "da", "di", "del", "der", "dos", "la", "le"]

    /// "Khalfan al-Maskari", "Salem bin Ahmad", "Ursula von Berg": a lowercase part inside a
    /// name, followed by a capitalised one.
    func isParticle(_ e: Int) -> Bool {
        let w = s[e].text
        if w.hasPrefix("al-") || w.hasPrefix("el-") || w.hasPrefix("ad-") || w.hasPrefix("as-") {
            return w.unicodeScalars.dropFirst(3).first.map { $0.properties.isUppercase } ?? false
        }
        return Self.particles.contains(w) && e + 1 < s.count && s[e + 1].isCapitalized && !s[e + 1].isPunctuation
    }

    func nameText(_ r: Range<Int>) -> String { PeopleRegistry.canonicalName(r.map { s[$0].text }) }

    /// "Foreign Minister Chung Eui-yong", "U.S. Secretary of State, Antony Blinken", "Minister Chung".
    func roleFirst(at i: Int, _ registry: inout PeopleRegistry) -> (PersonSpan, Int)? {
        guard let (n, title, country) = role(at: i) else { return nil }
        var k = i + n
        if s.low(k) == "," { k += 1 }
        guard let r = name(at: k) else { return nil }
        // A lone word names someone only if it is a known surname or reads like a name.
        if r.count == 1, registry.resolve(s[r.lowerBound].lower) == nil, s[r.lowerBound].text.contains("-") == false, s.low(r.upperBound) == "," && s.low(i + n) == "," {
            return nil
        }
        if r.count == 1, let p = registry.resolve(s[r.lowerBound].lower) {
            return (PersonSpan(person: p, words: i..<r.upperBound), r.upperBound)
        }
        let p = registry.introduce(name: nameText(r), role: title, country: country)
        return (PersonSpan(person: p, words: i..<r.upperBound), r.upperBound)
    }

    /// "his Japanese counterpart, Takehiro Funakoshi": the title of the person they face, and
    /// the country the demonym names.
    func counterpart(at i: Int, previous: [PersonSpan], _ registry: inout PeopleRegistry) -> (PersonSpan, Int)? {
        var k = i
        // "Maruyama's predecessor, Ryutaro Kamiya": after a possessive name too.
        let afterName = i > 0 && s[i - 1].isPossessive && ["predecessor", "successor"].contains(s.low(i))
        guard ["his", "her", "their", "its"].contains(s.low(k)) || afterName else { return nil }
        if !afterName { k += 1 }
        var country: String?
        if let (n, c) = s.demonym(at: k) { country = c; k += n }
        guard ["counterpart", "counterparts", "predecessor", "successor"].contains(s.low(k)) else { return nil }
        k += 1
        if s.low(k) == "," { k += 1 }
        guard let r = name(at: k) else { return nil }
        var title: String?
        if let last = previous.last, let role = registry.people[last.person].role {
            title = role.components(separatedBy: " for ").first
        }
        let p = registry.introduce(name: nameText(r), role: title, country: country)
        return (PersonSpan(person: p, words: i..<r.upperBound), r.upperBound)
    }

    /// "Lee Sang-ryol, Director-General for Asian and Pacific affairs at the ministry".
    func nameFirst(at i: Int, _ registry: inout PeopleRegistry) -> (PersonSpan, Int)? {
        guard s[i].isCapitalized, i == 0 || !s[i - 1].isCapitalized || s[i - 1].isPunctuation || Gazetteer.notNames.contains(s[i - 1].lower),
              let r = name(at: i, max: 3), r.count >= 2 || s[i].text.filter({ $0 == "-" }).count == 2
        else { return nil }
        guard s.low(r.upperBound) == "," else { return nil }
        var k = r.upperBound + 1
        if s.low(k) == "the" || s.low(k) == "a" { k += 1 }
        guard let (n, title, country) = role(at: k) else { return nil }
        let p = registry.introduce(name: nameText(r), role: title, country: country)
        return (PersonSpan(person: p, words: i..<(k + n)), k + n)
    }
}
