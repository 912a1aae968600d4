import ArgumentParser
import DiplomatCore
import DiplomatServer
import DiplomatStore
import Foundation
import Logging
import ServiceLifecycle
import Varlink
import VarlinkNIO

@main
struct Diplomatd: AsyncParsableCommand {
    static let version = "0.1.0"

    static let configuration = CommandConfiguration(
        commandName: "diplomatd",
        abstract: "Keep a timeline of diplomatic meetings and serve it over a Varlink socket.",
        discussion: """
            diplomatd keeps its timeline in SQLite under the state directory, loads the seed
            documents into an empty store on first start, and answers diplomatctl and other
            Varlink clients on a Unix socket. Under systemd the defaults come from
            $RUNTIME_DIRECTORY and $STATE_DIRECTORY, and a socket passed by socket activation
            (LISTEN_FDS, fd name "varlink") is used instead of binding one.

            Replay: --now 2021-04-01T18:00:00+09:00 runs the clock from that instant (at
            --speed times real time) to show the timeline as it stood then.
            """,
        version: version)

    @Option(help: ArgumentHelp("Unix socket to listen on.", valueName: "path"))
    var socket: String?

    @Option(name: .customLong("state-dir"), help: ArgumentHelp("Directory for the database (default: $STATE_DIRECTORY or /var/lib/diplomatd).", valueName: "dir"))
    var stateDirectory: String?

    @Option(help: ArgumentHelp("Directory of seed documents loaded into an empty store (default: /usr/share/diplomatd/seeds).", valueName: "dir"))
    var seeds: String?

    @Option(help: ArgumentHelp("Configuration file (key = value lines; see deploy/diplomatd.conf).", valueName: "file"))
    var config: String?

    @Option(help: ArgumentHelp("Run a replay clock from this ISO 8601 instant instead of the live clock.", valueName: "time"))
    var now: String?

    @Option(help: ArgumentHelp("Speed of the replay clock relative to real time.", valueName: "x"))
    var speed: Double = 1

    @Option(name: .customLong("max-message-size"), help: ArgumentHelp("Largest Varlink message accepted, in bytes (default 1048576).", valueName: "bytes"))
    var maxMessageSize: Int?

    @Option(name: .customLong("log-level"), help: ArgumentHelp("trace, debug, info, notice, warning, error or critical.", valueName: "level"))
    var logLevel: String?

    func validate() throws {
        if speed <= 0 || !speed.isFinite { throw ValidationError("--speed must be a positive number") }
        if let now, ISO8601.parse(now) == nil {
            throw ValidationError("--now '\(now)' is not an ISO 8601 time with offset, such as 2021-04-01T18:00:00+09:00")
        }
        if let m = maxMessageSize, m < 1024 || m > 1 << 30 { throw ValidationError("--max-message-size must be between 1024 and 1073741824") }
        if let l = logLevel, !DaemonConfiguration.logLevels.contains(l) {
            throw ValidationError("--log-level must be one of \(DaemonConfiguration.logLevels.joined(separator: ", "))")
        }
    }

