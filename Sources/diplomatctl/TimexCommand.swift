import ArgumentParser
import DiplomatCore
import DiplomatExtract
import Foundation

struct Timex: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Find temporal expressions in text files and normalise them (TimeML TIMEX3); no daemon needed.",
        discussion: """
            Each expression is resolved against the publication date (--published) and the tense
            of its sentence: "on Thursday" in a past-tense sentence is the latest Thursday on or
            before it, in a future one the next; "later this month" is the month with mod END.
            Offsets are Unicode code points into the file's text, end exclusive.

            Examples:
              diplomatctl timex --published 2021-04-01 seeds/000_a003daa45f487b93.txt
              diplomatctl timex --jsonl --published 2021-04-01T09:00 article.txt
            """)

    @Option(help: ArgumentHelp("Publication date of the documents: YYYY-MM-DD or YYYY-MM-DDTHH:MM.", valueName: "date"))
    var published: String

    @Flag(help: "One JSON object per expression and line: {\"start\", \"end\", \"text\", \"type\", \"value\", \"mod\"} (plus \"file\" with several files).")
    var jsonl = false

    @Argument(help: "Text files (UTF-8).")
    var files: [String]

    func reference() throws -> TemporalTagger.Reference {
        let p = published
        guard p.count >= 10, let day = ISO8601.parse(String(p.prefix(10)), defaultZone: TimeZone(identifier: "UTC")) else {
            throw ValidationError("--published '\(p)' is not a date such as 2021-04-01 or 2021-04-01T09:00")
        }
        let date = LocalTime(day, in: TimeZone(identifier: "UTC")!).date
        var second: Int?
        if p.count > 10 {
            guard let t = ISO8601.parse(p, defaultZone: TimeZone(identifier: "UTC")) else {
                throw ValidationError("--published '\(p)' is not a date such as 2021-04-01 or 2021-04-01T09:00")
            }
            second = LocalTime(t, in: TimeZone(identifier: "UTC")!).secondOfDay
        }
        return TemporalTagger.Reference(date: date, secondOfDay: second)
    }

    func validate() throws { _ = try reference() }

    struct Line: Encodable {
        var file: String?
        var start: Int
        var end: Int
        var text: String
        var type: String
        var value: String
        var mod: String?
        func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encodeIfPresent(file, forKey: .file)
            try c.encode(start, forKey: .start)
            try c.encode(end, forKey: .end)
            try c.encode(text, forKey: .text)
            try c.encode(type, forKey: .type)
            try c.encode(value, forKey: .value)
            try c.encode(mod, forKey: .mod)
        }
        enum CodingKeys: String, CodingKey { case file, start, end, text, type, value, mod }
    }

    func run() throws {
        let ref = try reference()
        let tagger = TemporalTagger()
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.withoutEscapingSlashes]
        var failed = false
        for file in files {
            guard let data = FileManager.default.contents(atPath: file) else {
                Output.error("diplomatctl: cannot read \(file)")
                failed = true
                continue
            }
            guard let text = String(data: data, encoding: .utf8), !data.contains(0) else {
                Output.error("diplomatctl: \(file) is not UTF-8 text")
                failed = true
                continue
            }
            for m in tagger.tag(text, reference: ref) {
                if jsonl {
                    let line = Line(file: files.count > 1 ? file : nil, start: m.start, end: m.end, text: m.text, type: m.type.rawValue, value: m.value, mod: m.mod?.rawValue)
                    Output.write((try? encoder.encode(line)).map { $0 + Data("\n".utf8) } ?? Data())
                } else {
                    let where_ = files.count > 1 ? "\(file):" : ""
                    Output.line("\(where_)\(m.start)-\(m.end)\t\(m.type.rawValue)\t\(m.value)\(m.mod.map { " " + $0.rawValue } ?? "")\t\(m.text)")
                }
            }
        }
        if failed { throw ExitCode.failure }
    }
}
