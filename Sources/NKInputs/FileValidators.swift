import Foundation
import NKPeriods

// One schema and one row validator per input file. Column positions in each schema are the
// constants the validator uses; column order in the file itself is free.

enum ArrivalsFile {
  static let name = "arrivals.csv"
  static let period = 0, male = 1, female = 2, total = 3, note = 4, status = 5
  static let schema = TableSchema(
    file: name,
    columns: [
      .init(name: "period", required: true), .init(name: "male", required: true),
      .init(name: "female", required: true), .init(name: "total", required: false),
      .init(name: "note", required: false), .init(name: "status", required: false),
    ], rowsRequired: true)

  static func validate(_ row: RowView, _ problems: inout RowProblems, limits: InputLimits)
    -> ArrivalRow?
  {
    let periodText = row.text(period)
    let parsedPeriod = problems.check(period, periodText, Cell.period(periodText))
    let maleText = row.text(male)
    let femaleText = row.text(female)
    let totalText = row.text(total)
    let maleValue =
      maleText.isEmpty
      ? nil : problems.check(male, maleText, Cell.count(maleText, max: limits.maxCount))
    let femaleValue =
      femaleText.isEmpty
      ? nil : problems.check(female, femaleText, Cell.count(femaleText, max: limits.maxCount))
    let totalValue =
      totalText.isEmpty
      ? nil : problems.check(total, totalText, Cell.count(totalText, max: limits.maxCount))

    switch (maleText.isEmpty, femaleText.isEmpty, totalText.isEmpty) {
    case (true, true, true):
      problems.add(total, "", "no figures: give male and female, or total")
    case (true, false, true):
      problems.add(male, "", "is blank while female is given: give both, or give total")
    case (false, true, true):
      problems.add(female, "", "is blank while male is given: give both, or give total")
    default: break
    }
    if let totalValue {
      if let maleValue, let femaleValue, maleValue + femaleValue != totalValue {
        problems.add(
          total, totalText,
          "is not male + female = \(maleValue) + \(femaleValue) = \(maleValue + femaleValue)")
      } else if let maleValue, femaleValue == nil, maleValue > totalValue {
        problems.add(male, maleText, "is more than the total \(totalValue)")
      } else if let femaleValue, maleValue == nil, femaleValue > totalValue {
        problems.add(female, femaleText, "is more than the total \(totalValue)")
      }
    }
    let statusValue = FigureStatusCell.check(row, status, &problems)
    guard problems.isEmpty, let parsedPeriod, let statusValue else { return nil }
    let sum = totalValue ?? ((maleValue ?? 0) + (femaleValue ?? 0))
    return ArrivalRow(
      period: parsedPeriod, male: maleValue, female: femaleValue, total: sum, note: row.text(note),
      status: statusValue, line: row.line)
  }
}

/// The optional `status` column: blank (or absent) is `final`.
enum FigureStatusCell {
  static func check(_ row: RowView, _ column: Int, _ problems: inout RowProblems) -> FigureStatus? {
    let text = row.text(column)
    if text.isEmpty { return .final }
    return problems.check(column, text, Cell.choice(text, FigureStatus.self))
  }
}

enum DeparturesFile {
  static let name = "departures.csv"
  static let period = 0, count = 1, reason = 2
  static let schema = TableSchema(
    file: name,
    columns: [
      .init(name: "period", required: true), .init(name: "count", required: true),
      .init(name: "reason", required: false),
    ])

  static func validate(_ row: RowView, _ problems: inout RowProblems, limits: InputLimits)
    -> DepartureRow?
  {
    let periodText = row.text(period)
    let parsedPeriod = problems.check(period, periodText, Cell.period(periodText))
    let countText = row.text(count)
    let countValue = problems.check(count, countText, Cell.count(countText, max: limits.maxCount))
    let reasonText = row.text(reason)
    var reasonValue: DepartureReason?
    if !reasonText.isEmpty {
      reasonValue = problems.check(
        reason, reasonText, Cell.choice(reasonText, DepartureReason.self))
    }
    guard problems.isEmpty, let parsedPeriod, let countValue else { return nil }
    return DepartureRow(
      period: parsedPeriod, count: countValue, reason: reasonValue, line: row.line)
  }
}

