import Foundation

/// Starts libFuzzer on `body`. SwiftPM links Swift's own `main`, so libFuzzer's driver is started
/// explicitly through `LLVMFuzzerRunDriver` (../shared/notes/swift-stack.md §6); each fuzz target's
/// `main.swift` is one call to this.
public func runFuzzer(_ body: @escaping ([UInt8]) -> Void) -> Never {
    FuzzDriver.body = body
    var argc = CommandLine.argc
    var argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = CommandLine.unsafeArgv
    exit(runDriver(&argc, &argv) { data, size in fuzzTestOneInput(data, size) })
}

enum FuzzDriver {
    nonisolated(unsafe) static var body: ([UInt8]) -> Void = { _ in }
}

/// The entry libFuzzer's runtime references; it forwards to the body given to `runFuzzer`.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzTestOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    guard let data else { return 0 }
    FuzzDriver.body(Array(UnsafeBufferPointer(start: data, count: size)))
    return 0
}

@_silgen_name("LLVMFuzzerRunDriver")
func runDriver(
    _ argc: UnsafeMutablePointer<Int32>,
    _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
    _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt
) -> CInt
