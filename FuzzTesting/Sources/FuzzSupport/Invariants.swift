import Foundation
import NKInputs

/// Loads the folder holding `fuzzed` as `name` (beside `companions`) and checks what must hold
/// for any bytes: the load does not throw (every file is there and regular), the file's
/// summary is consistent, every problem names a line of the file and prints as one line, and
/// the aid ledger's one read yields exactly the rows it counts as accepted. Returns the dataset
/// (its ledger read) for more checks.
@discardableResult
public func loadAndCheck(
  _ name: String, _ fuzzed: [UInt8], companions: [(name: String, bytes: [UInt8])] = [],
  limits: InputLimits = .standard
) -> Dataset {
  let folder = writeInputs(companions + [(name, fuzzed)])
  let dataset: Dataset
  var accepted = 0
  do {
    let opened = try InputLoader(directory: folder, limits: limits).open()
    dataset = opened.including(try opened.aid.read { _ in accepted += 1 })
  } catch {
    fatalError("load threw for an existing regular file: \(error)")
  }
  guard let summary = dataset.files.first(where: { $0.name == name }) else {
    fatalError("no summary for \(name)")
  }
  check(summary.isPresent && summary.bytes == fuzzed.count, "summary bytes \(summary)")
  check(
    summary.rowsAccepted >= 0 && summary.rowsAccepted <= summary.rowsRead, "summary rows \(summary)"
  )
  let lines = physicalLineCount(fuzzed)
  for problem in dataset.problems {
    check(InputLoader.fileNames.contains(problem.file), "problem file \(problem)")
    if problem.file == name {
      check(problem.line >= 0 && problem.line <= lines, "line \(problem.line) of \(lines)")
    }
    let text = problem.description
    check(
      !text.unicodeScalars.contains {
        [.control, .format, .lineSeparator, .paragraphSeparator].contains(
          $0.properties.generalCategory)
      },
      "a problem must print as one line of text: \(text.debugDescription)")
  }
  if let aid = dataset.files.first(where: { $0.name == "aid.csv" && $0.isPresent }) {
    check(accepted == aid.rowsAccepted, "yielded \(accepted) of \(aid.rowsAccepted) accepted")
  }
  return dataset
}

/// What two loads of the same inputs must agree on, whatever the chunk size.
public struct LoadOutcome: Equatable {
  public var arrivals: [ArrivalRow]
  public var departures: [DepartureRow]
  public var checkpoints: [Checkpoint]
  public var rates: [ExchangeRate]
  public var aid: [AidRecord]
  public var files: [InputFileSummary]
  public var problems: [InputProblem]

  public init(_ dataset: Dataset, aid records: [AidRecord] = []) {
    arrivals = dataset.arrivals
    departures = dataset.departures
    checkpoints = dataset.checkpoints
    rates = dataset.exchangeRates.all
    aid = records
    files = dataset.files
    problems = dataset.problems
  }
}

/// Stops the fuzzer with `message` when `condition` fails; unlike `precondition`, the message
/// survives an optimised build, so the crash report says which invariant broke.
public func check(
  _ condition: @autoclosure () -> Bool, _ message: @autoclosure () -> String,
  file: StaticString = #file, line: UInt = #line
) {
  if !condition() { fatalError(message(), file: file, line: line) }
}

/// Copies libFuzzer's input.
public func bytes(_ data: UnsafePointer<UInt8>, _ size: Int) -> [UInt8] {
  Array(UnsafeBufferPointer(start: data, count: size))
}
