/// Names the encoding of an input that is not UTF-8, so that the problem says what the file
/// is and how to convert it instead of pointing at a byte.
///
/// UTF-16 and a doubled byte order mark show in the first 16 bytes (the smallest chunk, so
/// the verdict never depends on the chunk size); a Korean legacy encoding (CP949, whose
/// subset is EUC-KR: what Korean Windows saves) is judged on every byte of the file, as it
/// streams past, and known at the end.
struct EncodingSniffer {
  enum Guess: Hashable, Sendable {
    case utf16(bigEndian: Bool, byteOrderMark: Bool)
    case doubledByteOrderMark
    case cp949
  }

  /// What the start of the file shows (UTF-16, a doubled BOM), or `nil`.
  private(set) var atStart: Guess?

  // CP949: every byte so far is ASCII or a lead 0x81–0xFE and a trail 0x41–0x5A, 0x61–0x7A or
  // 0x81–0xFE; and two pairs at least are KS X 1001 characters (both bytes 0xA1 or more:
  // Hangul, Hanja), which text in a Western code page hardly ever gives.
  private var readsAsCP949 = true
  private var expectingTrail = false
  private var leadIsWide = false
  private var wideCharacters = 0

  /// `.cp949` when every byte of the file read so far is CP949 text with Korean in it.
  var wholeFile: Guess? {
    readsAsCP949 && !expectingTrail && wideCharacters >= 2 ? .cp949 : nil
  }

  mutating func lookAtStart(_ chunk: UnsafeBufferPointer<UInt8>) {
    if chunk.starts(with: [0xFF, 0xFE]) {
      atStart = .utf16(bigEndian: false, byteOrderMark: true)
    } else if chunk.starts(with: [0xFE, 0xFF]) {
      atStart = .utf16(bigEndian: true, byteOrderMark: true)
    } else if chunk.starts(with: [0xEF, 0xBB, 0xBF, 0xEF, 0xBB, 0xBF]) {
      atStart = .doubledByteOrderMark
    } else {
      // UTF-16 without a mark: ASCII text has a NUL in every other byte, on one side.
      let pairs = min(chunk.count, 16) / 2
      guard pairs >= 2 else { return }
      var evenNULs = 0
      var oddNULs = 0
      for pair in 0..<pairs {
        if chunk[2 * pair] == 0 { evenNULs += 1 }
        if chunk[2 * pair + 1] == 0 { oddNULs += 1 }
      }
      if oddNULs * 2 >= pairs && evenNULs * 8 <= pairs {
        atStart = .utf16(bigEndian: false, byteOrderMark: false)
      } else if evenNULs * 2 >= pairs && oddNULs * 8 <= pairs {
        atStart = .utf16(bigEndian: true, byteOrderMark: false)
      }
    }
  }

  /// Follows the CP949 reading through the next chunk of the file.
  mutating func scan(_ chunk: UnsafeBufferPointer<UInt8>) {
    guard readsAsCP949 else { return }
    for byte in chunk {
      if expectingTrail {
        guard (0x41...0x5A).contains(byte) || (0x61...0x7A).contains(byte) || byte >= 0x81,
          byte != 0xFF
        else {
          readsAsCP949 = false
          return
        }
        if leadIsWide && byte >= 0xA1 { wideCharacters += 1 }
        expectingTrail = false
      } else if byte >= 0x80 {
        guard byte >= 0x81 && byte <= 0xFE else {
          readsAsCP949 = false
          return
        }
        expectingTrail = true
        leadIsWide = byte >= 0xA1
      }
    }
  }

  /// What the problem adds for `guess`, naming the file as it is in the inputs folder.
  static func advice(_ guess: Guess, file: String) -> String {
    switch guess {
    case .utf16(let bigEndian, let byteOrderMark):
      let name = bigEndian ? "UTF-16BE" : "UTF-16LE"
      let how =
        byteOrderMark
        ? "it starts with the byte order mark \(bigEndian ? "FE FF" : "FF FE")"
        : "every other byte is NUL"
      return "the file is \(name) text (\(how)), not UTF-8: convert it with "
        + convert(from: name, file)
    case .doubledByteOrderMark:
      return "the file starts with the UTF-8 byte order mark twice (EF BB BF EF BB BF), "
        + "so the first column's name begins with an invisible U+FEFF: remove one with "
        + "sed -i '1s/^\\xEF\\xBB\\xBF//' \(file)"
    case .cp949:
      return "the file looks like CP949/EUC-KR (Korean Windows), not UTF-8: convert it with "
        + convert(from: "CP949", file)
    }
  }

  private static func convert(from encoding: String, _ file: String) -> String {
    "iconv -f \(encoding) -t UTF-8 \(file) > \(file).utf8 && mv \(file).utf8 \(file)"
  }
}
