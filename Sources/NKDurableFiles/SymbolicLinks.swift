import Foundation

#if canImport(Glibc)
  import Glibc
#endif

/// Where a path that may be a symbolic link leads, so a write can replace the link's target
/// and leave the link (an `Inputs/arrivals.csv` that links to a shared folder stays a link).
enum SymbolicLinks {
  /// The file `path` names, through any symbolic links (relative targets are relative to the
  /// link's folder); a link to a file not there yet names that file.
  static func finalTarget(of path: String) throws(DurableFileError) -> String {
    var current = path
    // As the kernel does (40 links, then ELOOP).
    for _ in 0..<40 {
      var status = stat()
      guard lstat(current, &status) == 0, (status.st_mode & S_IFMT) == S_IFLNK else {
        return current
      }
      var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
      let count = readlink(current, &buffer, buffer.count - 1)
      guard count >= 0 else {
        throw DurableFileError(path: path, operation: "readlink", errno: errno)
      }
      let link = String(decoding: buffer[..<count].map { UInt8(bitPattern: $0) }, as: UTF8.self)
      current =
        link.hasPrefix("/")
        ? link
        : ((current as NSString).deletingLastPathComponent as NSString).appendingPathComponent(link)
    }
    throw DurableFileError(path: path, operation: "readlink", errno: ELOOP)
  }
}
