import CSystemd
#if canImport(Glibc)
import Glibc
#endif

/// Talks to the service manager through `sd_notify`: readiness, status text, watchdog
/// keep-alives, reloads and shutdown. Every call is a no-op when not started by systemd
/// (no `NOTIFY_SOCKET`), so the daemon needs no special case outside systemd.
public struct ServiceNotifier: Sendable {
    public init() {}

    /// Whether a service manager listens (`NOTIFY_SOCKET` is set).
    public var isConnected: Bool { getenv("NOTIFY_SOCKET") != nil }

    /// Sends newline-separated `KEY=value` assignments; returns false if nothing listened.
    @discardableResult
    public func send(_ assignments: [String]) -> Bool {
        let text = assignments.map { $0.replacingNewlines() }.joined(separator: "\n")
        return sd_notify(0, text) > 0
    }

    public func ready(status: String) { send(["READY=1", "STATUS=" + status]) }
    public func status(_ text: String) { send(["STATUS=" + text]) }
    public func watchdog() { send(["WATCHDOG=1"]) }
    public func stopping(status: String) { send(["STOPPING=1", "STATUS=" + status]) }

    /// `RELOADING=1` with the monotonic timestamp systemd 253+ asks for (older ones ignore it).
    public func reloading(status: String) {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        let usec = UInt64(ts.tv_sec) * 1_000_000 + UInt64(ts.tv_nsec) / 1000
        send(["RELOADING=1", "MONOTONIC_USEC=\(usec)", "STATUS=" + status])
    }

    /// The watchdog interval systemd expects pings within (`WATCHDOG_USEC`, for this pid), if any.
    public static func watchdogInterval() -> Duration? {
        var usec: UInt64 = 0
        guard sd_watchdog_enabled(0, &usec) > 0, usec > 0 else { return nil }
        return .microseconds(Int64(usec))
    }
}

/// Sockets passed by socket activation.
public enum ListenFDs {
    /// The inherited listening sockets with their names (`FileDescriptorName=`), taken from the
    /// environment (which is then cleared so child processes do not inherit them).
    public static func take() -> [(fd: Int32, name: String)] {
        var names: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?
        let n = sd_listen_fds_with_names(1, &names)
        guard n > 0 else { return [] }
        defer {
            if let names {
                for i in 0..<Int(n) { free(names[i]) }
                free(names)
            }
        }
        return (0..<n).map { i in
            let name = names?[Int(i)].map { String(cString: $0) } ?? "unknown"
            return (fd: SD_LISTEN_FDS_START + i, name: name)
        }
    }
}

extension String {
    func replacingNewlines() -> String { String(map { $0 == "\n" ? " " : $0 }) }
}
