import Foundation

/// The daemon's settings, from the configuration file (systemd-style `key = value` lines,
/// `#` comments) overridden by command-line options.
public struct DaemonConfiguration: Sendable, Equatable {
    public var socket: String?
    public var stateDirectory: String?
    public var seedsDirectory: String?
    public var maxMessageSize: Int = 1 << 20
    public var logLevel: String = "info"

    public init() {}

    public static let keys = ["socket", "state-dir", "seeds", "max-message-size", "log-level"]
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
            case "log-level":
                guard logLevels.contains(value) else {
                    throw ParseError(line: n + 1, message: "log-level must be one of \(logLevels.joined(separator: ", "))")
                }
                c.logLevel = value
            default:
                throw ParseError(line: n + 1, message: "unknown key '\(key)' (known: \(keys.joined(separator: ", ")))")
            }
        }
        return c
    }
}

/// The listening socket passed by systemd (`LISTEN_PID`, `LISTEN_FDS`, `LISTEN_FDNAMES`), if any.
public enum SocketActivation {
    public static let firstFD: Int32 = 3

    /// The inherited fd named `name` (or the first one when unnamed), nil when not socket-activated.
    public static func inheritedSocket(environment: [String: String], pid: Int32, name: String = "varlink") -> Int32? {
        guard let p = environment["LISTEN_PID"], Int32(p) == pid,
              let n = environment["LISTEN_FDS"].flatMap(Int32.init), n >= 1 else { return nil }
        let names = environment["LISTEN_FDNAMES"]?.split(separator: ":", omittingEmptySubsequences: false).map(String.init) ?? []
        if let i = names.firstIndex(of: name), i < n { return firstFD + Int32(i) }
        return firstFD
    }
}
