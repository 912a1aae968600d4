// swift-tools-version:6.1
import PackageDescription

let strict: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
]

let package = Package(
    name: "diplomatd",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "diplomatd", targets: ["diplomatd"]),
        .executable(name: "diplomatctl", targets: ["diplomatctl"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/HdrHistogram/hdrhistogram-swift", from: "0.2.0"),
    ],
    targets: [
        // libsystemd (Debian: libsystemd-dev), imported through a small module map. Only the
        // Systemd module imports it, so everything else builds and tests without it.
        .systemLibrary(name: "CSystemd", pkgConfig: "libsystemd", providers: [.apt(["libsystemd-dev"])]),
        // sd_notify, socket activation and the journal log handler.
        .target(
            name: "Systemd",
            dependencies: ["CSystemd", .product(name: "Logging", package: "swift-log")],
            swiftSettings: strict),
        // The domain: pure values and rules, no I/O; time is always a parameter.
        .target(name: "DiplomatCore", swiftSettings: strict),
        // News text to temporal expressions and meetings: pure, no I/O.
        .target(name: "DiplomatExtract", dependencies: ["DiplomatCore"], swiftSettings: strict),
        // SQLite through GRDB: migrations, events, documents, revisions.
        .target(
            name: "DiplomatStore",
            dependencies: ["DiplomatCore", .product(name: "GRDB", package: "GRDB.swift")],
            swiftSettings: strict),
        // The Varlink protocol itself: messages, NUL framing, errors, a blocking client.
        .target(name: "Varlink", swiftSettings: strict),
        // Varlink over SwiftNIO: the channel handlers and the socket server.
        .target(
            name: "VarlinkNIO",
            dependencies: [
                "Varlink",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: strict),
        // The daemon's Varlink interface, notifications and lifecycle services.
        .target(
            name: "DiplomatServer",
            dependencies: [
                "DiplomatCore", "DiplomatExtract", "DiplomatStore", "Varlink", "VarlinkNIO",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
            ],
            swiftSettings: strict),
        .executableTarget(
            name: "diplomatd",
            dependencies: [
                "DiplomatServer", "DiplomatCore", "DiplomatStore", "Systemd",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: strict),
        .executableTarget(
            name: "diplomatctl",
            dependencies: [
                "DiplomatCore", "DiplomatExtract", "Varlink",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: strict),
        // Benchmark driver for `make bench` (release builds only).
        .executableTarget(
            name: "diplomat-bench",
            dependencies: [
                "DiplomatCore", "DiplomatExtract", "DiplomatStore", "DiplomatServer", "Varlink",
                .product(name: "Histogram", package: "hdrhistogram-swift"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            path: "bench/Sources/diplomat-bench",
            swiftSettings: strict),
        .testTarget(name: "DiplomatCoreTests", dependencies: ["DiplomatCore"]),
        .testTarget(name: "DiplomatExtractTests", dependencies: ["DiplomatExtract", "DiplomatCore"]),
        .testTarget(name: "DiplomatStoreTests", dependencies: ["DiplomatStore", "DiplomatCore"]),
        .testTarget(name: "DiplomatServerTests", dependencies: ["DiplomatServer", "DiplomatStore", "DiplomatCore", .product(name: "Logging", package: "swift-log")]),
        .testTarget(name: "SystemdTests", dependencies: ["Systemd", .product(name: "Logging", package: "swift-log")]),
        .testTarget(name: "VarlinkTests", dependencies: ["Varlink", "VarlinkNIO", .product(name: "NIOCore", package: "swift-nio"), .product(name: "NIOEmbedded", package: "swift-nio")]),
    ]
)
