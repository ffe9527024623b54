// swift-tools-version: 6.1
import PackageDescription

let package = Package(
    name: "swarmtop",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "swarmtop", targets: ["swarmtop"]),
        .library(name: "SwarmModel", targets: ["SwarmModel"]),
        .library(name: "SwarmEngine", targets: ["SwarmEngine"]),
        .library(name: "SwarmScenario", targets: ["SwarmScenario"]),
        .library(name: "SwarmFormat", targets: ["SwarmFormat"]),
        .library(name: "Dashboard", targets: ["Dashboard"]),
        .library(name: "TerminalUI", targets: ["TerminalUI"]),
        .library(name: "SwarmTheme", targets: ["SwarmTheme"]),
        .library(name: "SwarmRecording", targets: ["SwarmRecording"]),
        .library(name: "SwarmReplay", targets: ["SwarmReplay"]),
        // For the benchmarks: the app's loop, its recorder and simulated sessions.
        .library(name: "SwarmtopApp", targets: ["SwarmtopApp"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-collections", from: "1.6.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/x-sheep/swift-property-based", from: "2.0.1"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.81.0"),
        .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.29.0"),
    ],
    targets: [
        // Value types in the Docker Engine API v1.41 shape. Depends on nothing.
        .target(name: "SwarmModel"),
        // The embedded, deterministic orchestrator.
        .target(
            name: "SwarmEngine",
            dependencies: [
                "SwarmModel",
                .product(name: "HeapModule", package: "swift-collections"),
            ]
        ),
        // Scenario files (YAML) → engine set-up and timeline.
        .target(
            name: "SwarmScenario",
            dependencies: ["SwarmModel", "SwarmEngine", "YAMLSupport", .product(name: "Yams", package: "Yams")]
        ),
        // docker-CLI-style text: `node ls`, `service ls`, `service ps`, durations.
        .target(name: "SwarmFormat", dependencies: ["SwarmModel"]),
        // The terminal-free dashboard: state, pure reducer, pure render to a cell grid.
        .target(name: "Dashboard", dependencies: ["SwarmModel", "SwarmFormat"]),
        // Recordings: the JSON Lines format, a crash-safe writer and a checking, streaming reader.
        .target(name: "SwarmRecording", dependencies: ["SwarmModel", "Dashboard", "CShims"]),
        .systemLibrary(name: "CShims"),
        // Replays without a terminal: a recording played into the dashboard, summaries, the
        // determinism check against the engine, asciicast export.
        .target(
            name: "SwarmReplay",
            dependencies: ["SwarmModel", "SwarmEngine", "SwarmScenario", "Dashboard", "SwarmRecording", "TerminalUI"]
        ),
        // libncursesw, with shims for the macros and globals Swift cannot import.
        .systemLibrary(name: "CNcurses", pkgConfig: "ncursesw", providers: [.apt(["libncurses-dev"])]),
        // Terminal backends: ncurses (one thread owns it) and an in-memory grid.
        .target(name: "TerminalUI", dependencies: ["Dashboard", "CNcurses"]),
        // Theme files (YAML) → `Theme`s, with inheritance and file:line errors; the themes/ folder.
        .target(name: "SwarmTheme", dependencies: ["Dashboard", "YAMLSupport", .product(name: "Yams", package: "Yams")]),
        // What the YAML readers (scenarios, stacks, themes) share: suggestions, line finding.
        .target(name: "YAMLSupport", dependencies: [.product(name: "Yams", package: "Yams")]),
        // The Docker backend: the Engine API over a unix socket or tcp, into SwarmModel values.
        .target(
            name: "DockerSource",
            dependencies: [
                "SwarmModel",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // The app: wires a source (engine, later Docker or a recording) to the dashboard and a terminal.
        .target(
            name: "SwarmtopApp",
            dependencies: [
                "SwarmModel", "SwarmEngine", "SwarmScenario", "Dashboard", "TerminalUI", "SwarmTheme", "YAMLSupport", "SwarmRecording",
                "DockerSource",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Yams", package: "Yams"),
            ]
        ),
        .executableTarget(
            name: "swarmtop",
            dependencies: [
                "SwarmModel", "SwarmEngine", "SwarmScenario", "SwarmFormat", "Dashboard", "TerminalUI", "SwarmTheme", "SwarmtopApp", "SwarmRecording", "SwarmReplay",
                "DockerSource",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // What test targets share (test targets cannot depend on each other): child processes
        // started as a shell would, run off Swift's cooperative pool, lab swarms of a test's own,
        // a seeded random generator, temporary paths.
        .target(name: "TestSupport", path: "Tests/TestSupport"),
        .testTarget(name: "SwarmModelTests", dependencies: ["SwarmModel"]),
        .testTarget(name: "SwarmRecordingTests", dependencies: ["SwarmRecording", "SwarmModel", "Dashboard", "SwarmEngine", "SwarmScenario", "TestSupport"]),
        .testTarget(name: "SwarmReplayTests", dependencies: ["SwarmReplay", "SwarmRecording", "SwarmModel", "Dashboard", "SwarmEngine", "SwarmScenario", "TerminalUI", "TestSupport"]),
        .testTarget(name: "DockerSourceTests", dependencies: ["DockerSource", "SwarmModel", "SwarmtopApp", "Dashboard", "TerminalUI", "swarmtop", "TestSupport"], resources: [.copy("Fixtures")]),
        .testTarget(
            name: "SwarmEngineTests",
            dependencies: [
                "SwarmModel", "SwarmEngine",
                .product(name: "PropertyBased", package: "swift-property-based"),
            ]
        ),
        .testTarget(
            name: "SwarmScenarioTests",
            dependencies: ["SwarmModel", "SwarmEngine", "SwarmScenario", "YAMLSupport", "TestSupport"],
            resources: [.copy("Fixtures")]
        ),
        .testTarget(name: "SwarmtopCLITests", dependencies: ["swarmtop", "TestSupport"]),
        .testTarget(
            name: "DashboardTests", dependencies: ["Dashboard", "SwarmModel", "SwarmEngine", "SwarmScenario", "TerminalUI", "SwarmTheme", "TestSupport"],
            resources: [.copy("Golden")]),
        .testTarget(name: "SwarmThemeTests", dependencies: ["SwarmTheme", "Dashboard", "TerminalUI", "YAMLSupport"]),
        .testTarget(name: "TerminalUITests", dependencies: ["TerminalUI", "Dashboard", "TestSupport"]),
        .testTarget(name: "SwarmtopAppTests", dependencies: ["SwarmtopApp", "Dashboard", "TerminalUI", "SwarmEngine", "SwarmModel", "SwarmTheme", "SwarmRecording", "TestSupport"]),
        .testTarget(
            name: "SwarmFormatTests",
            dependencies: ["SwarmModel", "SwarmFormat", "SwarmEngine", "SwarmScenario"]
        ),
    ],
    swiftLanguageModes: [.v6]
)
