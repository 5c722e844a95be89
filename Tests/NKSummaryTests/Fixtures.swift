import Foundation
import NKInputs
import NKPeriods

/// The sample's arrivals (MOU figures) as rows, without going through the loader.
enum Fixtures {
  static func period(_ text: String) -> Period {
    switch Period.parse(text) {
    case .success(let period): return period
    case .failure(let error): preconditionFailure("bad fixture period \(text): \(error)")
    }
  }

  static func month(_ text: String) -> YearMonth { YearMonth.parse(text)! }
  static func day(_ text: String) -> Day { Day.parse(text)! }

  static let annualFigures: [(String, Int, Int)] = [
    ("..1998", 831, 116), ("1999..2001", 565, 478), ("2002", 510, 632), ("2003", 474, 811),
    ("2004", 626, 1272), ("2005", 424, 960), ("2006", 515, 1513), ("2007", 573, 1981),
    ("2008", 608, 2195), ("2009", 662, 2252), ("2010", 591, 1811), ("2011", 795, 1911),
    ("2012", 404, 1098), ("2013", 369, 1145), ("2014", 305, 1092), ("2015", 251, 1024),
    ("2016", 302, 1116), ("2017", 188, 939), ("2018", 168, 969), ("2019", 202, 845),
    ("2020", 72, 157), ("2021", 40, 23), ("2022", 35, 32), ("2023", 32, 164), ("2024", 26, 210),
    ("2025", 26, 198),
  ]

  static var arrivals: [ArrivalRow] {
    var rows: [ArrivalRow] = []
    var line = 1
    for (text, male, female) in annualFigures {
      line += 1
      rows.append(
        ArrivalRow(
          period: period(text), male: male, female: female, total: male + female, line: line))
    }
    let partYear: [(String, Int?, Int?, Int)] = [
      ("2017-01..2017-11", nil, nil, 1045), ("2017-12", nil, nil, 82),
      ("2018-01..2018-11", nil, nil, 1042), ("2018-12", nil, nil, 95),
      ("2018-01..2018-06", nil, 430, 488),
    ]
    for (text, male, female, total) in partYear {
      line += 1
      rows.append(
        ArrivalRow(period: period(text), male: male, female: female, total: total, line: line))
    }
    return rows
  }

  static var rates: [ExchangeRate] {
    let usd2017 = [
      "1179.11", "1140.49", "1133.86", "1134.18", "1125.14", "1130.85", "1131.75",
      "1130.27", "1131.60", "1130.88", "1099.79", "1082.90",
    ]
    let usd2018 = [
      "1065.64", "1078.47", "1069.94", "1068.05", "1076.66", "1094.36", "1122.20",
      "1120.43", "1119.82", "1131.62", "1125.35", "1122.42",
    ]
    var rates: [ExchangeRate] = []
    for (index, rate) in (usd2017 + usd2018).enumerated() {
      let month = YearMonth(ordinal: month("2017-01").ordinal + index)!
      rates.append(
        ExchangeRate(
          month: month, currency: "USD", krwPerUnit: Decimal(string: rate)!, line: index + 2))
    }
    return rates
  }

  /// 2017: Eugene Bell (delivered); the US$ 8 m plan (authorised 2017-09, sent 2019-06);
  /// 2018: 14 civic shipments by six groups worth KRW 4.7 bn, delivered in the window.
  static var aid: [AidRecord] {
    var records = [
      AidRecord(
        id: "2017-EB-01", authorised: day("2017-06-26"), provider: "Eugene Bell Foundation",
        providerType: .civic, category: "Tuberculosis drugs", amount: 1_900_000_000,
        currency: "KRW", status: .delivered, delivered: day("2017-07-20"), line: 2),
      AidRecord(
        id: "2017-WFP", authorised: day("2017-09-21"), provider: "WFP",
        providerType: .international,
        category: "Nutrition", amount: 4_500_000, currency: "USD", status: .delivered,
        delivered: day("2019-06-05"), line: 3),
      AidRecord(
        id: "2017-UNICEF", authorised: day("2017-09-21"), provider: "UNICEF",
        providerType: .international, category: "Medical", amount: 3_500_000, currency: "USD",
        status: .delivered, delivered: day("2019-06-05"), line: 4),
    ]
    let amounts: [Decimal] = [
      400_000_000, 350_000_000, 300_000_000, 250_000_000, 380_000_000, 320_000_000, 330_000_000,
      340_000_000, 360_000_000, 310_000_000, 290_000_000, 370_000_000, 350_000_000, 350_000_000,
    ]
    let categories = ["tuberculosis drugs", "Milk powder", "Flour"]
    for (index, amount) in amounts.enumerated() {
      let month = index % 5 + 7
      records.append(
        AidRecord(
          id: "2018-\(index + 1)", authorised: Day(year: 2018, month: month, day: 3)!,
          provider: "Civic group \(["A", "B", "C", "D", "E", "F"][index % 6])",
          providerType: .civic,
          category: categories[index % 3], amount: amount, currency: "KRW", status: .delivered,
          delivered: Day(year: 2018, month: month, day: 20)!, line: 5 + index))
    }
    return records
  }

  static var sample: Dataset {
    Dataset(
      arrivals: arrivals, aid: AidLedger(records: aid), exchangeRates: ExchangeRates(rates),
      files: [])
  }
}
