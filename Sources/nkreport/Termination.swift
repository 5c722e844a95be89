import Dispatch
import Foundation
import NKPublish

#if canImport(Glibc)
  import Glibc
#endif

/// SIGTERM (`systemctl stop`, the unit's timeout): log it, remove the staging folder of the
/// publication in progress, exit 143. The handler runs on a dispatch queue, not in signal
/// context, so it may log and touch files.
enum Termination {
  // Created once (a lazy static is initialised thread-safely) and never changed afterwards.
  nonisolated(unsafe) private static let source: DispatchSourceSignal = {
    signal(SIGTERM, SIG_IGN)
    let source = DispatchSource.makeSignalSource(signal: SIGTERM, queue: .global())
    source.setEventHandler {
      let removed = ActiveStaging.shared.remove()
      EventLog.logger.warning(
        "stopped by SIGTERM; nothing published by this run",
        metadata: removed.map { ["removed": "\($0)"] } ?? [:])
      exit(ExitStatus.terminated)
    }
    source.resume()
    return source
  }()

  static func install() { _ = source }
}
