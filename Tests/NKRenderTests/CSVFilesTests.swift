import Foundation
import NKPeriods
import NKSummary
import Testing

@testable import NKRender

@Suite("CSV files")
struct CSVFilesTests {
  @Test func writesTheContractsFilesInOrderWithoutRejects() throws {
    let directory = try temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let names = try writeCSVFiles(Fixture.model(), records: Fixture.records, into: directory)
    #expect(
      names == [
        "summary.csv", "arrivals-by-year.csv", "arrivals-detail.csv", "aid-by-year.csv",
        "aid-by-category.csv", "aid-records.csv", "checks.csv", "revisions.csv",
      ])
    let present = try FileManager.default.contentsOfDirectory(atPath: directory.path).sorted()
    #expect(present == names.sorted())
  }

  @Test func summaryHasEveryMetricInOrder() throws {
    let directory = try temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    try writeCSVFiles(Fixture.model(), records: Fixture.records, into: directory)
    let summary = try readText(directory, "summary.csv")
    #expect(
      summary == """
        metric,value,provisional
        period,2018-11,false
        arrivals_ytd,1042,false
        arrivals_ytd_prev,1045,false
        arrivals_change,-3,false
        arrivals_change_pct,-0.0029,false
        residents,32381,false
        aid_authorised,14,false
        aid_delivered_value_krw,4700000000,false
        aid_delivered_value_usd,4179635.39,false
        aid_delivered_providers,6,false
        aid_pending,2,false
        aid_pending_value_krw,9040000000,false
        aid_pending_value_usd,8000000.00,false

        """)
  }

  @Test func unavailableFiguresAreBlankNeverZero() throws {
    var headline = Fixture.headline
    headline.arrivalsYTDPrevious = .unavailable(reason: Reasons.noWindowRows)
    headline.arrivalsChange = .unavailable(reason: Reasons.noWindowRows)
    headline.arrivalsChangeFraction = .unavailable(reason: Reasons.noWindowRows)
    headline.aidDeliveredValueUSD = .unavailable(reason: Reasons.noUSDRate)
    let directory = try temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    try writeCSVFiles(Fixture.model(headline: headline), records: Fixture.records, into: directory)
    let summary = lines(try readText(directory, "summary.csv"))
    #expect(summary.contains("arrivals_ytd_prev,,false"))
    #expect(summary.contains("arrivals_change,,false"))
    #expect(summary.contains("arrivals_change_pct,,false"))
    #expect(summary.contains("aid_delivered_value_usd,,false"))
    #expect(summary.contains("arrivals_ytd,1042,false"))
  }

  @Test func arrivalsByYear() throws {
    let directory = try temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    try writeCSVFiles(Fixture.model(), records: Fixture.records, into: directory)
    let rows = lines(try readText(directory, "arrivals-by-year.csv"))
    #expect(
      rows[0]
        == "label,first_year,last_year,male,female,total,female_share,change,change_pct,cumulative_arrivals,departures,residents,complete,provisional"
    )
    #expect(rows[1] == "..1998,,1998,831,116,947,0.1225,,,947,,,true,false")
    #expect(rows[2] == "1999..2001,1999,2001,565,478,1043,0.4583,,,1990,0,1990,true,false")
    #expect(rows[3] == "2002,2002,2002,,,,,,,,0,,false,false")
    #expect(rows[4] == "2017,2017,2017,188,939,1127,0.8332,-291,-0.2052,31530,150,31339,true,false")
    #expect(rows[5] == "2018,2018,2018,199,843,1042,0.809,-3,-0.0029,32572,191,32381,false,false")
    #expect(rows.count == 7 && rows[6] == "")
  }

  @Test func arrivalsDetail() throws {
    let directory = try temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    try writeCSVFiles(Fixture.model(), records: Fixture.records, into: directory)
    let rows = lines(try readText(directory, "arrivals-detail.csv"))
    #expect(
      rows[0] == "period,first_month,last_month,male,female,total,ytd_total,residents,provisional")
    #expect(rows[1] == "2017-01..2017-06,2017-01,2017-06,90,503,593,593,30805,false")
    #expect(rows[2] == "2017-07..2017-11,2017-07,2017-11,,,452,1045,,false")
    #expect(rows[3] == "2017-12,2017-12,2017-12,10,72,82,1127,31339,false")
    #expect(rows[4] == "2018-01..2018-11,2018-01,2018-11,199,843,1042,1042,32381,false")
  }

  @Test func aidTables() throws {
    let directory = try temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    try writeCSVFiles(Fixture.model(), records: Fixture.records, into: directory)
    #expect(
      try readText(directory, "aid-by-year.csv") == """
        year,authorised,delivered,providers,value_krw,value_usd,pending_value_krw,pending_value_usd
        2017,20,10,5,2850000000,2519000.12,9040000000,8000000.00
        2018,14,14,6,4700000000,4179635.39,9040000000,

        """)
    #expect(
      try readText(directory, "aid-by-category.csv") == """
        year,category,records,value_krw,value_usd
        2018,tuberculosis drugs,6,2500000000,2223000.00
        2018,"milk powder, infant",5,1300000000,1156000.00
        2018,'@flour,3,900000000,800635.39

        """)
  }

  @Test func aidRecordsAreNeutralisedAndQuoted() throws {
    let directory = try temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    try writeCSVFiles(Fixture.model(), records: Fixture.records, into: directory)
    let text = try readText(directory, "aid-records.csv")
    #expect(
      text == """
        id,authorised,provider,provider_type,category,description,amount,currency,status,delivered,value_krw,value_usd
        2018-001,2018-02-12,"'=HYPERLINK(""http://x"",""y"")",civic,tuberculosis drugs,'-danger,1250000000,KRW,delivered,2018-03-20,1250000000,1165501.17
        2018-002,2018-04-02,Eugene Bell Foundation,civic,flour,"Flour, 500 ""bags""
        second line",0.5,KRW,delivered,2018-05-02,0,
        2017-031,2017-09-21,WFP,international,nutrition,,4500000.00,USD,delivered,2019-06-03,5085000000,4500000.00
        2017-032,2017-09-21,UNICEF,international,vaccines,'+1 shipment,3500000.00,USD,on_hold,,3955000000,3500000.00

        """)
  }

  @Test func checksKeepNegativeNumbersAsNumbers() throws {
    let directory = try temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    try writeCSVFiles(Fixture.model(), records: Fixture.records, into: directory)
    #expect(
      try readText(directory, "checks.csv") == """
        check,expected,computed,difference,status,anchor
        residents 2018-10-31 (MOU bulletin),32150,32147,-3,mismatch,
        aid.csv rows,4,4,0,ok,
        residents 2002-12-31,2190,,,not_computable,

        """)
  }

  @Test func rejectsFileOnlyWhenRowsWereRejected() throws {
    let directory = try temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let names = try writeCSVFiles(
      Fixture.model(rejects: [Fixture.reject]), records: Fixture.records, into: directory)
    #expect(names.last == "rejects.csv")
    #expect(
      try readText(directory, "rejects.csv") == """
        file,line,column,value,reason
        aid.csv,6,amount,'=1+2,amount must be a decimal number with a . point

        """)
    let clean = try temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: clean) }
    #expect(
      !(try writeCSVFiles(Fixture.model(), records: Fixture.records, into: clean)).contains(
        "rejects.csv"))
    #expect(
      !FileManager.default.fileExists(atPath: clean.appendingPathComponent("rejects.csv").path))
  }

  @Test func utf8WithoutBOMAndLFLineEnds() throws {
    let directory = try temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    for name in try writeCSVFiles(
      Fixture.model(rejects: [Fixture.reject]), records: Fixture.records, into: directory)
    {
      let bytes = [UInt8](try Data(contentsOf: directory.appendingPathComponent(name)))
      #expect(Array(bytes.prefix(3)) != [0xEF, 0xBB, 0xBF], "\(name) starts with a BOM")
      #expect(!bytes.contains(13), "\(name) contains CR")
      #expect(bytes.last == 10, "\(name) does not end with a line feed")
    }
  }

  @Test func streamsManyRecordsWithoutCollectingThem() throws {
    let count = 50_000
    let stream = (0..<count).map { index in
      var row = Fixture.records[index % Fixture.records.count]
      row.id = "R\(index)"
      return row
    }
    let directory = try temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    try writeCSVFiles(Fixture.model(recordCount: count), records: stream, into: directory)
    let data = try Data(contentsOf: directory.appendingPathComponent("aid-records.csv"))
    // One header, one line per record, plus the line inside the quoted multi-line description.
    let lineFeeds = data.reduce(0) { $0 + ($1 == 10 ? 1 : 0) }
    #expect(lineFeeds == 1 + count + count / Fixture.records.count)
  }

  @Test func errorsAreThrownNotFatal() throws {
    let directory = try temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let blocker = directory.appendingPathComponent("file")
    try Data("x".utf8).write(to: blocker)
    #expect(throws: RenderError.self) {
      try writeCSVFiles(
        Fixture.model(), records: Fixture.records, into: blocker.appendingPathComponent("sub"))
    }
  }
}

