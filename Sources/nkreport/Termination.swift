import Dispatch
import Foundation
import Synchronization

#if canImport(Glibc)
  import Glibc
#endif

/// A stop asked for (SIGTERM: `systemctl stop`, the unit's timeout). It is a request, not an
/// exit: the pipeline checks it between its stages and every few thousand records of the
/// pass, and a stopped run unwinds like a failed one — its staging folder removed, its lock
/// released, its metrics written (exit 143). Once the report is committed a stop no longer
/// undoes anything; the run says the report was published.
final class StopRequest: Sendable {
  /// Where the pipeline checks for a stop, in order.
  enum Checkpoint: String, Sendable, CaseIterable {
    case opened, planned, staged, pass, summarised, rendered, committed
  }

  private let requested = Atomic<Bool>(false)
  /// Tests: the checkpoint at which a stop is requested, as if SIGTERM arrived just then.
  private let stopAt: Checkpoint?

  init(stoppingAt checkpoint: Checkpoint? = nil) {
    stopAt = checkpoint
  }

  /// The stop SIGTERM requests (`Termination.install`).
  static let sigterm = StopRequest()

  func request() { requested.store(true, ordering: .relaxed) }

  var isRequested: Bool { requested.load(ordering: .relaxed) }

  /// Throws `Stopped` once a stop was requested.
  func check(_ checkpoint: Checkpoint) throws(Stopped) {
    if checkpoint == stopAt { request() }
    if isRequested { throw Stopped(checkpoint: checkpoint) }
  }

  /// The run stopped at `checkpoint` because a stop was requested.
  struct Stopped: Error, CustomStringConvertible {
    var checkpoint: Checkpoint
    var description: String { "stopped by SIGTERM (\(checkpoint.rawValue))" }
  }
}

/// SIGTERM handling: the signal is taken on a dispatch queue (not in signal context) and only
/// requests a stop; the pipeline does the rest on its own thread.
enum Termination {
  // Created once (a lazy static is initialised thread-safely) and never changed afterwards.
  nonisolated(unsafe) private static let source: DispatchSourceSignal = {
    signal(SIGTERM, SIG_IGN)
    let source = DispatchSource.makeSignalSource(signal: SIGTERM, queue: .global())
    source.setEventHandler {
      StopRequest.sigterm.request()
      EventLog.logger.notice("SIGTERM received: stopping at the next checkpoint")
    }
    source.resume()
    return source
  }()

  static func install() { _ = source }
}
