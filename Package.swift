// swift-tools-version:6.1
// DistrictSync: offline district nodes, signed hash-chained changesets, and the city hub.
// Read the layering from the targets below: C modules at the bottom, the pure core above them,
// storage and crypto beside each other, node and hub on top, and the `dsync` tool last.
import PackageDescription

let swiftSettings: [SwiftSetting] = [
    .enableUpcomingFeature("InternalImportsByDefault"),
    .enableUpcomingFeature("ExistentialAny"),
]

let package = Package(
    name: "DistrictSync",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "dsync", targets: ["dsync"]),
        .library(name: "DistrictSyncCore", targets: ["DistrictSyncCore"]),
        // For the fuzz package in Fuzz/ (built apart from this one by scripts/fuzz).
        .library(name: "DistrictSyncCrypto", targets: ["DistrictSyncCrypto"]),
        .library(name: "DistrictNode", targets: ["DistrictNode"]),
        .library(name: "ChangesetVerification", targets: ["ChangesetVerification"]),
        // For the hub fuzz target (fuzz-hub drives HubService.submit).
        .library(name: "CityHub", targets: ["CityHub"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", exact: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", exact: "1.16.2"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", exact: "2.28.1"),
        .package(url: "https://github.com/swift-server/async-http-client", exact: "1.37.0"),
        .package(url: "https://github.com/apple/swift-nio-ssl", exact: "2.37.6"),
        .package(url: "https://github.com/apple/swift-nio", exact: "2.101.3"),
        // Imported by HubServer beside Hummingbird (its request/response types): declared, not borrowed.
        .package(url: "https://github.com/apple/swift-http-types", exact: "1.8.0"),
        .package(url: "https://github.com/apple/swift-nio-extras", exact: "1.35.2"),
        // Plan files (config/plans/*.yaml) are YAML: read with a maintained parser, not by hand.
        .package(url: "https://github.com/jpsim/Yams", exact: "6.2.2"),
        // XLSX workbooks are ZIP archives of XML parts: read (and written) with a maintained ZIP library.
        .package(url: "https://github.com/weichsel/ZIPFoundation", exact: "0.9.20"),
        // The /import page's file upload (multipart/form-data), parsed by a maintained parser.
        .package(url: "https://github.com/vapor/multipart-kit", exact: "4.7.1"),
    ],
    targets: [
        // C modules: declarations only; each shim says why it exists.
        .systemLibrary(name: "CSQLite", providers: [.apt(["libsqlite3-dev"])]),
        .systemLibrary(name: "COpenSSL", pkgConfig: "libcrypto", providers: [.apt(["libssl-dev"])]),
        // Named apart from ZIPFoundation's own `CZlib` module (two modules cannot share a name).
        .systemLibrary(name: "CZlibShim", providers: [.apt(["zlib1g-dev"])]),
        .systemLibrary(name: "CLibXML2", pkgConfig: "libxml-2.0", providers: [.apt(["libxml2-dev"])]),

        // Safe wrappers, one per C library.
        .target(name: "SQLiteDB", dependencies: ["CSQLite"], swiftSettings: swiftSettings),
        .target(name: "Deflate", dependencies: ["CZlibShim"], swiftSettings: swiftSettings),
        .target(name: "Hashing", dependencies: ["COpenSSL"], swiftSettings: swiftSettings),
        .target(
            name: "DistrictSyncCrypto", dependencies: ["COpenSSL", "Hashing", "DistrictSyncCore"],
            swiftSettings: swiftSettings),

        // Pure model, validation, clocks, changeset encoding and merge rules. No I/O.
        .target(
            name: "DistrictSyncCore", dependencies: ["Deflate", "Hashing", .product(name: "Yams", package: "Yams")],
            swiftSettings: swiftSettings),

        // Seeded synthetic districts for `dsync dev generate`, the demo, load runs and tests (not the model).
        .target(name: "SyntheticData", dependencies: ["DistrictSyncCore"], swiftSettings: swiftSettings),

        // Storage: schema migrations and change capture over SQLite.
        .target(
            name: "DistrictSyncStore", dependencies: ["DistrictSyncCore", "SQLiteDB"], swiftSettings: swiftSettings),

        // The one changeset verifier: the policy steps `dsync verify`, the hub and the fuzzers share.
        .target(
            name: "ChangesetVerification", dependencies: ["DistrictSyncCore", "DistrictSyncCrypto"],
            swiftSettings: swiftSettings),

        // XLSX workbooks (ZIP + OOXML) read into the same table the CSV import uses, with size limits.
        .target(
            name: "Workbook",
            dependencies: ["CLibXML2", "DistrictSyncCore", .product(name: "ZIPFoundation", package: "ZIPFoundation")],
            swiftSettings: swiftSettings),

        // The offline district node and the city hub.
        .target(
            name: "DistrictNode",
            dependencies: ["DistrictSyncCore", "DistrictSyncStore", "DistrictSyncCrypto", "SQLiteDB", "Workbook"],
            swiftSettings: swiftSettings),
        .target(
            name: "CityHub",
            dependencies: [
                "ChangesetVerification", "DistrictSyncCore", "DistrictSyncStore", "DistrictSyncCrypto", "SQLiteDB",
            ],
            swiftSettings: swiftSettings),

        // The network: the hub as an HTTPS service, and the node's sync client. Both only carry
        // bytes; verification and merging stay in CityHub (HubService.submit).
        // The TLS server configuration shared by hub serve and node ui (certificate, key, chain).
        .target(
            name: "ServerTLS",
            dependencies: [
                "DistrictSyncCore", "DistrictSyncCrypto", .product(name: "NIOSSL", package: "swift-nio-ssl"),
            ],
            swiftSettings: swiftSettings),
        .target(
            name: "HubServer",
            dependencies: [
                "CityHub", "DistrictSyncCore", "DistrictSyncCrypto", "SQLiteDB", "ServerTLS",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "HummingbirdTLS", package: "hummingbird"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "NIOTLS", package: "swift-nio"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "NIOHTTPTypes", package: "swift-nio-extras"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings),
        .target(
            name: "NodeSync",
            dependencies: [
                "DistrictNode", "DistrictSyncCore", "DistrictSyncCrypto", "DistrictSyncStore",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
            ],
            swiftSettings: swiftSettings),

        // The officer's browser app on the node (`dsync node ui`): loopback HTTP, pages and forms over
        // NodeSession; no rule and no SQL of its own.
        .target(
            name: "NodeUI",
            dependencies: [
                "DistrictNode", "DistrictSyncCore", "DistrictSyncCrypto", "NodeSync", "ServerTLS", "Workbook",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "HummingbirdTLS", package: "hummingbird"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "MultipartKit", package: "multipart-kit"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings),

        // The command-line tool: parses, calls Node/Hub, renders.
        .executableTarget(
            name: "dsync",
            dependencies: [
                "ChangesetVerification", "DistrictNode", "CityHub", "DistrictSyncCore", "DistrictSyncCrypto",
                "DistrictSyncStore", "HubServer",
                "NodeSync", "NodeUI", "ServerTLS", "SyntheticData",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings),

        // Shared test support: fixtures, generators, clocks, PKI helpers.
        .target(
            name: "DistrictSyncTesting",
            dependencies: ["DistrictSyncCore", .product(name: "ZIPFoundation", package: "ZIPFoundation")],
            swiftSettings: swiftSettings),

        .testTarget(
            name: "DistrictSyncCoreTests", dependencies: ["DistrictSyncCore", "DistrictSyncTesting", "SyntheticData"],
            swiftSettings: swiftSettings),
        .testTarget(
            name: "ChangesetVerificationTests",
            dependencies: ["ChangesetVerification", "DistrictSyncCore", "DistrictSyncCrypto", "DistrictSyncTesting"],
            swiftSettings: swiftSettings),
        .testTarget(name: "SQLiteDBTests", dependencies: ["SQLiteDB"], swiftSettings: swiftSettings),
        .testTarget(
            name: "DistrictSyncStoreTests",
            dependencies: ["DistrictSyncStore", "DistrictSyncTesting", "SQLiteDB", "SyntheticData"],
            swiftSettings: swiftSettings),
        .testTarget(
            name: "DistrictSyncCryptoTests",
            dependencies: ["DistrictSyncCrypto", "DistrictSyncCore", "DistrictSyncTesting"],
            swiftSettings: swiftSettings),
        .testTarget(
            name: "CityHubTests",
            dependencies: [
                "ChangesetVerification", "CityHub", "DistrictNode", "DistrictSyncTesting", "DistrictSyncCrypto",
                "SQLiteDB", "DistrictSyncStore", "SyntheticData",
            ],
            swiftSettings: swiftSettings),
        .testTarget(
            name: "SyncTests",
            dependencies: [
                "HubServer", "NodeSync", "CityHub", "DistrictNode", "DistrictSyncTesting", "DistrictSyncCrypto",
                "DistrictSyncCore", "DistrictSyncStore", "SQLiteDB", "SyntheticData",
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings),
        .testTarget(name: "DeflateTests", dependencies: ["Deflate"], swiftSettings: swiftSettings),
        .testTarget(
            name: "HashingTests", dependencies: ["Hashing", "DistrictSyncCore", "DistrictSyncCrypto"],
            swiftSettings: swiftSettings),
        .testTarget(
            name: "SyntheticDataTests", dependencies: ["SyntheticData", "DistrictSyncCore"],
            swiftSettings: swiftSettings),
        .testTarget(
            name: "DistrictNodeTests",
            dependencies: [
                "DistrictNode", "DistrictSyncCore", "DistrictSyncCrypto", "DistrictSyncTesting", "Workbook",
            ],
            swiftSettings: swiftSettings),
        .testTarget(
            name: "HubServerTests", dependencies: ["HubServer", "CityHub", "DistrictSyncCore"],
            swiftSettings: swiftSettings),
        .testTarget(
            name: "NodeUITests",
            dependencies: [
                "NodeUI", "DistrictNode", "DistrictSyncCore", "DistrictSyncCrypto", "DistrictSyncTesting", "ServerTLS",
                "Workbook",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings),
        .testTarget(
            name: "DsyncEndToEndTests",
            dependencies: ["DistrictSyncTesting", "DistrictSyncCore", "DistrictSyncCrypto"],
            swiftSettings: swiftSettings),
    ]
)
