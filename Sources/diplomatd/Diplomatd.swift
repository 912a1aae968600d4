import ArgumentParser
import DiplomatCore
import DiplomatServer
import DiplomatStore
import Foundation
import Logging
import ServiceLifecycle
import Systemd
import Varlink
import VarlinkNIO

@main
struct Diplomatd: AsyncParsableCommand {
    static let version = "0.2.0"

    static let configuration = CommandConfiguration(
        commandName: "diplomatd",
        abstract: "Keep a timeline of diplomatic meetings and serve it over a Varlink socket.",
        discussion: """
            diplomatd keeps its timeline in SQLite under the state directory, loads the seed
            documents it has not seen into the store (on first start, and on reload), and
            answers diplomatctl and other Varlink clients on a Unix socket.

            Under systemd: defaults come from $RUNTIME_DIRECTORY and $STATE_DIRECTORY; a socket
            passed by socket activation (fd name "varlink") is used instead of binding one;
            readiness, status and watchdog pings go to $NOTIFY_SOCKET; SIGHUP (systemctl reload)
            re-reads the configuration and the seeds directory; logs are native journal entries
            when stderr is the journal.

            Replay: --now 2021-04-01T18:00:00+09:00 runs the clock from that instant (at
            --speed times real time) to show the timeline as it stood then.
            """,
        version: version)

    @Option(help: ArgumentHelp("Unix socket to listen on.", valueName: "path"))
    var socket: String?

    @Option(name: .customLong("state-dir"), help: ArgumentHelp("Directory for the database (default: $STATE_DIRECTORY or /var/lib/diplomatd).", valueName: "dir"))
    var stateDirectory: String?

    @Option(help: ArgumentHelp("Directory of seed documents (default: /usr/share/diplomatd/seeds).", valueName: "dir"))
    var seeds: String?

    @Option(help: ArgumentHelp("Configuration file (key = value lines; see diplomatd.conf).", valueName: "file"))
    var config: String?

    @Option(help: ArgumentHelp("Run a replay clock from this ISO 8601 instant instead of the live clock.", valueName: "time"))
    var now: String?

    @Option(help: ArgumentHelp("Speed of the replay clock relative to real time.", valueName: "x"))
    var speed: Double = 1

    @Option(name: .customLong("max-message-size"), help: ArgumentHelp("Largest Varlink message accepted, in bytes (default 1048576).", valueName: "bytes"))
    var maxMessageSize: Int?

    @Option(name: .customLong("idle-timeout"), help: ArgumentHelp("Close connections idle (no call in progress, nothing sent, or replies unread) this long: seconds or an ISO 8601 duration (default 60).", valueName: "duration"))
    var idleTimeout: String?

    @Option(name: .customLong("max-connections"), help: ArgumentHelp("Connections served at once; more clients wait to be accepted (default 4096).", valueName: "n"))
    var maxConnections: Int?

    @Option(name: .customLong("max-unsent-bytes"), help: ArgumentHelp("Bytes of replies waiting for clients to read them, over all connections; past it the connection whose reply has waited longest (over 1 s) is closed (default 134217728).", valueName: "bytes"))
    var maxUnsentBytes: Int?

    @Option(name: .customLong("log-level"), help: ArgumentHelp("trace, debug, info, notice, warning, error or critical.", valueName: "level"))
    var logLevel: String?

    @Option(name: .customLong("log-target"), help: ArgumentHelp("journal, console, or auto (the journal when stderr is connected to it).", valueName: "target"))
    var logTarget: String = "auto"

