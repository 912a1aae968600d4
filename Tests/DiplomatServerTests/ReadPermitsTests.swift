@testable import DiplomatServer
import Synchronization
import Testing

/// The order calls ran in, and how many ran at once at most.
final class RunLog: Sendable {
    let state = Mutex<(order: [Int32], running: Int, most: Int)>(([], 0, 0))
    func enter(_ client: Int32) { state.withLock { $0.order.append(client); $0.running += 1; $0.most = max($0.most, $0.running) } }
    func leave() { state.withLock { $0.running -= 1 } }
    var order: [Int32] { state.withLock { $0.order } }
    var most: Int { state.withLock { $0.most } }
}

@Suite struct ReadPermitsTests {
    /// Waits until `count` calls are queued (the actor is the only judge of that).
    func queued(_ permits: ReadPermits, _ count: Int) async {
        while await permits.waiting < count { await Task.yield() }
    }

    @Test func aClientFloodingTheDaemonWaitsBehindItsOwnCalls() async throws {
        let permits = ReadPermits(limit: 1)
        let log = RunLog()
        let (gate, open) = AsyncStream.makeStream(of: Void.self)
        try await withThrowingTaskGroup(of: Void.self) { group in
            // Client 1 holds the only permit, then queues 50 more calls.
            group.addTask { try await permits.run(for: 1) { log.enter(1); for await _ in gate { break }; log.leave() } }
            while log.order.isEmpty { await Task.yield() }
            for _ in 0..<50 {
                group.addTask { try await permits.run(for: 1) { log.enter(1); log.leave() } }
            }
            await queued(permits, 50)
            // Client 2 comes last with one call.
            group.addTask { try await permits.run(for: 2) { log.enter(2); log.leave() } }
            await queued(permits, 51)
            open.yield()
            open.finish()
            try await group.waitForAll()
        }
        let order = log.order
        #expect(order.count == 52)
        // First come first served would run it 52nd; in turns it runs right after one of client 1's.
        #expect(order.firstIndex(of: 2).map { $0 <= 2 } == true, "client 2 ran at \(order.firstIndex(of: 2) ?? -1)")
        #expect(log.most == 1)
    }

    @Test func noClientHoldsMoreThanHalfThePermits() async throws {
        let permits = ReadPermits(limit: 4)
        let log = RunLog()
        let (gate, open) = AsyncStream.makeStream(of: Void.self, bufferingPolicy: .unbounded)
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<10 {
                group.addTask { try await permits.run(for: 1) { log.enter(1); for await _ in gate { break }; log.leave() } }
            }
            await queued(permits, 8)
            #expect(log.order.count == 2, "client 1 holds more than half the permits")
            // Another client finds a permit free at once, while client 1's calls are all stuck.
            try await permits.run(for: 2) { log.enter(2); log.leave() }
            #expect(log.order.filter { $0 == 1 }.count == 2)
            for _ in 0..<10 { open.yield() }
            open.finish()
            try await group.waitForAll()
        }
        #expect(log.order.count == 11)
        #expect(log.most == 3)
    }

    @Test func neverMoreThanTheLimitAtOnceAndEveryCallRuns() async throws {
        let permits = ReadPermits(limit: 3)
        let log = RunLog()
        try await withThrowingTaskGroup(of: Int.self) { group in
            for i in 0..<200 {
                group.addTask {
                    try await permits.run(for: Int32(i % 7)) {
                        log.enter(Int32(i % 7))
                        await Task.yield()
                        log.leave()
                        return i
                    }
                }
            }
            var seen = Set<Int>()
            for try await i in group { seen.insert(i) }
            #expect(seen.count == 200)
        }
        #expect(log.most <= 3)
        #expect(await permits.waiting == 0)
    }
}