    func run() async throws {
        let env = ProcessInfo.processInfo.environment
        var settings = DaemonConfiguration()
        if let config {
            guard let data = FileManager.default.contents(atPath: config) else {
                throw Failure("cannot read the configuration file \(config): it does not exist or is not readable")
            }
            do { settings = try DaemonConfiguration.parse(String(decoding: data, as: UTF8.self)) } catch {
                throw Failure("invalid configuration file \(config): \(error)")
            }
        }
        let level = Logger.Level(rawValue: logLevel ?? settings.logLevel) ?? .info
        LoggingSystem.bootstrap { label in
            var h = StreamLogHandler.standardError(label: label)
            h.logLevel = level
            return h
        }
        let logger = Logger(label: "diplomatd")

        let stateDir = stateDirectory ?? settings.stateDirectory ?? env["STATE_DIRECTORY"]?.split(separator: ":").first.map(String.init) ?? "/var/lib/diplomatd"
        let runtimeDir = env["RUNTIME_DIRECTORY"]?.split(separator: ":").first.map(String.init)
        let socketPath = socket ?? settings.socket ?? runtimeDir.map { $0 + "/diplomatd.sock" } ?? "/run/diplomatd/diplomatd.sock"
        let seedsDir = seeds ?? settings.seedsDirectory ?? "/usr/share/diplomatd/seeds"
        let clock: any WallClock = now.flatMap { ISO8601.parse($0) }.map { ReplayWallClock(start: $0, speed: speed) } ?? SystemWallClock()

        do {
            try FileManager.default.createDirectory(atPath: stateDir, withIntermediateDirectories: true)
        } catch {
            throw Failure("cannot create the state directory \(stateDir): \((error as NSError).localizedDescription)")
        }
        let dbPath = stateDir + "/timeline.sqlite"
        let store: TimelineStore
        do { store = try TimelineStore.open(path: dbPath) } catch { throw Failure("\(error)") }

        // Seeds go into a store that has never had them, once; a later start leaves them be.
        do {
            let seedSet = try SeedDirectory.load(seedsDir)
            if try await store.loadSeedsIfNeverSeeded(documents: seedSet.documents, events: seedSet.events, at: clock.now) {
                logger.notice("loaded seed timeline", metadata: ["documents": "\(seedSet.documents.count)", "events": "\(seedSet.events.count)", "seeds": "\(seedsDir)"])
            }
        } catch let error as SeedDirectory.LoadError {
            if case .unreadable = error, (try? await store.eventCount()) ?? 0 > 0 {
                logger.warning("seeds not available; serving the existing timeline", metadata: ["error": "\(error)"])
            } else {
                throw Failure("\(error)")
            }
        }

        let inherited = SocketActivation.inheritedSocket(environment: env, pid: getpid())
        let address: VarlinkListenAddress = inherited.map { .inherited(fd: $0, path: socket ?? settings.socket ?? runtimeDir.map { $0 + "/diplomatd.sock" }) } ?? .path(socketPath)
        let feed = ChangeFeed()
        let timeline = try await TimelineInterface(
            store: store, clock: clock, feed: feed,
            facts: DaemonFacts(version: Self.version, databasePath: dbPath, socketPath: address.description), logger: logger)
        let dispatcher = VarlinkDispatcher(
            info: VarlinkServiceInfo(vendor: "diplomatd", product: "diplomatd", version: Self.version, url: "https://github.com/diplomatd/diplomatd"),
            interfaces: [timeline])
        let server = VarlinkSocketServer(
            address: address, dispatcher: dispatcher, maxMessageSize: maxMessageSize ?? settings.maxMessageSize, logger: logger,
            onListening: {
                logger.notice("diplomatd ready", metadata: [
                    "socket": "\(address)", "database": "\(dbPath)", "clock": "\(clock.mode.rawValue)",
                    "now": "\(ISO8601.format(clock.now, in: .current))",
                ])
            })
        let group = ServiceGroup(configuration: .init(
            services: [.init(service: server), .init(service: FeedCloser(feed: feed, clock: clock))],
            gracefulShutdownSignals: [.sigterm, .sigint],
            logger: logger))
        do {
            try await group.run()
        } catch let error as VarlinkServerError {
            throw Failure("\(error)")
        }
        logger.notice("diplomatd stopped")
    }
}

/// Ends every `Watch` stream with a last "shutdown" message when the daemon stops.
struct FeedCloser: Service {
    let feed: ChangeFeed
    let clock: any WallClock

    func run() async throws {
        try? await gracefulShutdown()
        feed.finishAll(with: TimelineNotification(type: "shutdown", now: ISO8601.format(clock.now, in: .current)))
    }
}

/// A startup failure: printed as one line, exit status 1.
struct Failure: Error, CustomStringConvertible {
    var description: String
    init(_ d: String) { description = d }
}