    func validate() throws {
        if speed <= 0 || !speed.isFinite { throw ValidationError("--speed must be a positive number") }
        if let now, ISO8601.parse(now) == nil {
            throw ValidationError("--now '\(now)' is not an ISO 8601 time with offset, such as 2021-04-01T18:00:00+09:00")
        }
        if let m = maxMessageSize, m < 1024 || m > 1 << 30 { throw ValidationError("--max-message-size must be between 1024 and 1073741824") }
        if let t = idleTimeout, Self.seconds(t).map({ $0 < 1 || $0 > 86_400 }) ?? true {
            throw ValidationError("--idle-timeout '\(t)' must be between 1 second and 1 day: seconds such as 60, or an ISO 8601 duration such as PT60S")
        }
        if let m = maxConnections, m < 1 || m > 60_000 { throw ValidationError("--max-connections must be between 1 and 60000") }
        if let m = maxUnsentBytes, m < 1 << 20 || m > 1 << 40 { throw ValidationError("--max-unsent-bytes must be between 1048576 and 1099511627776") }
        if let l = logLevel, !DaemonConfiguration.logLevels.contains(l) {
            throw ValidationError("--log-level must be one of \(DaemonConfiguration.logLevels.joined(separator: ", "))")
        }
        if logTarget != "auto" && LogTarget(rawValue: logTarget) == nil { throw ValidationError("--log-target must be journal, console or auto") }
    }

    /// The configuration file merged with the command line (which wins).
    func loadSettings() throws -> DaemonConfiguration {
        var settings = DaemonConfiguration()
        if let config { settings = try ConfigurationFile.read(config) }
        if let socket { settings.socket = socket }
        if let stateDirectory { settings.stateDirectory = stateDirectory }
        if let seeds { settings.seedsDirectory = seeds }
        if let maxMessageSize { settings.maxMessageSize = maxMessageSize }
        if let logLevel { settings.logLevel = logLevel }
        if let maxConnections { settings.maxConnections = maxConnections }
        if let maxUnsentBytes { settings.maxUnsentBytes = maxUnsentBytes }
        if let t = idleTimeout.flatMap(Self.seconds) { settings.idleTimeout = t }
        return settings
    }

    /// "60" or "PT60S".
    static func seconds(_ text: String) -> TimeInterval? { Double(text).flatMap { $0.isFinite ? $0 : nil } ?? DurationText.parse(text) }