enum CheckpointsFile {
  static let name = "checkpoints.csv"
  static let date = 0, residents = 1, source = 2, measure = 3, status = 4
  static let schema = TableSchema(
    file: name,
    columns: [
      .init(name: "date", required: true), .init(name: "residents", required: true),
      .init(name: "source", required: true), .init(name: "measure", required: false),
      .init(name: "status", required: false),
    ])

  /// One figure per date and measure: a resident count and a cumulative total may share a date.
  struct DatedMeasure: Hashable {
    var day: Day
    var measure: CheckpointMeasure
  }

  /// `firstLineOfDate` remembers every date seen (per measure) to name the earlier line.
  static func validate(
    _ row: RowView, _ problems: inout RowProblems, limits: InputLimits,
    firstLineOfDate: inout [DatedMeasure: Int]
  ) -> Checkpoint? {
    let measureText = row.text(measure)
    var measureValue: CheckpointMeasure? = .residents
    if !measureText.isEmpty {
      measureValue = problems.check(
        measure, measureText, Cell.choice(measureText, CheckpointMeasure.self))
    }
    let dateText = row.text(date)
    var day = problems.check(date, dateText, Cell.day(dateText))
    if let parsed = day {
      if !parsed.isMonthEnd {
        problems.add(
          date, dateText, "must be the last day of a month (\(Day.end(of: parsed.yearMonth)))")
        day = nil
      } else if let measureValue {
        let key = DatedMeasure(day: parsed, measure: measureValue)
        if let earlier = firstLineOfDate[key] {
          let what = measureValue == .residents ? "" : " (\(measureValue.rawValue))"
          problems.add(
            date, dateText, "the same date\(what) is already given on line \(earlier)")
        } else {
          firstLineOfDate[key] = row.line
        }
      }
    }
    let residentsText = row.text(residents)
    let residentsValue = problems.check(
      residents, residentsText, Cell.count(residentsText, max: limits.maxCount))
    let sourceText = row.text(source)
    if sourceText.isEmpty {
      problems.add(source, "", "is blank: say where the figure was published")
    }
    let statusValue = FigureStatusCell.check(row, status, &problems)
    guard problems.isEmpty, let day, let residentsValue, let measureValue, let statusValue
    else { return nil }
    return Checkpoint(
      date: day, residents: residentsValue, source: sourceText, measure: measureValue,
      status: statusValue, line: row.line)
  }
}

enum ExchangeRatesFile {
  static let name = "fx.csv"
  static let month = 0, currency = 1, krwPerUnit = 2
  static let schema = TableSchema(
    file: name,
    columns: [
      .init(name: "month", required: true), .init(name: "currency", required: true),
      .init(name: "krw_per_unit", required: true),
    ])

  struct Key: Hashable {
    var month: YearMonth
    var currency: String
  }

  static func validate(
    _ row: RowView, _ problems: inout RowProblems, firstLineOfKey: inout [Key: Int]
  ) -> ExchangeRate? {
    let monthText = row.text(month)
    let parsedMonth = problems.check(month, monthText, Cell.month(monthText))
    let currencyText = row.text(currency)
    var code = problems.check(currency, currencyText, Cell.currency(currencyText))
    if code == "KRW" {
      problems.add(currency, currencyText, "needs no rate: amounts in KRW are used as they are")
      code = nil
    }
    let rateText = row.text(krwPerUnit)
    var rate: Decimal?
    switch Cell.decimal(rateText) {
    case .success(let value) where value > 0: rate = value
    case .success: problems.add(krwPerUnit, rateText, "must be greater than 0")
    case .failure(let error) where error.reason == "must not be negative":
      problems.add(krwPerUnit, rateText, "must be greater than 0")
    case .failure(let error): problems.add(krwPerUnit, rateText, error.reason)
    }
    if let parsedMonth, let code {
      let key = Key(month: parsedMonth, currency: code)
      if let earlier = firstLineOfKey[key] {
        problems.add(
          month, monthText, "a \(code) rate for \(parsedMonth) is already given on line \(earlier)")
      } else {
        firstLineOfKey[key] = row.line
      }
    }
    guard problems.isEmpty, let parsedMonth, let code, let rate else { return nil }
    return ExchangeRate(month: parsedMonth, currency: code, krwPerUnit: rate, line: row.line)
  }
}

