import Foundation
import NKInputs

#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#endif

/// One inputs folder per fuzzing process, rewritten for every input and removed at exit.
/// Under /dev/shm when there is one: a fuzzer writes the folder tens of thousands of times.
private let folderPath: String = {
  let base =
    FileManager.default.fileExists(atPath: "/dev/shm") ? "/dev/shm" : NSTemporaryDirectory()
  var template = Array("\(base)/nkreport-fuzz.XXXXXX".utf8CString)
  guard let made = template.withUnsafeMutableBufferPointer({ mkdtemp($0.baseAddress!) }) else {
    preconditionFailure("fuzz harness: cannot create a scratch folder in \(base)")
  }
  let path = String(cString: made)
  atexit { try? FileManager.default.removeItem(atPath: folderPath) }
  return path
}()

/// A valid arrivals.csv for targets that fuzz another file (arrivals.csv is required).
public let validArrivals = Array(
  "period,male,female,total\n2017,300,900,1200\n2018-01,10,20,30\n".utf8)

/// Rates for the aid target, so that rows in foreign currencies can validate.
public let validRates = Array(
  "month,currency,krw_per_unit\n2018-01,USD,1070.5\n2018-06,EUR,1300\n".utf8)

/// Replaces the folder's files with `files` (name → bytes) and returns the folder.
public func writeInputs(_ files: [(name: String, bytes: [UInt8])]) -> URL {
  let folder = URL(fileURLWithPath: folderPath)
  for name in InputLoader.fileNames {
    unlink(folder.appendingPathComponent(name).path)
  }
  for (name, bytes) in files {
    let path = folder.appendingPathComponent(name).path
    let descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
    check(descriptor >= 0, "fuzz harness: cannot write \(path)")
    var written = 0
    bytes.withUnsafeBytes { raw in
      while written < raw.count {
        let got = write(descriptor, raw.baseAddress! + written, raw.count - written)
        check(got > 0, "fuzz harness: short write to \(path)")
        written += got
      }
    }
    close(descriptor)
  }
  return folder
}

/// The physical lines of `bytes` (CR LF, LF and a lone CR each end one).
public func physicalLineCount(_ bytes: [UInt8]) -> Int {
  var lines = 1
  var index = 0
  while index < bytes.count {
    if bytes[index] == 0x0A {
      lines += 1
    } else if bytes[index] == 0x0D {
      lines += 1
      if index + 1 < bytes.count && bytes[index + 1] == 0x0A { index += 1 }
    }
    index += 1
  }
  return lines
}
