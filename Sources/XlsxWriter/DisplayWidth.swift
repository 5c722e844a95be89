// Rough estimates of how many character widths a cell's displayed content takes, for fitted
// column widths (libxlsxwriter 1.1.4 has no autofit). Heuristics, not a renderer: good enough
// to size report columns, cheap enough to run on every cell.

enum DisplayWidth {
  /// Keeps `width` in `widths` (the widest per column, 0 for none) if it is the widest yet.
  @inline(__always)
  static func note(_ width: Double, column: Int, in widths: inout [Double]) {
    if column >= widths.count {
      widths.append(contentsOf: repeatElement(0, count: column + 1 - widths.count))
    }
    if width > widths[column] { widths[column] = width }
  }

  /// Width of a string: East-Asian wide characters count 2, combining marks 0; for multi-line
  /// text, the widest line.
  static func of(string: String) -> Double {
    var widest = 0
    var current = 0
    for scalar in string.unicodeScalars {
      if scalar == "\n" {
        widest = max(widest, current)
        current = 0
      } else {
        current += width(of: scalar)
      }
    }
    return Double(max(widest, current))
  }

  static func width(of scalar: Unicode.Scalar) -> Int {
    let v = scalar.value
    switch v {
    case 0..<0x20, 0x7F..<0xA0: return 0
    case 0x0300...0x036F, 0x200B...0x200F, 0xFE00...0xFE0F: return 0
    case 0x1100...0x115F, 0x2E80...0x303E, 0x3041...0x33FF, 0x3400...0x4DBF, 0x4E00...0x9FFF,
      0xA000...0xA4CF, 0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE30...0xFE4F, 0xFF00...0xFF60,
      0xFFE0...0xFFE6, 0x1F300...0x1F64F, 0x1F900...0x1F9FF, 0x20000...0x3FFFD:
      return 2
    default: return 1
    }
  }

  /// Width of a number as `numberFormat` would roughly display it.
  static func of(number: Double, numberFormat: String?) -> Double {
    of(number: number, shape: NumberShape(numberFormat: numberFormat))
  }

  /// A number format parsed once: whether it is "General", and each of its sections. Formats
  /// are few and cells many, so the worksheet keeps one shape per distinct format and each
  /// cell's estimate is O(1).
  struct NumberShape {
    /// No format, the empty format or "General".
    let isGeneral: Bool
    /// The parsed sections (positive; negative; zero; text), at least one unless general.
    let sections: [Parsed]

    init(numberFormat: String?) {
      guard let numberFormat, !numberFormat.isEmpty, numberFormat.lowercased() != "general"
      else {
        isGeneral = true
        sections = []
        return
      }
      isGeneral = false
      sections = splitSections(numberFormat).map(parse)
    }
  }

  /// Width of a number in a pre-parsed number format; the same estimate as
  /// ``of(number:numberFormat:)``.
  static func of(number: Double, shape: NumberShape) -> Double {
    if shape.isGeneral { return Double(generalWidth(number)) }
    let sections = shape.sections
    var parsed = sections[0]
    var value = number
    if number < 0, sections.count > 1 {
      parsed = sections[1]
      value = -number
    } else if number == 0, sections.count > 2 {
      parsed = sections[2]
    }
    if parsed.isDate { return Double(parsed.literalWidth + parsed.dateWidth) }
    if parsed.percent { value *= 100 }
    let magnitude = abs(value)
    let rounded = (magnitude * pow10(parsed.decimals)).rounded() / pow10(parsed.decimals)
    var integerDigits = 20
    if rounded.isFinite && rounded < 1e20 {
      integerDigits = rounded < 1 ? 1 : Int(log10(rounded)) + 1
    }
    integerDigits = max(integerDigits, parsed.minIntegerDigits)
    var width = integerDigits
    if parsed.thousands { width += (integerDigits - 1) / 3 }
    if parsed.decimals > 0 { width += 1 + parsed.decimals }
    if value < 0 { width += 1 }
    width += parsed.literalWidth
    return Double(width)
  }

  /// `general(number).count` without building the string for integral values.
  static func generalWidth(_ number: Double) -> Int {
    if number == number.rounded(), abs(number) < 1e11 {
      var v = Int64(number)
      var count = 1
      if v < 0 {
        count += 1
        v = -v
      }
      while v >= 10 {
        v /= 10
        count += 1
      }
      return count
    }
    return min(String(number).count, 11)
  }

  /// One pass over a string's UTF-8 for a string cell: whether it contains NUL and, if it is
  /// all ASCII, its display width (the same as ``of(string:)``) and its length in UTF-16 code
  /// units (its byte count). `nil` when the string is not ASCII or has no contiguous UTF-8;
  /// the caller then takes the general path.
  static func scanASCII(_ string: String) -> (containsNul: Bool, width: Int, utf16Count: Int)? {
    let result = string.utf8.withContiguousStorageIfAvailable {
      bytes -> (containsNul: Bool, width: Int, utf16Count: Int)? in
      scanASCII(UnsafeRawBufferPointer(bytes))
    }
    return result ?? nil
  }

