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
        // Every other UN member and observer state.
        ("AL", "Albania", [], ["albanian"], "Tirana", "Europe/Tirane", true),
        ("AD", "Andorra", [], ["andorran"], "Andorra la Vella", "Europe/Andorra", true),
        ("BA", "Bosnia and Herzegovina", ["bosnia", "bosnia-herzegovina", "bosnia & herzegovina"], ["bosnian"], "Sarajevo", "Europe/Sarajevo", true),
        ("BG", "Bulgaria", [], ["bulgarian"], "Sofia", "Europe/Sofia", true),
        ("HR", "Croatia", [], ["croatian"], "Zagreb", "Europe/Zagreb", true),
        ("CZ", "Czechia", ["czech republic"], ["czech"], "Prague", "Europe/Prague", true),
        ("EE", "Estonia", [], ["estonian"], "Tallinn", "Europe/Tallinn", true),
        ("IS", "Iceland", [], ["icelandic"], "Reykjavik", "Atlantic/Reykjavik", true),
        ("LV", "Latvia", [], ["latvian"], "Riga", "Europe/Riga", true),
        ("LI", "Liechtenstein", [], ["liechtensteiner"], "Vaduz", "Europe/Vaduz", true),
        ("LT", "Lithuania", [], ["lithuanian"], "Vilnius", "Europe/Vilnius", true),
        ("LU", "Luxembourg", [], ["luxembourgish", "luxembourger"], "Luxembourg", "Europe/Luxembourg", true),
        ("MT", "Malta", [], ["maltese"], "Valletta", "Europe/Malta", true),
        ("MD", "Moldova", ["republic of moldova"], ["moldovan"], "Chisinau", "Europe/Chisinau", true),
        ("MC", "Monaco", [], ["monegasque"], "Monaco", "Europe/Monaco", true),
        ("ME", "Montenegro", [], ["montenegrin"], "Podgorica", "Europe/Podgorica", true),
        ("MK", "North Macedonia", ["macedonia", "republic of north macedonia"], ["north macedonian", "macedonian"], "Skopje", "Europe/Skopje", true),
        ("RO", "Romania", [], ["romanian"], "Bucharest", "Europe/Bucharest", true),
        ("SM", "San Marino", [], ["sammarinese"], "San Marino", "Europe/San_Marino", true),
        ("SK", "Slovakia", [], ["slovak", "slovakian"], "Bratislava", "Europe/Bratislava", true),
        ("SI", "Slovenia", [], ["slovenian", "slovene"], "Ljubljana", "Europe/Ljubljana", true),
        ("VA", "Vatican", ["holy see", "vatican city"], [], "Vatican City", "Europe/Vatican", true),
        ("BH", "Bahrain", [], ["bahraini"], "Manama", "Asia/Bahrain", true),
        ("BT", "Bhutan", [], ["bhutanese"], "Thimphu", "Asia/Thimphu", true),
        ("BN", "Brunei", ["brunei darussalam"], ["bruneian"], "Bandar Seri Begawan", "Asia/Brunei", true),
        ("TL", "Timor-Leste", ["east timor", "timor leste"], ["timorese", "east timorese"], "Dili", "Asia/Dili", true),
        ("KW", "Kuwait", [], ["kuwaiti"], "Kuwait City", "Asia/Kuwait", true),
        ("KG", "Kyrgyzstan", ["kyrgyz republic"], ["kyrgyz", "kyrgyzstani"], "Bishkek", "Asia/Bishkek", true),
        ("MV", "Maldives", ["the maldives"], ["maldivian"], "Male", "Indian/Maldives", true),
        ("NP", "Nepal", [], ["nepali", "nepalese"], "Kathmandu", "Asia/Kathmandu", true),
        ("LK", "Sri Lanka", [], ["sri lankan"], "Colombo", "Asia/Colombo", true),
        ("TJ", "Tajikistan", [], ["tajik", "tajikistani"], "Dushanbe", "Asia/Dushanbe", true),
        ("TM", "Turkmenistan", [], ["turkmen"], "Ashgabat", "Asia/Ashgabat", true),
        ("UZ", "Uzbekistan", [], ["uzbek"], "Tashkent", "Asia/Tashkent", true),
        ("YE", "Yemen", [], ["yemeni"], "Sanaa", "Asia/Aden", true),
        ("AO", "Angola", [], ["angolan"], "Luanda", "Africa/Luanda", true),
        ("BJ", "Benin", [], ["beninese"], "Porto-Novo", "Africa/Porto-Novo", true),
        ("BW", "Botswana", [], ["botswanan"], "Gaborone", "Africa/Gaborone", true),
        ("BF", "Burkina Faso", ["burkina"], ["burkinabe"], "Ouagadougou", "Africa/Ouagadougou", true),
        ("BI", "Burundi", [], ["burundian"], "Gitega", "Africa/Bujumbura", true),
        ("CV", "Cabo Verde", ["cape verde"], ["cape verdean"], "Praia", "Atlantic/Cape_Verde", true),
        ("CM", "Cameroon", [], ["cameroonian"], "Yaounde", "Africa/Douala", true),
        ("CF", "Central African Republic", [], ["central african"], "Bangui", "Africa/Bangui", true),
        ("TD", "Chad", [], ["chadian"], "N'Djamena", "Africa/Ndjamena", true),
        ("KM", "Comoros", [], ["comoran", "comorian"], "Moroni", "Indian/Comoro", true),
        ("CG", "Republic of Congo", ["congo-brazzaville", "republic of the congo"], [], "Brazzaville", "Africa/Brazzaville", true),
        ("CD", "Democratic Republic of Congo", ["democratic republic of the congo", "drc", "dr congo", "congo-kinshasa"], ["congolese"], "Kinshasa", "Africa/Kinshasa", false),
        ("CI", "Côte d'Ivoire", ["ivory coast", "cote d'ivoire"], ["ivorian"], "Yamoussoukro", "Africa/Abidjan", true),
        ("DJ", "Djibouti", [], ["djiboutian"], "Djibouti", "Africa/Djibouti", true),
        ("GQ", "Equatorial Guinea", [], ["equatorial guinean", "equatoguinean"], "Malabo", "Africa/Malabo", true),
        ("ER", "Eritrea", [], ["eritrean"], "Asmara", "Africa/Asmara", true),
        ("SZ", "Eswatini", ["swaziland"], ["swazi"], "Mbabane", "Africa/Mbabane", true),
        ("GA", "Gabon", [], ["gabonese"], "Libreville", "Africa/Libreville", true),
        ("GM", "Gambia", ["the gambia"], ["gambian"], "Banjul", "Africa/Banjul", true),
        ("GH", "Ghana", [], ["ghanaian"], "Accra", "Africa/Accra", true),
        ("GN", "Guinea", ["guinea-conakry"], ["guinean"], "Conakry", "Africa/Conakry", true),
        ("GW", "Guinea-Bissau", ["guinea bissau"], ["bissau-guinean"], "Bissau", "Africa/Bissau", true),
        ("LS", "Lesotho", [], ["basotho"], "Maseru", "Africa/Maseru", true),
        ("LR", "Liberia", [], ["liberian"], "Monrovia", "Africa/Monrovia", true),
        ("LY", "Libya", [], ["libyan"], "Tripoli", "Africa/Tripoli", true),
        ("MG", "Madagascar", [], ["malagasy"], "Antananarivo", "Indian/Antananarivo", true),
        ("MW", "Malawi", [], ["malawian"], "Lilongwe", "Africa/Blantyre", true),
        ("ML", "Mali", [], ["malian"], "Bamako", "Africa/Bamako", true),
        ("MR", "Mauritania", [], ["mauritanian"], "Nouakchott", "Africa/Nouakchott", true),
        ("MU", "Mauritius", [], ["mauritian"], "Port Louis", "Indian/Mauritius", true),
        ("MZ", "Mozambique", [], ["mozambican"], "Maputo", "Africa/Maputo", true),
        ("NA", "Namibia", [], ["namibian"], "Windhoek", "Africa/Windhoek", true),
        ("NE", "Niger", [], ["nigerien"], "Niamey", "Africa/Niamey", true),
        ("RW", "Rwanda", [], ["rwandan"], "Kigali", "Africa/Kigali", true),
        ("ST", "Sao Tome and Principe", ["são tomé and príncipe", "sao tome & principe"], ["santomean"], "Sao Tome", "Africa/Sao_Tome", true),
        ("SN", "Senegal", [], ["senegalese"], "Dakar", "Africa/Dakar", true),
        ("SC", "Seychelles", ["the seychelles"], ["seychellois"], "Victoria", "Indian/Mahe", true),
        ("SL", "Sierra Leone", [], ["sierra leonean"], "Freetown", "Africa/Freetown", true),
        ("SS", "South Sudan", [], ["south sudanese"], "Juba", "Africa/Juba", true),
        ("TZ", "Tanzania", ["united republic of tanzania"], ["tanzanian"], "Dodoma", "Africa/Dar_es_Salaam", true),
        ("TG", "Togo", [], ["togolese"], "Lome", "Africa/Lome", true),
        ("TN", "Tunisia", [], ["tunisian"], "Tunis", "Africa/Tunis", true),
        ("UG", "Uganda", [], ["ugandan"], "Kampala", "Africa/Kampala", true),
        ("ZM", "Zambia", [], ["zambian"], "Lusaka", "Africa/Lusaka", true),
        ("ZW", "Zimbabwe", [], ["zimbabwean"], "Harare", "Africa/Harare", true),
        ("AG", "Antigua and Barbuda", ["antigua & barbuda"], ["antiguan"], "St. John's", "America/Antigua", true),
        ("BS", "Bahamas", ["the bahamas"], ["bahamian"], "Nassau", "America/Nassau", true),
        ("BB", "Barbados", [], ["barbadian", "bajan"], "Bridgetown", "America/Barbados", true),
        ("BZ", "Belize", [], ["belizean"], "Belmopan", "America/Belize", true),
        ("BO", "Bolivia", [], ["bolivian"], "La Paz", "America/La_Paz", true),
        ("CR", "Costa Rica", [], ["costa rican"], "San Jose", "America/Costa_Rica", true),
        ("DM", "Dominica", [], [], "Roseau", "America/Dominica", true),
        ("DO", "Dominican Republic", [], ["dominican"], "Santo Domingo", "America/Santo_Domingo", true),
        ("EC", "Ecuador", [], ["ecuadorian", "ecuadorean"], "Quito", "America/Guayaquil", false),
        ("SV", "El Salvador", [], ["salvadoran", "salvadorean"], "San Salvador", "America/El_Salvador", true),
        ("GD", "Grenada", [], ["grenadian"], "St. George's", "America/Grenada", true),
        ("GT", "Guatemala", [], ["guatemalan"], "Guatemala City", "America/Guatemala", true),
        ("GY", "Guyana", [], ["guyanese"], "Georgetown", "America/Guyana", true),
        ("HT", "Haiti", [], ["haitian"], "Port-au-Prince", "America/Port-au-Prince", true),
        ("HN", "Honduras", [], ["honduran"], "Tegucigalpa", "America/Tegucigalpa", true),
        ("JM", "Jamaica", [], ["jamaican"], "Kingston", "America/Jamaica", true),
        ("NI", "Nicaragua", [], ["nicaraguan"], "Managua", "America/Managua", true),
        ("PA", "Panama", [], ["panamanian"], "Panama City", "America/Panama", true),
        ("PY", "Paraguay", [], ["paraguayan"], "Asuncion", "America/Asuncion", true),
        ("PE", "Peru", [], ["peruvian"], "Lima", "America/Lima", true),
        ("KN", "Saint Kitts and Nevis", ["st. kitts and nevis", "st kitts and nevis", "st. kitts"], ["kittitian"], "Basseterre", "America/St_Kitts", true),
        ("LC", "Saint Lucia", ["st. lucia", "st lucia"], ["saint lucian", "st. lucian"], "Castries", "America/St_Lucia", true),
        ("VC", "Saint Vincent and the Grenadines", ["st. vincent and the grenadines", "st vincent and the grenadines", "st. vincent"], ["vincentian"], "Kingstown", "America/St_Vincent", true),
        ("SR", "Suriname", ["surinam"], ["surinamese"], "Paramaribo", "America/Paramaribo", true),
        ("TT", "Trinidad and Tobago", ["trinidad & tobago"], ["trinidadian"], "Port of Spain", "America/Port_of_Spain", true),
        ("UY", "Uruguay", [], ["uruguayan"], "Montevideo", "America/Montevideo", true),
        ("FJ", "Fiji", [], ["fijian"], "Suva", "Pacific/Fiji", true),
        ("KI", "Kiribati", [], ["i-kiribati"], "Tarawa", "Pacific/Tarawa", false),
        ("MH", "Marshall Islands", [], ["marshallese"], "Majuro", "Pacific/Majuro", true),
        ("FM", "Micronesia", ["federated states of micronesia"], ["micronesian"], "Palikir", "Pacific/Pohnpei", false),
        ("NR", "Nauru", [], ["nauruan"], "Yaren", "Pacific/Nauru", true),
        ("PW", "Palau", [], ["palauan"], "Ngerulmud", "Pacific/Palau", true),
        ("PG", "Papua New Guinea", ["png"], ["papua new guinean"], "Port Moresby", "Pacific/Port_Moresby", false),
        ("WS", "Samoa", [], ["samoan"], "Apia", "Pacific/Apia", true),
        ("SB", "Solomon Islands", ["solomons"], ["solomon islander"], "Honiara", "Pacific/Guadalcanal", true),
        ("TO", "Tonga", [], ["tongan"], "Nuku'alofa", "Pacific/Tongatapu", true),
        ("TV", "Tuvalu", [], ["tuvaluan"], "Funafuti", "Pacific/Funafuti", true),
        ("VU", "Vanuatu", [], ["ni-vanuatu"], "Port Vila", "Pacific/Efate", true),
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
