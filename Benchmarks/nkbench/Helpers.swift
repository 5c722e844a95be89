import Foundation

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

func absolutePath(_ path: String) -> String {
  if path.hasPrefix("/") { return path }
  return FileManager.default.currentDirectoryPath + "/" + path
}

func makeDirectory(_ path: String) throws(BenchError) {
  do {
    try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
  } catch {
    throw BenchError("cannot create \(path): \(error.localizedDescription)")
  }
}

func makeTemporaryDirectory(in parent: String) throws(BenchError) -> String {
  var template = Array((parent + "/nkbench.XXXXXX").utf8CString)
  let made = template.withUnsafeMutableBufferPointer { buffer -> String? in
    guard let base = buffer.baseAddress else { return nil }
    return mkdtemp(base).map { String(cString: $0) }
  }
  guard let made else {
    throw BenchError(
      "cannot create a work folder in \(parent): \(String(cString: strerror(errno)))")
  }
  return made
}

/// This executable, for re-running itself as the Swift baseline.
func selfExecutable() -> String {
  if let resolved = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") {
    return resolved
  }
  return absolutePath(CommandLine.arguments[0])
}

/// Size of a file, or the total of a folder's files.
func byteCount(atPath path: String) -> Int? {
  let files = FileManager.default
  var isDirectory: ObjCBool = false
  guard files.fileExists(atPath: path, isDirectory: &isDirectory) else { return nil }
  if !isDirectory.boolValue {
    return (try? files.attributesOfItem(atPath: path)[.size] as? Int) ?? nil
  }
  var total = 0
  if let enumerator = files.enumerator(atPath: path) {
    for case let name as String in enumerator {
      if let size = try? files.attributesOfItem(atPath: path + "/" + name)[.size] as? Int,
        (try? files.attributesOfItem(atPath: path + "/" + name)[.type] as? FileAttributeType)
          == .typeRegular
      {
        total += size
      }
    }
  }
  return total
}

func tail(of path: String, lines: Int) -> [String] {
  guard let data = FileManager.default.contents(atPath: path) else { return [] }
  let text = String(decoding: data.suffix(16_384), as: UTF8.self)
  return Array(
    text.split(separator: "\n", omittingEmptySubsequences: true).suffix(lines).map(String.init))
}

func loadAverage() -> String {
  guard let data = FileManager.default.contents(atPath: "/proc/loadavg") else { return "n/a" }
  return String(decoding: data, as: UTF8.self).split(separator: " ").prefix(3).joined(
    separator: " ")
}

func seconds(_ duration: Duration) -> Double {
  Double(duration.components.seconds) + Double(duration.components.attoseconds) * 1e-18
}

func fixed(_ value: Double, _ decimals: Int) -> String {
  String(format: "%.\(decimals)f", value)
}

func grouped(_ value: Int) -> String {
  let digits = String(value.magnitude)
  var result = ""
  for (i, ch) in digits.enumerated() {
    if i > 0 && (digits.count - i) % 3 == 0 { result.append(",") }
    result.append(ch)
  }
  return value < 0 ? "-" + result : result
}

func formatMB(_ bytes: Int) -> String {
  fixed(Double(bytes) / 1_000_000, 1) + " MB"
}

func pad(_ text: String, _ width: Int) -> String {
  text.count >= width ? text + " " : text + String(repeating: " ", count: width - text.count)
}

func lpad(_ text: String, _ width: Int) -> String {
  text.count >= width ? " " + text : String(repeating: " ", count: width - text.count) + text
}

/// Prints a line and flushes, so progress shows at once even when stdout is a pipe (CI, tee).
func say(_ line: String) {
  print(line)
  fflush(nil)
}
