import ArgumentParser
import DiplomatCore
import DiplomatExtract
import Foundation
import Histogram
import Varlink

/// Extraction speed on one core: the whole pipeline (sentences, TIMEX3 tagging, people,
/// meetings, merging) over real article texts, repeated until enough text has gone through.
struct Extract: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Measure meeting extraction speed (single core).")

    struct Entry: Decodable {
        var path: String
        var published: String
        var timeZone: String
    }

    @Option(help: "JSON list of {path, published, timeZone}.") var manifest: String
    @Option(help: "Process at least this many MB of text.") var megabytes: Double = 8

    func run() async throws {
        let entries = try JSONDecoder().decode([Entry].self, from: Data(contentsOf: URL(fileURLWithPath: manifest)))
        let docs = try entries.map { e in
            try NewsDocument.make(text: String(contentsOfFile: e.path, encoding: .utf8), name: e.path, published: e.published, timeZone: e.timeZone)
        }
        let extractor = MeetingExtractor()
        var events = 0
        for d in docs { events += extractor.extract(d).count }  // warm up
        var h = Histogram<UInt64>(numberOfSignificantValueDigits: .three)
        var bytes = 0
        var count = 0
        let start = ContinuousClock.now
        while Double(bytes) < megabytes * 1_000_000 {
            for d in docs {
                let t = ContinuousClock.now
                events += extractor.extract(d).count
                _ = h.record(UInt64((ContinuousClock.now - t).nanoseconds))
                bytes += d.text.utf8.count
                count += 1
            }
        }
        let seconds = Double((ContinuousClock.now - start).nanoseconds) / 1e9
        print(json([
            "documents": .number(Double(count)), "bytes": .number(Double(bytes)), "seconds": .number(seconds),
            "documentsPerSecond": .number(Double(count) / seconds), "megabytesPerSecond": .number(Double(bytes) / 1e6 / seconds),
            "perDocument": summary(h), "distinctDocuments": .number(Double(docs.count)), "events": .number(Double(events)),
        ]))
    }
}
