import DiplomatCore
import DiplomatStore
import Foundation
import GRDB
import Testing

let seoul = TimeZone(identifier: "Asia/Seoul")!
func iso(_ s: String) -> Date { ISO8601.parse(s)! }

/// A temporary directory holding a real SQLite file, removed afterwards.
struct TemporaryDatabase: ~Copyable {
    let directory: String
    var path: String { directory + "/timeline.sqlite" }
    init() {
        directory = NSTemporaryDirectory() + "diplomatd-store-" + UUID().uuidString
        try! FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    }
    deinit { try? FileManager.default.removeItem(atPath: directory) }
}

func event(_ id: String, _ status: Status, _ value: String?, mod: TimeMod? = nil, relations: [Relation] = []) -> Event {
    Event(id: id, title: "Event \(id)", kind: .meeting, status: status, when: try! When.resolve(value: value, mod: mod, timeZone: seoul),
          participants: [Participant(name: "Chung Eui-yong", country: "KR")], countries: ["KR", "JP"], relations: relations)
}

@Suite struct TimelineStoreTests {
    @Test func addGetAndRevisionsOnARealFile() async throws {
        let tmp = TemporaryDatabase()
        let store = try TimelineStore.open(path: tmp.path)
        let at = iso("2021-04-01T18:00:00+09:00")
        let rev = try await store.add(event("a", .possible, "2021-04", mod: .end), actor: "uid:1000", at: at)
        #expect(rev.action == "add" && rev.actor == "uid:1000")
        let (changed, rev2) = try await store.setStatus(id: "a", to: .cancelled, reason: "moved", actor: "uid:0", at: at)
        #expect(changed.status == .cancelled && rev2.seq > rev.seq)
        // A second connection to the same file sees the committed state.
        let reopened = try TimelineStore.open(path: tmp.path)
        #expect(try await reopened.event(id: "a")?.status == .cancelled)
        let history = try await reopened.revisions(of: "a")
        #expect(history.map(\.action) == ["add", "setStatus"])
        #expect(history[1].changes.contains(FieldChange(field: "reason", from: nil, to: "moved")))
        #expect(try await reopened.event(id: "a")?.when.earliest == iso("2021-04-16T00:00:00+09:00"))
    }