    func run() async throws {
        // A closed log pipe (diplomatd | head) must not kill the daemon; writes just fail.
        signal(SIGPIPE, SIG_IGN)
        // systemd gives services a soft limit of 1024 descriptors (hard 524288); a daemon serving
        // a thousand clients needs more, and uses no select(2) that would break above 1024.
        var files = rlimit()
        if getrlimit(__rlimit_resource_t(RLIMIT_NOFILE.rawValue), &files) == 0, files.rlim_cur < files.rlim_max {
            files.rlim_cur = min(files.rlim_max, 65_536)
            _ = setrlimit(__rlimit_resource_t(RLIMIT_NOFILE.rawValue), &files)
        }
        let env = ProcessInfo.processInfo.environment
        let settings = try loadSettings()
        let levels = LogLevelControl(Logger.Level(rawValue: settings.logLevel) ?? .info)
        let target = LogTarget(rawValue: logTarget) ?? LogTarget.automatic()
        LoggingSystem.bootstrap { _ in
            target == .journal ? JournalLogHandler(identifier: "diplomatd", level: levels) as any LogHandler : ConsoleLogHandler(level: levels)
        }
        let logger = Logger(label: "diplomatd")
        let notifier = SystemdNotifier()

        let stateDir = settings.stateDirectory ?? env["STATE_DIRECTORY"]?.split(separator: ":").first.map(String.init) ?? "/var/lib/diplomatd"
        let runtimeDir = env["RUNTIME_DIRECTORY"]?.split(separator: ":").first.map(String.init)
        let socketPath = settings.socket ?? runtimeDir.map { $0 + "/diplomatd.sock" } ?? "/run/diplomatd/diplomatd.sock"
        let seedsDir = settings.seedsDirectory ?? "/usr/share/diplomatd/seeds"
        let clock: any WallClock = now.flatMap { ISO8601.parse($0) }.map { ReplayWallClock(start: $0, speed: speed) } ?? SystemWallClock()

        do {
            try FileManager.default.createDirectory(atPath: stateDir, withIntermediateDirectories: true)
        } catch {
            throw Failure("cannot create the state directory \(stateDir): \((error as NSError).localizedDescription)")
        }
        let dbPath = stateDir + "/timeline.sqlite"
        let store: TimelineStore
        do { store = try TimelineStore.open(path: dbPath) } catch { throw Failure("\(error)") }
        // A read-only state directory (a read-only mount, a full recovery image): serve what is
        // there and say clearly that changes will be refused.
        var fs = statvfs()
        if statvfs(stateDir, &fs) == 0, fs.f_flag & UInt(ST_RDONLY) != 0 {
            logger.warning("the state directory \(stateDir) is on a read-only file system: serving the timeline read-only; changes and reminder firings will be refused until it is writable")
        }

        // Adopt a socket passed by systemd, else bind our own.
        let inherited = ListenFDs.take()
        let address: VarlinkListenAddress
        if let passed = inherited.first(where: { $0.name == "varlink" }) ?? inherited.first {
            address = .inherited(fd: passed.fd, path: settings.socket ?? runtimeDir.map { $0 + "/diplomatd.sock" })
        } else {
            address = .path(socketPath)
        }

        let runtime = RuntimeSettings(settings)
        if let group = settings.adminGroup, runtime.authorization.adminGID == nil {
            logger.warning("admin group '\(group)' does not exist; only root and the daemon's user may change the timeline")
        }
        let feed = ChangeFeed()
        let timeline = try await TimelineInterface(
            store: store, clock: clock, feed: feed,
            facts: DaemonFacts(version: Self.version, databasePath: dbPath, socketPath: address.description),
            settings: runtime, logger: logger)

        // Reminders planned with another policy (or before reminders existed) are planned anew.
        do {
            if let n = try await store.replanIfPolicyChanged(settings.reminderPolicy, now: clock.now), n > 0 {
                logger.info("planned the reminders of \(n) events with the current policy")
            }
        } catch {
            throw Failure("cannot plan reminders in \(dbPath): \(error)")
        }

        // Seeds the store has not seen yet (all of them on first start).
        do {
            let seedSet = try SeedDirectory.load(seedsDir)
            let added = try await timeline.ingestSeeds(seedSet)
            if !added.isEmpty { logger.info("read \(added.count) seed documents: \(added.reduce(0) { $0 + $1.added.count }) events") }
        } catch let error as SeedDirectory.LoadError {
            if case .unreadable = error, (try? await store.eventCount()) ?? 0 > 0 {
                logger.warning("seeds not available; serving the existing timeline", metadata: ["error": "\(error)"])
            } else {
                throw Failure("\(error)")
            }
        } catch let error as StoreError {
            throw Failure("cannot load the seeds from \(seedsDir): \(error)")
        }

        let scheduler = ReminderScheduler(
            store: store, clock: clock, feed: feed, logger: logger, settings: { runtime.configuration.reminderSettings },
            onChange: { if let line = try? await timeline.statusLine() { notifier.status(line) } })
        timeline.attach(scheduler)

        let dispatcher = VarlinkDispatcher(
            info: VarlinkServiceInfo(vendor: "diplomatd", product: "diplomatd", version: Self.version, url: "https://github.com/diplomatd/diplomatd"),
            interfaces: [timeline])
        let server = VarlinkSocketServer(
            address: address, dispatcher: dispatcher, maxMessageSize: { runtime.configuration.maxMessageSize },
            idleTimeout: { runtime.configuration.idleTimeout },
            maxConnections: { runtime.configuration.maxConnections }, maxUnsentBytes: { runtime.configuration.maxUnsentBytes }, logger: logger,
            onListening: {
                // READY=1 only now: store open, seeds loaded, socket accepting.
                let status = (try? await timeline.statusLine()) ?? "Ready"
                notifier.ready(status: status)
                logger.notice("diplomatd \(Self.version) ready: \(status)", metadata: [
                    "message_id": "\(JournalMessage.started)", "diplomat_socket": "\(address)", "diplomat_database": "\(dbPath)",
                    "diplomat_clock": "\(clock.mode.rawValue)", "diplomat_now": "\(ISO8601.format(clock.now, in: .current))",
                ])
            })
        let reloader = DaemonReloader(configPath: config, commandLine: self, seedsDirectory: seedsDir, runtime: runtime,
                                      levels: levels, timeline: timeline, scheduler: scheduler, notifier: notifier, logger: logger)
        var services: [ServiceGroupConfiguration.ServiceConfiguration] = [
            .init(service: server),
            .init(service: scheduler),
            .init(service: StatusReporter(timeline: timeline, notifier: notifier)),
            .init(service: ReloadService(reload: { await reloader.reload() })),
        ]
        if let interval = ServiceNotifier.watchdogInterval() {
            services.append(.init(service: WatchdogService(
                interval: interval, notifier: notifier,
                probes: [{ try await store.ping() }, { try await VarlinkSocketServer.probeEventLoops() }], logger: logger)))
        }
        services.append(.init(service: ShutdownAnnouncer(feed: feed, clock: clock, notifier: notifier, logger: logger)))
        let group = ServiceGroup(configuration: .init(services: services, gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
        do {
            try await group.run()
        } catch let error as VarlinkServerError {
            throw Failure("\(error)")
        }
        logger.notice("diplomatd stopped")
    }
}

/// sd_notify behind the server's notifier protocol.
struct SystemdNotifier: ServiceManagerNotifier {
    let notifier = ServiceNotifier()
    func ready(status: String) { notifier.ready(status: status) }
    func status(_ text: String) { notifier.status(text) }
    func watchdog() { notifier.watchdog() }
    func reloading(status: String) { notifier.reloading(status: status) }
    func stopping(status: String) { notifier.stopping(status: status) }
}

/// Reading the configuration file, with errors that say which file and line.
enum ConfigurationFile {
    static func read(_ path: String) throws -> DaemonConfiguration {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw Failure("cannot read the configuration file \(path): it does not exist or is not readable")
        }
        do { return try DaemonConfiguration.parse(String(decoding: data, as: UTF8.self)) } catch {
            throw Failure("invalid configuration file \(path): \(error)")
        }
    }
}

/// What SIGHUP does: re-read the configuration (refusing an invalid one, keeping the old) and
/// ingest seed documents that appeared since.
struct DaemonReloader: Sendable {
    let configPath: String?
    let commandLine: Diplomatd
    let seedsDirectory: String
    let runtime: RuntimeSettings
    let levels: LogLevelControl
    let timeline: TimelineInterface
    let scheduler: ReminderScheduler
    let notifier: any ServiceManagerNotifier
    let logger: Logger

