/// What the extractor knows about the world: countries with their names, demonyms and capitals
/// (a capital in news often stands for its government: "Seoul's desire"), cities with their
/// time zones, and the titles officials carry. Lookups are by lowercased word sequences.
public enum Gazetteer {
    public struct Country: Sendable {
        public var code: String
        public var name: String
        /// The zone of the capital; also the event's zone when the country has only one.
        public var timeZone: String
        public var singleZone: Bool
    }

    /// code, canonical name, other names, demonyms, capital, zone, single zone
    static let countryRows: [(String, String, [String], [String], String, String, Bool)] = [
        ("KR", "South Korea", ["korea", "republic of korea", "s. korea"], ["south korean", "korean"], "Seoul", "Asia/Seoul", true),
        ("KP", "North Korea", ["dprk", "n. korea"], ["north korean"], "Pyongyang", "Asia/Pyongyang", true),
        ("JP", "Japan", [], ["japanese"], "Tokyo", "Asia/Tokyo", true),
        ("CN", "China", ["people's republic of china", "prc", "mainland china"], ["chinese"], "Beijing", "Asia/Shanghai", true),
        ("TW", "Taiwan", [], ["taiwanese"], "Taipei", "Asia/Taipei", true),
        ("US", "United States", ["u.s.", "us", "usa", "u.s.a.", "america", "united states of america"], ["american", "u.s."], "Washington", "America/New_York", false),
        ("CA", "Canada", [], ["canadian"], "Ottawa", "America/Toronto", false),
        ("MX", "Mexico", [], ["mexican"], "Mexico City", "America/Mexico_City", false),
        ("BR", "Brazil", [], ["brazilian"], "Brasilia", "America/Sao_Paulo", false),
        ("AR", "Argentina", [], ["argentine", "argentinian"], "Buenos Aires", "America/Argentina/Buenos_Aires", true),
        ("CL", "Chile", [], ["chilean"], "Santiago", "America/Santiago", false),
        ("CO", "Colombia", [], ["colombian"], "Bogota", "America/Bogota", true),
        ("VE", "Venezuela", [], ["venezuelan"], "Caracas", "America/Caracas", true),
        ("CU", "Cuba", [], ["cuban"], "Havana", "America/Havana", true),
        ("GB", "United Kingdom", ["britain", "great britain", "u.k.", "uk", "england"], ["british"], "London", "Europe/London", true),
        ("IE", "Ireland", [], ["irish"], "Dublin", "Europe/Dublin", true),
        ("FR", "France", [], ["french"], "Paris", "Europe/Paris", true),
        ("DE", "Germany", [], ["german"], "Berlin", "Europe/Berlin", true),
        ("IT", "Italy", [], ["italian"], "Rome", "Europe/Rome", true),
        ("ES", "Spain", [], ["spanish"], "Madrid", "Europe/Madrid", false),
        ("PT", "Portugal", [], ["portuguese"], "Lisbon", "Europe/Lisbon", false),
        ("NL", "Netherlands", ["the netherlands", "holland"], ["dutch"], "Amsterdam", "Europe/Amsterdam", true),
        ("BE", "Belgium", [], ["belgian"], "Brussels", "Europe/Brussels", true),
        ("CH", "Switzerland", [], ["swiss"], "Bern", "Europe/Zurich", true),
        ("AT", "Austria", [], ["austrian"], "Vienna", "Europe/Vienna", true),
        ("PL", "Poland", [], ["polish"], "Warsaw", "Europe/Warsaw", true),
        ("SE", "Sweden", [], ["swedish"], "Stockholm", "Europe/Stockholm", true),
        ("NO", "Norway", [], ["norwegian"], "Oslo", "Europe/Oslo", true),
        ("FI", "Finland", [], ["finnish"], "Helsinki", "Europe/Helsinki", true),
        ("DK", "Denmark", [], ["danish"], "Copenhagen", "Europe/Copenhagen", true),
        ("GR", "Greece", [], ["greek"], "Athens", "Europe/Athens", true),
        ("TR", "Turkey", ["turkiye", "türkiye"], ["turkish"], "Ankara", "Europe/Istanbul", true),
        ("CY", "Cyprus", [], ["cypriot"], "Nicosia", "Asia/Nicosia", true),
        ("RU", "Russia", ["russian federation"], ["russian"], "Moscow", "Europe/Moscow", false),
        ("UA", "Ukraine", [], ["ukrainian"], "Kyiv", "Europe/Kyiv", true),
        ("BY", "Belarus", [], ["belarusian"], "Minsk", "Europe/Minsk", true),
        ("HU", "Hungary", [], ["hungarian"], "Budapest", "Europe/Budapest", true),
        ("RS", "Serbia", [], ["serbian"], "Belgrade", "Europe/Belgrade", true),
        ("XK", "Kosovo", [], ["kosovar"], "Pristina", "Europe/Belgrade", true),
        ("AM", "Armenia", [], ["armenian"], "Yerevan", "Asia/Yerevan", true),
        ("AZ", "Azerbaijan", [], ["azerbaijani", "azeri"], "Baku", "Asia/Baku", true),
        ("GE", "Georgia", [], ["georgian"], "Tbilisi", "Asia/Tbilisi", true),
        ("IN", "India", [], ["indian"], "New Delhi", "Asia/Kolkata", true),
        ("PK", "Pakistan", [], ["pakistani"], "Islamabad", "Asia/Karachi", true),
        ("BD", "Bangladesh", [], ["bangladeshi"], "Dhaka", "Asia/Dhaka", true),
        ("AF", "Afghanistan", [], ["afghan"], "Kabul", "Asia/Kabul", true),
        ("IR", "Iran", [], ["iranian"], "Tehran", "Asia/Tehran", true),
        ("IQ", "Iraq", [], ["iraqi"], "Baghdad", "Asia/Baghdad", true),
        ("SA", "Saudi Arabia", ["saudi"], ["saudi"], "Riyadh", "Asia/Riyadh", true),
        ("AE", "United Arab Emirates", ["uae", "emirates"], ["emirati"], "Abu Dhabi", "Asia/Dubai", true),
        ("QA", "Qatar", [], ["qatari"], "Doha", "Asia/Qatar", true),
        ("OM", "Oman", [], ["omani"], "Muscat", "Asia/Muscat", true),
        ("IL", "Israel", [], ["israeli"], "Jerusalem", "Asia/Jerusalem", true),
        ("PS", "Palestine", ["palestinian territories"], ["palestinian"], "Ramallah", "Asia/Hebron", true),
        ("JO", "Jordan", [], ["jordanian"], "Amman", "Asia/Amman", true),
        ("LB", "Lebanon", [], ["lebanese"], "Beirut", "Asia/Beirut", true),
        ("SY", "Syria", [], ["syrian"], "Damascus", "Asia/Damascus", true),
        ("EG", "Egypt", [], ["egyptian"], "Cairo", "Africa/Cairo", true),
        ("ET", "Ethiopia", [], ["ethiopian"], "Addis Ababa", "Africa/Addis_Ababa", true),
        ("SD", "Sudan", [], ["sudanese"], "Khartoum", "Africa/Khartoum", true),
        ("KE", "Kenya", [], ["kenyan"], "Nairobi", "Africa/Nairobi", true),
        ("SO", "Somalia", [], ["somali"], "Mogadishu", "Africa/Mogadishu", true),
        ("NG", "Nigeria", [], ["nigerian"], "Abuja", "Africa/Lagos", true),
        ("ZA", "South Africa", [], ["south african"], "Pretoria", "Africa/Johannesburg", true),
        ("MA", "Morocco", [], ["moroccan"], "Rabat", "Africa/Casablanca", true),
        ("DZ", "Algeria", [], ["algerian"], "Algiers", "Africa/Algiers", true),
        ("AU", "Australia", [], ["australian"], "Canberra", "Australia/Sydney", false),
        ("NZ", "New Zealand", [], ["new zealander"], "Wellington", "Pacific/Auckland", true),
        ("ID", "Indonesia", [], ["indonesian"], "Jakarta", "Asia/Jakarta", false),
        ("MY", "Malaysia", [], ["malaysian"], "Kuala Lumpur", "Asia/Kuala_Lumpur", true),
        ("SG", "Singapore", [], ["singaporean"], "Singapore", "Asia/Singapore", true),
        ("TH", "Thailand", [], ["thai"], "Bangkok", "Asia/Bangkok", true),
        ("VN", "Vietnam", ["viet nam"], ["vietnamese"], "Hanoi", "Asia/Ho_Chi_Minh", true),
        ("PH", "Philippines", ["the philippines"], ["philippine", "filipino"], "Manila", "Asia/Manila", true),
        ("MM", "Myanmar", ["burma"], ["myanmar"], "Naypyitaw", "Asia/Yangon", true),
        ("KH", "Cambodia", [], ["cambodian"], "Phnom Penh", "Asia/Phnom_Penh", true),
        ("LA", "Laos", [], ["lao", "laotian"], "Vientiane", "Asia/Vientiane", true),
        ("MN", "Mongolia", [], ["mongolian"], "Ulaanbaatar", "Asia/Ulaanbaatar", true),
        ("KZ", "Kazakhstan", [], ["kazakh"], "Astana", "Asia/Almaty", false),
    ]

