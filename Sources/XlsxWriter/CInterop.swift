// The internal layer through which every call into libxlsxwriter is funnelled.
//
// Every C call runs with the calling thread's locale switched to "C" (POSIX), because
// libxlsxwriter 1.1.4 prints numbers with `%.16G`, which honours the process locale: under a
// comma-decimal locale such as de_DE it would write `<v>1234,5</v>` and corrupt the file.
// `uselocale` changes only the calling thread, so other threads are not disturbed.

internal import CXlsxWriter

#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#endif

#if canImport(Darwin)
  private let allCategoriesMask = LC_ALL_MASK
#else
  private let allCategoriesMask =
    LC_CTYPE_MASK | LC_NUMERIC_MASK | LC_TIME_MASK | LC_COLLATE_MASK | LC_MONETARY_MASK
    | LC_MESSAGES_MASK | LC_PAPER_MASK | LC_NAME_MASK | LC_ADDRESS_MASK | LC_TELEPHONE_MASK
    | LC_MEASUREMENT_MASK | LC_IDENTIFICATION_MASK
#endif

/// The "C" locale, created once per process and never freed. Only ever passed to `uselocale`,
/// which does not mutate it, so sharing it between threads is safe.
nonisolated(unsafe) private let posixLocale: locale_t? = newlocale(allCategoriesMask, "C", nil)

/// Runs `body` (a C call) with the calling thread's locale switched to "C", then restores the
/// thread's previous locale.
@inline(__always)
func cCall<R>(_ body: () -> R) throws(XlsxError) -> R {
  guard let posixLocale else {
    throw XlsxError(.localeUnavailable, context: "newlocale(LC_ALL_MASK, \"C\")")
  }
  let previous = uselocale(posixLocale)
  defer {
    if let previous { _ = uselocale(previous) }
  }
  return body()
}

/// Runs a C call that returns `lxw_error` and throws when it reports anything but success.
@inline(__always)
func checked(_ context: @autoclosure () -> String, _ body: () -> lxw_error) throws(XlsxError) {
  let result = try cCall(body)
  if result != LXW_NO_ERROR {
    throw XlsxError(XlsxError.Code(result), context: context())
  }
}

/// Runs a C call that returns a pointer and throws when it returns NULL.
@inline(__always)
func nonNull<T>(
  _ context: @autoclosure () -> String,
  _ body: () -> UnsafeMutablePointer<T>?
) throws(XlsxError) -> UnsafeMutablePointer<T> {
  guard let pointer = try cCall(body) else {
    throw XlsxError(.libraryReturnedNull, context: context())
  }
  return pointer
}

/// Throws `.stringContainsNul` if `string` contains U+0000, which C cannot represent.
func requireNoNul(_ string: String, _ context: @autoclosure () -> String) throws(XlsxError) {
  if string.utf8.contains(0) {
    throw XlsxError(.stringContainsNul, context: context())
  }
}

/// Calls `body` with a C string for an optional Swift string (NULL for `nil`).
func withOptionalCString<R>(_ string: String?, _ body: (UnsafePointer<CChar>?) -> R) -> R {
  guard let string else { return body(nil) }
  return string.withCString { body($0) }
}

/// Owns `strdup`ed C strings until it is deallocated; for C structs with several `char *` fields.
final class CStringArena {
  private var pointers: [UnsafeMutablePointer<CChar>] = []

  /// Returns a C copy of `string` (or NULL for `nil`) that lives as long as the arena.
  func copy(_ string: String?) -> UnsafeMutablePointer<CChar>? {
    guard let string, let pointer = strdup(string) else { return nil }
    pointers.append(pointer)
    return pointer
  }

  deinit {
    for pointer in pointers { free(pointer) }
  }
}

/// The message libxlsxwriter gives for one of its error codes.
func libraryMessage(_ rawValue: Int32) -> String {
  guard rawValue >= 0, let text = lxw_strerror(lxw_error(UInt32(rawValue))) else {
    return "Unknown libxlsxwriter error \(rawValue)."
  }
  return String(cString: text)
}

/// The libxlsxwriter version string, e.g. "1.1.4".
func libraryVersion() -> String {
  guard let text = lxw_version() else { return "unknown" }
  return String(cString: text)
}
