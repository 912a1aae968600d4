/// Bounds how many timeline reads (query and encoding) run at once, and shares them fairly
/// between client processes. Under a flood of calls a read that got its rows would otherwise
/// hold them while it waits for a thread to encode them, and thousands of such reads held
/// gigabytes (make bench, abuse). Waiting calls hold nothing.
///
/// Waiting calls queue per client process (`SO_PEERCRED` pid) and a freed permit goes to each
/// process in turn, first come first served within it: a client that floods the daemon with
/// thousands of calls waits behind its own calls, not in front of everyone else's.
/// Writing the reply is outside the permit, so a client that never reads holds no permit.
actor ReadPermits {
    let limit: Int
    private var inUse = 0
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

    init(limit: Int) { self.limit = limit }

    /// Runs `body` once a permit is free; `client` is the caller's process (nil when unknown,
    /// which shares one queue).
    func run<T: Sendable>(for client: Int32?, _ body: @Sendable () async throws -> T) async throws -> T {
        await acquire(client ?? -1)
        defer { release() }
        return try await body()
    }

    /// Calls waiting now, for tests and the bench.
    var waiting: Int { queues.values.reduce(0) { $0 + $1.items.count - $1.head } }

    private func acquire(_ client: Int32) async {
        if inUse < limit {
            inUse += 1
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

    /// Hands the permit to the next client in turn.
    private func release() {
        guard !order.isEmpty else {
            inUse -= 1
            return
        }
        if turn >= order.count { turn = 0 }
        let client = order[turn]
        let next = queues[client]!.pop()
        if queues[client]!.isEmpty {
            queues[client] = nil
            order.remove(at: turn)
        } else {
            turn += 1
        }
        next.resume()
    }
}
