import FuzzSupport
import NKImport
import NKPeriods

// The heading grammar of the Ministry's table: any text is read or refused (never a trap);
// what is read covers whole months running forwards, and prints back, in each language and
// style, to text that reads as the same heading.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzHeading(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
  let text = String(decoding: bytes(data, size), as: UTF8.self)
  guard case .success(let (heading, provisional)) = HeadingGrammar.parse(text) else { return 0 }
  if case .success(let period) = heading.period(after: nil) {
    check(period.firstOrdinal <= period.lastOrdinal, "reversed \(period) from \(text)")
    check(period.last == heading.lastMonth, "last month \(period) from \(text)")
  }
  if case .months(let first, let last) = heading.bound {
    check(first.year == last.year && first <= last && first.month > 1, "span \(text)")
  }
  for language in HeadingLanguage.allCases {
    for style in 0..<2 {
      let printed = heading.printed(language, provisional: provisional, style: style)
      guard case .success(let (read, readProvisional)) = HeadingGrammar.parse(printed) else {
        check(false, "\(printed) (printed from \(text)) is not read back")
        continue
      }
      check(read == heading && readProvisional == provisional, "round trip \(text) → \(printed)")
    }
  }
  return 0
}
