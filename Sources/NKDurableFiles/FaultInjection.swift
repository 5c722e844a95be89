import Synchronization

#if canImport(Glibc)
  import Glibc
#endif

/// The test seam: a test makes one system call fail, with an errno of its choosing, for the
/// paths under one folder of its own (so tests running in parallel do not meet each other's
/// faults). Production code never installs a fault; a check is then one lock and an empty
/// list.
public enum FaultInjection {
  public enum Call: Sendable, Hashable {
    case open, write, fsync, rename, exchange
  }

  public struct Fault: Sendable, Hashable {
    public var call: Call
    /// A path prefix: the fault applies to paths under it.
    public var under: String
    public var errno: Int32
    /// How many matching calls succeed before the fault fires (0: the first fails). It fires
    /// once; the calls after it succeed (a rollback can then be seen to work).
    public var after: Int

    public init(_ call: Call, under: String, errno: Int32 = EIO, after: Int = 0) {
      self.call = call
      self.under = under
      self.errno = errno
      self.after = after
    }
  }

  private struct Installed {
    var fault: Fault
    var id: Int
  }

  private static let faults = Mutex<(installed: [Installed], nextID: Int)>(([], 0))

  /// Runs `body` with `fault` installed; it is removed however `body` ends.
  public static func with<T>(_ fault: Fault, _ body: () throws -> T) rethrows -> T {
    let id = faults.withLock { state in
      state.nextID += 1
      state.installed.append(Installed(fault: fault, id: state.nextID))
      return state.nextID
    }
    defer { faults.withLock { $0.installed.removeAll { $0.id == id } } }
    return try body()
  }

  /// Throws the fault installed for `call` on `path`, if any.
  static func check(_ call: Call, path: String) throws(DurableFileError) {
    let firing: Int32? = faults.withLock { state in
      guard
        let index = state.installed.firstIndex(where: {
          $0.fault.call == call && path.hasPrefix($0.fault.under)
        })
      else { return nil }
      if state.installed[index].fault.after > 0 {
        state.installed[index].fault.after -= 1
        return nil
      }
      // Fired: a fault that has fired is kept (so `with` finds it) but matches no more.
      state.installed[index].fault.after = .max
      return state.installed[index].fault.errno
    }
    if let firing {
      throw DurableFileError(path: path, operation: "\(call)", errno: firing)
    }
  }
}
