/// Bounds how many timeline reads (query and encoding) run at once. Under a flood of calls a
/// read that got its rows would otherwise hold them while it waits for a thread to encode them,
/// and thousands of such reads held gigabytes (make bench, abuse). Waiting calls hold nothing.
/// Writing the reply is outside the permit, so a client that never reads holds no permit.
actor ReadPermits {
    let limit: Int
    private var inUse = 0
    private var waiting: [CheckedContinuation<Void, Never>] = []
    private var head = 0

    init(limit: Int) { self.limit = limit }

    func run<T: Sendable>(_ body: @Sendable () async throws -> T) async throws -> T {
        await acquire()
        defer { release() }
        return try await body()
    }

    private func acquire() async {
        if inUse < limit {
            inUse += 1
            return
        }
        await withCheckedContinuation { waiting.append($0) }
    }

    /// Hands the permit to the longest waiting call, first come first served.
    private func release() {
        guard head < waiting.count else {
            inUse -= 1
            return
        }
        let next = waiting[head]
        head += 1
        if head > 256, head * 2 > waiting.count {
            waiting.removeFirst(head)
            head = 0
        }
        next.resume()
    }
}
