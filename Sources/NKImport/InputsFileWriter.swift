import Foundation
import NKDurableFiles

/// Replaces input files, each an atomic and durable replacement, all or none as far as renames
/// allow, through the project's one durable-write helper.
enum InputsFileWriter {
  /// Writes each `(path, bytes)`: every file is first written to a temporary file beside the
  /// file it replaces and fsynced; then each is renamed over its file and the folders are
  /// fsynced, so a reader sees the old file or the new, never half of one, and a crash leaves
  /// no half-written input. A path that is a symbolic link is written through: the link's
  /// target is replaced (in the target's folder), and the link stays as it was.
  static func replace(_ files: [(path: String, bytes: [UInt8])]) throws(ImportError) {
    do {
      try DurableFile.write(
        files.map { (URL(fileURLWithPath: $0.path), Data($0.bytes)) }, throughLinks: true)
    } catch {
      throw importError(error, files: Set(files.map(\.path)))
    }
  }

  /// The error naming the input file as the import was given it (a link, not its target).
  private static func importError(_ error: DurableFileError, files: Set<String>) -> ImportError {
    switch error.operation {
    case "readlink" where error.errno == ELOOP:
      return .cannotWrite(path: error.path, reason: "too many levels of symbolic links")
    case "readlink":
      return .cannotWrite(path: error.path, reason: "cannot read the link: \(error.reason)")
    case _ where !files.contains(error.path):
      // The files are renamed already; a folder that cannot be synced is still a failure to
      // report (the change may not survive a crash).
      return .cannotWrite(
        path: error.path, reason: "\(error.operation) of the folder: \(error.reason)")
    default:
      return .cannotWrite(path: error.path, reason: error.reason)
    }
  }
}
