import NKImport
import NKPeriods
import Testing

/// Every heading form the Ministry's pages print, in Korean, Chinese and English, read to its
/// months; anything else refused with the reason, never guessed.
@Suite("Period headings")
struct HeadingGrammarTests {
  /// The heading as the period it covers when it is the column after 2024 (or first).
  func read(_ text: String, after previous: String? = "2024-12") -> (String, Bool)? {
    guard case .success(let (heading, provisional)) = HeadingGrammar.parse(text) else { return nil }
    guard case .success(let period) = heading.period(after: previous.flatMap(YearMonth.parse))
    else { return nil }
    return (period.description, provisional)
  }

  @Test(arguments: [
    // Korean: the forms of the Ministry's tables over the years.
    ("'25", "2025", false), ("2025년", "2025", false), ("'25(잠정)", "2025", true),
    ("'25 (잠정)", "2025", true), ("’20.09 (잠정)", "2020-01..2020-09", true),
    ("'20.9월", "2020-01..2020-09", false), ("'24.9월말", "2024-01..2024-09", false),
    ("'24.9월말 기준", "2024-01..2024-09", false), ("'26.1~3월(잠정)", "2026-01..2026-03", true),
    ("'25.1~6월", "2025-01..2025-06", false), ("'26.4~6월(잠정)", "2026-04..2026-06", true),
    ("2026년 1~3월", "2026-01..2026-03", false), ("'26.1～3월（잠정）", "2026-01..2026-03", true),
    ("'24.12월말", "2024", false), ("'26.3월말(잠정치)", "2026-01..2026-03", true),
    // Chinese: the Chinese page's own words.
    ("2025年", "2025", false), ("2025年(暂定)", "2025", true), ("2024年9月末", "2024-01..2024-09", false),
    ("2024年9月底（临时）", "2024-01..2024-09", true), ("2026年1-3月(暂定)", "2026-01..2026-03", true),
    ("'20.09 (暂定)", "2020-01..2020-09", true), ("2026年1~3月[暫定]", "2026-01..2026-03", true),
    // English.
    ("2025", "2025", false), ("2025 (provisional)", "2025", true), ("2025 (p)", "2025", true),
    ("Sep. 2024", "2024-01..2024-09", false), ("end of September 2024", "2024-01..2024-09", false),
    ("as of end of Sep 2024", "2024-01..2024-09", false),
    ("Jan.–Mar. 2026 (provisional)", "2026-01..2026-03", true),
    ("January to March 2026 (prov.)", "2026-01..2026-03", true),
    ("Apr-Jun 2026 preliminary", "2026-04..2026-06", true),
  ])
  func aHeadingIsReadToItsMonths(_ text: String, _ period: String, _ provisional: Bool) {
    let found = read(text)
    #expect(found?.0 == period, "\(text)")
    #expect(found?.1 == provisional, "\(text)")
  }

  @Test func everythingSinceTheColumnBeforeInEachLanguage() {
    #expect(read("~'98", after: nil)?.0 == "..1998")
    #expect(read("~'01", after: "1998-12")?.0 == "1999..2001")
    #expect(read("截至1998年", after: nil)?.0 == "..1998")
    #expect(read("up to 1998", after: nil)?.0 == "..1998")
    #expect(read("'98까지", after: nil)?.0 == "..1998")
    #expect(read("~'20.09", after: "2019-12")?.0 == "2020-01..2020-09")
  }

  @Test(arguments: [
    ("'04.13", "names month 13, which does not exist"),
    ("'26.3~1월", "runs backwards, from month 3 to month 1"),
    ("2025.10.15", "names a day, not a month: a column covers whole months"),
    (
      "2026-03-01", "reads as a date (year, month, day), not a period: a column covers whole months"
    ),
    ("2026/3/31", "reads as a date (year, month, day), not a period: a column covers whole months"),
    ("~'26.4~6월", "starts with ~ (since the column before) but also names its first month"),
  ])
  func aHeadingThatCannotBeAPeriodSaysWhy(_ text: String, _ reason: String) {
    guard case .failure(let found) = HeadingGrammar.parse(text) else {
      Issue.record("\(text) was read")
      return
    }
    #expect(found == reason)
  }

  @Test(arguments: [
    "2003년도?", "'1x", "202509", "Q1 2026", "2025-2026", "'26.1~3월 외", "(잠정)", "Sept 2024 to 2025",
    "'98~'01",
  ])
  func anythingElseIsNotAPeriod(_ text: String) {
    guard case .failure(let reason) = HeadingGrammar.parse(text) else {
      Issue.record("\(text) was read")
      return
    }
    #expect(reason.hasPrefix("is not a period heading"))
  }

  /// Printed in each language and style, every heading reads back to itself: 5,000 seeded
  /// random headings.
  @Test func printedHeadingsReadBack() {
    var state: UInt64 = 0x9E37_79B9_7F4A_7C15
    func next(_ bound: Int) -> Int {
      state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
      return Int((state >> 33) % UInt64(bound))
    }
    for _ in 0..<5_000 {
      let year = 1950 + next(100)
      let last = 1 + next(12)
      let first = 1 + next(last)
      let bound: PeriodHeading.Bound
      switch next(3) {
      case 0: bound = .year(year)
      case 1: bound = .throughMonth(YearMonth(year: year, month: last)!)
      default:
        bound = .months(YearMonth(year: year, month: first)!, YearMonth(year: year, month: last)!)
      }
      var heading = PeriodHeading(sincePrevious: next(4) == 0, bound: bound)
      if heading.sincePrevious, case .months = heading.bound {
        heading = PeriodHeading(sincePrevious: false, bound: bound)
      }
      let provisional = next(2) == 0
      for language in HeadingLanguage.allCases {
        for style in 0..<2 {
          let text = heading.printed(language, provisional: provisional, style: style)
          guard case .success(let (read, readProvisional)) = HeadingGrammar.parse(text) else {
            Issue.record("\(text) (\(heading)) is not read back")
            return
          }
          #expect(read == heading, "\(text)")
          #expect(readProvisional == provisional, "\(text)")
        }
      }
    }
  }
}
