import ArgumentParser
import DiplomatCore
import DiplomatExtract
import Foundation
import Varlink

struct Ingest: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Read news articles into the timeline (or, with --dry-run, only show what would be extracted).",
        discussion: """
            Each file is one article in UTF-8 text. diplomatd extracts its meetings (who, where,
            when, how sure) and merges them into the timeline: a meeting it already knows from
            another article is updated (status, date, place) and gains a source instead of
            being added twice. Ingesting the same article again changes nothing.

            Every file is checked before anything is sent; a bad file (binary, empty, no
            publication date) stops the whole command and nothing is ingested. Each article is
            stored in one transaction. Changing the timeline needs root, the daemon's user or
            the admin group.

            --dry-run runs the extractor here, without a daemon, and prints what it found;
            with --json: {"documents": [{"id", "published", "events": [Event…]}]}.

            Examples:
              diplomatctl ingest --published 2021-04-02 --source Kyodo article.txt
              diplomatctl ingest --dry-run --json --published 2021-04-01 --time-zone Asia/Seoul seeds/000_a003daa45f487b93.txt
            """)

    @OptionGroup var global: GlobalOptions

    @Option(help: ArgumentHelp("Publication date of the articles: YYYY-MM-DD or YYYY-MM-DDTHH:MM (required unless a FILE.meta.json gives it).", valueName: "date"))
    var published: String?

    @Option(name: .customLong("time-zone"), help: ArgumentHelp("The zone the articles were written in (default: this machine's, or FILE.meta.json's).", valueName: "zone"))
    var timeZone: String?

    @Option(help: ArgumentHelp("Who published them, e.g. \"Yonhap News Agency\".", valueName: "name"))
    var source: String?

    @Flag(name: .customLong("dry-run"), help: "Extract locally and print the result; do not contact the daemon.")
    var dryRun = false

    @Argument(help: "Article files (UTF-8 text); a FILE.meta.json beside one may give published, timeZone and source.")
    var files: [String]

    func validate() throws {
        if files.isEmpty { throw ValidationError("give at least one article file") }
        if let published, NewsDocument.parsePublished(published) == nil {
            throw ValidationError("--published '\(published)' is not a date such as 2021-04-01 or 2021-04-01T09:00")
        }
        if let timeZone, TimeZone(identifier: timeZone) == nil { throw ValidationError("--time-zone '\(timeZone)' is not an IANA time zone such as Asia/Seoul") }
    }

    struct Metadata: Decodable {
        var published: String?
        var timeZone: String?
        var source: String?
    }

    /// One article, read and checked, ready to extract or send.
    struct Article {
        var file: String
        var document: NewsDocument
        var published: String
        var timeZone: String
        var source: String?
    }

    /// Reads and checks every file first: a bad one stops everything before anything is ingested.
    func articles() throws -> [Article] {
        var out: [Article] = []
        for file in files {
            guard let data = FileManager.default.contents(atPath: file) else {
                throw CLIError.refused("cannot read \(file): no such file, or not readable")
            }
            var meta = Metadata()
            var id: String?
            let metaPath = (file.hasSuffix(".txt") ? String(file.dropLast(4)) : file) + ".meta.json"
            if let m = FileManager.default.contents(atPath: metaPath) {
                // A document with its own metadata is named by its file, as the seeds are.
                id = URL(fileURLWithPath: metaPath).lastPathComponent.replacingOccurrences(of: ".meta.json", with: "")
                do { meta = try JSONDecoder().decode(Metadata.self, from: m) } catch {
                    throw CLIError.refused("\(metaPath) is not valid metadata JSON: \(error)")
                }
            }
            let published = self.published ?? meta.published ?? ""
            let zone = timeZone ?? meta.timeZone ?? TimeZone.current.identifier
            do {
                let doc = try NewsDocument.read(data, name: file, published: published, timeZone: zone, id: id)
                out.append(Article(file: file, document: doc, published: published, timeZone: zone, source: source ?? meta.source))
            } catch {
                throw CLIError.refused(error.description)
            }
        }
        return out
    }

    struct DryRunDocument: Encodable {
        var id: String
        var file: String
        var published: String
        var events: [Event]
    }
    struct DryRun: Encodable { var documents: [DryRunDocument] }

    struct Request: Encodable {
        struct Doc: Encodable {
            var name: String
            var text: String
            var published: String
            var timeZone: String
            var source: String?
        }
        var documents: [Doc]
    }

    struct Reply: Codable {
        struct Doc: Codable {
            var id: String
            var name: String?
            var outcome: String
            var added: [String]
            var updated: [String]
        }
        var documents: [Doc]
    }

    func run() throws {
        try runReporting {
            let list = try articles()
            if dryRun { return try runDry(list) }
            let style = Style.standard
            let progress = isatty(STDERR_FILENO) == 1 && list.count > 1
            var all: [Reply.Doc] = []
            for (n, a) in list.enumerated() {
                if progress { Output.writeError("\r\u{1B}[K[\(n + 1)/\(list.count)] \(a.file)") }
                let reply = try global.call("Ingest", Request(documents: [.init(name: a.file, text: a.document.text, published: a.published, timeZone: a.timeZone, source: a.source)]))
                all += try reply.decode(Reply.self).documents
            }
            if progress { Output.writeError("\r\u{1B}[K") }
            if global.json { return try JSONOutput.print(Reply(documents: all)) }
            for d in all {
                let what: String
                switch d.outcome {
                case "unchanged": what = style.dim("already ingested, nothing changed")
                default: what = "\(d.added.count) new, \(d.updated.count) updated"
                }
                Output.line("\(d.name ?? d.id): \(what)")
                for id in d.added { Output.line("  + \(id)") }
                for id in d.updated { Output.line("  ~ \(id)") }
            }
        }
    }

    func runDry(_ list: [Article]) throws {
        let extractor = MeetingExtractor()
        let now = Date()
        var docs: [DryRunDocument] = []
        for a in list {
            let events = extractor.extract(a.document).map { $0.evaluated(at: now) }
            docs.append(DryRunDocument(id: a.document.id, file: a.file, published: a.published, events: events))
        }
        if global.json { return try JSONOutput.print(DryRun(documents: docs)) }
        for d in docs {
            Output.line(Style.standard.bold("\(d.file)") + " (\(d.id), published \(d.published)): \(d.events.count) event\(d.events.count == 1 ? "" : "s")")
            Output.write(Data(EventTable.render(d.events, now: now).utf8))
        }
    }
}
