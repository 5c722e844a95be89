import Foundation
import Testing

@testable import NKRender

/// The hand-over of work to another thread: what the pipeline's workbook thread relies on.
@Suite("Work handed to another thread and back")
struct BackgroundWorkTests {
  /// Not `Sendable`, as the workbook is not: it can only be handed over.
  final class Ledger {
    var lines: [Int] = []
  }

  struct Failure: Error, Equatable {}

  @Test func aValueThatIsNotSendableGoesToTheThreadAndComesBack() throws {
    let ledger = Ledger()
    ledger.lines = [1]
    let work = BackgroundWork {
      for line in 2...1000 { ledger.lines.append(line) }
      return ledger
    }
    let back = try work.join()
    #expect(back.lines == Array(1...1000))
    // Handed back once: a second join has no value to give.
    #expect(throws: RenderError.self) { _ = try work.join() }
  }

  @Test func everyJoinRethrowsTheWorksError() {
    let work = BackgroundWork<Ledger> { throw Failure() }
    #expect(throws: Failure()) { _ = try work.join() }
    #expect(throws: Failure()) { _ = try work.join() }
  }

  @Test func theBatchQueueCarriesEveryBatchInOrderAndStopsTheProducerOnCancel() throws {
    let queue = BatchQueue<[Int]>(capacity: 2)
    let consumer = BackgroundWork<[Int]> {
      var seen: [Int] = []
      while let batch = queue.pop() { seen += batch }
      return seen
    }
    for start in stride(from: 0, to: 100, by: 10) {
      #expect(queue.push(Array(start..<start + 10)))
    }
    queue.close()
    #expect(try consumer.join() == Array(0..<100))

    let cancelled = BatchQueue<[Int]>(capacity: 1)
    cancelled.cancel()
    #expect(!cancelled.push([1]))
    #expect(cancelled.pop() == nil)
  }
}
