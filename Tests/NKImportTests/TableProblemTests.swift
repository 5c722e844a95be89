import Foundation
import NKImport
import Testing

/// A table that does not add up is refused with every problem located in the source.
@Suite("Checks on the table")
struct TableProblemTests {
  func problemsReading(_ text: String, name: String = "mou.csv") throws -> [String] {
    let scratch = try Scratch()
    let path = try scratch.write(text, to: name)
    return problems(
      of: importError { () throws(ImportError) in _ = try TableSource.read(path: path) })
  }

  @Test func maleAndFemaleMustAddUpToTheTotal() throws {
    let text = ministryCSV { setCell(&$0, row: 1, heading: "'02", to: "511") }
    let found = try problemsReading(text)
    // Line 6 is the total row (a title and a unit row come first); the column is named by
    // its header text. The 합계 column then no longer adds up for males either.
    #expect(found.contains("mou.csv:6:'02: male + female = 511 + 632 = 1,143, not 1,142"))
    #expect(
      found.contains("mou.csv:4:합계: the period columns add up to 9,428, not 9,427 (Male (남))"))
    #expect(found.count == 2)
  }

  @Test func theTotalColumnMustBeTheSumOfThePeriodColumns() throws {
    let text = ministryCSV { rows in
      setCell(&rows, row: 3, heading: "합계", to: "33,719")
      setCell(&rows, row: 2, heading: "합계", to: "24,292")
    }
    let found = try problemsReading(text)
    #expect(
      found.contains("mou.csv:5:합계: the period columns add up to 24,291, not 24,292 (Female (여))"))
    #expect(
      found.contains("mou.csv:6:합계: the period columns add up to 33,718, not 33,719 (Total (합계))"))
    #expect(found.count == 2)
  }

  func warningsReading(_ text: String, name: String = "mou.csv") throws -> [String] {
    let scratch = try Scratch()
    let path = try scratch.write(text, to: name)
    return try TableSource.read(path: path).table.warnings.map(\.description)
  }

  @Test func aPrintedRatioThatDisagreesIsAWarningNamingTheCellAndTheCountsAreImported() throws {
    // The Ministry's page prints, for its latest provisional column, a ratio off by points:
    // 72.1% where 131 ÷ 195 is 67.2%. The counts are read; the ratio is only presentation.
    let text = ministryCSV { setCell(&$0, row: 4, heading: "’20.09 (잠정)", to: "72.1%") }
    let scratch = try Scratch()
    let read = try TableSource.read(path: try scratch.write(text, to: "mou.csv"))
    #expect(read.table.columns.last?.total == 195)
    #expect(read.table.cumulative?.total == 33_718)
    #expect(
      read.table.warnings.map(\.description) == [
        "mou.csv:7:’20.09 (잠정): the printed female ratio 72.1% is not female ÷ total = 131 ÷ 195 = 67.2% (the counts are imported; the ratio is only presentation)"
      ])
    // Rounding either way within half a unit of the last digit is fine; two decimals are
    // checked to two decimals.
    let finer = ministryCSV { rows in
      setCell(&rows, row: 4, heading: "'02", to: "55.34%")
      setCell(&rows, row: 4, heading: "'03", to: "63.12%")
    }
    #expect(
      try warningsReading(finer) == [
        "mou.csv:7:'03: the printed female ratio 63.12% is not female ÷ total = 811 ÷ 1,285 = 63.11% (the counts are imported; the ratio is only presentation)"
      ])
    // Counts that do not add up stay refusals, the ratio beside them a warning.
    let both = ministryCSV { rows in
      setCell(&rows, row: 4, heading: "'10", to: "75.0%")
      setCell(&rows, row: 1, heading: "'05", to: "425")
    }
    let found = try problemsReading(both)
    #expect(found.contains { $0.hasPrefix("mou.csv:6:'05: male + female") })
    #expect(!found.contains { $0.contains("ratio") })
  }

  @Test func aRatioWarningIsShownByTheDryRunAndTheImportGoesAhead() throws {
    let scratch = try Scratch()
    let inputs = try scratch.inputs()
    let text = ministryCSV { setCell(&$0, row: 4, heading: "’20.09 (잠정)", to: "72.1%") }
    let job = MinistryTableImport(tablePath: try scratch.write(text, to: "mou.csv"), inputs: inputs)
    let plan = try job.plan()
    #expect(plan.warnings.count == 1)
    try job.write(plan)
    #expect(try scratch.read("Inputs/arrivals.csv").contains("2020-01..2020-09,64,131,195,"))
  }

  @Test func everyHeaderCellMustParse() throws {
    let text = ministryCSV { rows in
      rows[0][4] = "2003년도?"
      rows[0][5] = "'04.13"
    }
    let found = try problemsReading(text)
    #expect(found.count == 2)
    #expect(found[0].hasPrefix("mou.csv:3:2003년도?: \"2003년도?\" is not a period"))
    #expect(found[1] == "mou.csv:3:'04.13: \"'04.13\" names month 13, which does not exist")
  }

  @Test func aRepeatedPeriodNamesTheTwoColumnsApart() throws {
    // Both cells read '02: named by header text alone, the message would point at itself.
    let text = ministryCSV { rows in rows[0][4] = "'02" }
    let found = try problemsReading(text)
    #expect(
      found.contains(
        "mou.csv:3:'02 (column 5): '02 repeats the period 2002 of mou.csv:3:'02 (column 4)"))
    // Figures under a repeated heading are located the same way.
    let figures = ministryCSV { rows in
      rows[0][4] = "'02"
      setCell(&rows, row: 1, heading: "'02", to: "511")
    }
    #expect(
      try problemsReading(figures).contains(
        "mou.csv:6:'02 (column 4): male + female = 511 + 632 = 1,143, not 1,142"))
  }

  @Test func periodsMustNotOverlap() throws {
    // '20.09 after 2020 would overlap it (a year and the part-year inside it).
    let text = ministryCSV { rows in rows[0][20] = "2020" }
    let found = try problemsReading(text)
    #expect(
      found.contains(
        "mou.csv:3:’20.09 (잠정): ’20.09 (잠정) (2020-01..2020-09) overlaps 2020 (2020) at mou.csv:3:2020"
      ))
    #expect(found.contains { $0.contains("no column covers 2019") })
  }

  @Test func everyProblemIsReportedAtOnce() throws {
    let text = ministryCSV { rows in
      setCell(&rows, row: 1, heading: "'05", to: "425")
      setCell(&rows, row: 4, heading: "'10", to: "75.0%")
      setCell(&rows, row: 2, heading: "'11", to: "1,91")
      rows[0][14] = "'1x"
    }
    let found = try problemsReading(text)
    #expect(found.contains { $0.hasPrefix("mou.csv:6:'05: male + female") })
    #expect(!found.contains { $0.hasPrefix("mou.csv:7:'10:") })  // a ratio: a warning only
    #expect(found.contains("mou.csv:5:'11: is not a count of people (\"1,91\")"))
    #expect(found.contains { $0.hasPrefix("mou.csv:3:'1x: ") })
  }

  @Test func aTableWithoutItsHeaderOrRowsIsNamedAsSuch() throws {
    #expect(
      try problemsReading("title\nyear,2019\nmen,1\n") == [
        "mou.csv: no table found: no cell reads 구분, Category or 类别 (the header's label cell)"
      ])
    let noFemale = ministryCSV(labels: ["남(명)", "여자 수", "합계(명)", "여성비율"])
    #expect(
      try problemsReading(noFemale) == [
        "mou.csv:3:구분: the table has no Female (여) row under its header"
      ])
  }

  @Test func workbookProblemsAreLocatedAsSheetCells() throws {
    let scratch = try Scratch()
    let path = scratch.path("mou.xlsx")
    try ministryWorkbook(at: path)
    // Break the workbook's total row through its sheet XML: ZIPFoundation rewrites the part.
    var parts: [(String, [UInt8])] = []
    let archive = try ZIPArchiveCopy(path: path)
    for (name, bytes) in archive.parts {
      if name == "xl/worksheets/sheet2.xml" {
        let xml = String(decoding: bytes, as: UTF8.self).replacingOccurrences(
          of: "<c r=\"E6\" s=\"0\"><v>1142</v></c>", with: "<c r=\"E6\"><v>1143</v></c>"
        )
        .replacingOccurrences(
          of: "<c r=\"E6\"><v>1142</v></c>", with: "<c r=\"E6\"><v>1143</v></c>")
        #expect(xml.contains("<v>1143</v>"))
        parts.append((name, Array(xml.utf8)))
      } else {
        parts.append((name, bytes))
      }
    }
    let broken = scratch.path("broken.xlsx")
    try writeArchive(parts, to: broken)
    let found = problems(
      of: importError { () throws(ImportError) in _ = try TableSource.read(path: broken) })
    #expect(found.contains("broken.xlsx:Arrivals!E6: male + female = 510 + 632 = 1,142, not 1,143"))
    #expect(
      found.contains {
        $0.hasPrefix("broken.xlsx:Arrivals!X6: the period columns add up to 33,719")
      })
    // 632 ÷ 1,143 is still 55.3%: the ratio row agrees.
    #expect(found.count == 2)
  }
}
