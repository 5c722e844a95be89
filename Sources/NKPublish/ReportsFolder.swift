import Foundation

#if canImport(Glibc)
  import Glibc
#endif

/// The reports folder itself: created when missing, with a plain reason when the path is
/// taken by something that is not a folder (FileManager would only say "file exists").
enum ReportsFolder {
  static func create(_ url: URL) throws(PublishError) {
    var status = stat()
    if lstat(url.path, &status) == 0 {
      if status.st_mode & S_IFMT == S_IFLNK {
        let target = (try? FileManager.default.destinationOfSymbolicLink(atPath: url.path)) ?? "?"
        var targetStatus = stat()
        if stat(url.path, &targetStatus) != 0 {
          throw .cannotWrite(
            path: url.path,
            reason: "the reports folder is a symbolic link to \(target), which does not exist")
        }
        status = targetStatus
      }
      guard status.st_mode & S_IFMT == S_IFDIR else {
        throw .cannotWrite(path: url.path, reason: "the reports folder is a file, not a folder")
      }
      return
    }
    do {
      try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    } catch {
      throw .cannotWrite(path: url.path, reason: Publisher.reason(error))
    }
  }
}
