// swift-tools-version: 6.1
// Benchmarks for swarmtop, kept in their own package so that `swift test` at the root never
// builds the benchmark tooling. Run from this folder: `swift package benchmark`.
import PackageDescription

let package = Package(
    name: "swarmtop-benchmarks",
    platforms: [.macOS(.v14)],
    dependencies: [
        .package(name: "swarmtop", path: ".."),
        .package(url: "https://github.com/ordo-one/benchmark", from: "1.38.1", traits: ["MallocInterposer"]),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
    ],
    targets: [
        .executableTarget(
            name: "EngineBenchmarks",
            dependencies: [
                .product(name: "Benchmark", package: "benchmark"),
                .product(name: "SwarmEngine", package: "swarmtop"),
                .product(name: "SwarmModel", package: "swarmtop"),
            ],
            path: "Benchmarks/EngineBenchmarks",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
        .executableTarget(
            name: "DashboardBenchmarks",
            dependencies: [
                .product(name: "Benchmark", package: "benchmark"),
                .product(name: "Dashboard", package: "swarmtop"),
                .product(name: "TerminalUI", package: "swarmtop"),
                .product(name: "SwarmEngine", package: "swarmtop"),
                .product(name: "SwarmModel", package: "swarmtop"),
            ],
            path: "Benchmarks/DashboardBenchmarks",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
        .executableTarget(
            name: "MemoryBenchmarks",
            dependencies: [
                .product(name: "Benchmark", package: "benchmark"),
                .product(name: "SwarmEngine", package: "swarmtop"),
                .product(name: "SwarmModel", package: "swarmtop"),
            ],
            path: "Benchmarks/MemoryBenchmarks",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
        .executableTarget(
            name: "ReplayBenchmarks",
            dependencies: [
                .product(name: "Benchmark", package: "benchmark"),
                .product(name: "SwarmRecording", package: "swarmtop"),
                .product(name: "SwarmReplay", package: "swarmtop"),
                .product(name: "SwarmEngine", package: "swarmtop"),
                .product(name: "SwarmModel", package: "swarmtop"),
                .product(name: "SwarmScenario", package: "swarmtop"),
                .product(name: "SwarmtopApp", package: "swarmtop"),
                .product(name: "Dashboard", package: "swarmtop"),
                .product(name: "TerminalUI", package: "swarmtop"),
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "Benchmarks/ReplayBenchmarks",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
    ],
    swiftLanguageModes: [.v6]
)
