import Foundation

#if canImport(Glibc)
  import Glibc
#endif

/// Puts a new folder in place of an old one so that a reader, a crash or a SIGTERM never finds
/// the name missing: `renameat2(RENAME_EXCHANGE)` swaps the two names in one step, after which
/// the old folder is at the new folder's former name.
public enum FolderExchange {
  /// How the swap was done.
  public enum Method: Sendable, Equatable {
    /// One atomic exchange (Linux 3.15 and later, on ext4, xfs, btrfs, tmpfs…).
    case exchanged
    /// The file system refused the exchange (EINVAL: e.g. some network or FUSE file
    /// systems; ENOSYS: an old kernel), so `current` was renamed to `previous` and `new` to
    /// `current`, two renames with a moment between them where `current` is missing; if the
    /// second fails the first is undone.
    case renamedTwice
  }

  /// Publishes `new` as `current`, moving what `current` held to `previous` (which must not
  /// exist). Then fsyncs the parent folder so both names are durable.
  @discardableResult
  public static func replace(_ current: URL, with new: URL, keepingPreviousAt previous: URL)
    throws(DurableFileError) -> Method
  {
    let method: Method
    do throws(DurableFileError) {
      try SystemCalls.exchange(new.path, current.path)
      // `new` now names the earlier folder: give it its revision name, or, when that fails,
      // swap back, so that a failure leaves both folders where they were.
      do throws(DurableFileError) {
        try SystemCalls.rename(new.path, previous.path)
      } catch {
        _ = try? SystemCalls.exchange(new.path, current.path)
        throw error
      }
      method = .exchanged
    } catch  where error.operation == "exchange" && [EINVAL, ENOSYS].contains(error.errno) {
      try SystemCalls.rename(current.path, previous.path)
      do {
        try SystemCalls.rename(new.path, current.path)
      } catch {
        // Put the earlier report back: a reader must not find the name missing.
        _ = try? SystemCalls.rename(previous.path, current.path)
        throw error
      }
      method = .renamedTwice
    }
    try DurableFile.synchronizeDirectory(current.deletingLastPathComponent().path)
    return method
  }

  /// Renames `new` to `current` (which must not exist) and fsyncs the parent folder.
  public static func place(_ new: URL, at current: URL) throws(DurableFileError) {
    try SystemCalls.rename(new.path, current.path)
    try DurableFile.synchronizeDirectory(current.deletingLastPathComponent().path)
  }
}