    func reload() async {
        notifier.reloading(status: "Reloading configuration and seeds")
        // The configuration and the seeds are independent: a bad configuration file does not
        // stop new documents from being picked up, and the other way round.
        do {
            let fresh = try commandLine.loadSettings()
            let old = runtime.configuration
            for (key, changed) in [("socket", fresh.socket != old.socket), ("state-dir", fresh.stateDirectory != old.stateDirectory)] where changed {
                logger.warning("\(key) changed in the configuration; it takes effect at the next restart")
            }
            runtime.replace(with: fresh)
            levels.current = Logger.Level(rawValue: fresh.logLevel) ?? .info
            if let n = try await timeline.store.replanIfPolicyChanged(fresh.reminderPolicy, now: timeline.clock.now) {
                logger.notice("reminder policy changed: re-planned the reminders of \(n) events")
            }
        } catch {
            logger.error("configuration refused, the previous one stays in force: \(error)", metadata: [
                "message_id": "\(JournalMessage.reloadFailed)", "diplomat_config": "\(configPath ?? "none")",
            ])
        }
        do {
            let seeds = try SeedDirectory.load(seedsDirectory)
            let added = try await timeline.ingestSeeds(seeds)
            logger.notice("reloaded: \(added.count) new documents", metadata: [
                "message_id": "\(JournalMessage.reloaded)", "diplomat_documents_added": "\(added.count)",
                "diplomat_config": "\(configPath ?? "none")",
            ])
        } catch {
            logger.error("new documents in \(seedsDirectory) were not loaded: \(error)", metadata: [
                "message_id": "\(JournalMessage.reloadFailed)", "diplomat_seeds": "\(seedsDirectory)",
            ])
        }
        scheduler.rearm()
        notifier.ready(status: (try? await timeline.statusLine()) ?? "Ready")
    }
}

/// A startup failure: printed as one line, exit status 1.
struct Failure: Error, CustomStringConvertible {
    var description: String
    init(_ d: String) { description = d }
}
