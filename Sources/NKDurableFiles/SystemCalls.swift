import Foundation

#if canImport(Glibc)
  import Glibc
#endif

/// The system calls this module makes, each turning a failure into `DurableFileError`, and
/// each passing through `FaultInjection` first, so tests can make them fail on purpose (as
/// swift-system's `Mocking.swift` does).
enum SystemCalls {
  static func open(_ path: String, _ flags: Int32, permissions: mode_t = 0o644)
    throws(DurableFileError) -> Int32
  {
    try FaultInjection.check(.open, path: path)
    let descriptor = Glibc.open(path, flags, permissions)
    guard descriptor >= 0 else {
      throw DurableFileError(path: path, operation: "open", errno: errno)
    }
    return descriptor
  }

  static func write(_ descriptor: Int32, _ bytes: UnsafeRawBufferPointer, path: String)
    throws(DurableFileError) -> Int
  {
    try FaultInjection.check(.write, path: path)
    while true {
      let written = Glibc.write(descriptor, bytes.baseAddress, bytes.count)
      if written >= 0 { return written }
      if errno == EINTR { continue }
      throw DurableFileError(path: path, operation: "write", errno: errno)
    }
  }

  static func fsync(_ descriptor: Int32, path: String) throws(DurableFileError) {
    try FaultInjection.check(.fsync, path: path)
    guard Glibc.fsync(descriptor) == 0 else {
      throw DurableFileError(path: path, operation: "fsync", errno: errno)
    }
  }

  static func rename(_ source: String, _ destination: String) throws(DurableFileError) {
    try FaultInjection.check(.rename, path: destination)
    guard Glibc.rename(source, destination) == 0 else {
      throw DurableFileError(path: destination, operation: "rename", errno: errno)
    }
  }

  /// `renameat2(AT_FDCWD, first, AT_FDCWD, second, RENAME_EXCHANGE)`. The Glibc module
  /// exports neither glibc's `renameat2` (declared only under `_GNU_SOURCE`) nor `syscall`
  /// (variadic) to Swift, so glibc's function (2.28 and later) is looked up by name; without
  /// it the call fails with ENOSYS and `FolderExchange` falls back to two renames.
  static func exchange(_ first: String, _ second: String) throws(DurableFileError) {
    try FaultInjection.check(.exchange, path: second)
    guard let renameat2 = Self.renameat2 else {
      throw DurableFileError(path: second, operation: "exchange", errno: ENOSYS)
    }
    let renameExchange: UInt32 = 1 << 1  // RENAME_EXCHANGE, linux/fs.h
    guard renameat2(AT_FDCWD, first, AT_FDCWD, second, renameExchange) == 0 else {
      throw DurableFileError(path: second, operation: "exchange", errno: errno)
    }
  }

  private typealias RenameAt2 =
    @convention(c) (Int32, UnsafePointer<CChar>, Int32, UnsafePointer<CChar>, UInt32) -> Int32

  /// glibc's `renameat2`, found once (RTLD_DEFAULT: the libraries already loaded).
  private static let renameat2: RenameAt2? = {
    guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "renameat2") else {
      return nil
    }
    return unsafeBitCast(symbol, to: RenameAt2.self)
  }()
}
