import ArgumentParser
import DiplomatCore
import Foundation
import Varlink
#if canImport(Glibc)
import Glibc
#endif

@main
struct Diplomatctl: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "diplomatctl",
        abstract: "Query and change the timeline kept by diplomatd.",
        discussion: """
            diplomatctl talks to diplomatd over its Varlink socket: --socket, else
            $DIPLOMATD_SOCKET, else /run/diplomatd/diplomatd.sock. With --json every command
            prints JSON for scripts (watch: one object per line).

            Exit status: 0 success, 1 the daemon refused the request (for example an unknown
            event id), 64 bad usage, 69 the daemon is not running or not reachable.
            """,
        version: "0.1.0",
        subcommands: [Upcoming.self, TimelineCommand.self, Show.self, StatusCommand.self, Add.self, SetStatus.self, Cancel.self, Remind.self, Reminders.self, Ack.self, Watch.self, Ingest.self, Timex.self])

    /// Global options may come before the command (`diplomatctl --json upcoming`), as the
    /// contract has it; argument-parser wants them after it, so they are moved there.
    static func main() {
        let args = hoistingGlobalOptions(Array(CommandLine.arguments.dropFirst()))
        if FastUpcoming.run(args) { return }
        main(args)
    }

    static func hoistingGlobalOptions(_ args: [String]) -> [String] {
        var globals: [String] = []
        var rest: [String] = []
        var i = 0
        while i < args.count {
            let a = args[i]
            if !rest.isEmpty { rest.append(a) }
            else if a == "--json" || a.hasPrefix("--socket=") { globals.append(a) }
            else if a == "--socket", i + 1 < args.count { globals += [a, args[i + 1]]; i += 1 }
            else { rest.append(a) }
            i += 1
        }
        guard let command = rest.first, !command.hasPrefix("-") else { return rest + globals }
        return [command] + globals + rest.dropFirst()
    }
}

/// Options every command takes.
struct GlobalOptions: ParsableArguments {
    @Option(help: ArgumentHelp("The daemon's socket (default: $DIPLOMATD_SOCKET or /run/diplomatd/diplomatd.sock).", valueName: "path"))
    var socket: String?

    @Flag(help: "Print JSON instead of a table.")
    var json = false

    var socketPath: String { DaemonConnection(socket: socket).socketPath }

    func connect() throws -> VarlinkClient { try DaemonConnection(socket: socket).connect() }

    func call<P: Encodable>(_ method: String, _ parameters: P) throws -> VarlinkReceivedReply {
        try DaemonConnection(socket: socket).call(method, parameters)
    }
}

/// The daemon's socket and one call to it, with "nothing there" and refusals turned into clear
/// messages: shared by the commands and by `FastUpcoming`.
struct DaemonConnection {
    var socket: String?

    var socketPath: String {
        socket ?? ProcessInfo.processInfo.environment["DIPLOMATD_SOCKET"].flatMap { $0.isEmpty ? nil : $0 } ?? "/run/diplomatd/diplomatd.sock"
    }

    /// Connects, turning "nothing there" into one clear line and exit status 69.
    func connect() throws -> VarlinkClient {
        do {
            return try VarlinkClient(path: socketPath)
        } catch let error as VarlinkClientError {
            if error.isNotRunning {
                throw CLIError.unavailable("diplomatd is not running at \(socketPath) (\(error)). Start it (systemctl start diplomatd, or make run in the source tree) or point --socket / DIPLOMATD_SOCKET at its socket.")
            }
            if case .cannotConnect(_, let e) = error, e == EACCES {
                throw CLIError.unavailable("permission denied on \(socketPath): ask to be added to the group that owns it (diplomat), or use sudo.")
            }
            throw CLIError.unavailable("\(error)")
        }
    }

    /// One call, one reply; Varlink errors become readable messages.
    func call<P: Encodable>(_ method: String, _ parameters: P) throws -> VarlinkReceivedReply {
        let client = try connect()
        do {
            return try client.call("org.diplomatd.Timeline." + method, parameters)
        } catch let error as VarlinkError {
            throw CLIError.refused(CLIError.explain(error))
        } catch let error as VarlinkClientError {
            throw CLIError.unavailable("lost the connection to diplomatd at \(socketPath): \(error)")
        }
    }
}

