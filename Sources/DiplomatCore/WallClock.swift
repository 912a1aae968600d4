import Foundation
import Synchronization

/// The source of "now". Every part of diplomatd that needs the time is handed one, so the
/// timeline can be replayed as it stood on a given day and tests can move time by hand.
public protocol WallClock: Sendable {
    var now: Date { get }
    /// How many wall seconds pass per real second (1 for the live clock).
    var speed: Double { get }
    var mode: ClockMode { get }
}

public enum ClockMode: String, Codable, Sendable { case live, replay }

/// The system's real-time clock.
public struct SystemWallClock: WallClock {
    public init() {}
    public var now: Date { Date() }
    public var speed: Double { 1 }
    public var mode: ClockMode { .live }
}

/// A clock that starts at a chosen instant and runs `speed` times real time, measured on the
/// monotonic clock so a change of the system time does not move it.
public struct ReplayWallClock: WallClock {
    public let start: Date
    public let speed: Double
    private let origin: ContinuousClock.Instant

    public init(start: Date, speed: Double = 1) {
        self.start = start
        self.speed = speed
        self.origin = ContinuousClock.now
    }

    public var now: Date {
        let elapsed = ContinuousClock.now - origin
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        return start.addingTimeInterval(seconds * speed)
    }

    public var mode: ClockMode { .replay }
}

/// A clock that only moves when told to; for tests.
public final class ManualWallClock: WallClock {
    private let current: Mutex<Date>
    public init(_ start: Date) { current = Mutex(start) }
    public var now: Date { current.withLock { $0 } }
    public var speed: Double { 0 }
    public var mode: ClockMode { .replay }
    public func set(_ date: Date) { current.withLock { $0 = date } }
    public func advance(by seconds: TimeInterval) { current.withLock { $0 = $0.addingTimeInterval(seconds) } }
}