    /// Cities that often host meetings, beyond the capitals: name, country, zone.
    static let cityRows: [(String, String, String)] = [
        ("Geneva", "CH", "Europe/Zurich"), ("Davos", "CH", "Europe/Zurich"), ("New York", "US", "America/New_York"),
        ("Los Angeles", "US", "America/Los_Angeles"), ("San Francisco", "US", "America/Los_Angeles"), ("Honolulu", "US", "Pacific/Honolulu"),
        ("Camp David", "US", "America/New_York"), ("Osaka", "JP", "Asia/Tokyo"), ("Hiroshima", "JP", "Asia/Tokyo"), ("Busan", "KR", "Asia/Seoul"),
        ("Panmunjom", "KR", "Asia/Seoul"), ("Shanghai", "CN", "Asia/Shanghai"), ("Hong Kong", "HK", "Asia/Hong_Kong"), ("Bali", "ID", "Asia/Makassar"),
        ("Istanbul", "TR", "Europe/Istanbul"), ("Antalya", "TR", "Europe/Istanbul"), ("Sochi", "RU", "Europe/Moscow"), ("St. Petersburg", "RU", "Europe/Moscow"),
        ("Munich", "DE", "Europe/Berlin"), ("Hamburg", "DE", "Europe/Berlin"), ("Marseille", "FR", "Europe/Paris"), ("Strasbourg", "FR", "Europe/Paris"),
        ("The Hague", "NL", "Europe/Amsterdam"), ("Mumbai", "IN", "Asia/Kolkata"), ("Sydney", "AU", "Australia/Sydney"), ("Melbourne", "AU", "Australia/Melbourne"),
        ("Dubai", "AE", "Asia/Dubai"), ("Jeddah", "SA", "Asia/Riyadh"), ("Sharm el-Sheikh", "EG", "Africa/Cairo"), ("Ho Chi Minh City", "VN", "Asia/Ho_Chi_Minh"),
        ("Sao Paulo", "BR", "America/Sao_Paulo"), ("Rio de Janeiro", "BR", "America/Sao_Paulo"), ("Montevideo", "UY", "America/Montevideo"),
        ("Vancouver", "CA", "America/Vancouver"), ("Toronto", "CA", "America/Toronto"), ("Brussels", "BE", "Europe/Brussels"),
        ("Vladivostok", "RU", "Asia/Vladivostok"), ("Astana", "KZ", "Asia/Almaty"), ("Almaty", "KZ", "Asia/Almaty"), ("Lahore", "PK", "Asia/Karachi"),
        ("Surabaya", "ID", "Asia/Jakarta"), ("Cebu", "PH", "Asia/Manila"), ("Da Nang", "VN", "Asia/Ho_Chi_Minh"), ("Kyoto", "JP", "Asia/Tokyo"),
        ("Jeju", "KR", "Asia/Seoul"), ("Doha", "QA", "Asia/Qatar"), ("Abu Dhabi", "AE", "Asia/Dubai"), ("Addis Ababa", "ET", "Africa/Addis_Ababa"),
    ]