  private static func scanASCII(_ bytes: UnsafeRawBufferPointer) -> (
    containsNul: Bool, width: Int, utf16Count: Int
  )? {
    var containsNul = false
    var widest = 0
    var current = 0
    var i = 0
    let count = bytes.count
    // Eight bytes at a time while they are all printable ASCII (0x20...0x7E), the usual case:
    // for bytes below 0x80, `b + 0x60` has its high bit clear exactly when b < 0x20, and
    // `b + 1` has it set exactly when b == 0x7F; neither carries into the next byte.
    let highBits: UInt64 = 0x8080_8080_8080_8080
    while i + 8 <= count {
      let word = bytes.loadUnaligned(fromByteOffset: i, as: UInt64.self)
      if word & highBits != 0 { return nil }
      let control = ~(word &+ 0x6060_6060_6060_6060) & highBits
      let delete = (word &+ 0x0101_0101_0101_0101) & highBits
      if control | delete != 0 { break }
      current += 8
      i += 8
    }
    while i < count {
      let byte = bytes[i]
      i += 1
      if byte >= 0x80 { return nil }
      if byte >= 0x20 && byte != 0x7F {
        current += 1
      } else if byte == 0x0A {
        widest = max(widest, current)
        current = 0
      } else if byte == 0 {
        containsNul = true
      }
    }
    return (containsNul, max(widest, current), count)
  }

  /// Width of a date in `numberFormat`.
  static func of(dateFormat: String) -> Double {
    let parsed = parse(splitSections(dateFormat)[0])
    return Double(parsed.literalWidth + parsed.dateWidth)
  }

  /// Roughly Excel's "General" display: up to 11 characters.
  static func general(_ number: Double) -> String {
    if number == number.rounded(), abs(number) < 1e11 {
      return String(Int64(number))
    }
    var text = String(number)
    if text.count > 11 { text = String(text.prefix(11)) }
    return text
  }

  private static func pow10(_ n: Int) -> Double {
    var result = 1.0
    for _ in 0..<n { result *= 10 }
    return result
  }

  private static func splitSections(_ format: String) -> [String] {
    var sections: [String] = []
    var current = ""
    var inQuotes = false
    var escaped = false
    for ch in format {
      if escaped {
        current.append(ch)
        escaped = false
        continue
      }
      if ch == "\\" { escaped = true }
      if ch == "\"" { inQuotes.toggle() }
      if ch == ";" && !inQuotes {
        sections.append(current)
        current = ""
      } else {
        current.append(ch)
      }
    }
    sections.append(current)
    return sections
  }

  struct Parsed {
    var decimals = 0
    var minIntegerDigits = 0
    var thousands = false
    var percent = false
    var literalWidth = 0
    var isDate = false
    var dateWidth = 0
  }

  private static func parse(_ section: String) -> Parsed {
    var result = Parsed()
    let chars = Array(section)
    var i = 0
    var afterPoint = false
    var dateTokens: [(Character, Int)] = []
    while i < chars.count {
      let ch = chars[i]
      switch ch {
      case "\"":
        var j = i + 1
        while j < chars.count, chars[j] != "\"" {
          result.literalWidth += width(of: chars[j])
          j += 1
        }
        i = j + 1
        continue
      case "\\":
        if i + 1 < chars.count { result.literalWidth += width(of: chars[i + 1]) }
        i += 2
        continue
      case "[":
        // [$€-407] is a currency symbol; [Red], [h], [>100] are not displayed.
        var j = i + 1
        var content = ""
        while j < chars.count, chars[j] != "]" {
          content.append(chars[j])
          j += 1
        }
        if content.hasPrefix("$") {
          let symbol = content.dropFirst().split(separator: "-", maxSplits: 1).first ?? ""
          result.literalWidth += symbol.reduce(0) { $0 + width(of: $1) }
        } else if let first = content.lowercased().first, "hms".contains(first) {
          result.isDate = true
          dateTokens.append((first, content.count))
        }
        i = j + 1
        continue
      case "_":
        result.literalWidth += 1
        i += 2
        continue
      case "*":
        i += 2
        continue
      case "0", "?":
        if afterPoint { result.decimals += 1 } else { result.minIntegerDigits += 1 }
      case "#":
        if afterPoint { result.decimals += 1 }
      case ".":
        afterPoint = true
      case ",":
        if !afterPoint { result.thousands = true }
      case "%":
        result.percent = true
        result.literalWidth += 1
      case "y", "Y", "m", "M", "d", "D", "h", "H", "s", "S":
        var j = i
        while j < chars.count, chars[j] == ch { j += 1 }
        result.isDate = true
        dateTokens.append((Character(ch.lowercased()), j - i))
        i = j
        continue
      case "A", "a":
        let rest = String(chars[i...]).lowercased()
        if rest.hasPrefix("am/pm") {
          result.literalWidth += 2
          i += 5
          continue
        }
        result.literalWidth += 1
      default:
        result.literalWidth += width(of: ch)
      }
      i += 1
    }
    for (token, count) in dateTokens {
      switch (token, count) {
      case ("m", 3), ("d", 3): result.dateWidth += 3
      case ("m", 5): result.dateWidth += 1
      case ("m", 4...), ("d", 4...): result.dateWidth += 9
      case ("y", 1...2): result.dateWidth += 2
      case ("y", _): result.dateWidth += 4
      case (_, 1): result.dateWidth += 2
      default: result.dateWidth += count
      }
    }
    if result.isDate && result.minIntegerDigits > 0 && dateTokens.isEmpty { result.isDate = false }
    return result
  }

  private static func width(of ch: Character) -> Int {
    ch.unicodeScalars.reduce(0) { $0 + width(of: $1) }
  }
}

private func log10(_ x: Double) -> Double {
  // Avoids a Foundation dependency for one function; exact enough for digit counting.
  var n = 0.0
  var v = x
  while v >= 10 {
    v /= 10
    n += 1
  }
  return n
}
