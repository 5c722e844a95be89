import Foundation
import Testing

/// Runs the built `nkreport` binary the way the systemd unit or an operator would.
struct NKReport {
  static let packageRoot = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
  /// A copy of the sample inputs kept for the tests, so that editing the runnable `Inputs/`
  /// cannot break a test (nor a golden file).
  static let sampleInputs = packageRoot.appendingPathComponent("Tests/Fixtures/Inputs")
  static let goldenDirectory = packageRoot.appendingPathComponent("Tests/Fixtures/Golden")

  static var binary: URL? {
    var candidates: [URL] = []
    if let executable = Bundle.main.executableURL?.deletingLastPathComponent() {
      candidates.append(executable)
    }
    candidates.append(Bundle.main.bundleURL)
    candidates.append(Bundle.main.bundleURL.deletingLastPathComponent())
    return candidates.map { $0.appendingPathComponent("nkreport") }
      .first { FileManager.default.isExecutableFile(atPath: $0.path) }
  }

  struct Result {
    var status: Int32
    var stdout: String
    var stderr: String
  }

  static func run(_ arguments: [String], environment: [String: String] = [:]) throws -> Result {
    let binary = try #require(Self.binary, "the nkreport binary was not built next to the tests")
    let process = Process()
    process.executableURL = binary
    process.arguments = arguments
    var processEnvironment = ProcessInfo.processInfo.environment
    processEnvironment.merge(environment) { _, new in new }
    process.environment = processEnvironment
    let output = Pipe()
    let errors = Pipe()
    process.standardOutput = output
    process.standardError = errors
    try process.run()
    // Read both pipes before waiting so a chatty child cannot block on a full pipe.
    let outputData = output.fileHandleForReading.readDataToEndOfFile()
    let errorData = errors.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return Result(
      status: process.terminationStatus,
      stdout: String(decoding: outputData, as: UTF8.self),
      stderr: String(decoding: errorData, as: UTF8.self))
  }
}

/// A scratch folder removed when the test ends.
final class Scratch {
  let url: URL

  init() throws {
    url = FileManager.default.temporaryDirectory.appendingPathComponent(
      "nkreport-e2e-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
  }

  deinit { try? FileManager.default.removeItem(at: url) }

  func path(_ component: String) -> String { url.appendingPathComponent(component).path }

  /// A copy of the sample inputs, to break on purpose.
  func copyOfSampleInputs() throws -> URL {
    let copy = url.appendingPathComponent("Inputs")
    try FileManager.default.copyItem(at: NKReport.sampleInputs, to: copy)
    return copy
  }

  func write(_ text: String, to relativePath: String) throws {
    let file = url.appendingPathComponent(relativePath)
    try FileManager.default.createDirectory(
      at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
    try Data(text.utf8).write(to: file)
  }

  func read(_ relativePath: String) throws -> String {
    try String(contentsOf: url.appendingPathComponent(relativePath), encoding: .utf8)
  }

  func listing(_ relativePath: String) -> [String] {
    ((try? FileManager.default.contentsOfDirectory(atPath: path(relativePath))) ?? []).sorted()
  }
}

/// `metric,value,provisional` lines of a summary.csv: the value by metric (no value holds a
/// comma).
func summaryFigures(_ text: String) -> [String: String] {
  var figures: [String: String] = [:]
  for line in text.split(separator: "\n").dropFirst() {
    let fields = line.split(separator: ",", omittingEmptySubsequences: false)
    guard fields.count >= 2 else { continue }
    figures[String(fields[0])] = String(fields[1])
  }
  return figures
}
