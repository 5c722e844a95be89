import Foundation

#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#endif

/// How a CSV file's bytes were turned into text.
public enum SourceEncoding: String, Hashable, Sendable {
  case utf8 = "UTF-8"
  case utf8WithBOM = "UTF-8 with BOM"
  case cp949 = "CP949 (EUC-KR)"
}

enum TextDecoding {
  struct Failure: Error, Equatable {
    var reason: String
  }

  /// UTF-8 bytes of `bytes`: a UTF-8 BOM is dropped; valid UTF-8 is taken as it is; anything
  /// else is read as CP949, the encoding Korean government downloads and Korean Excel's
  /// "CSV" use (a superset of EUC-KR, so EUC-KR files read the same).
  static func decode(_ bytes: [UInt8]) throws(Failure) -> (text: [UInt8], encoding: SourceEncoding)
  {
    if bytes.starts(with: [0xEF, 0xBB, 0xBF]) {
      let rest = Array(bytes.dropFirst(3))
      guard String(validating: rest, as: UTF8.self) != nil else {
        throw Failure(reason: "starts with a UTF-8 byte-order mark but is not valid UTF-8")
      }
      return (rest, .utf8WithBOM)
    }
    if bytes.starts(with: [0xFF, 0xFE]) || bytes.starts(with: [0xFE, 0xFF]) {
      throw Failure(
        reason: "is UTF-16 text: save it as CSV (UTF-8 or the Korean CSV format) instead")
    }
    if String(validating: bytes, as: UTF8.self) != nil { return (bytes, .utf8) }
    return (try fromCP949(bytes), .cp949)
  }

  /// Converts with glibc's iconv, in process. Why iconv: glibc ships the CP949 table (its UHC
  /// module, in libc6 on every Debian system, so nothing is added to the server), while
  /// swift-corelibs-foundation on Linux has no EUC-KR/CP949 decoder and no listed package
  /// has one. The UHC module is a gconv plug-in glibc loads itself: this needs a dynamically
  /// linked glibc, which `--static-swift-stdlib` keeps.
  static func fromCP949(_ bytes: [UInt8]) throws(Failure) -> [UInt8] {
    let converter = iconv_open("UTF-8", "CP949")
    guard let converter, converter != iconv_t(bitPattern: -1) else {
      throw Failure(
        reason: "is not UTF-8, and this system cannot read CP949 (glibc's iconv has no CP949)")
    }
    defer { iconv_close(converter) }
    var input = bytes
    // A CP949 character (1–2 bytes) becomes at most 3 UTF-8 bytes.
    var output = [UInt8](repeating: 0, count: bytes.count * 2 + 16)
    var failedAt: Int?
    var produced = 0
    input.withUnsafeMutableBufferPointer { inBuffer in
      output.withUnsafeMutableBufferPointer { outBuffer in
        var inPointer: UnsafeMutablePointer<CChar>? = UnsafeMutableRawPointer(inBuffer.baseAddress)?
          .assumingMemoryBound(to: CChar.self)
        var inLeft = inBuffer.count
        var outPointer: UnsafeMutablePointer<CChar>? = UnsafeMutableRawPointer(
          outBuffer.baseAddress)?.assumingMemoryBound(to: CChar.self)
        var outLeft = outBuffer.count
        let result = iconv(converter, &inPointer, &inLeft, &outPointer, &outLeft)
        if result == -1 { failedAt = inBuffer.count - inLeft }
        produced = outBuffer.count - outLeft
      }
    }
    if let failedAt {
      let line = bytes[..<failedAt].reduce(1) { $0 + ($1 == 0x0A ? 1 : 0) }
      let shown = failedAt < bytes.count ? String(format: "0x%02X", bytes[failedAt]) : "the end"
      throw Failure(
        reason:
          "is neither UTF-8 nor CP949/EUC-KR: \(shown) at line \(line) cannot be read in either")
    }
    return Array(output[..<produced])
  }
}
