import Foundation
import NKInputs

/// Every folder these tests write lives under one folder of this process, removed when the
/// test process exits (the suite writes thousands of small folders).
private let scratchRootPath = FileManager.default.temporaryDirectory
  .appendingPathComponent("nkinputs-tests-\(ProcessInfo.processInfo.processIdentifier)").path

private let scratchRoot: String = {
  atexit { try? FileManager.default.removeItem(atPath: scratchRootPath) }
  return scratchRootPath
}()

/// Writes `files` (name → bytes) into a fresh temporary folder and returns it.
func inputsFolder(_ files: [String: [UInt8]]) throws -> URL {
  let folder = URL(fileURLWithPath: scratchRoot).appendingPathComponent(UUID().uuidString)
  try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
  for (name, bytes) in files {
    try Data(bytes).write(to: folder.appendingPathComponent(name))
  }
  return folder
}

func inputsFolder(text files: [String: String]) throws -> URL {
  try inputsFolder(files.mapValues { Array($0.utf8) })
}

/// Loads a folder with the given text files.
func load(_ files: [String: String], limits: InputLimits = .standard) throws -> Dataset {
  try InputLoader(directory: inputsFolder(text: files), limits: limits).load()
}

/// The sample inputs folder committed with the project.
let sampleInputs = URL(fileURLWithPath: #filePath)
  .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
  .appendingPathComponent("Inputs")

let minimalArrivals = "period,male,female\n2018,1,2\n"
let aidHeader = "id,authorised,provider,provider_type,category,amount,currency,status,delivered\n"
let aidRow = "A1,2018-01-05,Group,civic,flour,100,KRW,delivered,2018-02-01\n"

/// Opens `folder` and reads its ledger once, as a report does: the complete dataset and the
/// accepted aid records in file order.
func loadWithRecords(_ folder: URL) throws -> (dataset: Dataset, records: [AidRecord]) {
  let opened = try InputLoader(directory: folder).open()
  var records: [AidRecord] = []
  let reading = try opened.aid.read { records.append($0) }
  return (opened.including(reading), records)
}
