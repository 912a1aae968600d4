/// Bounds how many timeline reads (query and encoding) run at once, and shares them fairly
/// between client processes. Under a flood of calls a read that got its rows would otherwise
/// hold them while it waits for a thread to encode them, and thousands of such reads held
/// gigabytes (make bench, abuse). Waiting calls hold nothing.
///
/// Waiting calls queue per client process (`SO_PEERCRED` pid) and a freed permit goes to each
/// process in turn, first come first served within it; no process holds more than half the
/// permits. A client that floods the daemon with calls waits behind its own calls, and
/// another client finds a permit free or next in turn.
/// Writing the reply is outside the permit, so a client that never reads holds no permit.
actor ReadPermits {
    let limit: Int
    /// The most one client may hold at once.
    let share: Int
    private var inUse = 0
    private var held: [Int32: Int] = [:]
    /// Waiting calls per client; `order` lists the clients with waiting calls, served in turn.
    private var queues: [Int32: Queue] = [:]
    private var order: [Int32] = []
    private var turn = 0

    /// First in, first out without moving the array on each removal.
    struct Queue {
        var items: [CheckedContinuation<Void, Never>] = []
        var head = 0
        var isEmpty: Bool { head == items.count }
        mutating func pop() -> CheckedContinuation<Void, Never> {
            let next = items[head]
            head += 1
            if head > 256, head * 2 > items.count {
                items.removeFirst(head)
                head = 0
            }
            return next
        }
    }

    init(limit: Int) {
        self.limit = max(1, limit)
        self.share = max(1, limit / 2)
    }

    /// Runs `body` once a permit is free; `client` is the caller's process (nil when unknown,
    /// which shares one queue).
    func run<T: Sendable>(for client: Int32?, _ body: @Sendable () async throws -> T) async throws -> T {
        let client = client ?? -1
        await acquire(client)
        defer { release(client) }
        return try await body()
    }

    /// Calls waiting now, for tests and the bench.
    var waiting: Int { queues.values.reduce(0) { $0 + $1.items.count - $1.head } }

    private func acquire(_ client: Int32) async {
        if inUse < limit, held[client, default: 0] < share, queues[client] == nil {
            inUse += 1
            held[client, default: 0] += 1
            return
        }
        await withCheckedContinuation { continuation in
            if queues[client] == nil {
                queues[client] = Queue()
                order.append(client)
            }
            queues[client]!.items.append(continuation)
        }
    }

    private func release(_ client: Int32) {
        inUse -= 1
        held[client]! -= 1
        if held[client] == 0 { held[client] = nil }
        grant()
    }

    /// Hands free permits to waiting clients in turn, skipping those that hold their share.
    private func grant() {
        var skipped = 0
        while inUse < limit, !order.isEmpty, skipped < order.count {
            if turn >= order.count { turn = 0 }
            let client = order[turn]
            guard held[client, default: 0] < share else {
                turn += 1
                skipped += 1
                continue
            }
            skipped = 0
            let next = queues[client]!.pop()
            inUse += 1
            held[client, default: 0] += 1
            if queues[client]!.isEmpty {
                queues[client] = nil
                order.remove(at: turn)
            } else {
                turn += 1
            }
            next.resume()
        }
    }
}