/// `diplomatctl --json upcoming [--within D] [--limit N] [--socket P]`, the call scripts make most,
/// answered without argument-parser, whose reflection over the command types is a third of a
/// short process's time (bench/results: the CLI against `remind -s+1`). Anything else, including
/// every mistake, goes through the full parser and its messages.
enum FastUpcoming {
    static func run(_ args: [String]) -> Bool {
        guard args.first == "upcoming" else { return false }
        var json = false
        var socket: String?
        var within: String?
        var limit: Int?
        var i = 1
        while i < args.count {
            let a = args[i]
            if a == "--json" { json = true }
            else if a.hasPrefix("--socket=") { socket = String(a.dropFirst("--socket=".count)) }
            else if i + 1 < args.count, a == "--socket" { socket = args[i + 1]; i += 1 }
            else if i + 1 < args.count, a == "--within" { within = args[i + 1]; i += 1 }
            else if i + 1 < args.count, a == "--limit", let n = Int(args[i + 1]), n >= 1 { limit = n; i += 1 }
            else { return false }
            i += 1
        }
        guard json else { return false }
        var iso: String?
        if let within {
            guard let seconds = DurationText.parse(within) else { return false }
            iso = DurationText.iso(seconds: seconds)
        }
        do {
            try runReporting {
                let request = Upcoming.Request(now: nil, within: iso, limit: limit, countries: [], people: [], statuses: [])
                let reply = try DaemonConnection(socket: socket).call("Upcoming", request)
                if let raw = reply.rawParameters { return JSONOutput.write(raw) }
                try JSONOutput.print(try reply.decode(EventsReply.self))
            }
        } catch let code as ExitCode {
            exit(code.rawValue)
        } catch {
            Output.error("diplomatctl: \(error)")
            exit(1)
        }
        return true
    }
}

/// What diplomatctl reports when it cannot do what was asked.
enum CLIError: Error, CustomStringConvertible {
    case unavailable(String)
    case refused(String)
    case badReply(String)

    var description: String {
        switch self {
        case .unavailable(let s), .refused(let s), .badReply(let s): return s
        }
    }

    var exitCode: ExitCode {
        switch self {
        case .unavailable: return ExitCode(69)
        case .refused, .badReply: return .failure
        }
    }

    static func explain(_ e: VarlinkError) -> String {
        let reason = e.parameters["reason"]?.stringValue
        switch e.name {
        case "org.diplomatd.Timeline.NoSuchEvent":
            return "no event with id '\(e.parameters["id"]?.stringValue ?? "?")' (diplomatctl timeline lists the ids)"
        case "org.diplomatd.Timeline.NoSuchReminder":
            return "no reminder with id '\(e.parameters["id"]?.stringValue ?? "?")' (diplomatctl reminders lists them)"
        case "org.diplomatd.Timeline.EventExists":
            return "an event with id '\(e.parameters["id"]?.stringValue ?? "?")' already exists"
        case "org.varlink.service.InvalidParameter":
            let p = e.parameters["parameter"]?.stringValue ?? "?"
            return "invalid \(p)" + (reason.map { ": \($0)" } ?? "")
        case "org.varlink.service.PermissionDenied":
            return "permission denied: changing the timeline needs root, the daemon's user or the admin group"
        case "org.diplomatd.Timeline.StorageFailure":
            return "the daemon could not store the change: \(reason ?? "unknown reason")"
        default:
            return "the daemon answered \(e)"
        }
    }
}

/// Runs a command body and maps failures to a message on stderr and an exit status.
func runReporting(_ body: () throws -> Void) throws {
    do {
        try body()
    } catch let error as CLIError {
        Output.error("diplomatctl: " + error.description)
        throw error.exitCode
    } catch let error as DecodingError {
        Output.error("diplomatctl: the daemon's reply could not be read (\(error)); are diplomatd and diplomatctl the same version?")
        throw ExitCode.failure
    }
}

/// Output that survives a reader going away (`diplomatctl timeline | head`): a closed pipe
/// ends the program quietly instead of trapping, as FileHandle.write would.
enum Output {
    static func write(_ data: Data, to fd: Int32 = STDOUT_FILENO) {
        let ok = data.withUnsafeBytes { raw -> Bool in
            var offset = 0
            while offset < raw.count {
                let n = Glibc.write(fd, raw.baseAddress! + offset, raw.count - offset)
                if n < 0 { if errno == EINTR { continue }; return false }
                offset += n
            }
            return true
        }
        if !ok && errno == EPIPE { exit(0) }
    }

    static func line(_ text: String) { write(Data((text + "\n").utf8)) }
    static func error(_ text: String) { write(Data((text + "\n").utf8), to: STDERR_FILENO) }
    static func writeError(_ text: String) { write(Data(text.utf8), to: STDERR_FILENO) }
}

/// JSON output for scripts: pretty, stable, slashes unescaped.
enum JSONOutput {
    /// JSON already encoded (compact), ended by a newline.
    static func write(_ json: Data) {
        var data = json
        data.append(0x0A)
        Output.write(data)
    }

    static func print<T: Encodable>(_ value: T, compact: Bool = false) throws {
        let e = JSONEncoder()
        e.outputFormatting = compact ? [.sortedKeys, .withoutEscapingSlashes] : [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        var data = try e.encode(value)
        data.append(0x0A)
        Output.write(data)
    }
}
