import ArgumentParser
import DiplomatCore
import DiplomatServer
import DiplomatStore
import Foundation
import Histogram
import Logging
import Synchronization
import Varlink

/// The benchmark driver behind `make bench`: generates synthetic timelines and measures the
/// daemon in process and over its socket. bench/run.py orchestrates it and writes the report.
@main
struct DiplomatBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "diplomat-bench",
        abstract: "Benchmarks for diplomatd (used by make bench).",
        subcommands: [Generate.self, InProcess.self, Socket.self, Throughput.self, Extract.self, EchoServer.self])
}

/// The instant every benchmark asks "what is upcoming" at: the middle of the generated span.
let benchNow = ISO8601.parse("2026-06-01T12:00:00Z")!

struct Generate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Write a synthetic timeline of N events into a state directory.")
    @Option var events: Int
    @Option(name: .customLong("state-dir")) var stateDir: String
    @Option var seed: UInt64 = 1

    func run() async throws {
        try FileManager.default.createDirectory(atPath: stateDir, withIntermediateDirectories: true)
        let store = try TimelineStore.open(path: stateDir + "/timeline.sqlite")
        var rng = SplitMix(seed: seed)
        let zones = ["Asia/Seoul", "Asia/Tokyo", "America/New_York", "Europe/London", "Europe/Brussels", "Asia/Shanghai"].map { TimeZone(identifier: $0)! }
        let people = [("Chung Eui-yong", "KR"), ("Toshimitsu Motegi", "JP"), ("Antony Blinken", "US"), ("Wang Yi", "CN"), ("Liz Truss", "GB"),
                      ("Annalena Baerbock", "DE"), ("Park Jin", "KR"), ("Yoshimasa Hayashi", "JP"), ("Catherine Colonna", "FR"), ("Sergey Lavrov", "RU")]
        let kinds: [EventKind] = [.talks, .meeting, .summit, .call, .visit, .statement]
        let start = benchNow.addingTimeInterval(-365 * 86_400)
        var batch: [Event] = []
        let t0 = ContinuousClock.now
        for i in 0..<events {
            let zone = zones[Int(rng.next() % UInt64(zones.count))]
            let at = start.addingTimeInterval(Double(rng.next() % (730 * 86_400)))
            let day = LocalTime(at, in: zone).date
            let ymd = String(format: "%04d-%02d-%02d", day.year, day.month, day.day)
            let r = rng.next() % 100
            let (value, mod): (String?, TimeMod?) = switch r {
            case 0..<55: (ymd, nil)
            case 55..<70: (ymd + String(format: "T%02d:%02d", 8 + rng.next() % 10, (rng.next() % 4) * 15), nil)
            case 70..<82: (String(ymd.prefix(7)), [nil, .start, .mid, .end][Int(rng.next() % 4)])
            case 82..<88: (String(ymd.prefix(4)) + String(format: "-W%02d", 1 + rng.next() % 52), nil)
            case 88..<92: (String(ymd.prefix(4)) + "-Q\(1 + rng.next() % 4)", nil)
            case 92..<94: (String(ymd.prefix(4)), nil)
            default: (nil, nil)
            }
            let when = try When.resolve(value: value, mod: mod, timeZone: zone)
            let past = (when.latest ?? benchNow.addingTimeInterval(1)) < benchNow
            let status: Status = past
                ? (rng.next() % 10 < 8 ? .occurred : [.cancelled, .possible, .expected][Int(rng.next() % 3)])
                : [.scheduled, .expected, .possible, .proposed, .cancelled][Int(rng.next() % 5)]
            let a = people[Int(rng.next() % UInt64(people.count))]
            let b = people[Int(rng.next() % UInt64(people.count))]
            let participants = [Participant(name: a.0, role: "Foreign Minister", country: a.1)] + (a.0 == b.0 ? [] : [Participant(name: b.0, role: "Foreign Minister", country: b.1)])
            let event = Event(id: "bench-\(i)", title: "\(a.0) and \(b.0) \(kinds[i % kinds.count].rawValue)", kind: kinds[i % kinds.count], status: status, when: when,
                              participants: participants, countries: Array(Set(participants.compactMap(\.country))).sorted(),
                              location: Location(name: zone.identifier.split(separator: "/").last.map(String.init) ?? "", country: a.1),
                              sources: [SourceCitation(document: "bench-doc-\(i / 20)", quote: "A synthetic sentence about meeting \(i).", start: 0, end: 40)])
            batch.append(event)
            if batch.count == 10_000 {
                try await store.bulkInsert(batch, actor: "bench", at: benchNow)
                batch.removeAll(keepingCapacity: true)
            }
        }
        if !batch.isEmpty { try await store.bulkInsert(batch, actor: "bench", at: benchNow) }
        let seconds = (ContinuousClock.now - t0).seconds
        print(json(["events": .number(Double(events)), "seconds": .number(seconds)]))
    }
}

