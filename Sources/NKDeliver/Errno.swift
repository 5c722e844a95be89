#if canImport(Glibc)
  import Glibc
#endif

/// An errno value carried as an error.
struct Errno: Error, CustomStringConvertible {
  var code: Int32
  init(_ code: Int32) { self.code = code }
  var description: String { String(cString: strerror(code)) }
}
