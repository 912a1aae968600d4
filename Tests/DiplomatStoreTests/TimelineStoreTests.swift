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

    @Test func seedsLoadExactlyOnce() async throws {
        let store = try TimelineStore.inMemory()
        let doc = Document(id: "d", published: "2021-04-01", source: "Yonhap", timeZone: "Asia/Seoul", text: "text")
        let seed = SeedDocument(document: doc, events: [event("s", .occurred, "2021-04-01")])
        #expect(try await store.ingestNewDocuments([seed], actor: "seed", at: Date()) == ["d"])
        _ = try await store.setStatus(id: "s", to: .cancelled, reason: nil, actor: "t", at: Date())
        #expect(try await store.ingestNewDocuments([seed], actor: "seed", at: Date()) == [])
        // A new document is picked up; one whose event id collides changes nothing at all.
        let later = SeedDocument(document: Document(id: "e", published: "2021-05-05", source: nil, timeZone: "UTC", text: "t"), events: [event("t", .occurred, "2021-05-05")])
        let clash = SeedDocument(document: Document(id: "f", published: "2021-05-06", source: nil, timeZone: "UTC", text: "t"), events: [event("s", .occurred, "2021-05-06")])
        await #expect(throws: StoreError.duplicateID("s")) { _ = try await store.ingestNewDocuments([later, clash], actor: "seed", at: Date()) }
        #expect(try await store.documentCount() == 1)
        #expect(try await store.ingestNewDocuments([later], actor: "seed", at: Date()) == ["e"])
        #expect(try await store.event(id: "s")?.status == .cancelled)
        #expect(try await store.revisions(of: "s").first?.actor == "seed")
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