/// Upcoming and Timeline measured inside the daemon's code path: decode the call, query SQLite,
/// encode the reply; no socket.
struct InProcess: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Measure Upcoming/Timeline service time in process.")
    @Option(name: .customLong("state-dir")) var stateDir: String
    @Option var iterations: Int = 2000

    func run() async throws {
        let store = try TimelineStore.open(path: stateDir + "/timeline.sqlite")
        let interface = try await TimelineInterface(store: store, clock: ManualWallClock(benchNow), feed: ChangeFeed(),
                                                    facts: DaemonFacts(version: "bench", databasePath: stateDir, socketPath: "-"),
                                                    logger: Logger(label: "bench"))
        let sink = DiscardingSink()
        var results: [String: JSONValue] = [:]
        let calls: [(String, String)] = [
            ("upcoming", #"{"method":"org.diplomatd.Timeline.Upcoming","parameters":{"limit":20}}"#),
            ("upcoming_within_7d", #"{"method":"org.diplomatd.Timeline.Upcoming","parameters":{"within":"P7D","limit":100}}"#),
            ("timeline_month", #"{"method":"org.diplomatd.Timeline.Timeline","parameters":{"from":"2026-06-01","to":"2026-06-30","limit":100}}"#),
            ("status", #"{"method":"org.diplomatd.Timeline.Status"}"#),
        ]
        for (name, text) in calls {
            let call = try VarlinkCall(message: Data(text.utf8))
            let responder = VarlinkResponder(sink: sink, oneway: false, more: false)
            for _ in 0..<100 { try await interface.handle(call, peer: VarlinkPeer(), responder: responder) }  // warm up
            var h = Histogram<UInt64>(numberOfSignificantValueDigits: .three)
            for _ in 0..<iterations {
                let t = ContinuousClock.now
                try await interface.handle(call, peer: VarlinkPeer(), responder: responder)
                _ = h.record(UInt64((ContinuousClock.now - t).nanoseconds))
            }
            results[name] = summary(h)
        }
        results["replyBytes"] = .number(Double(sink.bytes.load(ordering: .relaxed)) / Double(calls.count * (iterations + 100)))
        print(json(results))
    }
}

/// Round trips over the daemon's socket with a blocking client.
struct Socket: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Measure Upcoming and Timeline round trips over the socket.")
    @Option var socket: String
    @Option var iterations: Int = 2000

    func run() async throws {
        let client = try VarlinkClient(path: socket)
        var results: [String: JSONValue] = [:]
        let calls: [(String, String, [String: JSONValue])] = [
            ("upcoming", "Upcoming", ["limit": JSONValue.number(20)]),
            ("upcoming_within_7d", "Upcoming", ["within": .string("P7D"), "limit": .number(100)]),
            ("timeline_month", "Timeline", ["from": .string("2026-06-01"), "to": .string("2026-06-30"), "limit": .number(100)]),
        ]
        for (name, method, params) in calls {
            for _ in 0..<100 { _ = try client.call("org.diplomatd.Timeline." + method, params) }
            var h = Histogram<UInt64>(numberOfSignificantValueDigits: .three)
            for _ in 0..<iterations {
                let t = ContinuousClock.now
                _ = try client.call("org.diplomatd.Timeline." + method, params)
                _ = h.record(UInt64((ContinuousClock.now - t).nanoseconds))
            }
            results[name] = summary(h)
        }
        print(json(results))
    }
}

/// Status calls per second with N clients, each on its own connection and thread.
struct Throughput: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Measure Status calls per second with N concurrent clients.")
    @Option var socket: String
    @Option var clients: Int = 1
    @Option var seconds: Double = 3
    @Option var method: String = "org.diplomatd.Timeline.Status"

    func run() async throws {
        let total = Atomic<Int>(0)
        let failures = Atomic<Int>(0)
        let deadline = Date().addingTimeInterval(seconds)
        let t0 = ContinuousClock.now
        let socket = self.socket
        let method = self.method
        var threads: [Thread] = []
        let done = DispatchGroup()
        for _ in 0..<clients {
            done.enter()
            let thread = Thread {
                defer { done.leave() }
                guard let client = try? VarlinkClient(path: socket) else { failures.add(1, ordering: .relaxed); return }
                // The request is encoded once and replies are only framed, not decoded: the
                // clients share the machine's two cores with the daemon, so they stay cheap.
                var request = Data("{\"method\":\"\(method)\"}".utf8)
                request.append(0)
                var n = 0
                while Date() < deadline {
                    for _ in 0..<50 {
                        do {
                            try client.writeAll(request)
                            let frame = try client.receiveFrame()
                            if frame.starts(with: Array("{\"error\"".utf8)) { failures.add(1, ordering: .relaxed) }
                        } catch {
                            failures.add(1, ordering: .relaxed)
                        }
                        n += 1
                    }
                }
                total.add(n, ordering: .relaxed)
            }
            threads.append(thread)
            thread.start()
        }
        done.wait()
        let elapsed = (ContinuousClock.now - t0).seconds
        print(json(["clients": .number(Double(clients)), "calls": .number(Double(total.load(ordering: .relaxed))),
                    "failures": .number(Double(failures.load(ordering: .relaxed))), "seconds": .number(elapsed),
                    "callsPerSecond": .number(Double(total.load(ordering: .relaxed)) / elapsed)]))
    }
}

final class DiscardingSink: VarlinkReplySink {
    let bytes = Atomic<Int>(0)
    func write(_ message: consuming [UInt8]) async throws { bytes.add(message.count, ordering: .relaxed) }
    func peerClosed() async {}
}

func summary(_ h: Histogram<UInt64>) -> JSONValue {
    .object([
        "count": .number(Double(h.totalCount)),
        "p50_us": .number(Double(h.valueAtPercentile(50)) / 1000),
        "p99_us": .number(Double(h.valueAtPercentile(99)) / 1000),
        "max_us": .number(Double(h.max) / 1000),
        "mean_us": .number(h.mean / 1000),
    ])
}

func json(_ o: [String: JSONValue]) -> String {
    let e = JSONEncoder()
    e.outputFormatting = [.sortedKeys]
    return String(decoding: try! e.encode(JSONValue.object(o)), as: UTF8.self)
}

extension Duration {
    var seconds: Double { Double(components.seconds) + Double(components.attoseconds) / 1e18 }
    var nanoseconds: Int64 { components.seconds * 1_000_000_000 + components.attoseconds / 1_000_000_000 }
}

/// Deterministic random numbers, so every run generates the same timeline.
struct SplitMix {
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