enum AidFile {
  static let name = "aid.csv"
  static let id = 0, authorised = 1, provider = 2, providerType = 3, category = 4,
    description = 5, amount = 6, currency = 7, status = 8, delivered = 9
  static let schema = TableSchema(
    file: name,
    columns: [
      .init(name: "id", required: true), .init(name: "authorised", required: true),
      .init(name: "provider", required: true), .init(name: "provider_type", required: true),
      .init(name: "category", required: true), .init(name: "description", required: false),
      .init(name: "amount", required: true), .init(name: "currency", required: true),
      .init(name: "status", required: true), .init(name: "delivered", required: false),
    ])

  /// Everything about one row except the uniqueness of its id (a file-wide check).
  static func validate(_ row: RowView, _ problems: inout RowProblems, rates: ExchangeRates)
    -> AidRecord?
  {
    let idText = row.text(id)
    if idText.isEmpty { problems.add(id, "", "is blank") }
    let authorisedText = row.text(authorised)
    let authorisedDay = problems.check(authorised, authorisedText, Cell.day(authorisedText))
    let providerText = row.text(provider)
    if providerText.isEmpty { problems.add(provider, "", "is blank") }
    let typeText = row.text(providerType)
    let type = problems.check(providerType, typeText, Cell.choice(typeText, ProviderType.self))
    let categoryText = row.text(category)
    if categoryText.isEmpty { problems.add(category, "", "is blank") }
    let amountText = row.text(amount)
    let amountValue = problems.check(amount, amountText, Cell.decimal(amountText))
    let currencyText = row.text(currency)
    let code = problems.check(currency, currencyText, Cell.currency(currencyText))
    let statusText = row.text(status)
    let statusValue = problems.check(status, statusText, Cell.choice(statusText, AidStatus.self))
    let deliveredText = row.text(delivered)
    var deliveredDay: Day?
    var datesUsable = authorisedDay != nil && statusValue != nil
    if !deliveredText.isEmpty {
      deliveredDay = problems.check(delivered, deliveredText, Cell.day(deliveredText))
      if deliveredDay == nil { datesUsable = false }
    }
    if let statusValue {
      if statusValue == .delivered && deliveredText.isEmpty {
        problems.add(delivered, "", "is blank but status is delivered: give the delivery date")
        datesUsable = false
      } else if statusValue != .delivered && !deliveredText.isEmpty {
        problems.add(
          delivered, deliveredText,
          "a delivery date is only allowed with status delivered (status is \(statusValue.rawValue))"
        )
        datesUsable = false
      }
    }
    if let authorisedDay, let deliveredDay, deliveredDay < authorisedDay {
      problems.add(delivered, deliveredText, "is before the authorised date \(authorisedDay)")
      datesUsable = false
    }
    if datesUsable, let code, code != "KRW", let authorisedDay, let statusValue {
      let month =
        statusValue == .delivered
        ? (deliveredDay ?? authorisedDay).yearMonth : authorisedDay.yearMonth
      if rates.rate(code, in: month) == nil {
        problems.add(
          currency, currencyText, "no KRW rate for \(code) in or before \(month) in fx.csv")
      }
    }
    guard problems.isEmpty, let authorisedDay, let type, let amountValue, let code, let statusValue
    else { return nil }
    return AidRecord(
      id: idText, authorised: authorisedDay, provider: providerText, providerType: type,
      category: categoryText, description: row.text(description), amount: amountValue,
      currency: code, status: statusValue, delivered: deliveredDay, line: row.line)
  }

  /// 64-bit FNV-1a of an id's bytes, for `IdRegistry`'s table (equal hashes are confirmed by
  /// comparing the ids' bytes).
  static func hash(_ bytes: Slice<UnsafeBufferPointer<UInt8>>) -> UInt64 {
    var value: UInt64 = 0xcbf2_9ce4_8422_2325
    for byte in bytes {
      value ^= UInt64(byte)
      value = value &* 0x0000_0100_0000_01B3
    }
    return value
  }
}