    public struct Place: Sendable {
        public var name: String
        public var country: String
        public var timeZone: String?
        /// A capital, which can also stand for its government.
        public var isCapital: Bool
        public var isCountry: Bool
    }

    /// Every place name by its lowercased words.
    static let places: [[String]: Place] = {
        var out: [[String]: Place] = [:]
        for (code, name, others, _, capital, zone, single) in countryRows {
            let p = Place(name: name, country: code, timeZone: single ? zone : nil, isCapital: false, isCountry: true)
            for n in [name.lowercased()] + others { out[words(n)] = p }
            out[words(capital.lowercased())] = Place(name: capital, country: code, timeZone: zone, isCapital: true, isCountry: false)
        }
        for (name, code, zone) in cityRows where out[words(name.lowercased())] == nil {
            out[words(name.lowercased())] = Place(name: name, country: code, timeZone: zone, isCapital: false, isCountry: false)
        }
        return out
    }()

    /// Demonyms ("Japanese", "South Korean", "U.S.") to country codes.
    static let demonyms: [[String]: String] = {
        var out: [[String]: String] = [:]
        for (code, _, _, dems, _, _, _) in countryRows { for d in dems { out[words(d)] = code } }
        return out
    }()

    static let countriesByCode: [String: Country] = {
        var out: [String: Country] = [:]
        for (code, name, _, _, _, zone, single) in countryRows { out[code] = Country(code: code, name: name, timeZone: zone, singleZone: single) }
        return out
    }()

