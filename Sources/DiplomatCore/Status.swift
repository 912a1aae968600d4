/// What the sources say about an event.
public enum Status: String, Codable, Sendable, CaseIterable {
    case occurred, scheduled, expected, possible, proposed, cancelled

    /// Statuses that still look forward: the event may yet happen.
    public static let pending: [Status] = [.scheduled, .expected, .possible, .proposed]

    public var isPending: Bool { Status.pending.contains(self) }
}

/// The status as it stands at a given instant: the stated status, or `lapsed` once the
/// window of a pending event has closed with no confirmation.
public enum EffectiveStatus: String, Codable, Sendable, CaseIterable {
    case occurred, scheduled, expected, possible, proposed, cancelled, lapsed

    public init(_ status: Status) { self = EffectiveStatus(rawValue: status.rawValue)! }
}