@Suite("Number text")
struct NumberTextTests {
  @Test func fractionsRoundToFourPlaces() {
    #expect(NumberText.fraction(-3.0 / 1045.0) == "-0.0029")
    #expect(NumberText.fraction(0.5) == "0.5")
    #expect(NumberText.fraction(1) == "1")
    #expect(NumberText.fraction(-0.00001) == "0")
    #expect(NumberText.fraction(0.00005) == "0.0001")
    #expect(NumberText.fraction(1e-9) == "0")
    #expect(NumberText.fraction(12.34567) == "12.3457")
    #expect(NumberText.fraction(.nan) == nil)
    #expect(NumberText.fraction(.infinity) == nil)
  }

  @Test func decimalsArePrintedExactlyWithoutExponent() {
    #expect(NumberText.plain(Decimal(string: "4700000000")!) == "4700000000")
    #expect(
      NumberText.plain(Decimal(sign: .plus, exponent: 30, significand: 1)) == "1"
        + String(repeating: "0", count: 30))
    #expect(
      NumberText.plain(Decimal(sign: .minus, exponent: -12, significand: 5)) == "-0.000000000005")
    #expect(NumberText.plain(Decimal(string: "4179635.39")!) == "4179635.39")
    #expect(NumberText.plain(Decimal(string: "0.000")!) == "0")
    #expect(NumberText.plain(.nan) == nil)
    #expect(expandExponent("1.25E+3") == "1250")
    #expect(expandExponent("-1.5e-3") == "-0.0015")
    #expect(expandExponent("12e0") == "12")
    #expect(expandExponent("0.10e1") == "1")
  }

  @Test func displayAmounts() {
    #expect(NumberText.won(Decimal(4_700_000_000)) == "4.7 billion won")
    #expect(NumberText.won(Decimal(520_000_000)) == "520 million won")
    #expect(NumberText.won(Decimal(999_600_000)) == "1.0 billion won")
    #expect(NumberText.won(Decimal(850_000)) == "850,000 won")
    #expect(NumberText.won(Decimal(string: "1234567890123")!) == "1.2 trillion won")
    #expect(NumberText.dollars(Decimal(string: "4179635.39")!) == "US$ 4.2 million")
    #expect(NumberText.dollars(Decimal(8_000_000)) == "US$ 8.0 million")
    #expect(NumberText.dollars(Decimal(45_300)) == "US$ 45,300")
    #expect(NumberText.dollars(Decimal(string: "999960000")!) == "US$ 1.0 billion")
    #expect(NumberText.groupedWhole(Decimal(string: "4179635.5")!) == "4,179,636")
  }

  @Test func countsAndPercentages() {
    #expect(NumberText.grouped(1042) == "1,042")
    #expect(NumberText.grouped(32381) == "32,381")
    #expect(NumberText.grouped(-1_234_567) == "-1,234,567")
    #expect(NumberText.grouped(999) == "999")
    #expect(NumberText.grouped(0) == "0")
    #expect(NumberText.signedGrouped(12) == "+12")
    #expect(NumberText.percent(-3.0 / 1045.0, signed: true) == "-0.3%")
    #expect(NumberText.percent(0.125, signed: true) == "+12.5%")
    #expect(NumberText.percent(0, signed: true) == "0.0%")
  }
}