    /// The country of a document's home zone ("Asia/Seoul" is South Korea), for officials a
    /// domestic outlet names without a country ("Foreign Minister Chung").
    public static func homeCountry(ofZone zone: String) -> String? {
        countryRows.first { $0.5 == zone && $0.6 }?.0
    }

    public static func country(_ code: String) -> Country? { countriesByCode[code] }

    /// Splits a lowercased name into the words the extractor sees ("u.s." stays one word).
    static func words(_ s: String) -> [String] { s.split(separator: " ").map(String.init) }

    static let longestPlace = places.keys.map(\.count).max() ?? 1
    /// First words of places, demonyms and titles: most words start none, and are rejected at once.
    static let placeStarts = Set(places.keys.map { $0[0] })
    static let demonymStarts = Set(demonyms.keys.map { $0[0] })
    static let rolesByFirstWord: [String: [[String]]] = Dictionary(grouping: roles, by: { $0[0] })
    static let longestDemonym = demonyms.keys.map(\.count).max() ?? 1

    /// Titles of officials, lowercased, longest first when matched. Hyphenated and spaced
    /// spellings both appear in news ("director-general", "director general").
    static let roles: [[String]] = [
        "president", "vice president", "prime minister", "deputy prime minister", "foreign minister", "vice foreign minister",
        "deputy foreign minister", "first vice foreign minister", "foreign secretary", "foreign affairs minister", "minister of foreign affairs",
        "external affairs minister", "minister", "secretary of state", "deputy secretary of state", "assistant secretary of state",
        "under secretary of state", "defense minister", "defence minister", "defense secretary", "defence secretary", "secretary of defense",
        "national security adviser", "national security advisor", "chancellor", "premier", "king", "queen", "crown prince", "emir", "amir", "sultan", "minister of state",
        "ambassador", "envoy", "special envoy", "special representative", "director-general", "director general", "deputy director-general",
        "chief cabinet secretary", "cabinet secretary", "secretary-general", "secretary general", "chief negotiator", "trade minister",
        "commerce minister", "commerce secretary", "treasury secretary", "finance minister", "economy minister", "unification minister",
        "trade representative", "high representative", "foreign policy chief", "state councilor", "vice minister", "deputy minister",
        "chairman", "chairwoman", "chair", "leader", "supreme leader", "spokesperson", "spokesman", "spokeswoman", "governor", "mayor",
        "senator", "general", "admiral", "chief", "head", "director",
    ].map { words($0) }.sorted { $0.count > $1.count }

    /// Role words that only make a title when they precede a name ("Chief", "Head").
    static let weakRoles: Set<[String]> = [["chief"], ["head"], ["director"], ["leader"], ["chair"], ["general"]]

    /// Capitalised words that are never part of a person's name.
    static let notNames: Set<String> = [
        "the", "a", "an", "and", "or", "of", "in", "on", "at", "for", "with", "to", "from", "by", "his", "her", "their", "its", "this",
        "that", "these", "those", "he", "she", "they", "it", "we", "i", "but", "as", "after", "before", "since", "while", "when", "if",
        "reports", "officials", "diplomats", "ministry", "ministers", "foreign", "minister", "president", "secretary", "state", "prime",
        "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "january", "february", "march", "april", "may",
        "june", "july", "august", "september", "october", "november", "december", "jan", "feb", "mar", "apr", "jun", "jul", "aug",
        "sep", "sept", "oct", "nov", "dec", "summit", "talks", "meeting", "white", "house", "kremlin", "elysee", "congress", "parliament",
        "assembly", "council", "union", "nations", "united", "european", "asean", "nato", "g7", "g20", "un", "eu", "peninsula", "sea",
        "strait", "island", "islands", "north", "south", "east", "west", "asian", "pacific", "affairs", "government", "agency", "news",
        "according", "meanwhile", "however", "also", "yonhap", "reuters", "kyodo", "xinhua", "afp", "ap", "in", "no", "mr", "mrs", "ms", "dr",
    ]
}
