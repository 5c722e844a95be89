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
final class BackgroundWork<Value: Sendable>: Sendable {
  private let done = DispatchSemaphore(value: 0)
  private let result = Mutex<Result<Value, any Error>?>(nil)

  init(_ body: @escaping @Sendable () throws -> Value) {
    DispatchQueue.global(qos: .userInitiated).async {
      let outcome = Result { try body() }
      self.result.withLock { $0 = outcome }
      self.done.signal()
    }
  }

  /// Waits for the work to end; its value, or its error rethrown.
  func join() throws -> Value {
    done.wait()
    done.signal()  // a second join returns at once
    guard let result = result.withLock({ $0 }) else {
      throw RenderError.inconsistentModel("background work ended without a result")
    }
    return try result.get()
  }
}
