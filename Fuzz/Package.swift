// swift-tools-version:6.1
// libFuzzer targets for DistrictSync, kept out of the main build: `scripts/fuzz` builds this
// package with `-sanitize=fuzzer,address` and runs each target for a given time.
import PackageDescription

let package = Package(
    name: "DistrictSyncFuzz",
    platforms: [.macOS(.v14)],
    dependencies: [.package(name: "DistrictSync", path: "..")],
    targets: [
        .target(
            name: "FuzzSupport",
            dependencies: [
                .product(name: "ChangesetVerification", package: "DistrictSync"),
                .product(name: "DistrictNode", package: "DistrictSync"),
                .product(name: "DistrictSyncCrypto", package: "DistrictSync"),
                .product(name: "DistrictSyncCore", package: "DistrictSync"),
                .product(name: "CityHub", package: "DistrictSync"),
            ]),
        .executableTarget(name: "fuzz-decoder", dependencies: ["FuzzSupport"]),
        .executableTarget(name: "fuzz-envelope", dependencies: ["FuzzSupport"]),
        .executableTarget(name: "fuzz-hub", dependencies: ["FuzzSupport"]),
    ]
)
