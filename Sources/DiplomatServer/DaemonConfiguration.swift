import DiplomatCore
import Foundation
import Synchronization

/// The settings a running daemon can change on reload, shared by the parts that use them.
public final class RuntimeSettings: Sendable {
    private let state: Mutex<(configuration: DaemonConfiguration, authorization: WriteAuthorization)>

    public init(_ configuration: DaemonConfiguration) {
        state = Mutex((configuration, WriteAuthorization(adminGroup: configuration.adminGroup)))
    }

    public var configuration: DaemonConfiguration { state.withLock { $0.configuration } }
    public var authorization: WriteAuthorization { state.withLock { $0.authorization } }

    public func replace(with configuration: DaemonConfiguration) {
        let authorization = WriteAuthorization(adminGroup: configuration.adminGroup)
        state.withLock { $0 = (configuration, authorization) }
    }
}

/// The daemon's settings, from the configuration file (systemd-style `key = value` lines,
/// `#` comments) overridden by command-line options.
public struct DaemonConfiguration: Sendable, Equatable {
    public var socket: String?
    public var stateDirectory: String?
    public var seedsDirectory: String?
    public var maxMessageSize: Int = 1 << 20
    /// A connection with no call in progress that sends nothing whole for this long (nothing
    /// at all, or half a message), or that reads no replies for this long, is closed.
    public var idleTimeout: TimeInterval = 60
    /// Connections open at once; past it new clients wait in the kernel's listen queue.
    public var maxConnections: Int = 4096
    /// Bytes of replies waiting for clients to read them, over all connections; past it the
    /// connection whose reply has waited longest (over a second) is closed.
    public var maxUnsentBytes: Int = 128 << 20
    public var logLevel: String = "info"
    /// Members of this group may change the timeline (besides root and the daemon's user).
    public var adminGroup: String? = "diplomat-admin"
    /// Lead times of reminders per status.
    public var reminderPolicy: ReminderPolicy = .standard
    /// Reminders found further past due than this are recorded as missed, not fired.
    public var catchUpHorizon: TimeInterval = 7 * 86_400

    public var reminderSettings: ReminderSettings { ReminderSettings(policy: reminderPolicy, catchUpHorizon: catchUpHorizon) }

    public init() {}

    public static let keys = ["socket", "state-dir", "seeds", "max-message-size", "idle-timeout", "max-connections",
                              "max-unsent-bytes", "log-level", "admin-group",
                              "remind-scheduled", "remind-expected", "remind-possible", "remind-proposed", "catch-up-horizon"]
    public static let logLevels = ["trace", "debug", "info", "notice", "warning", "error", "critical"]

    public struct ParseError: Error, CustomStringConvertible, Equatable {
        public var line: Int
        public var message: String
        public var description: String { "line \(line): \(message)" }
    }

    /// Parses a configuration file's text; every problem names its line.
    public static func parse(_ text: String) throws(ParseError) -> DaemonConfiguration {
        var c = DaemonConfiguration()
        for (n, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = raw.trimmingCharacters(in: .whitespaces)
            if line.isEmpty || line.hasPrefix("#") || line.hasPrefix(";") || line == "[diplomatd]" { continue }
            guard let eq = line.firstIndex(of: "=") else {
                throw ParseError(line: n + 1, message: "expected 'key = value', got '\(line)'")
            }
            let key = line[..<eq].trimmingCharacters(in: .whitespaces)
            let value = line[line.index(after: eq)...].trimmingCharacters(in: .whitespaces)
            switch key {
            case "socket": c.socket = value
            case "state-dir": c.stateDirectory = value
            case "seeds": c.seedsDirectory = value
            case "max-message-size":
                guard let v = Int(value), v >= 1024, v <= 1 << 30 else {
                    throw ParseError(line: n + 1, message: "max-message-size must be a number of bytes between 1024 and 1073741824")
                }
                c.maxMessageSize = v
            case "idle-timeout":
                guard let d = DurationText.parse(value), d >= 1, d <= 86_400 else {
                    throw ParseError(line: n + 1, message: "idle-timeout must be an ISO 8601 duration between PT1S and P1D, such as PT60S")
                }
                c.idleTimeout = d
            case "max-connections":
                guard let v = Int(value), v >= 1, v <= 60_000 else {
                    throw ParseError(line: n + 1, message: "max-connections must be a number between 1 and 60000")
                }
                c.maxConnections = v
            case "max-unsent-bytes":
                guard let v = Int(value), v >= 1 << 20, v <= 1 << 40 else {
                    throw ParseError(line: n + 1, message: "max-unsent-bytes must be a number of bytes between 1048576 and 1099511627776")
                }
                c.maxUnsentBytes = v
            case "log-level":
                guard logLevels.contains(value) else {
                    throw ParseError(line: n + 1, message: "log-level must be one of \(logLevels.joined(separator: ", "))")
                }
                c.logLevel = value
            case "admin-group":
                guard !value.isEmpty, value.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "-_.".contains($0)) }) else {
                    throw ParseError(line: n + 1, message: "admin-group must be a group name")
                }
                c.adminGroup = value
            case "remind-scheduled", "remind-expected", "remind-possible", "remind-proposed":
                guard let leads = ReminderPolicy.leads(from: value) else {
                    throw ParseError(line: n + 1, message: "\(key) must be ISO 8601 durations separated by commas, such as P7D,P1D,PT1H, or none")
                }
                c.reminderPolicy.leads[Status(rawValue: String(key.dropFirst("remind-".count)))!] = leads
            case "catch-up-horizon":
                guard let d = DurationText.parse(value), d >= 0 else {
                    throw ParseError(line: n + 1, message: "catch-up-horizon must be an ISO 8601 duration such as P7D")
                }
                c.catchUpHorizon = d
            default:
                throw ParseError(line: n + 1, message: "unknown key '\(key)' (known: \(keys.joined(separator: ", ")))")
            }
        }
        return c
    }
}
