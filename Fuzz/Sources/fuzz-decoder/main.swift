import Foundation
// libFuzzer entry for the decoder target. SwiftPM links Swift's own main, so libFuzzer's driver is
// started explicitly through LLVMFuzzerRunDriver (see ../shared/notes/swift-stack.md §6).
import FuzzSupport

nonisolated(unsafe) let identity = FuzzHarness.loadIdentity()

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzTestOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    guard let data else { return 0 }
    FuzzHarness.signedContent(Array(UnsafeBufferPointer(start: data, count: size)), identity: identity)
    return 0
}

@_silgen_name("LLVMFuzzerRunDriver")
func runDriver(
    _ argc: UnsafeMutablePointer<Int32>,
    _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
    _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt
) -> CInt

var argc = CommandLine.argc
var argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = CommandLine.unsafeArgv
exit(runDriver(&argc, &argv) { data, size in fuzzTestOneInput(data, size) })