    @Test func refusesDuplicatesUnknownRelationsAndUnknownEvents() async throws {
        let store = try TimelineStore.inMemory()
        let at = Date()
        _ = try await store.add(event("a", .possible, "2021-04"), actor: "t", at: at)
        await #expect(throws: StoreError.duplicateID("a")) { _ = try await store.add(event("a", .possible, "2021-04"), actor: "t", at: at) }
        await #expect(throws: StoreError.relationToUnknownEvent(field: "relations[0].event", id: "ghost")) {
            _ = try await store.add(event("b", .possible, "2021-04", relations: [Relation(type: .onMarginsOf, event: "ghost")]), actor: "t", at: at)
        }
        await #expect(throws: StoreError.noSuchEvent("zzz")) { _ = try await store.setStatus(id: "zzz", to: .occurred, reason: nil, actor: "t", at: at) }
        #expect(try await store.eventCount() == 1)
    }

    @Test func documentsAreIngestedOnceAndLaterArticlesUpdateTheSameMeeting() async throws {
        let tmp = TemporaryDatabase()
        let store = try TimelineStore.open(path: tmp.path)
        let at = iso("2021-04-01T18:00:00+09:00")
        func doc(_ id: String, _ published: String) -> Document { Document(id: id, published: published, source: "Yonhap", timeZone: "Asia/Seoul", text: "text of \(id)") }
        func source(_ d: String) -> SourceCitation { SourceCitation(document: d, quote: "q", start: 0, end: 1) }
        var talks = event("kr-jp-talks-undated", .proposed, nil)
        talks.participants.append(Participant(name: "Toshimitsu Motegi", country: "JP"))
        talks.sources = [source("d1")]
        var trilateral = event("kr-us-jp-trilateral-2021-04", .possible, "2021-04", mod: .end)
        trilateral.title = "Chung–Blinken–Motegi trilateral meeting"
        trilateral.participants += [Participant(name: "Antony Blinken", country: "US"), Participant(name: "Toshimitsu Motegi", country: "JP")]
        var margins = event("kr-jp-meeting-2021-04", .possible, "2021-04", mod: .end, relations: [Relation(type: .onMarginsOf, event: "kr-us-jp-trilateral-2021-04")])
        margins.participants.append(Participant(name: "Toshimitsu Motegi", country: "JP"))
        // Relations may point at events later in the list: the store orders them.
        let first = try await store.ingest(doc("d1", "2021-04-01"), events: [margins, talks, trilateral], actor: "seed", at: at)
        #expect(first.outcome == "added" && Set(first.added) == ["kr-jp-talks-undated", "kr-us-jp-trilateral-2021-04", "kr-jp-meeting-2021-04"])
        // The same document again changes nothing, not even the history.
        let again = try await store.ingest(doc("d1", "2021-04-01"), events: [talks], actor: "seed", at: at)
        #expect(again.outcome == "unchanged" && again.added.isEmpty && again.updated.isEmpty)
        #expect(try await store.revisions(of: "kr-jp-talks-undated").count == 1)

        // A month later: Chung and Motegi met in London; the trilateral was called off.
        var met = event("kr-jp-talks-2021-05-05", .occurred, "2021-05-05")
        met.participants.append(Participant(name: "Toshimitsu Motegi", role: "Foreign Minister", country: "JP"))
        met.location = Location(name: "London", country: "GB")
        met.sources = [source("d2")]
        var off = event("us-trilateral-2021-04", .cancelled, "2021-04")
        off.title = "Blinken trilateral meeting"
        off.participants = [Participant(name: "Antony Blinken", country: "US")]
        let second = try await store.ingest(doc("d2", "2021-05-06"), events: [met, off], actor: "uid:0", at: at.addingTimeInterval(86_400 * 35))
        #expect(second.added.isEmpty)
        #expect(Set(second.updated) == ["kr-jp-talks-undated", "kr-us-jp-trilateral-2021-04"])
        let merged = try #require(try await store.event(id: "kr-jp-talks-undated"))
        #expect(merged.status == .occurred && merged.when.value == "2021-05-05" && merged.location?.name == "London")
        #expect(merged.sources.map(\.document) == ["d1", "d2"])
        #expect(merged.participants.first { $0.name == "Toshimitsu Motegi" }?.role == "Foreign Minister")
        let history = try await store.revisions(of: "kr-jp-talks-undated")
        #expect(history.map(\.action) == ["add", "ingest"])
        #expect(history[1].changes.contains(FieldChange(field: "status", from: "proposed", to: "occurred")))
        #expect(history[1].changes.contains(FieldChange(field: "source", from: nil, to: "d2")))
        #expect(try await store.event(id: "kr-us-jp-trilateral-2021-04")?.status == .cancelled)
        // The bilateral on the margins is a different meeting and stays as it was.
        #expect(try await store.event(id: "kr-jp-meeting-2021-04")?.status == .possible)

        // A different meeting whose generated id is taken gets its own id.
        var other = event("kr-jp-talks-2021-05-05", .scheduled, "2021-05-05")
        other.participants = [Participant(name: "Lee Sang-ryol", country: "KR"), Participant(name: "Takehiro Funakoshi", country: "JP")]
        try await store.add(other, actor: "t", at: at).seq > 0 ? () : ()
        var clash = other
        clash.participants = [Participant(name: "Park Jin", country: "KR"), Participant(name: "Yoshimasa Hayashi", country: "JP")]
        let third = try await store.ingest(doc("d3", "2021-05-07"), events: [clash], actor: "t", at: at)
        #expect(third.added == ["kr-jp-talks-2021-05-05-2"])
        #expect(try await store.documentCount() == 3)
        let reopened = try TimelineStore.open(path: tmp.path)
        #expect(try await reopened.eventCount() == 5)
    }

    /// The indexed queries must agree with the domain's definition on every kind of window.
    @Test func indexedQueriesAgreeWithTheDomain() async throws {
        let store = try TimelineStore.inMemory()
        var rng = SeededGenerator(seed: 42)
        let values: [(Int) -> String?] = [
            { d in Self.day(d) }, { d in Self.day(d) + "T10:30" }, { d in String(Self.day(d).prefix(7)) },
            { d in String(Self.day(d).prefix(4)) }, { d in String(Self.day(d).prefix(4)) + "-Q2" }, { _ in nil },
            { d in String(Self.day(d).prefix(4)) + "-W" + String(format: "%02d", d % 52 + 1) },
            { d in String(Self.day(d).prefix(3)) },
        ]
        var all: [Event] = []
        for i in 0..<3000 {
            let d = Int.random(in: 0..<1500, using: &rng)
            let value = values[Int.random(in: 0..<values.count, using: &rng)](d)
            let mod: TimeMod? = value.map { $0.count == 7 } == true && Bool.random(using: &rng) ? .end : nil
            all.append(event("e\(i)", Status.allCases.randomElement(using: &rng)!, value, mod: mod))
        }
        try await store.bulkInsert(all, actor: "test", at: Date())
        for probe in ["2020-06-01T00:00:00Z", "2021-04-01T09:00:00Z", "2023-01-01T00:00:00Z"] {
            #expect(try await store.upcomingCount(now: iso(probe)) == Timeline.upcoming(all, now: iso(probe)).count)
        }
        for probe in ["2020-01-01T00:00:00Z", "2021-04-01T09:00:00Z", "2021-06-30T23:59:59+09:00", "2022-12-31T12:00:00Z", "2025-01-01T00:00:00Z"] {
            let now = iso(probe)
            for within: TimeInterval? in [nil, 86_400, 30 * 86_400] {
                let expected = Timeline.upcoming(all, now: now, within: within, limit: 50).map(\.id)
                let got = try await store.upcoming(now: now, within: within, limit: 50).map(\.id)
                #expect(got == expected, "upcoming at \(probe) within \(String(describing: within))")
            }
            let to = now.addingTimeInterval(90 * 86_400)
            #expect(try await store.timeline(from: now, to: to, now: now, limit: 100).map(\.id) == Timeline.range(all, from: now, to: to, limit: 100).map(\.id))
            let f = TimelineFilter(statuses: [.lapsed, .possible])
            #expect(try await store.upcoming(now: now, filter: f, limit: 20).map(\.id) == Timeline.upcoming(all, now: now, filter: f, limit: 20).map(\.id))
        }
    }

    static func day(_ d: Int) -> String {
        let c = CivilDate(year: 2020, month: 1, day: 1).adding(days: d)
        return String(format: "%04d-%02d-%02d", c.year, c.month, c.day)
    }

    @Test func queriesSearchTheSpanIndexNeverScanTheTable() async throws {
        let store = try TimelineStore.inMemory()
        for pending in [true, false] {
            let plan = try await store.writer.read { db in
                try Row.fetchAll(db, sql: "EXPLAIN QUERY PLAN " + TimelineStore.overlapSQL(pendingOnly: pending, spanClass: 1),
                                 arguments: [0, 1e300, 0, 10]).map { $0["detail"] as String }.joined(separator: "; ")
            }
            let index = pending ? "event_pending_by_span_start" : "event_by_span_start"
            #expect(plan == "SEARCH event USING INDEX \(index) (spanClass=? AND earliest>? AND earliest<?)", "\(plan)")
        }
    }

    @Test func refusesACorruptFileWithoutTouchingIt() throws {
        let tmp = TemporaryDatabase()
        let junk = Data(repeating: 0x42, count: 8192)
        _ = FileManager.default.createFile(atPath: tmp.path, contents: junk)
        #expect(throws: StoreError.self) { _ = try TimelineStore.open(path: tmp.path) }
        #expect(FileManager.default.contents(atPath: tmp.path) == junk)
    }

    @Test func walAndFullSync() async throws {
        let tmp = TemporaryDatabase()
        let store = try TimelineStore.open(path: tmp.path)
        let (mode, sync) = try await store.writer.read { db in
            (try String.fetchOne(db, sql: "PRAGMA journal_mode")!, try Int.fetchOne(db, sql: "PRAGMA synchronous")!)
        }
        #expect(mode == "wal" && sync == 2)
    }
}

/// A small deterministic generator so failures reproduce.
struct SeededGenerator: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
