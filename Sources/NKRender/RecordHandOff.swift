import Foundation
import Synchronization

/// A bounded hand-over of batches from the thread reading the ledger to the thread writing the
/// workbook's records: the reader waits when `capacity` batches are waiting, so memory stays
/// bounded whatever the ledger's length. Either side can stop the other: the consumer by
/// `cancel()` (it failed; `push` then returns false), the producer by `close()`.
///
/// Hand-written: the pipeline runs on threads, not tasks; swift-async-algorithms' AsyncChannel
/// would need an async context on both sides and a suspension per element. `@unchecked`
/// because the state is guarded by a condition variable (waiting for room or for a batch),
/// which `Mutex` does not offer.
final class BatchQueue<Batch: Sendable>: @unchecked Sendable {
  private let condition = NSCondition()
  private var batches: [Batch] = []
  private var isClosed = false
  private var isCancelled = false
  let capacity: Int

  init(capacity: Int) { self.capacity = max(1, capacity) }

  /// Waits for room, then queues `batch`; false when the consumer has cancelled.
  func push(_ batch: Batch) -> Bool {
    condition.lock()
    defer { condition.unlock() }
    while batches.count >= capacity && !isCancelled { condition.wait() }
    guard !isCancelled else { return false }
    batches.append(batch)
    condition.broadcast()
    return true
  }

  /// The next batch, waiting for one; `nil` once the queue is closed and empty, or cancelled.
  func pop() -> Batch? {
    condition.lock()
    defer { condition.unlock() }
    while batches.isEmpty && !isClosed && !isCancelled { condition.wait() }
    guard !isCancelled, !batches.isEmpty else { return nil }
    let batch = batches.removeFirst()
    condition.broadcast()
    return batch
  }

  /// No more batches will come.
  func close() {
    condition.lock()
    isClosed = true
    condition.broadcast()
    condition.unlock()
  }

  /// The consumer stopped: waiting batches are dropped and producers stop waiting.
  func cancel() {
    condition.lock()
    isCancelled = true
    batches.removeAll()
    condition.broadcast()
    condition.unlock()
  }
}

/// Work started on another thread whose result (or error) is collected with `join()`.
///
/// The work and its value are handed over, not shared (`sending`): a value that is not
/// `Sendable` — the workbook, with its C handles — goes to the thread inside the work and comes
/// back from `join()`, and nothing else holds it meanwhile, which the compiler checks. The
/// `Mutex`es carry them across (a `Mutex` is `Sendable` whatever it holds).
final class BackgroundWork<Value>: Sendable {
  private let done = DispatchSemaphore(value: 0)
  private let result = Mutex<Result<Value, any Error>?>(nil)

  init(_ body: sending @escaping () throws -> Value) {
    let work = Mutex<(() throws -> Value)?>(body)
    DispatchQueue.global(qos: .userInitiated).async {
      // The work runs holding the result's lock: its value then goes straight into the result
      // (the compiler sees it never leaves the lock's region), and `join` waits for `done`
      // before it takes the lock, so nothing waits on it meanwhile.
      self.result.withLock { result in
        if let body = work.withLock({ $0.take() }) { result = Result { try body() } }
      }
      self.done.signal()
    }
  }

  /// Waits for the work to end; its value (handed back: a second join has none), or its error
  /// rethrown (by every join).
  func join() throws -> sending Value {
    done.wait()
    done.signal()  // a second join returns at once
    let taken = result.withLock { result -> sending Result<Value, any Error>? in
      let taken = result.take()
      if case .failure(let error)? = taken { result = .failure(error) }
      return taken
    }
    guard let taken else {
      throw RenderError.inconsistentModel("background work ended without a result")
    }
    return try taken.get()
  }
}
