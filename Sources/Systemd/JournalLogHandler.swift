import CSystemd
import Foundation
import Logging
import Synchronization

/// The log level, shared by every handler, so a reload can change it.
public final class LogLevelControl: Sendable {
    private let level: Mutex<Logger.Level>
    public init(_ level: Logger.Level) { self.level = Mutex(level) }
    public var current: Logger.Level {
        get { level.withLock { $0 } }
        set { level.withLock { $0 = newValue } }
    }
}

/// Where log entries go.
public enum LogTarget: String, Sendable, CaseIterable {
    /// Native journal entries with fields (`sd_journal_sendv`).
    case journal
    /// Readable lines on standard error.
    case console

    /// The journal when stderr is connected to it (systemd sets `JOURNAL_STREAM` to the
    /// device and inode of that stream), the console otherwise.
    public static func automatic() -> LogTarget {
        guard let stream = ProcessInfo.processInfo.environment["JOURNAL_STREAM"] else { return .console }
        let parts = stream.split(separator: ":")
        guard parts.count == 2, let dev = UInt64(parts[0]), let ino = UInt64(parts[1]) else { return .console }
        var st = stat()
        guard fstat(STDERR_FILENO, &st) == 0 else { return .console }
        return UInt64(st.st_dev) == dev && UInt64(st.st_ino) == ino ? .journal : .console
    }
}

/// A swift-log handler writing native journal entries: `MESSAGE`, `PRIORITY`,
/// `SYSLOG_IDENTIFIER`, `CODE_*`, and every metadata key as a field named in `[A-Z0-9_]`
/// (`diplomat_event_id` becomes `DIPLOMAT_EVENT_ID`; `message_id` becomes `MESSAGE_ID`).
public struct JournalLogHandler: LogHandler {
    public var metadata: Logger.Metadata = [:]
    public var metadataProvider: Logger.MetadataProvider?
    let identifier: String
    let control: LogLevelControl

    public init(identifier: String, level: LogLevelControl) {
        self.identifier = identifier
        self.control = level
    }

    public var logLevel: Logger.Level {
        get { control.current }
        set { control.current = newValue }
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    /// Journal field names: upper case letters, digits and underscores, not starting with an
    /// underscore or digit (those are reserved or invalid), at most 64 characters.
    public static func fieldName(_ key: String) -> String {
        var name = String(key.uppercased().map { ($0.isASCII && ($0.isLetter || $0.isNumber)) ? $0 : "_" })
        while name.first == "_" { name.removeFirst() }
        if name.isEmpty { name = "FIELD" }
        if name.first!.isNumber { name = "F" + name }
        return String(name.prefix(64))
    }

    public static func priority(_ level: Logger.Level) -> Int {
        switch level {
        case .trace, .debug: return 7
        case .info: return 6
        case .notice: return 5
        case .warning: return 4
        case .error: return 3
        case .critical: return 2
        }
    }

    public func log(event: LogEvent) {
        var fields: [String] = [
            "MESSAGE=\(event.message)",
            "PRIORITY=\(Self.priority(event.level))",
            "SYSLOG_IDENTIFIER=\(identifier)",
            "CODE_FILE=\(event.file)",
            "CODE_LINE=\(event.line)",
            "CODE_FUNC=\(event.function)",
        ]
        var all = metadata
        if let provided = metadataProvider?.get() { all.merge(provided) { a, _ in a } }
        if let extra = event.metadata { all.merge(extra) { _, b in b } }
        for (key, value) in all {
            let name = Self.fieldName(key)
            if ["MESSAGE", "PRIORITY", "SYSLOG_IDENTIFIER", "CODE_FILE", "CODE_LINE", "CODE_FUNC"].contains(name) { continue }
            fields.append("\(name)=\(value)")
        }
        Self.send(fields)
    }

    /// Sends one entry; each field is one iovec (values may contain newlines).
    static func send(_ fields: [String]) {
        // All fields in one buffer, so every iovec points into memory that stays alive.
        var bytes: [UInt8] = []
        var ranges: [Range<Int>] = []
        for f in fields {
            let start = bytes.count
            bytes.append(contentsOf: f.utf8)
            ranges.append(start..<bytes.count)
        }
        bytes.withUnsafeMutableBytes { raw in
            var iov = ranges.map { iovec(iov_base: raw.baseAddress! + $0.lowerBound, iov_len: $0.count) }
            _ = sd_journal_sendv(&iov, Int32(iov.count))
        }
    }
}

/// Readable lines on standard error for running by hand: time, level, message, then the
/// metadata as `key=value`.
public struct ConsoleLogHandler: LogHandler {
    public var metadata: Logger.Metadata = [:]
    public var metadataProvider: Logger.MetadataProvider?
    let control: LogLevelControl

    public init(level: LogLevelControl) { control = level }

    public var logLevel: Logger.Level {
        get { control.current }
        set { control.current = newValue }
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        var all = metadata
        if let extra = event.metadata { all.merge(extra) { _, b in b } }
        let details = all.filter { $0.key != "message_id" }.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " ")
        let stamp = Date().formatted(.iso8601)
        let line = "\(stamp) \(event.level) \(event.message)\(details.isEmpty ? "" : "  " + details)\n"
        // write(2), not FileHandle.write, which traps when stderr is a closed pipe.
        var bytes = Array(line.utf8)
        _ = bytes.withUnsafeMutableBytes { write(STDERR_FILENO, $0.baseAddress, $0.count) }
    }
}
